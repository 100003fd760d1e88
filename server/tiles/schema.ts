import { z } from 'zod';
import type { Catalog } from '../catalog/catalog.js';
import type { Collection } from '../catalog/collections.js';
import { badRequest, notFound } from '../errors.js';
import { isTileAddress, MAX_TILE_ZOOM, type TileAddress } from '../../tiles/tile-grid.js';

// Plain decimal digits only: "1e3", "+4", "0x10" and "1.5" are not tile numbers.
const tileNumber = z.string().regex(/^(0|[1-9][0-9]{0,8})$/).transform(Number);

export const tileAddressSchema = z
  .object({ z: tileNumber, x: tileNumber, y: tileNumber })
  .refine(isTileAddress);

export type TileAddressParams = z.infer<typeof tileAddressSchema>;

/** z/x/y from the path, or a 400 that says what a tile address is. */
export function parseTileAddress(params: Record<string, string | undefined>): TileAddress {
  const result = tileAddressSchema.safeParse({ z: params.z, x: params.x, y: params.y });
  if (!result.success) {
    throw badRequest(
      `Адреса тайла ${params.z}/${params.x}/${params.y} поза сіткою. ` +
        `Tile ${params.z}/${params.x}/${params.y} is not on the grid: z is an integer 0-${MAX_TILE_ZOOM}, x and y integers 0 … 2^z − 1.`,
      { parameter: 'z/x/y' },
    );
  }
  return result.data;
}

/**
 * The collections named by a path segment: one id, or several joined by commas for a combined
 * tile (`maf,advertising,districts`), in the order given, which is the order of the layers.
 */
export function parseCollections(catalog: Catalog, segment: string): Collection[] {
  const ids = segment.split(',');
  if (ids.length > catalog.collections.length || new Set(ids).size !== ids.length) {
    throw badRequest(`Кожну колекцію можна назвати один раз. Name each collection once: ${segment}`, { parameter: 'collections' });
  }
  return ids.map((id) => {
    const collection = catalog.get(id);
    if (!collection) throw notFound(`Колекцію «${id}» не знайдено. Unknown collection: ${id}`);
    return collection;
  });
}
