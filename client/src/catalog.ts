/**
 * The catalog as the server publishes it (GET /{municipality}/api/catalog): the one description of
 * every layer the map draws, lists and explains, and of the groups (services) they belong to. The
 * wire types are the server's own (server/rules/catalog.ts, the dependency-free shared rules), so
 * the two sides cannot drift. Nothing here knows OpenLayers; the layer, style and panel modules
 * read these types.
 */
import type { CatalogCollection, CatalogDocument, CatalogProperty, GroupId } from '../../server/rules/catalog.js';

export type {
  CatalogCollection, CatalogDocument, CatalogGroup, CatalogMunicipality, CatalogProperty, EnumValue, GeometryType, GroupId, LayerStyle,
  PropertyType, Text,
} from '../../server/rules/catalog.js';

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

export async function fetchCatalog(slug: string): Promise<CatalogDocument> {
  const response = await fetch(`/${encodeURIComponent(slug)}/api/catalog`, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new CatalogError(response.status, `catalog: HTTP ${response.status}`);
  return (await response.json()) as CatalogDocument;
}

/** Position of a group in the catalog's order (the switcher's, the legend's and the list's); unknown ones last. */
export function groupRank(catalog: CatalogDocument, group: GroupId): number {
  const index = catalog.groups.findIndex((g) => g.id === group);
  return index === -1 ? catalog.groups.length : index;
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
