/**
 * Optimistic concurrency. An editor's form carries the row_version it was loaded at; a save names
 * it. When the record has moved on meanwhile the save is refused with 409, and the refusal shows
 * the other editor's change — who, when, which fields from what to what — and the record as it
 * now stands, so the second editor is told and shown, and never silently overwrites the first.
 */
import type { Queryable } from '../db/database.js';
import { conflict } from '../errors.js';
import { changesSince } from './history.js';

export interface StaleEdit {
  municipalityId: number;
  /** audit_log entity: 'registry_object', 'owner', 'permit'. */
  entity: string;
  entityId: number;
  yourRowVersion: number;
  currentRowVersion: number;
  /** The record as it now is (the editor's view of it). */
  current: unknown;
}

const time = (at: Date) => at.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

/** Throws the 409 for a save made from a stale row_version; returns when the version is current. */
export async function requireCurrentVersion(tx: Queryable, edit: StaleEdit): Promise<void> {
  if (edit.yourRowVersion === edit.currentRowVersion) return;
  const changes = await changesSince(tx, edit.municipalityId, edit.entity, edit.entityId, edit.yourRowVersion);
  const last = changes[changes.length - 1];
  const who = last?.user ?? 'інший користувач (імпорт)';
  const fields = [...new Set(changes.flatMap((c) => c.changes.map((f) => f.field)))];
  const uk = last
    ? `Запис уже змінив(ла) ${who} ${time(last.at)}${fields.length ? ` (${fields.join(', ')})` : ''}. Ваші зміни не збережено: перегляньте поточні значення і внесіть їх ще раз.`
    : 'Запис уже змінено іншим користувачем. Ваші зміни не збережено: перегляньте поточні значення і внесіть їх ще раз.';
  const en = last
    ? `${last.user ?? 'Someone else (an import)'} changed this record at ${time(last.at)}${fields.length ? ` (${fields.join(', ')})` : ''}. Your changes were not saved: review the current values and make them again.`
    : 'Someone else changed this record. Your changes were not saved: review the current values and make them again.';
  throw conflict(`${uk} / ${en}`, {
    field: 'row_version',
    your_row_version: edit.yourRowVersion,
    current_row_version: edit.currentRowVersion,
    changed_by: last ? { name: last.user, login: last.login, at: last.at } : null,
    changes,
    current: edit.current,
  });
}
