/**
 * A QGIS project of the hromada (GET /{municipality}/ogc/project.qgs): the architecture
 * department's way in. Opened in QGIS (3.22 and later), it shows every public layer of the catalog
 * as an OGC API – Features layer (provider OAPIF), titled in Ukrainian, grouped as the map groups
 * them and styled as the map styles them (a colour per legend value of `colorBy`); under them the
 * same layers as vector tiles (provider vectortile) for the overview: QGIS draws the tiles when
 * zoomed out, where thousands of features would be slow to fetch, and the features from about a
 * city district's scale in (SCALE_SWITCH), where they can be selected, filtered and exported.
 *
 * The XML is QGIS's project format as QGIS 3.22 writes it (what is left out, QGIS fills with its
 * defaults); every text goes through xml() so a title cannot break the document.
 */
import type { Collection, EnumValue } from '../catalog/collections.js';
import type { CatalogGroup } from '../rules/catalog.js';
import type { Municipality } from '../municipalities/directory.js';

/** Scale denominator from which the features replace the tiles (1:25 000, a few streets across). */
export const SCALE_SWITCH = 25_000;

const xml = (value: unknown): string =>
  String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** #rrggbb → "r,g,b,a" as QGIS writes colours. */
function rgba(hex: string, alpha = 255): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  const [r, g, b] = m ? m.slice(1).map((h) => parseInt(h, 16)) : [69, 90, 100];
  return `${r},${g},${b},${alpha}`;
}

type SymbolKind = 'marker' | 'fill';
const symbolKind = (c: Collection): SymbolKind => (c.geometryType === 'Point' ? 'marker' : 'fill');

/** One QGIS symbol: a circle for points, a filled outline for areas (fill opacity as the map's). */
function symbol(kind: SymbolKind, name: string, color: string, c: Collection): string {
  const options = kind === 'marker'
    ? { name: 'circle', color: rgba(color), outline_color: '255,255,255,255', outline_width: '0.3', size: String(((c.style.radius ?? 5) * 2 * 0.26).toFixed(2)), size_unit: 'MM' }
    : { color: rgba(color, Math.round((c.style.fillOpacity ?? 0.2) * 255)), outline_color: rgba(color), outline_width: '0.5', style: 'solid', outline_style: 'solid' };
  const props = Object.entries(options).map(([k, v]) => `<Option type="QString" name="${k}" value="${xml(v)}"/>`).join('');
  const legacy = Object.entries(options).map(([k, v]) => `<prop k="${k}" v="${xml(v)}"/>`).join('');
  return `<symbol type="${kind}" name="${xml(name)}" alpha="1" clip_to_extent="1" force_rhr="0">
<layer class="${kind === 'marker' ? 'SimpleMarker' : 'SimpleFill'}" pass="0" enabled="1" locked="0"><Option type="Map">${props}</Option>${legacy}</layer></symbol>`;
}

/** The legend's values and colours, when the collection is coloured by a property. */
function categoriesOf(c: Collection): { property: string; values: readonly EnumValue[] } | undefined {
  const property = c.style.colorBy ? c.properties.find((p) => p.name === c.style.colorBy) : undefined;
  return property?.values ? { property: property.name, values: property.values } : undefined;
}

function featureRenderer(c: Collection): string {
  const kind = symbolKind(c);
  const categories = categoriesOf(c);
  if (!categories) {
    return `<renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0"><symbols>${symbol(kind, '0', c.style.color, c)}</symbols></renderer-v2>`;
  }
  const { property, values } = categories;
  return `<renderer-v2 type="categorizedSymbol" attr="${xml(property)}" symbollevels="0" enableorderby="0" forceraster="0">
<categories>${values.map((v, i) => `<category symbol="${i}" value="${xml(v.value)}" label="${xml(v.label.uk)}" render="true"/>`).join('')}</categories>
<symbols>${values.map((v, i) => symbol(kind, String(i), v.color ?? c.style.color, c)).join('\n')}</symbols></renderer-v2>`;
}

/** Vector tile styles: one per legend value (an expression on the tile's property), else one. */
function tileRenderer(c: Collection): string {
  const kind = symbolKind(c);
  const geometry = kind === 'marker' ? 0 : 2;
  const categories = categoriesOf(c);
  const styles = categories
    ? categories.values.map((v) => ({ name: v.label.uk, expression: `"${categories.property}" = '${v.value.replace(/'/g, "''")}'`, color: v.color ?? c.style.color }))
    : [{ name: c.title.uk, expression: '', color: c.style.color }];
  return `<renderer type="basic"><styles>${styles.map((s) =>
    `<style name="${xml(s.name)}" layer="${xml(c.id)}" geometry="${geometry}" expression="${xml(s.expression)}" enabled="1" min-zoom="-1" max-zoom="-1"><symbols>${symbol(kind, '0', s.color, c)}</symbols></style>`).join('')}</styles></renderer>`;
}

/** EPSG:3857 metres of a longitude, latitude (the spherical Mercator formulas, EPSG guidance note 7-2). */
function webMercator(lon: number, lat: number): [number, number] {
  const R = 6378137;
  return [R * lon * Math.PI / 180, R * Math.log(Math.tan(Math.PI / 4 + lat * Math.PI / 360))];
}

