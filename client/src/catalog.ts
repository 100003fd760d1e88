/**
 * The catalog as the server publishes it (GET /{municipality}/api/catalog, see
 * server/catalog/routes.ts): the one description of every layer the map draws, lists and explains.
 * Nothing here knows OpenLayers; the layer, style and panel modules read these types.
 */

export interface Text {
  uk: string;
  en: string;
}

export type PropertyType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime';

export interface EnumValue {
  value: string;
  label: Text;
  color?: string;
}

export interface CatalogProperty {
  name: string;
  type: PropertyType;
  label: Text;
  unit: string | null;
  values: EnumValue[] | null;
  /** Carried in the vector tiles; the rest comes from the OGC API. */
  inTiles: boolean;
}

export type Group = 'base' | 'registry' | 'accessibility' | 'districts' | 'comments';

export interface CatalogCollection {
  id: string;
  title: Text;
  description: Text;
  group: Group;
  geometryType: 'Point' | 'Polygon' | 'MultiPolygon' | 'Geometry';
  titleProperty: string;
  minZoom: number;
  maxZoom: number;
  clusterBelowZoom: number | null;
  style: { colorBy?: string; color: string; fillOpacity?: number; radius?: number };
  visibleByDefault: boolean;
  properties: CatalogProperty[];
  /** URL template of the collection's MVT tiles, e.g. /slovyansk/tiles/maf/{z}/{x}/{y}.mvt */
  tiles: string;
  tilejson: string;
  /** OGC API Features items URL of the collection. */
  items: string;
}

export interface Municipality {
  slug: string;
  nameUk: string;
  nameEn: string;
  /** [minLon, minLat, maxLon, maxLat], EPSG:4326. */
  bbox: [number, number, number, number];
  /** [lon, lat] */
  center: [number, number];
  zoom: number;
  localSrid: number;
}

export interface Catalog {
  municipality: Municipality;
  basemap: { url: string; attribution: string } | null;
  collections: CatalogCollection[];
}

/** Order of the groups in the layer switcher, legend and list: the four services, then the base. */
export const GROUP_ORDER: readonly Group[] = ['registry', 'accessibility', 'districts', 'comments', 'base'];

/** The pseudo-collection id of the raster basemap in the layer switcher and the URL. */
export const BASEMAP_ID = 'basemap';

/** The hromada slug is the first path segment: /slovyansk/ → 'slovyansk'. */
export function municipalityFromPath(pathname: string): string | null {
  const segment = pathname.split('/').filter(Boolean)[0];
  return segment ? decodeURIComponent(segment) : null;
}

export class CatalogError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export async function fetchCatalog(slug: string): Promise<Catalog> {
  const response = await fetch(`/${encodeURIComponent(slug)}/api/catalog`, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new CatalogError(response.status, `catalog: HTTP ${response.status}`);
  return (await response.json()) as Catalog;
}

export function propertyOf(collection: CatalogCollection, name: string): CatalogProperty | undefined {
  return collection.properties.find((p) => p.name === name);
}

/** Colour of one feature: the colour of its value of `style.colorBy`, else the layer's colour. */
export function colorOf(collection: CatalogCollection, value: unknown): string {
  const by = collection.style.colorBy;
  if (!by || value == null) return collection.style.color;
  const entry = propertyOf(collection, by)?.values?.find((v) => v.value === String(value));
  return entry?.color ?? collection.style.color;
}
