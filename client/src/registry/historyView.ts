/**
 * An object's history as a person reads it (issue 9): one entry per write — when, who, and what
 * happened in words ("Дозвіл змінено", "Сторно оплати") — then one line per changed field with
 * the field's label, the owner's or type's name instead of an id or a code, dates as dd.mm.yyyy,
 * statuses and kinds in words, money in hryvnias; Ukrainian or English with the page.
 */
import type { Text } from '../catalog.js';
import { el } from '../dom.js';
import { formatDate, formatDateTime, formatNumber } from '../format.js';
import { language, pick, say } from '../i18n.js';
import { OWNER_KINDS, PERMIT_KINDS, PERMIT_STATUSES } from '../../../server/rules/registry.js';
import type { FieldChange, HistoryEntry } from './api.js';
import { FIELD_LABELS, M } from './messages.js';

/** Labels of a permit's, a payment's and a photo's own fields (an object's are FIELD_LABELS). */
const CHILD_LABELS: Record<string, Record<string, Text>> = {
  permit: {
    kind: { uk: 'Вид документа', en: 'Kind of document' },
    number: FIELD_LABELS.permit_number,
    issued_on: FIELD_LABELS.permit_issued_on,
    valid_from: FIELD_LABELS.permit_valid_from,
    valid_until: FIELD_LABELS.permit_valid_until,
    decision: FIELD_LABELS.permit_decision,
    status: { uk: 'Статус', en: 'Status' },
    contract_number: { uk: 'Номер договору', en: 'Contract number' },
    contract_date: { uk: 'Дата договору', en: 'Contract date' },
  },
  payment: {
    amount_uah: FIELD_LABELS.amount_uah,
    paid_on: FIELD_LABELS.paid_on,
    period_from: FIELD_LABELS.period_from,
    period_to: FIELD_LABELS.period_to,
    document: FIELD_LABELS.document,
    corrects_payment_id: { uk: 'Виправляє оплату №', en: 'Corrects payment No.' },
    correction_reason: { uk: 'Причина виправлення', en: 'Reason for the correction' },
  },
  registry_photo: {
    caption: { uk: 'Підпис', en: 'Caption' },
    content_type: { uk: 'Формат', en: 'Format' },
    byte_size: { uk: 'Розмір, байт', en: 'Size, bytes' },
  },
};

const WORDS: Record<string, readonly { value: string; label: Text }[]> = { status: PERMIT_STATUSES, kind: [...PERMIT_KINDS, ...OWNER_KINDS] };
const MONEY = new Set(['amount_uah', 'monthly_fee_uah']);

const ACTIONS: Record<string, Text> = {
  'registry_object:create': { uk: 'Об’єкт додано', en: 'Object added' },
  'registry_object:update': { uk: 'Об’єкт змінено', en: 'Object changed' },
  'registry_object:delete': { uk: 'Об’єкт видалено', en: 'Object deleted' },
  'permit:create': { uk: 'Дозвіл додано', en: 'Permit added' },
  'permit:update': { uk: 'Дозвіл змінено', en: 'Permit changed' },
  'payment:create': { uk: 'Оплату додано', en: 'Payment added' },
  'registry_photo:create': { uk: 'Фото додано', en: 'Photo added' },
  'registry_photo:delete': { uk: 'Фото видалено', en: 'Photo removed' },
};
const REVERSAL: Text = { uk: 'Сторно оплати (виправлення)', en: 'Payment reversed (correction)' };
const CORRECTED: Text = { uk: 'Виправлена оплата', en: 'Corrected payment' };
const YES: Text = { uk: 'так', en: 'yes' };
const NO: Text = { uk: 'ні', en: 'no' };
const POINT: Text = { uk: 'точка {lat}, {lon}', en: 'point {lat}, {lon}' };
const POLYGON: Text = { uk: 'контур з {n} вершин', en: 'a footprint of {n} vertices' };

function labelOf(entity: string, field: string): string {
  const text = CHILD_LABELS[entity]?.[field] ?? FIELD_LABELS[field];
  return text ? pick(text) : field;
}

function geometryText(g: { type?: string; coordinates?: unknown }): string {
  if (g.type === 'Point') {
    const [lon, lat] = g.coordinates as number[];
    return say(POINT, { lat: lat.toFixed(6), lon: lon.toFixed(6) });
  }
  const rings = g.type === 'Polygon' ? (g.coordinates as number[][][]) : ((g.coordinates as number[][][][]) ?? []).flat();
  return say(POLYGON, { n: rings.reduce((n, r) => n + Math.max(0, r.length - 1), 0) });
}

/** One value as a person reads it. */
export function historyValue(field: string, value: unknown, label?: { uk: string; en: string } | null): string {
  if (label) return pick(label);
  if (value === null || value === undefined || value === '') return pick(M.empty);
  if (typeof value === 'boolean') return pick(value ? YES : NO);
  if (typeof value === 'object') return geometryText(value as { type?: string });
  if (typeof value === 'number' && MONEY.has(field)) {
    return `${formatNumber(value, language(), { decimals: 2, grouped: true })} ${language() === 'en' ? 'UAH' : 'грн'}`;
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  if (typeof value === 'string' && WORDS[field]) {
    const word = WORDS[field].find((w) => w.value === value);
    if (word) return pick(word.label);
  }
  return String(value);
}

/** What the entry did, in words. */
export function historyAction(entry: HistoryEntry): string {
  if (entry.entity === 'payment' && entry.action === 'create') {
    const amount = entry.changes.find((c) => c.field === 'amount_uah')?.to;
    const corrects = entry.changes.find((c) => c.field === 'corrects_payment_id')?.to;
    if (typeof amount === 'number' && amount < 0) return pick(REVERSAL);
    if (corrects) return pick(CORRECTED);
  }
  const words = ACTIONS[`${entry.entity}:${entry.action}`];
  const action = words ? pick(words) : `${entry.entity} · ${entry.action}`;
  return entry.import_file ? say(M.byImport, { action, file: entry.import_file }) : action;
}

/** One line per change: "Label: from → to" for an edit; "Label: value" for what a create set. */
export function historyChanges(entry: HistoryEntry): HTMLUListElement {
  const creating = entry.action === 'create';
  const shown = creating ? entry.changes.filter((c) => c.to !== null && c.to !== '') : entry.changes;
  return el('ul', { class: 'changes' }, shown.map((c: FieldChange) => el('li', { 'data-field': c.field }, [
    el('span', { class: 'change-field' }, [labelOf(entry.entity, c.field)]), ': ',
    ...(creating ? [] : [el('span', { class: 'change-from' }, [historyValue(c.field, c.from, c.from_label)]), ' → ']),
    el('span', { class: 'change-to' }, [historyValue(c.field, c.to, c.to_label)]),
  ])));
}

/** The whole history, newest first. */
export function historyList(entries: HistoryEntry[]): HTMLOListElement {
  return el('ol', { class: 'history' }, entries.map((entry) => el('li', {}, [
    el('p', { class: 'history-who' }, [say(M.historyBy, {
      when: formatDateTime(entry.at), who: entry.user ?? entry.login ?? pick(M.unknownUser), action: historyAction(entry),
    })]),
    historyChanges(entry),
  ])));
}