const srs4326 = '<srs><spatialrefsys><authid>EPSG:4326</authid></spatialrefsys></srs>';
const srs3857 = '<spatialrefsys><authid>EPSG:3857</authid></spatialrefsys>';

export interface ProjectInput {
  municipality: Municipality;
  /** Absolute /{municipality}/ogc and /{municipality}/tiles. */
  ogcBase: string;
  tilesBase: string;
  collections: readonly Collection[];
  groups: readonly CatalogGroup[];
}

/** The .qgs document. */
export function qgisProject({ municipality: m, ogcBase, tilesBase, collections, groups }: ProjectInput): string {
  const featureId = (c: Collection) => `${c.id}__features`;
  const tileId = (c: Collection) => `${c.id}__tiles`;
  const featureSource = (c: Collection) => `url='${ogcBase}' typename='${c.id}'`;
  const tileSource = (c: Collection) => `type=xyz&url=${tilesBase}/${c.id}/{z}/{x}/{y}.mvt&zmin=0&zmax=${Math.min(c.maxZoom, 18)}`;
  const checked = (c: Collection) => (c.visibleByDefault ? 'Qt::Checked' : 'Qt::Unchecked');
  const [minX, minY] = webMercator(m.bbox[0], m.bbox[1]);
  const [maxX, maxY] = webMercator(m.bbox[2], m.bbox[3]);

  const tree = groups.map((g) => {
    const members = collections.filter((c) => c.group === g.id);
    if (!members.length) return '';
    return `<layer-tree-group name="${xml(g.title.uk)}" checked="Qt::Checked" expanded="1"><customproperties/>
${members.map((c) => `<layer-tree-layer id="${featureId(c)}" name="${xml(c.title.uk)}" source="${xml(featureSource(c))}" providerKey="OAPIF" checked="${checked(c)}" expanded="0"><customproperties/></layer-tree-layer>`).join('\n')}
</layer-tree-group>`;
  }).join('\n');
  const overview = `<layer-tree-group name="Огляд: векторні плитки" checked="Qt::Checked" expanded="0"><customproperties/>
${collections.map((c) => `<layer-tree-layer id="${tileId(c)}" name="${xml(`${c.title.uk} (плитки)`)}" source="${xml(tileSource(c))}" providerKey="vectortile" checked="${checked(c)}" expanded="0"><customproperties/></layer-tree-layer>`).join('\n')}
</layer-tree-group>`;

  const featureLayers = collections.map((c) => `<maplayer type="vector" geometry="${c.geometryType === 'Point' ? 'Point' : 'Polygon'}" wkbType="${c.geometryType}" hasScaleBasedVisibilityFlag="1" minScale="${SCALE_SWITCH}" maxScale="0" readOnly="0" labelsEnabled="0">
<id>${featureId(c)}</id><datasource>${xml(featureSource(c))}</datasource>
<layername>${xml(c.title.uk)}</layername>${srs4326}<provider encoding="">OAPIF</provider>
<resourceMetadata><identifier>${xml(`${ogcBase}/collections/${c.id}`)}</identifier><title>${xml(c.title.uk)}</title><abstract>${xml(c.description.uk)}</abstract><language>ukr</language></resourceMetadata>
${featureRenderer(c)}
</maplayer>`).join('\n');
  const tileLayers = collections.map((c) => `<maplayer type="vector-tile" hasScaleBasedVisibilityFlag="1" minScale="1e+08" maxScale="${SCALE_SWITCH}">
<id>${tileId(c)}</id><datasource>${xml(tileSource(c))}</datasource>
<layername>${xml(`${c.title.uk} (плитки)`)}</layername><srs>${srs3857}</srs><provider>vectortile</provider>
${tileRenderer(c)}
</maplayer>`).join('\n');
  const order = [...collections.map(featureId), ...collections.map(tileId)];

  return `<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis projectname="${xml(`Прозоре місто — ${m.nameUk}`)}" version="3.22.16-Białowieża">
<homePath path=""/>
<title>${xml(`Прозоре місто — ${m.nameUk}`)}</title>
<projectCrs>${srs3857}</projectCrs>
<layer-tree-group><customproperties/>
${tree}
${overview}
<custom-order enabled="0">${order.map((id) => `<item>${id}</item>`).join('')}</custom-order>
</layer-tree-group>
<mapcanvas name="theMapCanvas" annotationsVisible="1"><units>meters</units>
<extent><xmin>${minX}</xmin><ymin>${minY}</ymin><xmax>${maxX}</xmax><ymax>${maxY}</ymax></extent>
<rotation>0</rotation><destinationsrs>${srs3857}</destinationsrs></mapcanvas>
<projectlayers>
${featureLayers}
${tileLayers}
</projectlayers>
<layerorder>${order.map((id) => `<layer id="${id}"/>`).join('')}</layerorder>
<properties><WMSServiceTitle type="QString">${xml(`Прозоре місто — ${m.nameUk}`)}</WMSServiceTitle></properties>
</qgis>
`;
}
