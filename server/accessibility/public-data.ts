/**
 * What the public faces of the accessibility map read: a facility with its entrances (pub_*
 * views only, so nothing private can leak), its facts for the rules, the building it is in, and
 * the nearest facilities serving a need (PostGIS KNN).
 */
import type { Queryable } from '../db/database.js';
import type { EntranceFacts, FacilityFacts, FacilityFeature, Need } from '../rules/accessibility.js';

export interface PublicEntrance extends EntranceFacts {
  id: number;
  facility_id: number;
  is_main: boolean;
  name: string | null;
  ramp_removable: boolean | null;
  door_type: string | null;
  surveyed_on: string | null;
  lon: number;
  lat: number;
  /** Photos of what was measured (GET …/photos/{id}). */
  photos?: { id: number; caption: string | null }[];
}

export type PublicFacility = Omit<FacilityFacts, 'entrances'> & Record<string, unknown> & {
  id: number;
  name: string;
  category: string;
  address: string | null;
  lon: number;
  lat: number;
  entrances: PublicEntrance[];
};

const FACILITY_SELECT = `SELECT f.*, ST_X(f.geom) AS lon, ST_Y(f.geom) AS lat FROM pub_facilities f`;

/** Facilities of a hromada with their entrances, by id (one card) or all, by keyset pages (exports). */
export async function publicFacilities(db: Queryable, municipalityId: number, which: { id: number } | { after: number; limit: number }): Promise<PublicFacility[]> {
  const byId = 'id' in which;
  const { rows } = await db.query<PublicFacility & { geom?: unknown }>(
    byId
      ? `${FACILITY_SELECT} WHERE f.municipality_id = $1 AND f.id = $2`
      : `${FACILITY_SELECT} WHERE f.municipality_id = $1 AND f.id > $2 ORDER BY f.id LIMIT $3`,
    byId ? [municipalityId, which.id] : [municipalityId, which.after, which.limit],
  );
  if (rows.length === 0) return [];
  const { rows: entrances } = await db.query<PublicEntrance & { geom?: unknown }>(
    `SELECT e.*, ST_X(e.geom) AS lon, ST_Y(e.geom) AS lat FROM pub_facility_entrances e
     WHERE e.municipality_id = $1 AND e.facility_id = ANY($2::integer[]) ORDER BY e.facility_id, e.is_main DESC, e.id`,
    [municipalityId, rows.map((r) => r.id)],
  );
  const { rows: photos } = await db.query<{ id: number; entrance_id: number; caption: string | null }>(
    `SELECT id, entrance_id, caption FROM pub_facility_photos WHERE municipality_id = $1 AND facility_id = ANY($2::integer[]) ORDER BY id`,
    [municipalityId, rows.map((r) => r.id)],
  );
  const byFacility = new Map<number, PublicEntrance[]>();
  for (const { geom: _g, municipality_id: _m, ...e } of entrances as (PublicEntrance & { geom?: unknown; municipality_id?: number })[]) {
    const list = byFacility.get(e.facility_id) ?? [];
    list.push({ ...e, photos: photos.filter((p) => p.entrance_id === e.id).map(({ id, caption }) => ({ id, caption })) });
    byFacility.set(e.facility_id, list);
  }
  return rows.map(({ geom: _g, municipality_id: _m, ...f }) => ({ ...(f as PublicFacility), entrances: byFacility.get(f.id) ?? [] }));
}

/** The base map's building a facility is in (migration 0043): what its card says and the map outlines. */
export interface FacilityBuilding {
  id: number;
  address: string | null;
  levels: number | null;
  /** The footprint, GeoJSON in WGS 84. */
  geometry: { type: 'MultiPolygon'; coordinates: number[][][][] };
}

export async function facilityBuilding(db: Queryable, municipalityId: number, buildingId: number | null): Promise<FacilityBuilding | null> {
  if (buildingId === null) return null;
  const { rows } = await db.query<FacilityBuilding>(
    `SELECT id, address, levels, ST_AsGeoJSON(geom, 7)::json AS geometry FROM pub_buildings WHERE municipality_id = $1 AND id = $2`,
    [municipalityId, buildingId]);
  return rows[0] ?? null;
}

export interface NearestFacility {
  id: number;
  name: string;
  category: string;
  address: string | null;
  grade: string;
  distance_m: number;
  lon: number;
  lat: number;
}

export interface NearestSearch {
  lon: number;
  lat: number;
  need: Need;
  atLeast: 'full' | 'partial';
  category?: string;
  features: readonly FacilityFeature[];
  limit: number;
}

/** The grade column of each need: identifiers from this allowlist only. */
const GRADE_COLUMN: Record<Need, string> = {
  wheelchair: 'grade_wheelchair', mobility: 'grade_mobility', vision: 'grade_vision', hearing: 'grade_hearing',
};

/**
 * The nearest facilities that serve a need, ranked by true distance in metres. The KNN operator
 * `<->` on the geography expression index (migration 0041) walks the index from the point
 * outwards and stops after `limit` matches, so the cost does not grow with the hromada's size
 * (test/accessibility/bench-nearest.ts measures it over 100,000 facilities).
 */
export async function nearestFacilities(db: Queryable, municipalityId: number, q: NearestSearch): Promise<NearestFacility[]> {
  const grade = GRADE_COLUMN[q.need];
  const params: unknown[] = [municipalityId, q.lon, q.lat, q.atLeast === 'full' ? ['full'] : ['full', 'partial'], q.limit];
  let where = `f.municipality_id = $1 AND f.${grade} = ANY($4::text[])`;
  if (q.category) {
    params.push(q.category);
    where += ` AND f.category = $${params.length}`;
  }
  // feature names are checked against FACILITY_FEATURES (isFacilityFeature) before they come here
  for (const feature of q.features) where += ` AND f.${feature} IS TRUE`;
  const { rows } = await db.query<NearestFacility>(
    `SELECT f.id, f.name, f.category, f.address, f.${grade} AS grade,
            round(ST_Distance(f.geom::geography, p.g))::integer AS distance_m, ST_X(f.geom) AS lon, ST_Y(f.geom) AS lat
     FROM pub_facilities f, (SELECT ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography AS g) p
     WHERE ${where}
     ORDER BY f.geom::geography <-> p.g, f.id
     LIMIT $5`,
    params,
  );
  return rows;
}
