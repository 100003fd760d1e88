/**
 * Many facilities with their entrances at once, set-based: the demo generator and the importer
 * write through here, the survey API through facilities.ts; both end in regrade() and an audit
 * row, so a facility reads the same whoever wrote it; the building each is in is found by
 * building_at() (migration 0043), as facilities.ts finds it. One audit row per batch (action 'import',
 * the ids written), as the registry's import does: a hundred thousand rows need no hundred
 * thousand snapshots to be traceable.
 */
import type { Queryable } from '../../db/database.js';
import { recordChange } from '../../audit/audit.js';
import type { EntranceFacts } from '../../rules/accessibility.js';
import { regrade } from './grading.js';
import type { Actor, Written } from './write.js';

export interface BulkEntrance extends Partial<EntranceFacts> {
  is_main: boolean;
  name?: string | null;
  ramp_removable?: boolean | null;
  door_type?: string | null;
  surveyed_on?: string | null;
  /** [lon, lat] of the door; absent: the facility's point. */
  at?: [number, number] | null;
}

export interface BulkFacility {
  /** A reserved id (the demo), or absent: the sequence's next. */
  id?: number;
  name: string;
  category: string;
  address: string | null;
  lon: number;
  lat: number;
  external_id: string | null;
  survey_source: string | null;
  surveyed_on: string | null;
  notes: string | null;
  /** Inside and parking facts (FACILITY_EDITABLE names), null where not known. */
  facts: Record<string, boolean | number | string | null>;
  entrances: BulkEntrance[];
}

const FACT_COLUMNS = [
  ['operator', 'text'], ['phone', 'text'], ['website', 'text'], ['opening_hours', 'text'],
  ['elevator', 'boolean'], ['elevator_cabin_width_cm', 'smallint'], ['elevator_cabin_depth_cm', 'smallint'],
  ['elevator_braille', 'boolean'], ['elevator_voice', 'boolean'], ['accessible_toilet', 'boolean'], ['toilet_grab_rails', 'boolean'],
  ['toilet_turning_cm', 'smallint'], ['tactile_paving', 'boolean'], ['braille_signage', 'boolean'], ['large_print_signage', 'boolean'],
  ['hearing_loop', 'boolean'], ['sign_language', 'boolean'], ['staff_help', 'boolean'], ['accessible_parking', 'boolean'],
  ['parking_spaces', 'smallint'], ['parking_distance_m', 'smallint'],
] as const;

const ENTRANCE_COLUMNS = [
  ['is_main', 'boolean'], ['name', 'text'], ['level', 'boolean'], ['step_count', 'smallint'], ['step_height_cm', 'numeric'],
  ['ramp', 'boolean'], ['ramp_removable', 'boolean'], ['ramp_slope_pct', 'numeric'], ['ramp_width_cm', 'smallint'],
  ['ramp_handrails', 'boolean'], ['door_width_cm', 'smallint'], ['door_type', 'text'], ['threshold_height_cm', 'numeric'],
  ['automatic_door', 'boolean'], ['call_button', 'boolean'], ['call_button_height_cm', 'smallint'], ['intercom', 'boolean'],
  ['tactile_guidance', 'boolean'], ['surveyed_on', 'date'],
] as const;

const CHUNK = 2000;

/** Inserts the facilities and their entrances, grades them; returns their ids in input order. */
export async function insertFacilities(tx: Queryable, written: Written, actor: Actor, facilities: readonly BulkFacility[], source: string): Promise<number[]> {
  const m = actor.municipalityId;
  const ids: number[] = [];
  for (let start = 0; start < facilities.length; start += CHUNK) {
    const chunk = facilities.slice(start, start + CHUNK);
    // ids: reserved ones as given, the others from the sequence in one call
    const { rows: fresh } = await tx.query<{ id: number }>(
      `SELECT nextval('facility_id_seq')::integer AS id FROM generate_series(1, $1)`, [chunk.filter((f) => f.id === undefined).length]);
    let next = 0;
    const chunkIds = chunk.map((f) => f.id ?? fresh[next++].id);
    const col = (get: (f: BulkFacility) => unknown) => chunk.map(get);
    const params: unknown[] = [
      m, chunkIds, col((f) => f.name), col((f) => f.category), col((f) => f.address), col((f) => f.lon), col((f) => f.lat),
      col((f) => f.external_id), col((f) => f.survey_source), col((f) => f.surveyed_on), col((f) => f.notes),
      ...FACT_COLUMNS.map(([c]) => col((f) => f.facts[c] ?? null)),
    ];
    const names = ['id', 'name', 'category', 'address', 'lon', 'lat', 'external_id', 'survey_source', 'surveyed_on', 'notes', ...FACT_COLUMNS.map(([c]) => c)];
    const types = ['integer', 'text', 'text', 'text', 'float8', 'float8', 'text', 'text', 'date', 'text', ...FACT_COLUMNS.map(([, t]) => t)];
    await tx.query(
      `INSERT INTO facility (municipality_id, geom, building_id, ${names.filter((n) => n !== 'lon' && n !== 'lat').join(', ')})
       SELECT $1, ST_SetSRID(ST_MakePoint(lon, lat), 4326), building_at($1, ST_SetSRID(ST_MakePoint(lon, lat), 4326)),
              ${names.filter((n) => n !== 'lon' && n !== 'lat').join(', ')}
       FROM unnest(${types.map((t, i) => `$${i + 2}::${t}[]`).join(', ')}) AS u(${names.join(', ')})`,
      params,
    );
    const entrances = chunk.flatMap((f, i) => f.entrances.map((e) => ({ facility: chunkIds[i], e })));
    if (entrances.length > 0) {
      await tx.query(
        `INSERT INTO facility_entrance (municipality_id, facility_id, geom, ${ENTRANCE_COLUMNS.map(([c]) => c).join(', ')})
         SELECT $1, facility_id, CASE WHEN lon IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(lon, lat), 4326) END, ${ENTRANCE_COLUMNS.map(([c]) => c).join(', ')}
         FROM unnest($2::integer[], $3::float8[], $4::float8[], ${ENTRANCE_COLUMNS.map(([, t], i) => `$${i + 5}::${t}[]`).join(', ')})
              AS u(facility_id, lon, lat, ${ENTRANCE_COLUMNS.map(([c]) => c).join(', ')})`,
        [m, entrances.map((x) => x.facility), entrances.map((x) => x.e.at?.[0] ?? null), entrances.map((x) => x.e.at?.[1] ?? null),
          ...ENTRANCE_COLUMNS.map(([c]) => entrances.map((x) => (x.e as unknown as Record<string, unknown>)[c] ?? null))],
      );
      written.wrote('facility_entrance');
    }
    written.wrote('facility');
    await regrade(tx, written, m, chunkIds);
    ids.push(...chunkIds);
  }
  await recordChange(tx, {
    municipalityId: m, userId: actor.userId, entity: 'facility', entityId: `import:${source}`, action: 'import',
    after: { source, facilities: ids.length, entrances: facilities.reduce((n, f) => n + f.entrances.length, 0) },
  });
  return ids;
}
