/**
 * `npm run bench:embed`: how quickly does a cold embed paint, and what does it download?
 *
 * A council page with an embedded district map is often a resident's first visit: nothing cached.
 * This starts the real server (server-process.ts, as `npm start` runs it) on a fresh embedded
 * database with the demo, and opens /slovyansk/embed?district=3&layers=districts,maf in headless
 * Chromium, RUNS times, each in a new browser context (an empty cache), 800×500 CSS px:
 *   first tile   the first vector tile's response complete (Resource Timing, from navigation start)
 *   first paint  the first frame with tile features drawn (polled every animation frame)
 *   settled      every tile of the view loaded and drawn (OpenLayers' rendercomplete)
 *   bytes        everything transferred, as on the wire (gzip; Chromium's encodedDataLength),
 *                and of it the JavaScript
 * and once more in the last context (a warm cache: the hashed assets are cached for a year).
 * No basemap (BASEMAP_URL empty): its tiles come from a third party and would measure the network.
 *
 * Env: RUNS (default 5). Progress goes to stderr, the report to stdout.
 */
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { createDataset } from './datasets.js';

const RUNS = Number(process.env.RUNS ?? 5);
const HERE = new URL('.', import.meta.url).pathname;
const ROOT = join(HERE, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const PATH = '/slovyansk/embed?district=3&layers=districts,maf';
const say = (message: string) => process.stderr.write(`${message}\n`);

interface Server { url: string; close(): Promise<void> }

async function startServer(env: Record<string, string>): Promise<Server> {
  const child = fork(join(HERE, 'server-process.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, LOG_LEVEL: 'warn', SEED_DEMO: 'never', BASEMAP_URL: '', ...env },
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  const { url } = await new Promise<{ url: string }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server-process.ts exited with ${code}`)));
    child.once('message', (message) => resolve(message as { url: string }));
  });
  return {
    url,
    close: () => new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.send({ cmd: 'close' });
    }),
  };
}

interface Run { firstTileMs: number; firstPaintMs: number; settledMs: number; bytes: number; jsBytes: number; requests: number }

async function open(context: BrowserContext, url: string): Promise<Run> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const types = new Map<string, string>();
  let bytes = 0;
  let jsBytes = 0;
  let requests = 0;
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
  cdp.on('Network.loadingFinished', (e) => {
    requests += 1;
    bytes += e.encodedDataLength;
    if (types.get(e.requestId) === 'Script') jsBytes += e.encodedDataLength;
  });
  await page.goto(url);
  const firstPaintMs = await page.waitForFunction(
    () => (window.prozoreMap?.renderedFeatures('districts').length ?? 0) > 0 && performance.now(),
    null, { polling: 'raf', timeout: 60_000 },
  ).then((h) => h.jsonValue() as Promise<number>);
  await page.waitForFunction(() => window.prozoreMap?.settled === true, null, { timeout: 60_000 });
  const settledMs = await page.evaluate(() => performance.now());
  const firstTileMs = await page.evaluate(() => Math.min(...performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.mvt')).map((e) => (e as PerformanceResourceTiming).responseEnd)));
  await new Promise((resolve) => setTimeout(resolve, 300)); // the last loadingFinished events
  await page.close();
  return { firstTileMs, firstPaintMs, settledMs, bytes, jsBytes, requests };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

delete process.env.DATABASE_URL; // the embedded database: what a newcomer runs
const { ensureClient } = await import(join(ROOT, 'scripts', 'ensure-client.mjs'));
ensureClient({ log: say });
const loadAtStart = loadavg().map((l) => l.toFixed(1)).join(' ');
say('seeding the demo (embedded) …');
const dataset = await createDataset(1, ['slovyansk'], say);
try {
  const server = await startServer(dataset.env);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    // One untimed load, so the server's tile indexes are built (a live server has them).
    await open(await browser.newContext({ viewport: { width: 800, height: 500 } }), server.url + PATH);
    const cold: Run[] = [];
    let last: BrowserContext | null = null;
    for (let i = 0; i < RUNS; i++) {
      last = await browser.newContext({ viewport: { width: 800, height: 500 } });
      cold.push(await open(last, server.url + PATH));
      say(`  cold run ${i + 1}: first tile ${cold[i].firstTileMs.toFixed(0)} ms, ${(cold[i].bytes / 1024).toFixed(1)} kB`);
    }
    const warm = await open(last!, server.url + PATH);
    const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
    const row = (name: string, r: Pick<Run, 'firstTileMs' | 'firstPaintMs' | 'settledMs' | 'bytes' | 'jsBytes' | 'requests'>) =>
      `${name.padEnd(14)} first tile ${r.firstTileMs.toFixed(0).padStart(4)} ms · first paint ${r.firstPaintMs.toFixed(0).padStart(4)} ms · settled ${r.settledMs.toFixed(0).padStart(4)} ms · ${kb(r.bytes).padStart(9)} in ${r.requests} requests (JS ${kb(r.jsBytes)})`;
    const pick = (key: keyof Run) => median(cold.map((r) => r[key]));
    const lines = [
      `Cold embed benchmark (${new Date().toISOString().slice(0, 10)}, embedded database, headless Chromium on localhost, load average at start ${loadAtStart})`,
      `${PATH}, 800×500, no basemap; median of ${RUNS} cold loads, each in a new browser context`,
      '',
      row('cold (median)', {
        firstTileMs: pick('firstTileMs'), firstPaintMs: pick('firstPaintMs'), settledMs: pick('settledMs'), bytes: pick('bytes'), jsBytes: pick('jsBytes'), requests: pick('requests'),
      }),
      row('warm cache', warm),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await browser.close();
    await server.close();
  }
} finally {
  await dataset.drop();
}
