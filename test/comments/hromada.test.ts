/**
 * What a hromada sets for its comments: its own categories (under the built-in kinds), added by
 * its admins only and usable at once by residents and Open311; and the figures it publishes —
 * comments by status and category, overdue ones, and how long answers take.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { backends } from '../support/backends.js';
import { signIn, type Session } from '../support/server.js';
import { placeIn, resident, startCommentsServer, type CommentsServer } from './support.js';

describe.each(backends())('a hromada\'s categories and figures (%s)', (kind) => {
  let server: CommentsServer;
  let admin: Session;
  beforeAll(async () => {
    server = await startCommentsServer(kind);
    admin = await signIn(server, 'slovyansk', 'admin');
  }, 240_000);
  afterAll(async () => server?.close());

  const put = (who: Session, code: string, body: unknown, slug = 'slovyansk') =>
    who.fetch(`/${slug}/api/comments/categories/${code}`, { method: 'PUT', body: JSON.stringify(body) });

  test('an admin adds a category under a kind; residents and Open311 use it at once; others may not add', async () => {
    const graffiti = { kind: 'damage', nameUk: 'Графіті на фасаді', nameEn: 'Graffiti' };
    expect((await put(admin, 'graffiti', graffiti)).status).toBe(201);
    expect((await put(admin, 'graffiti', { ...graffiti, nameEn: 'Graffiti on a facade' })).status).toBe(200);
    expect((await put(admin, 'bad', { ...graffiti, kind: 'weather' })).status).toBe(400);
    expect((await put(await signIn(server, 'slovyansk', 'moderator'), 'spam', graffiti)).status).toBe(403);
    expect((await put(await signIn(server, 'kryvyi-rih', 'admin'), 'spam', graffiti)).status).toBe(403);

    const services = (await (await fetch(`${server.url}/slovyansk/open311/v2/services.json`)).json()) as { service_code: string; group: string }[];
    expect(services.find((s) => s.service_code === 'graffiti')).toMatchObject({ group: 'damage' });
    const kr = (await (await fetch(`${server.url}/kryvyi-rih/open311/v2/services.json`)).json()) as { service_code: string }[];
    expect(kr.map((s) => s.service_code)).not.toContain('graffiti');

    const place = await placeIn(server, 'slovyansk');
    const res = await resident(server).comment('slovyansk', { category: 'graffiti', body: 'Розмалювали стіну школи', lon: place.lon, lat: place.lat });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    const moderator = await signIn(server, 'slovyansk', 'moderator');
    await moderator.fetch(`/slovyansk/api/comments/${id}/steps/publish`, { method: 'POST', body: '{}' });
    const item = (await (await fetch(`${server.url}/slovyansk/ogc/collections/comments/items/${id}`)).json()) as { properties: Record<string, unknown> };
    expect(item.properties).toMatchObject({ category: 'damage', category_code: 'graffiti', category_uk: 'Графіті на фасаді' });

    expect((await put(admin, 'graffiti', { ...graffiti, active: false })).status).toBe(200);
    expect((await resident(server).comment('slovyansk', { category: 'graffiti', body: 'Ще графіті', lon: place.lon, lat: place.lat })).status).toBe(400);
  });

  test('the figures: by status and category as pub_comments counts them, overdue, median days to a response', async () => {
    const figures = (await (await fetch(`${server.url}/slovyansk/api/comments/stats`)).json()) as {
      byStatus: Record<string, number>; byCategory: Record<string, number>; overdue: number;
      medianDaysToResponse: number; medianDaysToResolution: number; months: { month: string; comments: number }[];
    };
    const { rows } = await server.db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::integer AS n FROM pub_comments c JOIN municipality m ON m.id = c.municipality_id WHERE m.slug = 'slovyansk' GROUP BY status`);
    expect(figures.byStatus).toEqual(Object.fromEntries(rows.map((r) => [r.status, r.n])));
    expect(figures.byStatus.new).toBeUndefined();
    const total = rows.reduce((a, r) => a + r.n, 0);
    expect(Object.values(figures.byCategory).reduce((a, b) => a + b, 0)).toBe(total);
    expect(figures.months.reduce((a, m) => a + m.comments, 0)).toBe(total);
    expect(figures.medianDaysToResponse).toBeGreaterThan(0);
    expect(figures.medianDaysToResolution).toBeGreaterThanOrEqual(figures.medianDaysToResponse);
    const { rows: overdue } = await server.db.query<{ n: number }>(
      `SELECT count(*)::integer AS n FROM pub_comments c JOIN municipality m ON m.id = c.municipality_id WHERE m.slug = 'slovyansk' AND c.overdue`);
    expect(figures.overdue).toBe(overdue[0].n);
    // the 90th percentiles, as PostgreSQL's percentile_cont computes them over the same steps
    const { rows: [p90] } = await server.db.query<{ response: number; resolution: number }>(
      `WITH t AS (SELECT (SELECT EXTRACT(EPOCH FROM min(s.at) - c.created_at) / 86400 FROM comment_step s WHERE s.comment_id = c.id AND s.action IN ('start','answer','resolve')) AS r,
                         (SELECT EXTRACT(EPOCH FROM min(s.at) - c.created_at) / 86400 FROM comment_step s WHERE s.comment_id = c.id AND s.action = 'resolve') AS v
                  FROM pub_comments c JOIN municipality m ON m.id = c.municipality_id WHERE m.slug = 'slovyansk')
       SELECT round(percentile_cont(0.9) WITHIN GROUP (ORDER BY r)::numeric, 1)::float8 AS response,
              round(percentile_cont(0.9) WITHIN GROUP (ORDER BY v)::numeric, 1)::float8 AS resolution FROM t`);
    const more = figures as unknown as { p90DaysToResponse: number; p90DaysToResolution: number; comments: number;
      categories: { code: string; comments: number; p90DaysToResponse: number | null }[]; months: { overdue: number; medianDaysToResolution: number | null }[] };
    expect(more.p90DaysToResponse).toBeCloseTo(p90.response, 1);
    expect(more.p90DaysToResolution).toBeCloseTo(p90.resolution, 1);
    expect(more.p90DaysToResponse).toBeGreaterThanOrEqual(figures.medianDaysToResponse);
    expect(more.comments).toBe(total);
    expect(more.categories.reduce((a, c) => a + c.comments, 0)).toBe(total);
    expect(more.months.reduce((a, m) => a + m.overdue, 0)).toBe(figures.overdue);
    const district = (await (await fetch(`${server.url}/slovyansk/api/comments/stats?district=1`)).json()) as { byStatus: Record<string, number> };
    expect(Object.values(district.byStatus).reduce((a, b) => a + b, 0)).toBeLessThan(total);
  });
});
