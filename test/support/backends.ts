/**
 * Which databases the suite runs against: the embedded PGlite+PostGIS always, and
 * PostgreSQL+PostGIS too when DATABASE_URL is set. REQUIRE_PG=1 makes a missing DATABASE_URL a
 * failure instead of a quiet embedded-only run (CI sets it).
 */
export type BackendKind = 'embedded' | 'postgres';

export function backends(): BackendKind[] {
  if (process.env.REQUIRE_PG === '1' && !process.env.DATABASE_URL) {
    throw new Error('REQUIRE_PG=1 but DATABASE_URL is not set: the PostgreSQL+PostGIS half of the suite cannot run.');
  }
  return process.env.DATABASE_URL ? ['embedded', 'postgres'] : ['embedded'];
}
