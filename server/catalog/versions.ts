import type { Database } from '../db/database.js';

type Listener = (municipalityId: number, collection: string) => void;

/**
 * The version of every collection of every hromada, as the database's collection_version table
 * holds it. Triggers bump a version on every write and NOTIFY 'collection_changed'; this process
 * LISTENs, so a write made through another app instance on the same PostgreSQL drops our cached
 * version (and with it the tile index) too. Versions are cached, so a warm tile costs no query.
 */
export class CollectionVersions {
  private cache = new Map<string, number>();
  private listeners = new Set<Listener>();
  private unlisten?: () => Promise<void>;

  constructor(private readonly db: Database) {}

  async start(): Promise<void> {
    this.unlisten = await this.db.listen('collection_changed', (payload) => {
      if (payload === '*') return this.invalidateAll(); // the LISTEN connection was re-established
      const [m, collection] = payload.split(':');
      this.invalidate(Number(m), collection);
    });
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
  }

  /** Drop what we know of a collection and tell the listeners (the tile cache). */
  invalidate(municipalityId: number, collection: string): void {
    this.cache.delete(`${municipalityId}:${collection}`);
    for (const listener of this.listeners) listener(municipalityId, collection);
  }

  /** Forget every version: changes may have been missed (see Database.listen). */
  invalidateAll(): void {
    for (const key of [...this.cache.keys()]) {
      const [m, collection] = key.split(':');
      this.invalidate(Number(m), collection);
    }
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async get(municipalityId: number, collection: string): Promise<number> {
    const key = `${municipalityId}:${collection}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const { rows } = await this.db.query<{ version: number }>(
      'SELECT version FROM collection_version WHERE municipality_id = $1 AND collection = $2',
      [municipalityId, collection],
    );
    const version = rows[0]?.version ?? 1;
    this.cache.set(key, version);
    return version;
  }
}
