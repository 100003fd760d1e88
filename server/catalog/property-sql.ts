/**
 * How each catalog property type travels, in every face: one SQL expression per type, used by the
 * OGC API (JSON, GeoJSON and the HTML pages drawn from them) and by the tile loader alike, so a
 * value reads the same in an item and in a tile, on both engines, whatever the session's TimeZone:
 *   date      'YYYY-MM-DD'
 *   datetime  RFC 3339 in UTC with a Z, whole seconds: '2026-05-26T09:30:00Z'
 *   the rest  as the column is (JSON numbers, booleans, strings).
 */
import type { PropertyType } from './collections.js';

const SERIALISE: Record<PropertyType, (sql: string) => string> = {
  string: (sql) => sql,
  integer: (sql) => sql,
  number: (sql) => sql,
  boolean: (sql) => sql,
  date: (sql) => `to_char(${sql}, 'YYYY-MM-DD')`,
  datetime: (sql) => `to_char(${sql} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
};

/** The SQL that reads `sql` (a quoted column) as a property of this type is published. */
export function propertyValueSql(type: PropertyType, sql: string): string {
  return SERIALISE[type](sql);
}
