/**
 * What a collection's features are as of: its version (bumped by a trigger on every write) and
 * the database's day — because some properties change without a write (a permit's legality is
 * computed against today's date, in Kyiv), the same day the tiles and the registry turn on.
 * The read routes' ETags and Part 4's answers are made of it.
 */
import type { Collection } from '../catalog/collections.js';
import type { AppContext } from '../context.js';
import type { Municipality } from '../municipalities/directory.js';

export async function dataStamp(ctx: Pick<AppContext, 'versions' | 'today'>, m: Municipality, collection: Collection): Promise<string> {
  const [version, day] = await Promise.all([ctx.versions.get(m.id, collection.id), ctx.today.get()]);
  return `${m.id}-${collection.id}-${version}-${day.replace(/\D/g, '')}`;
}
