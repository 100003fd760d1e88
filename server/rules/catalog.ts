/**
 * The catalog document as it travels: GET /{municipality}/api/catalog. The server builds it from
 * server/catalog/collections.ts; the map client reads it with these same types. This module is
 * part of server/rules/: dependency-free, the one piece of the server the client may import.
 */

export interface Text {
  uk: string;
  en: string;
}

/**
 * How a property is typed in every face. `date` travels as 'YYYY-MM-DD'; `datetime` as an
 * RFC 3339 UTC timestamp with a Z ('2026-05-26T09:30:00Z'), in OGC items and tiles alike.
 */
export type PropertyType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime';

export interface EnumValue {
  value: string;
  label: Text;
  /** Fill/stroke colour of this value when the layer is coloured by this property. */
  color?: string;
}

export type GeometryType = 'Point' | 'Polygon' | 'MultiPolygon' | 'MultiLineString' | 'Geometry';

export interface LayerStyle {
  /** Property whose `values` colours the features; absent: one colour. */
  colorBy?: string;
  /** Colour when not coloured by a property (or for values without a colour). */
  color: string;
  /** Polygon layers: fill opacity 0-1 (0 draws the outline only). */
  fillOpacity?: number;
  /** Point layers: radius in CSS pixels. */
  radius?: number;
  /** Line layers: stroke width in CSS pixels (drawn over a casing of `casing` colour when given). */
  width?: number;
  casing?: string;
  /** Property that labels a feature, per interface language (street names along their lines). */
  label?: Text;
  /**
   * The hromada's own base map (streets, buildings): drawn under every service layer, and shown
   * by default where there is no outside basemap (BASEMAP_URL empty) or it fails to load.
   */
  underlay?: boolean;
}

/** One of the four map services, or the base layers. */
export type GroupId = 'base' | 'registry' | 'accessibility' | 'districts' | 'comments';

export interface CatalogGroup {
  id: GroupId;
  title: Text;
}

export interface CatalogProperty {
  name: string;
  type: PropertyType;
  label: Text;
  unit: string | null;
  values: readonly EnumValue[] | null;
  /** Carried in the vector tiles; the rest comes from the OGC API. */
  inTiles: boolean;
  /**
   * Offered as a filter of the map in the legend (a tick box per value of a closed list or a
   * boolean); the map's filter (client/src/map/layerFilter.ts) can only name properties in tiles.
   */
  legendFilter: boolean;
  /** A row of the map's card (false: another row already says it, e.g. a type's names). */
  inCard?: boolean;
}

export interface CatalogCollection {
  id: string;
  title: Text;
  description: Text;
  group: GroupId;
  geometryType: GeometryType;
  titleProperty: string;
  minZoom: number;
  maxZoom: number;
  clusterBelowZoom: number | null;
  style: LayerStyle;
  visibleByDefault: boolean;
  properties: CatalogProperty[];
  /** URL template of the collection's MVT tiles, e.g. /slovyansk/tiles/maf/{z}/{x}/{y}.mvt */
  tiles: string;
  tilejson: string;
  /** OGC API Features items URL of the collection. */
  items: string;
}

export interface CatalogMunicipality {
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

export interface CatalogDocument {
  municipality: CatalogMunicipality;
  basemap: { url: string; attribution: string } | null;
  /** In the order the layer switcher, legend and list show them. */
  groups: CatalogGroup[];
  collections: CatalogCollection[];
}
