/**
 * What is checked of an election's district boundaries before anything is written, in PostGIS
 * (GEOS is the judge both of validity and of areas):
 *
 *   1. validity: an invalid polygon (a self-intersection, a bow-tie, parts drawn over each other)
 *      is repaired with ST_MakeValid and reported as a warning with PostGIS's reason. The
 *      'structure' method (GEOS 3.10+): it unions a multipolygon's shells, where the default
 *      'linework' method keeps only the area covered an odd number of times, so a part drawn twice
 *      would turn into a hole — a gap in the map;
 *   2. the hromada: a district reaching out of the hromada's boundary by more than the tolerance is
 *      refused, with where; one reaching out by less is cut to the boundary;
 *   3. overlaps: two districts sharing more than the tolerance of area are refused, with where;
 *   4. gaps: a part of the hromada in no district, larger than the tolerance, is refused, with where.
 *
 * Areas are measured in the hromada's metric UCS-2000 zone (municipality.local_srid). The
 * tolerance, 100 m², lets pass what digitising leaves — two people tracing the same street on a
 * 1:2000 plan differ by a metre or two, a sliver of 2 m × 50 m — and refuses a missing or doubled
 * house plot (a small one is 300-600 m²).
 */
import type { Queryable } from '../../server/db/database.js';

export const AREA_TOLERANCE_M2 = 100;

export interface CheckedBoundary {
  line: number;
  number: number;
  wkt: string;
}

/** A place to name in a message: "37.61234, 48.85123" (longitude, latitude), and an area. */
export interface Where {
  lon: number;
  lat: number;
  areaM2: number;
}

export const whereText = (w: Where) => `${w.lon.toFixed(5)}, ${w.lat.toFixed(5)}`;

/** Each row's polygon made valid; the rows that needed it, with PostGIS's reason. */
export async function repairInvalid(db: Queryable, rows: readonly CheckedBoundary[]): Promise<{ rows: CheckedBoundary[]; repaired: { line: number; reason: string }[]; empty: number[] }> {
  const { rows: out } = await db.query<{ line: number; valid: boolean; reason: string; wkt: string | null }>(
    `SELECT u.line, ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason,
            CASE WHEN ST_IsValid(g) THEN u.wkt
                 ELSE ST_AsText(NULLIF(ST_Multi(ST_CollectionExtract(ST_MakeValid(g, 'method=structure'), 3)), 'MULTIPOLYGON EMPTY'::geometry)) END AS wkt
     FROM unnest($1::integer[], $2::text[]) AS u(line, wkt), LATERAL (SELECT ST_GeomFromText(u.wkt, 4326) AS g) x
     ORDER BY u.line`,
    [rows.map((r) => r.line), rows.map((r) => r.wkt)],
  );
  const byLine = new Map(out.map((r) => [r.line, r]));
  return {
    rows: rows.filter((r) => byLine.get(r.line)!.wkt !== null).map((r) => ({ ...r, wkt: byLine.get(r.line)!.wkt! })),
    repaired: out.filter((r) => !r.valid).map((r) => ({ line: r.line, reason: r.reason })),
    empty: out.filter((r) => r.wkt === null || ST_EMPTY.test(r.wkt)).map((r) => r.line),
  };
}

const ST_EMPTY = /EMPTY$/;

