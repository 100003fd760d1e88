import { describe, expect, test } from '@jest/globals';
import { collectionById } from '../../server/catalog/collections.js';
import { Cql2Error, parseCql2 } from '../../server/ogc/cql2.js';
import { filterToSql, SqlParams } from '../../server/ogc/cql2-sql.js';
import { CRS84, crsByName, type Crs } from '../../server/ogc/crs.js';

const maf = collectionById('maf')!;
const comments = collectionById('comments')!;

function translate(filter: string, { collection = maf, crs = CRS84 }: { collection?: typeof maf; crs?: Crs } = {}) {
  const params = new SqlParams([42]);
  const sql = filterToSql(parseCql2(filter), { collection, params, filterCrs: crs });
  return { sql, values: params.values };
}

function failure(filter: string, collection = maf): Cql2Error {
  try {
    translate(filter, { collection });
  } catch (error) {
    if (error instanceof Cql2Error) return error;
    throw error;
  }
  throw new Error(`expected ${filter} to be refused`);
}

describe('CQL2 to SQL', () => {
  test('puts every value in a parameter after those already taken, cast to its type', () => {
    const { sql, values } = translate("legality = 'expired' AND monthly_fee_uah > 1.5e2");
    expect(sql).toBe('((t."legality" = $2::text) AND (t."monthly_fee_uah" > $3::numeric))');
    expect(values).toEqual([42, 'expired', '1.5e2']);
  });

  test('keeps an injection attempt inside one string parameter', () => {
    const { sql, values } = translate("owner_name = 'x'' OR 1=1 --'");
    expect(sql).toBe('(t."owner_name" = $2::text)');
    expect(values[1]).toBe("x' OR 1=1 --");
  });

  test('names only catalog columns, and refuses names that are not queryables', () => {
    expect(failure('rnokpp = 1')).toMatchObject({ position: 1 });
    expect(failure("id = 1 OR owner_contact = 'a'").reason).toMatch(/'owner_contact' is not a queryable/);
    expect(failure('"t.id; DROP TABLE owner" = 1').reason).toMatch(/is not a queryable/);
  });

  test('refuses comparisons of different types, pointing at the right side', () => {
    expect(failure("legality > 5")).toMatchObject({ position: 12 });
    expect(failure("width_m = 'two'").reason).toMatch(/cannot compare a number with text/);
    expect(failure("owner_name LIKE 5").reason).toBe('LIKE compares text only');
  });

  test('translates NOT, IN, BETWEEN, LIKE, IS NULL and CASEI', () => {
    expect(translate("NOT (legality IN ('legal', 'expiring'))").sql).toBe('(NOT (t."legality" IN ($2::text, $3::text)))');
    expect(translate('width_m NOT BETWEEN 1 AND 1').sql).toBe('(t."width_m" NOT BETWEEN $2::numeric AND $3::numeric)');
    expect(translate("CASEI(address) LIKE CASEI('%ШЕВЧЕНКА%')").sql).toBe('(lower(t."address") LIKE lower($2::text))');
    expect(translate('dismantled_on IS NULL').sql).toBe('(t."dismantled_on" IS NULL)');
    expect(translate('TRUE AND id = 7').sql).toBe('(TRUE AND (t."id" = $2::numeric))');
  });

  test('compares dates and timestamps, reading a quoted string next to one as a date or a timestamp', () => {
    expect(translate("permit_valid_until < DATE('2025-01-01')").sql).toBe('(t."permit_valid_until" < $2::date)');
    expect(translate("permit_valid_until < '2025-01-01'").sql).toBe('(t."permit_valid_until" < $2::date)');
    expect(translate("created_at >= '2025-01-01T10:00:00Z'", { collection: comments }).sql).toBe('(t."created_at" >= $2::timestamptz)');
    // a day meets a timestamp at midnight UTC, whatever the database's time zone
    expect(translate("created_at >= DATE('2025-01-01')", { collection: comments }).sql)
      .toBe(`(t."created_at" >= ($2::date::timestamp AT TIME ZONE 'UTC'))`);
    expect(failure("permit_valid_until < 'soon'").reason).toMatch(/neither a date/);
  });

  test('builds literal geometries from numbers in parameters, in storage CRS', () => {
    const box = translate('S_INTERSECTS(geom, BBOX(37.5, 48.8, 37.7, 48.9))');
    expect(box.sql).toBe('ST_Intersects(t."geom", ST_MakeEnvelope($2::float8, $3::float8, $4::float8, $5::float8, 4326))');
    expect(box.values.slice(1)).toEqual([37.5, 48.8, 37.7, 48.9]);
    const point = translate('S_CONTAINS(geometry, POINT(37.6 48.85))');
    expect(point.sql).toBe('ST_Contains(t."geom", ST_GeomFromText($2::text, 4326))');
    expect(point.values[1]).toBe('POINT(37.6 48.85)');
  });

  test('reads literal geometries in the axis order of filter-crs and transforms them', () => {
    const latLon = translate('S_INTERSECTS(geom, BBOX(48.8, 37.5, 48.9, 37.7))', { crs: crsByName('EPSG:4326')! });
    expect(latLon.values.slice(1)).toEqual([37.5, 48.8, 37.7, 48.9]);
    const ucs = translate('S_INTERSECTS(geom, POINT(5413990.97 197362.48))', { crs: crsByName('EPSG:6387')! });
    expect(ucs.sql).toBe('ST_Intersects(t."geom", ST_Transform(ST_GeomFromText($2::text, 6387), 4326))');
    expect(ucs.values[1]).toBe('POINT(197362.48 5413990.97)');
  });

  test('refuses geographic positions out of range and non-geometry properties in spatial functions', () => {
    expect(failure('S_INTERSECTS(geom, POINT(37.6 148.85))').reason).toMatch(/outside the range/);
    expect(failure('S_INTERSECTS(address, POINT(37.6 48.85))').reason).toMatch(/'address' is not a geometry/);
    expect(failure("geom = 'x'").reason).toMatch(/geom is a geometry/);
  });
});
