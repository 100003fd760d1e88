/**
 * Writes server/ogc/crs-projjson.json: the PROJJSON of every CRS the OGC API serves, made by PROJ's
 * own projinfo from the proj4 definitions in server/ogc/crs.ts (the transformation the server
 * applies, datum shift included). Run after changing a definition:
 *   npx tsx scripts/crs-projjson.ts
 * test/ogc/crs-definitions.test.ts checks the file against projinfo where PROJ is installed.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { SUPPORTED_CRS } from '../server/ogc/crs.js';

export function projjsonOf(proj4: string): unknown {
  return JSON.parse(execFileSync('projinfo', ['-o', 'PROJJSON', '-q', `${proj4} +type=crs`], { encoding: 'utf8' }));
}

if (process.argv[1]?.endsWith('crs-projjson.ts')) {
  const out: Record<string, unknown> = {};
  for (const crs of SUPPORTED_CRS) out[crs.uri] = projjsonOf(crs.proj4);
  writeFileSync(new URL('../server/ogc/crs-projjson.json', import.meta.url), `${JSON.stringify(out, null, 1)}\n`);
  console.log(`wrote ${Object.keys(out).length} definitions`);
}
