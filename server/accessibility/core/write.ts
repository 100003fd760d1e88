/**
 * The one write path of the accessibility map. Every writer — the survey API, the importer, the
 * demo generator, a change of thresholds — changes its tables inside accessibilityWrite(), the
 * platform's writeAndMark() (server/catalog/write.ts): one transaction, then the facilities
 * collection marked. row_version, updated_at, the grades and the audit row are written by the
 * core's functions beside each statement (facilities.ts, entrances.ts, grading.ts, bulk.ts).
 */
import type { Actor } from '../../audit/audit.js';
import type { Queryable } from '../../db/database.js';
import { writeAndMark, Written as TablesWritten, type WriteStore } from '../../catalog/write.js';

export type { Actor };
export type AccessibilityTable = 'facility' | 'facility_entrance' | 'accessibility_threshold';
export type Written = TablesWritten<AccessibilityTable>;

export function accessibilityWrite<T>(store: WriteStore, actor: Actor, work: (tx: Queryable, written: Written) => Promise<T>): Promise<T> {
  return writeAndMark<AccessibilityTable, T>(store, actor, work);
}
