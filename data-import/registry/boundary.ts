import type { Queryable } from '../../server/db/database.js';
import { insideHromada } from '../../server/municipalities/boundary.js';
import type { ImportBatch } from './batch.js';
import type { SourceCrs } from '../kit/crs.js';
import { swapAxes, toWgs84Wkt } from '../kit/geometry.js';
import { lineRanges, type Notice, type RowProblem } from '../kit/report.js';

/**
 * Every staged row, and every bad row whose place could be read, must stand in the hromada by the
 * registry's one rule (server/registry/core/boundary.ts: the whole point or footprint inside, the
 * boundary line included), the same the editor API applies. One set-based query checks all rows; footprints
 * are checked for validity first, since a self-intersecting polygon is a drawing error to report,
 * not a shape to reason about.
 *
 * A row outside is then tried with its two coordinates exchanged — the commonest mistake in these
 * files, especially with geodetic data where X is the northing. If the exchanged pair lands inside,
 * the problem is named as a swap; that second query runs for the rows outside only.
 */

interface OutsideRow {
  line: number;
  invalid_reason: string | null;
  lon: number | null;
  lat: number | null;
}

export interface BoundaryFindings {
  problems: RowProblem[];
  notices: Notice[];
  /** Every row lands inside once its X and Y are exchanged: the file is in the other axis order. */
  wholeFileSwapped: boolean;
}

export async function checkInsideHromada(tx: Queryable, municipalityId: number, batch: ImportBatch, crs: SourceCrs): Promise<BoundaryFindings> {
  const { rows: outside } = await tx.query<OutsideRow>(
    `WITH checked AS (
       SELECT r.line, r.geom,
              CASE WHEN GeometryType(r.geom) <> 'POINT' AND NOT ST_IsValid(r.geom) THEN ST_IsValidReason(r.geom) END AS invalid_reason
       FROM (SELECT line, geom FROM import_row UNION ALL SELECT line, geom FROM import_place) r
     )
     SELECT c.line, c.invalid_reason,
            ST_X(ST_PointOnSurface(c.geom)) AS lon, ST_Y(ST_PointOnSurface(c.geom)) AS lat
     FROM checked c, municipality m
     WHERE m.id = $1 AND (c.invalid_reason IS NOT NULL OR NOT ${insideHromada('c.geom', 'm.boundary')})
     ORDER BY c.line`,
    [municipalityId],
  );
  const problems: RowProblem[] = [];
  const notices: Notice[] = [];
  if (outside.length === 0) return { problems, notices, wholeFileSwapped: false };

  // The swapped alternative of each row outside, transformed in Node (the CRS may be a proj4
  // string PostGIS does not know), then checked in one query.
  const swapped = { lines: [] as number[], wkts: [] as string[] };

  for (const row of outside) {
    if (row.invalid_reason !== null) continue;
    const place = batch.places.get(row.line)!;
    const wkt = toWgs84Wkt(swapAxes(place.source), crs);
    if (wkt.ok) {
      swapped.lines.push(row.line);
      swapped.wkts.push(wkt.value);
    }
  }
  const { rows: swapInside } = await tx.query<{ line: number }>(
    `SELECT u.line FROM unnest($2::integer[], $3::text[]) AS u(line, wkt), municipality m
     WHERE m.id = $1 AND ${insideHromada('ST_GeomFromText(u.wkt, 4326)', 'm.boundary')}`,
    [municipalityId, swapped.lines, swapped.wkts],
  );
  const isSwap = new Set(swapInside.map((r) => r.line));

  // The whole file in the other order is one fact about the file, said once, with its lines;
  // the import then waits for the user to confirm the order (axisOrder 'north-east').
  if (isSwap.size > 0 && isSwap.size === outside.length && isSwap.size === batch.placesChecked && !crs.geographic) {
    const first = batch.places.get(outside[0].line)!;
    const [a, b] = first.labels.length === 2 ? first.labels : ['X', 'Y'];
    problems.push({
      line: null, lines: lineRanges(outside.map((r) => r.line)), field: first.fields, fields: first.labels, value: null, code: 'axis_order',
      uk: `у всіх ${isSwap.size} рядках ${a} і ${b} переставлені: так пишуть у геодезії, де X — північ, Y — схід. Якщо файл саме такий, підтвердьте порядок осей (X — північ: --axis-order north-east або вибір у формі імпорту) і повторіть`,
      en: `in all ${isSwap.size} rows ${a} and ${b} are swapped: geodesy writes X as the northing, Y as the easting. If the file is so, confirm the axis order (X is the northing: --axis-order north-east, or the choice in the import form) and run it again`,
    });
    return { problems, notices, wholeFileSwapped: true };
  }

  for (const row of outside) {
    const place = batch.places.get(row.line)!;
    const at = { line: row.line, field: place.fields, fields: place.labels, value: place.text };
    if (row.invalid_reason !== null) {
      problems.push({ ...at, code: 'invalid_polygon', uk: `некоректний полігон: ${row.invalid_reason}`, en: `invalid polygon: ${row.invalid_reason}` });
    } else if (isSwap.has(row.line)) {
      const [a, b] = place.labels.length === 2 ? place.labels : ['x', 'y'];
      problems.push({
        ...at, code: 'swapped_axes',
        uk: `координати поза межами громади; схоже, ${a} і ${b} переставлені місцями`,
        en: `coordinates outside the hromada; ${a} and ${b} look swapped`,
      });
    } else {
      problems.push({ ...at, code: 'outside', uk: 'координати поза межами громади', en: 'coordinates outside the hromada' });
    }
  }

  if (isSwap.size === 0 && outside.length === batch.placesChecked && outside[0].lon !== null) {
    notices.push({
      line: null,
      uk: `жоден рядок не потрапив у межі громади; перевірте систему координат (--crs ${crs.label}): перший рядок лягає на ${outside[0].lat!.toFixed(4)}° пн. ш., ${outside[0].lon!.toFixed(4)}° сх. д.`,
      en: `no row lands inside the hromada; check the CRS (--crs ${crs.label}): the first row lands at latitude ${outside[0].lat!.toFixed(4)}, longitude ${outside[0].lon!.toFixed(4)}`,
    });
  }
  return { problems, notices, wholeFileSwapped: false };
}
