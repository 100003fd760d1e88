/**
 * `npx tsx tiles/bench/encoder.ts`: the MVT encoder alone, CPU time, side by side with vt-pbf (what
 * encode.ts replaced) on the same tiles: every tile z14-z17 of a synthetic city of 30,000 MAF-like
 * points with six properties, 8 alternating rounds, medians. CPU time rather than wall time, so
 * other work on a shared machine moves the figures less. Checks the bytes are the same.
 */
import vtpbf from 'vt-pbf';
import { encodeTile } from '../encode.js';
import { LayerIndex, type SourceFeature } from '../tile-index.js';
import { tilesCovering } from '../tile-grid.js';

const CITY: [number, number, number, number] = [37.575, 48.83, 37.655, 48.87];
let seed = 7;
const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const types = ['kiosk', 'pavilion', 'terrace', 'awning', 'vending', 'stop'];
const legality = ['legal', 'expiring', 'expired', 'no_permit', 'dismantled'];
const features: SourceFeature[] = Array.from({ length: 30_000 }, (_, i) => ({
  type: 'Feature', id: i + 1, geometry: { type: 'Point', coordinates: [CITY[0] + next() * 0.08, CITY[1] + next() * 0.04] },
  properties: { type_code: types[i % 6], type_uk: `Кіоск ${types[i % 6]}`, type_en: types[i % 6], legality: legality[i % 5], address: `вулиця Шевченка, ${i % 300}`, owner_name: `ТОВ «Власник ${i % 150}»` },
}));
const index = new LayerIndex({ name: 'maf', minZoom: 10, maxZoom: 20, clusterBelowZoom: 14 }, features);
const tiles = [14, 15, 16, 17].flatMap((z) => tilesCovering(CITY, z)).map((t) => index.getTile(t.z, t.x, t.y));
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const before: number[] = [];
const after: number[] = [];
for (let round = 0; round < 8; round++) {
  let started = cpu();
  let a = 0;
  for (const tile of tiles) if (tile && tile.features.length) a += vtpbf.fromGeojsonVt({ maf: tile } as never, { version: 2, extent: 4096 }).byteLength;
  before.push(cpu() - started);
  started = cpu();
  let b = 0;
  for (const tile of tiles) b += encodeTile([['maf', tile, index.dictionary]], 4096)?.byteLength ?? 0;
  after.push(cpu() - started);
  if (a !== b) throw new Error(`the encoders disagree: ${a} against ${b} bytes`);
}
const median = (v: number[]) => [...v].sort((x, y) => x - y)[v.length >> 1];
process.stdout.write(`${tiles.length} tiles of ${features.length} features (z14-17): vt-pbf ${median(before).toFixed(0)} ms CPU, interned ${median(after).toFixed(0)} ms CPU (medians of 8 rounds)\n`);
