/**
 * Elections and electoral districts of a demo hromada (seed item 30.2 "Your deputy").
 *
 * Real districts hold about the same number of voters each, so they are small in the dense centre
 * and large on the outskirts. The generator gets that by clustering the address points (k-means,
 * k = the number of districts) and using each cluster's centre as a district's seed; the districts
 * are then the Voronoi cells of the seeds, computed by PostGIS in the hromada's metric UCS-2000
 * zone and cut to the boundary. Voronoi cells share their edges exactly and cover the plane, so
 * the districts of one election tile the hromada: no gaps, no overlaps.
 *
 * A district is described, as Ukrainian election commissions do, by its streets and house
 * numbers: "вулиця Шевченка, 1–47, 2–36; провулок Садовий, 3–15, 4–10; …".
 */
import type { Queryable } from '../../server/db/database.js';
import type { AddressPlan } from './addresses.js';
import type { CityProfile, ElectionProfile } from './cities.js';
import { reserveIds } from './batch.js';
import type { Random } from './random.js';

export interface DistrictSeed {
  number: number;
  /** The address point the seed was snapped to: inside the hromada, and where the deputies receive. */
  house: number;
}

/** Lloyd's iterations: the centres settle within a few; more only polishes the demo. */
const KMEANS_ROUNDS = 10;
/** Clustering a sample is as good as clustering every house, and stays fast at scale 20. */
const KMEANS_SAMPLE = 6000;

/**
 * k seeds from the address points: k-means++ start, Lloyd's iterations, each centre snapped to
 * the nearest house of its cluster (a centre may fall in a field or outside a crescent-shaped
 * hromada; a house never does). Numbered in rows from north to south, west to east in each row,
 * the way district maps are usually read.
 */
export function districtSeeds(plan: AddressPlan, k: number, random: Random): DistrictSeed[] {
  const all = plan.houses;
  const sample = all.length <= KMEANS_SAMPLE ? all.map((_, i) => i) : random.sample(all.map((_, i) => i), KMEANS_SAMPLE);
  const xs = sample.map((i) => all[i].x);
  const ys = sample.map((i) => all[i].y);
  const d2 = (i: number, cx: number, cy: number) => (xs[i] - cx) ** 2 + (ys[i] - cy) ** 2;

  // k-means++: each next centre is a point drawn with probability proportional to its squared
  // distance from the nearest centre so far, which spreads the start over the whole city.
  const cx: number[] = [];
  const cy: number[] = [];
  const first = random.int(0, sample.length - 1);
  cx.push(xs[first]);
  cy.push(ys[first]);
  const nearest = xs.map((_, i) => d2(i, cx[0], cy[0]));
  while (cx.length < k) {
    const total = nearest.reduce((s, v) => s + v, 0);
    let r = random.next() * total;
    let chosen = nearest.length - 1;
    for (let i = 0; i < nearest.length; i++) if ((r -= nearest[i]) <= 0) { chosen = i; break; }
    cx.push(xs[chosen]);
    cy.push(ys[chosen]);
    for (let i = 0; i < nearest.length; i++) nearest[i] = Math.min(nearest[i], d2(i, xs[chosen], ys[chosen]));
  }

  const cluster = new Array<number>(sample.length).fill(0);
  for (let round = 0; round < KMEANS_ROUNDS; round++) {
    for (let i = 0; i < sample.length; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (d2(i, cx[c], cy[c]) < d2(i, cx[best], cy[best])) best = c;
      cluster[i] = best;
    }
    const sx = new Array<number>(k).fill(0), sy = new Array<number>(k).fill(0), n = new Array<number>(k).fill(0);
    cluster.forEach((c, i) => { sx[c] += xs[i]; sy[c] += ys[i]; n[c]++; });
    for (let c = 0; c < k; c++) if (n[c] > 0) { cx[c] = sx[c] / n[c]; cy[c] = sy[c] / n[c]; }
  }

  // Snap each centre to its cluster's nearest house; two centres never share one.
  const taken = new Set<number>();
  const snapped = cx.map((_, c) => {
    let best = -1;
    for (let i = 0; i < sample.length; i++) {
      if (cluster[i] !== c || taken.has(sample[i])) continue;
      if (best < 0 || d2(i, cx[c], cy[c]) < d2(best, cx[c], cy[c])) best = i;
    }
    if (best < 0) best = xs.findIndex((_, i) => !taken.has(sample[i])); // an emptied cluster
    taken.add(sample[best]);
    return sample[best];
  });

  const north = Math.max(...ys);
  const rowHeight = (north - Math.min(...ys)) / Math.max(1, Math.round(Math.sqrt(k)));
  const row = (h: number) => Math.floor((north - all[h].y) / rowHeight);
  const ordered = snapped.slice().sort((a, b) => row(a) - row(b) || all[a].x - all[b].x);
  return ordered.map((house, i) => ({ number: i + 1, house }));
}

