/**
 * Grading inside the write core: a hromada's thresholds read from the database (its own value
 * over the national default, migration 0040), the facts of some facilities read, graded by
 * server/rules/accessibility.ts, and the grades and derived features stored on the facilities.
 * Every write of facts ends with regrade() of what it touched; a change of thresholds regrades
 * the whole hromada. Set-based: one read and one UPDATE … FROM unnest for any number of rows.
 */
import type { Database, Queryable } from '../../db/database.js';
import { Written as TablesWritten } from '../../catalog/write.js';
import { gradeFacility, thresholdsFrom, type EntranceFacts, type FacilityFacts, type Thresholds } from '../../rules/accessibility.js';
import type { AccessibilityTable, Written } from './write.js';

export async function thresholdsOf(db: Queryable, municipalityId: number): Promise<Thresholds> {
  const { rows } = await db.query<{ code: string; value: number }>(
    'SELECT code, value FROM accessibility_thresholds WHERE municipality_id = $1', [municipalityId]);
  return thresholdsFrom(rows);
}

const ENTRANCE_COLUMNS = `level, step_count, step_height_cm, ramp, ramp_slope_pct, ramp_width_cm, ramp_handrails, door_width_cm,
  threshold_height_cm, automatic_door, call_button, call_button_height_cm, intercom, tactile_guidance`;
const FACILITY_COLUMNS = `elevator, elevator_voice, accessible_toilet, toilet_turning_cm, tactile_paving, braille_signage,
  large_print_signage, hearing_loop, sign_language, staff_help`;

/** The facts the rules read, of the facilities named (or all of the hromada's). */
export async function factsOf(db: Queryable, municipalityId: number, ids: readonly number[] | 'all'): Promise<Map<number, FacilityFacts>> {
  const which = ids === 'all' ? '' : 'AND f.id = ANY($2::integer[])';
  const params = ids === 'all' ? [municipalityId] : [municipalityId, ids];
  const { rows } = await db.query<FacilityFacts & { id: number }>(
    `SELECT f.id, ${FACILITY_COLUMNS.split(',').map((c) => `f.${c.trim()}`).join(', ')},
            COALESCE((SELECT json_agg(json_build_object(${ENTRANCE_COLUMNS.split(',').map((c) => `'${c.trim()}', e.${c.trim()}`).join(', ')}) ORDER BY e.is_main DESC, e.id)
                      FROM facility_entrance e WHERE e.facility_id = f.id), '[]'::json) AS entrances
     FROM facility f WHERE f.municipality_id = $1 ${which}`,
    params,
  );
  const facts = new Map<number, FacilityFacts>();
  for (const r of rows) {
    // json numbers arrive as numbers; numeric columns of the facility as numbers too (database.ts)
    const entrances = (r.entrances as EntranceFacts[]).map((e) => ({ ...e }));
    facts.set(r.id, { ...r, entrances });
  }
  return facts;
}

/** Grades these facilities (or all of the hromada's) with its thresholds and stores the result. */
export async function regrade(tx: Queryable, written: Written, municipalityId: number, ids: readonly number[] | 'all'): Promise<number> {
  const thresholds = await thresholdsOf(tx, municipalityId);
  const facts = await factsOf(tx, municipalityId, ids);
  if (facts.size === 0) return 0;
  const out = { id: [] as number[], w: [] as string[], m: [] as string[], v: [] as string[], h: [] as string[], s: [] as (boolean | null)[], c: [] as (boolean | null)[] };
  for (const [id, f] of facts) {
    const g = gradeFacility(f, thresholds);
    out.id.push(id);
    out.w.push(g.grades.wheelchair.grade);
    out.m.push(g.grades.mobility.grade);
    out.v.push(g.grades.vision.grade);
    out.h.push(g.grades.hearing.grade);
    out.s.push(g.stepFree);
    out.c.push(g.callButton);
  }
  // Only rows whose result changed are written: a regrade that changes nothing bumps no version.
  const { rowCount } = await tx.query(
    `UPDATE facility f SET grade_wheelchair = u.w, grade_mobility = u.m, grade_vision = u.v, grade_hearing = u.h,
            step_free_entrance = u.s, call_button = u.c, graded_at = now()
     FROM unnest($2::integer[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::boolean[]) AS u(id, w, m, v, h, s, c)
     WHERE f.id = u.id AND f.municipality_id = $1
       AND (f.graded_at IS NULL OR (f.grade_wheelchair, f.grade_mobility, f.grade_vision, f.grade_hearing, f.step_free_entrance, f.call_button)
            IS DISTINCT FROM (u.w, u.m, u.v, u.h, u.s, u.c))`,
    [municipalityId, out.id, out.w, out.m, out.v, out.h, out.s, out.c],
  );
  if (rowCount > 0) written.wrote('facility');
  return rowCount;
}

/**
 * Facilities never graded (rows from before migration 0040, which SQL alone cannot grade): graded
 * once, at the server's start, in one transaction; other processes hear it by NOTIFY.
 */
export async function gradeUngradedFacilities(db: Database): Promise<number> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ municipality_id: number; ids: number[] }>(
      'SELECT municipality_id, array_agg(id) AS ids FROM facility WHERE graded_at IS NULL GROUP BY municipality_id');
    let n = 0;
    for (const r of rows) n += await regrade(tx, new TablesWritten<AccessibilityTable>(), r.municipality_id, r.ids);
    return n;
  });
}
