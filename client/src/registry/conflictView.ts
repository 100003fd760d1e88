/**
 * What another editor changed, as a 409 from the registry (server/registry/concurrency.ts) or
 * an object's history tells it: who, when, and each field from → to, in the field's own words.
 */
import { el } from '../dom.js';
import { formatDateTime } from '../format.js';
import { pick, say } from '../i18n.js';
import type { FieldChange, HistoryEntry } from './api.js';
import { FIELD_LABELS, M } from './messages.js';

export function valueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return pick(M.empty);
  if (typeof value === 'object') return (value as { type?: string }).type === 'Point' ? (value as { coordinates: number[] }).coordinates.map((c) => c.toFixed(6)).join(', ') : JSON.stringify(value).slice(0, 60);
  return String(value);
}

/** One list of field changes: "Адреса: вул. Ринкова, 1 → вул. Ринкова, 3". */
export function changeList(changes: FieldChange[]): HTMLUListElement {
  return el('ul', { class: 'changes' }, changes.map((c) => el('li', { 'data-field': c.field }, [
    el('span', { class: 'change-field' }, [FIELD_LABELS[c.field] ? pick(FIELD_LABELS[c.field]) : c.field]), ': ',
    el('span', { class: 'change-from' }, [valueText(c.from)]), ' → ',
    el('span', { class: 'change-to' }, [valueText(c.to)]),
  ])));
}

/** The body of a conflict notice from the 409's problem document. */
export function conflictView(problem: Record<string, unknown>): HTMLElement[] {
  const changes = (problem.changes as HistoryEntry[] | undefined) ?? [];
  const nodes: HTMLElement[] = [el('h3', { class: 'conflict-title', tabindex: '-1' }, [pick(M.conflictTitle)])];
  for (const entry of changes) {
    nodes.push(el('p', { class: 'conflict-who' }, [say(M.conflictWho, { who: entry.user ?? entry.login ?? pick(M.unknownUser), when: formatDateTime(entry.at) })]));
    nodes.push(changeList(entry.changes));
  }
  if (changes.length === 0 && typeof problem.detail === 'string') nodes.push(el('p', {}, [problem.detail]));
  return nodes;
}
