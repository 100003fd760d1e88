/**
 * A memory budget for the server process (MEMORY_MB, server/memory-budget.ts): the configuration
 * shares it out, the tile service keeps to its share, and an upload the heap could not parse is
 * refused with the limit named, before anything is read into the importer. That node really runs
 * under the budget's heap limit is test/foundation/startup.test.ts's; that RSS stays under it with
 * 50 hromadas is `npm run bench:many`'s.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../server/config.js';
import { importLimitBytes, memoryPlan, tileMemoryMb } from '../../server/memory-budget.js';
import { tileServiceFor } from '../../server/tiles/tile-service.js';
import { backends } from '../support/backends.js';
import { signIn, startTestServer, type TestServer } from '../support/server.js';

const MB = 1024 * 1024;

describe('sharing out MEMORY_MB', () => {
  it('gives V8 half, the tile indexes a sixth and an upload heap / 16 (at most 50 MB)', () => {
    expect(memoryPlan(384)).toEqual({ budgetMb: 384, heapMb: 192, tileMb: 64, importBytes: 12 * MB });
    expect(memoryPlan(4096)?.importBytes).toBe(50 * MB);
    expect(memoryPlan(undefined)).toBeNull();
  });

  it('without MEMORY_MB nothing changes: 512 MB for the tile indexes, 50 MB uploads', () => {
    const config = loadConfig({});
    expect([tileMemoryMb(config), importLimitBytes(config)]).toEqual([512, 50 * MB]);
    // an empty value (a blank line in an env file) is no value
    expect(loadConfig({ MEMORY_MB: '', TILE_MEMORY_MB: '' }).MEMORY_MB).toBeUndefined();
  });

  it('TILE_MEMORY_MB given is kept, within a third of MEMORY_MB; a budget too small to run in is refused', () => {
    expect(tileMemoryMb(loadConfig({ MEMORY_MB: '768', TILE_MEMORY_MB: '200' }))).toBe(200);
    expect(tileMemoryMb(loadConfig({ MEMORY_MB: '768' }))).toBe(128);
    expect(() => loadConfig({ MEMORY_MB: '768', TILE_MEMORY_MB: '300' })).toThrow(ConfigError);
    expect(() => loadConfig({ MEMORY_MB: '768', TILE_MEMORY_MB: '300' })).toThrow(/TILE_MEMORY_MB: at most a third of MEMORY_MB/);
    expect(() => loadConfig({ MEMORY_MB: '128' })).toThrow(/Configuration error: MEMORY_MB/);
  });
});

describe.each(backends())('a server under MEMORY_MB=256 on %s', (kind) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(kind, { MEMORY_MB: '256' });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('keeps its tile indexes within a sixth of the budget', () => {
    expect(tileServiceFor(server.ctx).memoryBudgetBytes).toBe(42 * MB);
  });

  it('refuses a registry file larger than the heap can parse with 413 naming the limit, and writes nothing', async () => {
    const editor = await signIn(server, 'slovyansk', 'editor');
    const { rows: [before] } = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM registry_object');
    // 8.5 MB of rows: over 128 MB / 16 = 8 MB
    const line = 'ОБМ-1;Кіоск;вулиця Пам’яті, 1;37.6;48.85\n';
    const body = 'Обліковий номер;Тип;Адреса;Довгота;Широта\n' + line.repeat(Math.ceil((8.5 * MB) / Buffer.byteLength(line)));
    const res = await editor.fetch('/slovyansk/api/registry/import?fileName=big.csv&dryRun=true', {
      method: 'POST', headers: { 'content-type': 'text/csv' }, body,
    });
    expect(res.status).toBe(413);
    const problem = await res.json();
    expect(problem).toMatchObject({ status: 413, limit_bytes: 8 * MB });
    expect(problem.detail).toContain('не більше 8,0 МБ');
    expect(problem.detail).toContain('at most 8.0 MB');
    const { rows: [after] } = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM registry_object');
    expect(after.n).toBe(before.n);
  });
});
