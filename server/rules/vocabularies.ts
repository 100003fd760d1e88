/**
 * The closed lists of values the public faces show: each value's code, its labels in Ukrainian and
 * English, and its colour where the map colours by it. The catalog's legends, the CQL2 checks, the
 * OGC HTML pages and the map client all read these, so a value is named once. Part of
 * server/rules/: dependency-free, shared with the client.
 *
 * The codes are the database's own: test/catalog/contract.test.ts checks that the stored lists
 * (owner kinds, facility and comment categories, comment statuses) equal their tables' CHECK
 * constraints, and that every value a view shows, computed ones (legality, grades) included, is
 * in its list.
 */
import type { EnumValue } from './catalog.js';

/** Whether an object of the registry stands legally, as of the database's today (pub_registry). */
export const LEGALITY = [
  { value: 'legal', label: { uk: 'Законно', en: 'Legal' }, color: '#1a7f37' },
  { value: 'expiring', label: { uk: 'Дозвіл спливає (≤30 днів)', en: 'Permit expiring (≤30 days)' }, color: '#b35900' },
  { value: 'expired', label: { uk: 'Дозвіл прострочено', en: 'Permit expired' }, color: '#c62828' },
  { value: 'no_permit', label: { uk: 'Без дозволу', en: 'No permit' }, color: '#6a1b9a' },
  { value: 'dismantled', label: { uk: 'Демонтовано', en: 'Dismantled' }, color: '#616161' },
] as const satisfies readonly EnumValue[];
export type Legality = (typeof LEGALITY)[number]['value'];

/** Who owns a registry object (owner.kind), defined with the registry's fields and the spellings imports accept. */
export { OWNER_KINDS, type OwnerKind } from './registry.js';

/** How accessible a facility is for one need (pub_facilities, thresholds after ДБН В.2.2-40:2018). */
export const GRADES = [
  { value: 'full', label: { uk: 'Доступно', en: 'Accessible' }, color: '#1a7f37' },
  { value: 'partial', label: { uk: 'Частково доступно', en: 'Partly accessible' }, color: '#b35900' },
  { value: 'none', label: { uk: 'Недоступно', en: 'Not accessible' }, color: '#c62828' },
  { value: 'unknown', label: { uk: 'Невідомо (бракує замірів)', en: 'Unknown (not enough measured)' }, color: '#616161' },
] as const satisfies readonly EnumValue[];
export type Grade = (typeof GRADES)[number]['value'];

/** What kind of place a facility is (facility.category). */
export const FACILITY_CATEGORIES = [
  { value: 'administration', label: { uk: 'Адміністративна будівля', en: 'Administration' } },
  { value: 'health', label: { uk: 'Охорона здоров’я', en: 'Health' } },
  { value: 'education', label: { uk: 'Освіта', en: 'Education' } },
  { value: 'culture', label: { uk: 'Культура', en: 'Culture' } },
  { value: 'shop', label: { uk: 'Магазин', en: 'Shop' } },
  { value: 'pharmacy', label: { uk: 'Аптека', en: 'Pharmacy' } },
  { value: 'bank', label: { uk: 'Банк', en: 'Bank' } },
  { value: 'transport', label: { uk: 'Транспорт', en: 'Transport' } },
  { value: 'sport', label: { uk: 'Спорт', en: 'Sport' } },
  { value: 'food', label: { uk: 'Заклад харчування', en: 'Food' } },
  { value: 'social', label: { uk: 'Соціальні послуги', en: 'Social services' } },
  { value: 'other', label: { uk: 'Інше', en: 'Other' } },
] as const satisfies readonly EnumValue[];
export type FacilityCategory = (typeof FACILITY_CATEGORIES)[number]['value'];

/** What a resident's comment is about (comment.category). */
export const COMMENT_CATEGORIES = [
  { value: 'illegal_object', label: { uk: 'Незаконно встановлений об’єкт', en: 'Illegally placed object' } },
  { value: 'damage', label: { uk: 'Пошкодження', en: 'Damage' } },
  { value: 'accessibility', label: { uk: 'Доступність', en: 'Accessibility' } },
  { value: 'data_error', label: { uk: 'Помилка в даних', en: 'Data error' } },
  { value: 'improvement', label: { uk: 'Пропозиція', en: 'Proposal' } },
  { value: 'other', label: { uk: 'Інше', en: 'Other' } },
] as const satisfies readonly EnumValue[];
export type CommentCategory = (typeof COMMENT_CATEGORIES)[number]['value'];

/**
 * Where a comment is on its way from a resident to an answer and back (comment.status); the
 * transitions between them are server/rules/comments.ts. `new` and `rejected` are never public.
 */
export const COMMENT_STATUSES = [
  { value: 'new', label: { uk: 'Очікує модерації', en: 'Awaiting moderation' }, color: '#78909c' },
  { value: 'published', label: { uk: 'Опубліковано', en: 'Published' }, color: '#1565c0' },
  { value: 'rejected', label: { uk: 'Відхилено', en: 'Rejected' }, color: '#616161' },
  { value: 'in_progress', label: { uk: 'У роботі', en: 'In progress' }, color: '#b35900' },
  { value: 'resolved', label: { uk: 'Вирішено', en: 'Resolved' }, color: '#2e7d32' },
  { value: 'confirmed', label: { uk: 'Мешканець підтвердив', en: 'Confirmed by resident' }, color: '#1a7f37' },
  { value: 'disputed', label: { uk: 'Мешканець заперечив', en: 'Disputed by resident' }, color: '#c62828' },
] as const satisfies readonly EnumValue[];
export type CommentStatus = (typeof COMMENT_STATUSES)[number]['value'];

/** The statuses a comment can have in the open (pub_comments, comment_is_public): the map's legend. */
export const PUBLIC_COMMENT_STATUSES = COMMENT_STATUSES.filter((s) => s.value !== 'new' && s.value !== 'rejected');

/** The label of a code in a vocabulary, or the code itself when the list does not know it. */
export function labelOf(vocabulary: readonly EnumValue[], value: string, lang: 'uk' | 'en' = 'uk'): string {
  return vocabulary.find((v) => v.value === value)?.label[lang] ?? value;
}
