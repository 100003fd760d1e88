/**
 * The WHERE clause of an items request: the hromada first (one hromada never sees another's
 * rows), then bbox, datetime, property equality filters and the CQL2 filter, each a
 * parameterised condition on the view aliased `t`.
 */
import type { Collection, PropertyType } from '../catalog/collections.js';
import { Cql2Error } from './cql2.js';
import { column, filterToSql, SqlParams } from './cql2-sql.js';
import { geometryToStorage } from './crs.js';
import { filterError, type DatetimeFilter, type ItemsQuery, type TimeBound } from './params.js';

/** How a query-parameter value (text) is cast for a column of each catalog type. */
export const SQL_TYPE: Record<PropertyType, string> = {
  string: 'text', integer: 'bigint', number: 'numeric', boolean: 'boolean', date: 'date', datetime: 'timestamptz',
};

export interface Where {
  sql: string;
  params: SqlParams;
}

export function whereClause(collection: Collection, municipalityId: number, query: ItemsQuery): Where {
  const params = new SqlParams([municipalityId]);
  const conditions = ['t.municipality_id = $1'];

  if (query.bbox) {
    const { envelopes, crs } = query.bbox;
    const boxes = envelopes.map((box) => {
      const [x1, y1, x2, y2] = box.map((v) => `${params.add(v)}::float8`);
      const envelope = geometryToStorage(`ST_MakeEnvelope(${x1}, ${y1}, ${x2}, ${y2}, ${crs.srid})`, crs);
      return `ST_Intersects(${column('geom')}, ${envelope})`;
    });
    conditions.push(boxes.length === 1 ? boxes[0] : `(${boxes.join(' OR ')})`);
  }

  if (query.datetime && collection.temporalProperty) {
    const property = collection.properties.find((p) => p.name === collection.temporalProperty)!;
    conditions.push(datetimeCondition(column(property.name), property.type, query.datetime, params));
  }

  for (const { property, value } of query.properties) {
    conditions.push(`${column(property.name)} = ${params.add(value)}::${SQL_TYPE[property.type]}`);
  }

  if (query.filter) {
    try {
      conditions.push(filterToSql(query.filter.expression, { collection, params, filterCrs: query.filter.crs }));
    } catch (error) {
      if (error instanceof Cql2Error) throw filterError(error);
      throw error;
    }
  }
  return { sql: conditions.join(' AND '), params };
}

/**
 * `datetime` against the temporal property (Part 1, /req/core/fc-time-response: the feature's
 * time intersects the parameter). A date covers its whole day in UTC; an interval includes its
 * ends; a feature with no time never matches.
 */
function datetimeCondition(col: string, type: PropertyType, dt: DatetimeFilter, params: SqlParams): string {
  const parts = [`${col} IS NOT NULL`];
  if (type === 'date') {
    // a calendar-day property: compare days (an instant becomes its UTC day)
    const day = (b: TimeBound) => (b.kind === 'date' ? `${params.add(b.value)}::date` : `(${params.add(b.value)}::timestamptz AT TIME ZONE 'UTC')::date`);
    if (dt.start) parts.push(`${col} >= ${day(dt.start)}`);
    if (dt.end) parts.push(`${col} <= ${day(dt.end)}`);
    return `(${parts.join(' AND ')})`;
  }
  const startOf = (b: TimeBound) => (b.kind === 'date' ? `(${params.add(b.value)}::date::timestamp AT TIME ZONE 'UTC')` : `${params.add(b.value)}::timestamptz`);
  if (dt.start) parts.push(`${col} >= ${startOf(dt.start)}`);
  if (dt.end) {
    parts.push(dt.end.kind === 'date'
      ? `${col} < ((${params.add(dt.end.value)}::date + 1)::timestamp AT TIME ZONE 'UTC')`
      : `${col} <= ${params.add(dt.end.value)}::timestamptz`);
  }
  return `(${parts.join(' AND ')})`;
}
