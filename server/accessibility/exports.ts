/**
 * The accessibility map's downloads: A11yJSON and OSM-tagged GeoJSON (formats.ts), and the
 * national monitoring table as CSV. Facilities are read in keyset pages and written as they come.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { csvField } from '../http/csv.js';
import { publicOrigin } from '../http/public-url.js';
import { parseInput } from '../registry/validation.js';
import { FACILITY_CATEGORIES, GRADES, labelOf } from '../rules/vocabularies.js';
import { a11yjsonPlace, osmFeatures } from './formats.js';
import { publicFacilities, type PublicFacility } from './public-data.js';

const PAGE = 500;

async function streamFeatures(ctx: AppContext, municipalityId: number, res: Response, toFeatures: (f: PublicFacility) => unknown[]): Promise<void> {
  res.write('{"type":"FeatureCollection","features":[');
  let first = true;
  for (let after = 0; ;) {
    const page = await publicFacilities(ctx.db, municipalityId, { after, limit: PAGE });
    if (page.length === 0) break;
    let chunk = '';
    for (const f of page) {
      for (const feature of toFeatures(f)) {
        chunk += (first ? '' : ',') + JSON.stringify(feature);
        first = false;
      }
    }
    res.write(chunk);
    after = page[page.length - 1].id;
  }
  res.end(']}');
}

/** `delimiter=semicolon`: what Excel in a Ukrainian locale opens into columns by a double click. */
const monitoringQuery = z.object({ delimiter: z.enum(['comma', 'semicolon']).default('comma') }).strict();

export function exportRoutes(ctx: AppContext): Router {
  const router = Router({ mergeParams: true });

  router.get('/export.a11y.geojson', async (req, res) => {
    const base = `${publicOrigin(req, ctx.config)}/${req.municipality.slug}`;
    res.type('application/geo+json').set('Content-Disposition', `attachment; filename="accessibility-a11yjson-${req.municipality.slug}.geojson"`);
    await streamFeatures(ctx, req.municipality.id, res, (f) => [a11yjsonPlace(f, `${base}/#feature=facilities/${f.id}`)]);
  });

  router.get('/export.osm.geojson', async (req, res) => {
    res.type('application/geo+json').set('Content-Disposition', `attachment; filename="accessibility-osm-${req.municipality.slug}.geojson"`);
    await streamFeatures(ctx, req.municipality.id, res, osmFeatures);
  });

  /**
   * Counts by category and wheelchair grade (the monitoring's levels), one row per category, with
   * the columns the monitoring asks for and a total; every category and grade appears, zeros too.
   */
  router.get('/monitoring.csv', async (req, res) => {
    const delimiter = parseInput(monitoringQuery, req.query).delimiter === 'semicolon' ? ';' : ',';
    const csv = (cells: (string | number)[]) => cells.map((v) => csvField(v, delimiter)).join(delimiter);
    const { rows } = await ctx.db.query<{ category: string; grade: string; n: number }>(
      `SELECT category, grade_wheelchair AS grade, count(*)::integer AS n FROM pub_facilities WHERE municipality_id = $1 GROUP BY 1, 2`,
      [req.municipality.id]);
    const count = (c: string, g: string) => rows.find((r) => r.category === c && r.grade === g)?.n ?? 0;
    const header = ['Категорія', 'Код категорії', ...GRADES.map((g) => g.label.uk), 'Усього'];
    const lines = [csv(header)];
    const totals = GRADES.map(() => 0);
    for (const c of FACILITY_CATEGORIES) {
      const counts = GRADES.map((g) => count(c.value, g.value));
      counts.forEach((n, i) => { totals[i] += n; });
      lines.push(csv([labelOf(FACILITY_CATEGORIES, c.value), c.value, ...counts, counts.reduce((a, b) => a + b, 0)]));
    }
    lines.push(csv(['Усього', '', ...totals, totals.reduce((a, b) => a + b, 0)]));
    res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="monitoring-${req.municipality.slug}.csv"`);
    res.send(`\uFEFF${lines.join('\r\n')}\r\n`);
  });

  return router;
}