export async function insertElection(tx: Queryable, municipalityId: number, election: ElectionProfile, isCurrent: boolean): Promise<number> {
  const [id] = await reserveIds(tx, 'election', 1);
  await tx.query(
    `INSERT INTO election (id, municipality_id, name_uk, name_en, held_on, seats_per_district, is_current)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [id, municipalityId, election.nameUk, election.nameEn, election.heldOn, election.seats, isCurrent],
  );
  return id;
}

/**
 * Inserts the districts of one election as Voronoi cells of the seeds, cut to the boundary.
 * Returns the district id of each number.
 */
export async function insertDistricts(
  tx: Queryable,
  municipalityId: number,
  electionId: number,
  city: CityProfile,
  plan: AddressPlan,
  seeds: DistrictSeed[],
): Promise<Map<number, number>> {
  const { rows } = await tx.query<{ id: number; number: number }>(
    `WITH seed AS (
       SELECT number, ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), $3::integer) AS local
       FROM unnest($4::integer[], $5::float8[], $6::float8[]) AS s(number, lon, lat)
     ), hromada AS (
       SELECT boundary, ST_Transform(boundary, $3::integer) AS local FROM municipality WHERE id = $1
     ), cell AS (
       -- Cells reach past the boundary (extent plus 1 km) so every part of it is covered.
       SELECT (ST_Dump(ST_VoronoiPolygons(ST_Collect(seed.local), 0,
                 (SELECT ST_Expand(local, 1000) FROM hromada)))).geom AS local
       FROM seed
     )
     INSERT INTO electoral_district (municipality_id, election_id, number, name_uk, geom)
     SELECT $1, $2, seed.number, 'Виборчий округ № ' || seed.number,
            ST_Multi(ST_CollectionExtract(ST_Intersection(ST_Transform(cell.local, 4326), hromada.boundary), 3))
     FROM cell
     JOIN seed ON ST_Contains(cell.local, seed.local)
     CROSS JOIN hromada
     RETURNING id, number`,
    [
      municipalityId,
      electionId,
      city.localSrid,
      seeds.map((s) => s.number),
      seeds.map((s) => plan.houses[s.house].lon),
      seeds.map((s) => plan.houses[s.house].lat),
    ],
  );
  if (rows.length !== seeds.length) {
    throw new Error(`${city.slug}: ${seeds.length} district seeds gave ${rows.length} districts`);
  }
  return new Map(rows.map((r) => [r.number, r.id]));
}

/**
 * Writes each district's description from the address points inside it: its streets, most
 * houses first, each with the range of odd and of even numbers.
 */
export async function describeDistricts(tx: Queryable, electionId: number): Promise<void> {
  await tx.query(
    `WITH house AS (
       SELECT d.id, a.street_uk, substring(a.house_number FROM '^[0-9]+')::integer AS n
       FROM electoral_district d
       JOIN address_point a ON a.municipality_id = d.municipality_id AND ST_Intersects(d.geom, a.geom)
       WHERE d.election_id = $1
     ), side AS (
       SELECT id, street_uk, n % 2 AS odd_even, min(n) AS lo, max(n) AS hi, count(*) AS houses
       FROM house GROUP BY id, street_uk, n % 2
     ), street AS (
       SELECT id, street_uk, sum(houses) AS houses,
              street_uk || ', ' || string_agg(CASE WHEN lo = hi THEN lo::text ELSE lo || '–' || hi END, ', '
                                              ORDER BY odd_even DESC) AS text
       FROM side GROUP BY id, street_uk
     )
     UPDATE electoral_district d
     SET description_uk = s.text
     FROM (SELECT id, string_agg(text, '; ' ORDER BY houses DESC, street_uk) AS text FROM street GROUP BY id) s
     WHERE d.id = s.id`,
    [electionId],
  );
}