/** Cuts each district to the hromada; those reaching out by more than the tolerance, with where. */
export async function cutToHromada(db: Queryable, municipalityId: number, rows: readonly CheckedBoundary[]): Promise<{ rows: CheckedBoundary[]; outside: { line: number; number: number; where: Where; whole: boolean }[] }> {
  const { rows: out } = await db.query<{ line: number; wkt: string | null; outside_m2: number; whole: boolean; lon: number | null; lat: number | null }>(
    `WITH m AS (SELECT boundary, local_srid FROM municipality WHERE id = $1),
     u AS (SELECT u.line, ST_GeomFromText(u.wkt, 4326) AS g FROM unnest($2::integer[], $3::text[]) AS u(line, wkt)),
     d AS (SELECT u.line, u.g, ST_Difference(u.g, m.boundary) AS out, m.boundary, m.local_srid FROM u, m)
     SELECT line,
            ST_AsText(NULLIF(ST_Multi(ST_CollectionExtract(ST_Intersection(g, boundary), 3)), 'MULTIPOLYGON EMPTY'::geometry)) AS wkt,
            ST_Area(ST_Transform(out, local_srid)) AS outside_m2,
            NOT ST_Intersects(g, boundary) AS whole,
            ST_X(ST_PointOnSurface(out)) AS lon, ST_Y(ST_PointOnSurface(out)) AS lat
     FROM d ORDER BY line`,
    [municipalityId, rows.map((r) => r.line), rows.map((r) => r.wkt)],
  );
  const byLine = new Map(rows.map((r) => [r.line, r]));
  const outside = out.filter((r) => r.whole || r.outside_m2 > AREA_TOLERANCE_M2).map((r) => ({
    line: r.line, number: byLine.get(r.line)!.number, whole: r.whole, where: { lon: r.lon ?? 0, lat: r.lat ?? 0, areaM2: r.outside_m2 },
  }));
  const refused = new Set(outside.map((o) => o.line));
  return { rows: out.filter((r) => !refused.has(r.line) && r.wkt).map((r) => ({ ...byLine.get(r.line)!, wkt: r.wkt! })), outside };
}

/** Pairs of districts that share more than the tolerance of area, with where. */
export async function overlaps(db: Queryable, municipalityId: number, rows: readonly CheckedBoundary[]): Promise<{ a: CheckedBoundary; b: CheckedBoundary; where: Where }[]> {
  const { rows: out } = await db.query<{ a: number; b: number; area: number; lon: number; lat: number }>(
    `WITH m AS (SELECT local_srid FROM municipality WHERE id = $1),
     u AS (SELECT u.line, ST_GeomFromText(u.wkt, 4326) AS g FROM unnest($2::integer[], $3::text[]) AS u(line, wkt)),
     o AS (
       SELECT a.line AS a, b.line AS b, ST_CollectionExtract(ST_Intersection(a.g, b.g), 3) AS shared
       FROM u a JOIN u b ON a.line < b.line AND ST_Intersects(a.g, b.g) AND NOT ST_Touches(a.g, b.g)
     )
     SELECT a, b, ST_Area(ST_Transform(shared, m.local_srid)) AS area, ST_X(ST_PointOnSurface(shared)) AS lon, ST_Y(ST_PointOnSurface(shared)) AS lat
     FROM o, m WHERE NOT ST_IsEmpty(shared) AND ST_Area(ST_Transform(shared, m.local_srid)) > $4
     ORDER BY a, b`,
    [municipalityId, rows.map((r) => r.line), rows.map((r) => r.wkt), AREA_TOLERANCE_M2],
  );
  const byLine = new Map(rows.map((r) => [r.line, r]));
  return out.map((r) => ({ a: byLine.get(r.a)!, b: byLine.get(r.b)!, where: { lon: r.lon, lat: r.lat, areaM2: r.area } }));
}

/** Parts of the hromada in no district, larger than the tolerance, largest first. */
export async function gaps(db: Queryable, municipalityId: number, rows: readonly CheckedBoundary[]): Promise<Where[]> {
  const { rows: out } = await db.query<{ area: number; lon: number; lat: number }>(
    `WITH m AS (SELECT boundary, local_srid FROM municipality WHERE id = $1),
     covered AS (SELECT ST_Union(ST_GeomFromText(wkt, 4326)) AS g FROM unnest($2::text[]) AS u(wkt)),
     hole AS (SELECT (ST_Dump(ST_CollectionExtract(ST_Difference(m.boundary, covered.g), 3))).geom AS g, m.local_srid FROM m, covered)
     SELECT ST_Area(ST_Transform(g, local_srid)) AS area, ST_X(ST_PointOnSurface(g)) AS lon, ST_Y(ST_PointOnSurface(g)) AS lat
     FROM hole WHERE ST_Area(ST_Transform(g, local_srid)) > $3
     ORDER BY 1 DESC`,
    [municipalityId, rows.map((r) => r.wkt), AREA_TOLERANCE_M2],
  );
  return out.map((r) => ({ lon: r.lon, lat: r.lat, areaM2: r.area }));
}
