/**
 * Dependencies point one way (../shared/STYLE.md, rule 10):
 *
 *   entry points (HTTP routes, server/cli, app/server/main, benchmarks)
 *        ↓
 *   domain cores (server/registry/core and the registry's reads, auth, ogc, tiles faces, the importers and the demo)
 *        ↓
 *   platform (server/db, config, errors, audit, catalog, http, the CRS, the tile engine in tiles/)
 *        ↓
 *   server/rules (dependency-free; the one server module the client may import)
 *
 * This test reads every import of the TypeScript sources and fails on one that points up, with
 * the file and the import named. A route module is a file named *routes.ts or one that builds an
 * Express Router.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from '../support/template.js';

type Layer = 'rules' | 'platform' | 'core' | 'entry' | 'client';
const RANK: Record<Exclude<Layer, 'client'>, number> = { rules: 0, platform: 1, core: 2, entry: 3 };

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sources(path);
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const PLATFORM = [
  /^server\/db\//, /^server\/config\.ts$/, /^server\/errors\.ts$/, /^server\/audit\//, /^server\/catalog\/(?!routes\.ts$)/,
  /^server\/http\//, /^server\/context\.ts$/, /^server\/municipalities\/directory\.ts$/, /^server\/ogc\/crs\.ts$/,
  /^server\/media\//, /^server\/memory-budget\.ts$/, /^tiles\/[^/]+\.ts$/,
];
const ENTRY = [/^server\/cli\//, /^server\/(app|server|main|serve)\.ts$/, /(^|\/|-)routes\.ts$/, /^tiles\/bench\//, /^data-import\/bench-import\.ts$/];

function layerOf(file: string, text: string): Layer {
  if (file.startsWith('client/')) return 'client';
  if (file.startsWith('server/rules/')) return 'rules';
  if (ENTRY.some((r) => r.test(file))) return 'entry';
  if (/\bRouter\s*\(/.test(text)) return 'entry'; // HTTP routes
  if (PLATFORM.some((r) => r.test(file))) return 'platform';
  return 'core';
}

interface Edge {
  from: string;
  to: string;
  specifier: string;
}

function importsOf(file: string, text: string): { relative: Edge[]; packages: string[] } {
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s(?:[^'"]*?from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)]
    .map((m) => m[1] ?? m[2]);
  const rel: Edge[] = [];
  const packages: string[] = [];
  for (const specifier of specifiers) {
    if (specifier.startsWith('.')) {
      const to = relative(ROOT, resolve(ROOT, dirname(file), specifier)).replace(/\.js$/, '.ts');
      rel.push({ from: file, to, specifier });
    } else {
      packages.push(specifier);
    }
  }
  return { relative: rel, packages };
}

const files = ['server', 'data-import', 'tiles', 'client/src'].flatMap(sources);
const texts = new Map(files.map((f) => [f, readFileSync(join(ROOT, f), 'utf8')]));
const layers = new Map(files.map((f) => [f, layerOf(f, texts.get(f)!)]));
const graph = files.map((f) => ({ file: f, ...importsOf(f, texts.get(f)!) }));

describe('dependencies point one way', () => {
  it('sees the whole tree and every layer in it', () => {
    const counts = [...layers.values()].reduce((acc, l) => ({ ...acc, [l]: (acc[l] ?? 0) + 1 }), {} as Record<string, number>);
    expect(Object.keys(counts).sort()).toEqual(['client', 'core', 'entry', 'platform', 'rules']);
    expect(files.length).toBeGreaterThan(150);
    // every relative import resolves to a file the test knows (else the layers below are not checked)
    const unresolved = graph.flatMap((g) => g.relative).filter((e) => !layers.has(e.to) && !/\.css$/.test(e.to));
    expect(unresolved.map((e) => `${e.from} → ${e.specifier}`)).toEqual([]);
  });

  it('no module imports a layer above its own', () => {
    const upward = graph.flatMap((g) => g.relative).filter((e) => {
      const [from, to] = [layers.get(e.from)!, layers.get(e.to)];
      if (from === 'client' || to === undefined || to === 'client') return false;
      return RANK[to] > RANK[from];
    });
    expect(upward.map((e) => `${e.from} (${layers.get(e.from)}) → ${e.to} (${layers.get(e.to)})`)).toEqual([]);
  });

  it('the client knows the server only through server/rules', () => {
    const reachIn = graph.filter((g) => layers.get(g.file) === 'client').flatMap((g) => g.relative)
      .filter((e) => !e.to.startsWith('client/') && !e.to.startsWith('server/rules/'));
    expect(reachIn.map((e) => `${e.from} → ${e.to}`)).toEqual([]);
    const serverReachesClient = graph.filter((g) => layers.get(g.file) !== 'client').flatMap((g) => g.relative).filter((e) => e.to.startsWith('client/'));
    expect(serverReachesClient.map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  it('server/rules depends on nothing: no package and nothing outside itself', () => {
    const rules = graph.filter((g) => layers.get(g.file) === 'rules');
    expect(rules.length).toBeGreaterThanOrEqual(3);
    expect(rules.flatMap((g) => g.packages.map((p) => `${g.file} → ${p}`))).toEqual([]);
    expect(rules.flatMap((g) => g.relative).filter((e) => !e.to.startsWith('server/rules/')).map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  it('the tile engine knows nothing of the server', () => {
    const engine = graph.filter((g) => /^tiles\/[^/]+\.ts$/.test(g.file)).flatMap((g) => g.relative).filter((e) => !e.to.startsWith('tiles/'));
    expect(engine.map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  it('command-line entry points live in server/cli only', () => {
    const parsesArgv = files.filter((f) => /process\.argv\.slice\(2\)|parseArgs\(/.test(texts.get(f)!) && !/^server\/cli\//.test(f) && !/^tiles\/bench\/|^data-import\/bench-import\.ts$/.test(f));
    expect(parsesArgv).toEqual([]);
  });
});
