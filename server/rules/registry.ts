/**
 * The registry's fields, defined once: type, limits and labels of every field an editor, an
 * import or the demo can set, and the vocabularies with the spellings departments write them in.
 * The API's zod schemas (server/registry/schemas.ts), the importer's cell rules
 * (data-import/registry/rows.ts) and the editor form's checks (client/src/registry/) are all
 * derived from here; the SQL column types and CHECKs in migrations/ say the same, and a contract
 * test (test/registry/field-rules.test.ts) holds the database to these numbers.
 *
 * Dependency-free (server/rules/): the client imports it as it is.
 */
import type { Text } from './catalog.js';

/** A decimal stored as numeric(p, s): at most `scale` decimals; `min` exclusive where said. */
export interface DecimalRule {
  kind: 'decimal';
  label: Text;
  min: number;
  /** true: the value must be greater than min (a width of 0 is no width). */
  minExclusive?: boolean;
  max: number;
  scale: number;
  unit?: string;
}

export interface IntegerRule {
  kind: 'integer';
  label: Text;
  min: number;
  max: number;
}

export interface TextRule {
  kind: 'text';
  label: Text;
  minLength: number;
  maxLength: number;
}

export interface SimpleRule {
  kind: 'date' | 'boolean';
  label: Text;
}

export type FieldRule = DecimalRule | IntegerRule | TextRule | SimpleRule;

const metres = (uk: string, en: string): DecimalRule =>
  ({ kind: 'decimal', label: { uk, en }, min: 0, minExclusive: true, max: 9999.99, scale: 2, unit: 'м' });
const text = (uk: string, en: string, maxLength: number, minLength = 1): TextRule => ({ kind: 'text', label: { uk, en }, minLength, maxLength });
const date = (uk: string, en: string): SimpleRule => ({ kind: 'date', label: { uk, en } });
/** Money in UAH within numeric(12,2): kopiykas at most. */
const uah = (uk: string, en: string, minExclusive = false): DecimalRule =>
  ({ kind: 'decimal', label: { uk, en }, min: 0, minExclusive, max: 9_999_999_999.99, scale: 2, unit: 'грн' });

export const OBJECT_FIELDS = {
  address: text('Адреса', 'Address', 300, 3),
  width_m: metres('Ширина', 'Width'),
  height_m: metres('Висота', 'Height'),
  sides: { kind: 'integer', label: { uk: 'Кількість сторін', en: 'Sides' }, min: 1, max: 4 } as IntegerRule,
  area_m2: { kind: 'decimal', label: { uk: 'Площа', en: 'Area' }, min: 0, minExclusive: true, max: 999_999.99, scale: 2, unit: 'м²' } as DecimalRule,
  lighting: { kind: 'boolean', label: { uk: 'Підсвічування', en: 'Lighting' } } as SimpleRule,
  installed_on: date('Дата встановлення', 'Installed on'),
  dismantled_on: date('Дата демонтажу', 'Dismantled on'),
  external_id: text('Обліковий номер', 'Record number', 100),
  monthly_fee_uah: uah('Плата за місяць', 'Monthly fee'),
  description: text('Опис', 'Description', 4000, 0),
} satisfies Record<string, FieldRule>;

export const PERMIT_FIELDS = {
  number: text('Номер документа', 'Document number', 100),
  issued_on: date('Дата видачі', 'Issued on'),
  valid_from: date('Чинний з', 'Valid from'),
  valid_until: date('Чинний до', 'Valid until'),
  decision: text('Рішення виконкому', 'Executive committee decision', 500),
  contract_number: text('Номер договору', 'Contract number', 100),
  contract_date: date('Дата договору', 'Contract date'),
} satisfies Record<string, FieldRule>;

export const PAYMENT_FIELDS = {
  amount_uah: uah('Сума', 'Amount', true),
  paid_on: date('Дата оплати', 'Paid on'),
  period_from: date('Період з', 'Period from'),
  period_to: date('Період по', 'Period to'),
  document: text('Платіжний документ', 'Payment document', 200),
} satisfies Record<string, FieldRule>;

export const OWNER_FIELDS = {
  name: text('Назва власника', 'Owner name', 300, 2),
  public_contact: text('Публічний контакт', 'Public contact', 300),
  private_phone: text('Телефон', 'Phone', 50),
  private_email: text('Електронна пошта', 'E-mail', 200),
} satisfies Record<string, FieldRule>;

/** The values of an object's own fields, as every writer and reader names them. */
export interface ObjectValues {
  type_code: string;
  address: string | null;
  width_m: number | null;
  height_m: number | null;
  sides: number | null;
  area_m2: number | null;
  lighting: boolean | null;
  installed_on: string | null;
  dismantled_on: string | null;
  external_id: string | null;
  monthly_fee_uah: number | null;
  description: string | null;
}

/** A permit's own fields (дозвіл, паспорт прив'язки, договір). */
export interface PermitValues {
  kind: PermitKind;
  number: string;
  issued_on: string | null;
  valid_from: string | null;
  valid_until: string | null;
  decision: string | null;
  status: PermitStatus;
  contract_number: string | null;
  contract_date: string | null;
}

/** A payment's own fields (надходження до бюджету). */
export interface PaymentValues {
  amount_uah: number;
  paid_on: string;
  period_from: string | null;
  period_to: string | null;
  document: string | null;
}

// ---------------------------------------------------------------------------------------------
// Vocabularies: the stored value, its labels, and the other spellings a spreadsheet may use.

export interface Word<T extends string = string> {
  value: T;
  label: Text;
  /** Other ways departments write it (matched letters-only, case aside). */
  spellings: readonly string[];
}

export const OWNER_KINDS = [
  { value: 'legal_entity', label: { uk: 'Юридична особа', en: 'Legal entity' }, spellings: ['юридична особа', 'юо', 'legal entity'] },
  { value: 'sole_proprietor', label: { uk: 'ФОП', en: 'Sole proprietor' }, spellings: ['ФОП', 'фізична особа-підприємець', 'фізична особа підприємець', 'СПД', 'sole proprietor'] },
  { value: 'municipal_enterprise', label: { uk: 'Комунальне підприємство', en: 'Municipal enterprise' }, spellings: ['комунальне підприємство', 'КП', 'municipal enterprise'] },
] as const satisfies readonly Word[];

export const PERMIT_KINDS = [
  { value: 'permit', label: { uk: 'Дозвіл на розміщення', en: 'Placement permit' }, spellings: ['дозвіл', 'дозвіл на розміщення'] },
  { value: 'passport', label: { uk: 'Паспорт прив’язки', en: 'Placement passport' }, spellings: ["паспорт прив'язки", 'паспорт прив’язки', 'паспорт'] },
  { value: 'contract', label: { uk: 'Договір', en: 'Contract' }, spellings: ['договір'] },
] as const satisfies readonly Word[];

/** The open-data vocabulary of «Інформація про рекламні засоби». */
export const PERMIT_STATUSES = [
  { value: 'active', label: { uk: 'Чинний', en: 'In force' }, spellings: ['чинний', 'діючий', 'дійсний'] },
  { value: 'expired', label: { uk: 'Втратив чинність за терміном дії', en: 'Expired' }, spellings: ['втратив чинність за терміном дії', 'втратив чинність', 'закінчився'] },
  { value: 'annulled', label: { uk: 'Анульований', en: 'Annulled' }, spellings: ['анульований', 'скасований'] },
  { value: 'reissued', label: { uk: 'Перевиданий', en: 'Reissued' }, spellings: ['перевиданий'] },
] as const satisfies readonly Word[];

export type OwnerKind = (typeof OWNER_KINDS)[number]['value'];
export type PermitKind = (typeof PERMIT_KINDS)[number]['value'];
export type PermitStatus = (typeof PERMIT_STATUSES)[number]['value'];

export const valuesOf = <W extends readonly Word[]>(words: W) => words.map((w) => w.value) as [W[number]['value'], ...W[number]['value'][]];

// ---------------------------------------------------------------------------------------------
// Checks every writer makes the same way

export interface Problem {
  code: string;
  uk: string;
  en: string;
}

/** The number's problem under its rule (range, whole, decimals), or null. */
export function numberProblem(rule: DecimalRule | IntegerRule, v: number): Problem | null {
  if (!Number.isFinite(v)) return { code: 'not_a_number', uk: 'це не число', en: 'not a number' };
  if (rule.kind === 'integer' && !Number.isInteger(v)) return { code: 'not_an_integer', uk: 'має бути ціле число', en: 'must be a whole number' };
  const exclusive = rule.kind === 'decimal' && rule.minExclusive;
  if (exclusive ? v <= rule.min : v < rule.min) {
    return { code: 'out_of_range', uk: `має бути ${exclusive ? 'більше' : 'не менше'} ${rule.min}`, en: `must be ${exclusive ? 'greater than' : 'at least'} ${rule.min}` };
  }
  if (v > rule.max) return { code: 'out_of_range', uk: `має бути не більше ${rule.max}`, en: `must be at most ${rule.max}` };
  // numeric(p, s) would round silently: 0.001 m would be stored as 0.00
  if (rule.kind === 'decimal' && Math.abs(v * 10 ** rule.scale - Math.round(v * 10 ** rule.scale)) > 1e-6) {
    return { code: 'too_many_decimals', uk: `не більше ${rule.scale} знаків після коми`, en: `at most ${rule.scale} decimals` };
  }
  return null;
}

/** The text's problem under its rule (length after trimming), or null. */
export function textProblem(rule: TextRule, v: string): Problem | null {
  const length = [...v.trim()].length;
  if (length < rule.minLength) return { code: 'too_short', uk: `щонайменше ${rule.minLength} символ(и)`, en: `at least ${rule.minLength} characters` };
  if (length > rule.maxLength) return { code: 'too_long', uk: `не довше ${rule.maxLength} символів`, en: `at most ${rule.maxLength} characters` };
  return null;
}

/**
 * A permit ends no earlier than it starts (valid_from ≤ valid_until) and no earlier than it was
 * issued (issued_on ≤ valid_until): a hold-out spreadsheet had «Дійсний до» before «Дата видачі»,
 * a typo in a year that made a permit expire before it existed. (A permit may be issued after the
 * day it takes effect from — a renewal dated back — so issued_on is not checked against valid_from.)
 */
export function permitDatesProblem(p: { issued_on?: string | null; valid_from?: string | null; valid_until?: string | null }): (Problem & { field: 'valid_until' }) | null {
  if (p.valid_until && p.valid_from && p.valid_until < p.valid_from) {
    return { field: 'valid_until', code: 'date_order', uk: `дозвіл закінчується раніше, ніж починає діяти (${p.valid_from})`, en: `the permit ends before it starts (${p.valid_from})` };
  }
  if (p.valid_until && p.issued_on && p.valid_until < p.issued_on) {
    return { field: 'valid_until', code: 'date_order', uk: `дозвіл закінчується раніше, ніж його видано (${p.issued_on})`, en: `the permit ends before it was issued (${p.issued_on})` };
  }
  return null;
}

/** An object is dismantled after it was installed, if both are known. */
export function objectDatesProblem(o: { installed_on?: string | null; dismantled_on?: string | null }): (Problem & { field: 'dismantled_on' }) | null {
  if (o.installed_on && o.dismantled_on && o.dismantled_on < o.installed_on) {
    return { field: 'dismantled_on', code: 'date_order', uk: `дата демонтажу раніша за дату встановлення (${o.installed_on})`, en: `dismantled before it was installed (${o.installed_on})` };
  }
  return null;
}

/** ЄДРПОУ belongs to an organisation, РНОКПП to a sole proprietor: never the other way round. */
export function ownerIdentifiersProblem(o: { kind: OwnerKind; edrpou?: string | null; rnokpp?: string | null }): (Problem & { field: 'edrpou' | 'rnokpp' }) | null {
  if (o.kind === 'sole_proprietor' && o.edrpou) {
    return { field: 'edrpou', code: 'not_for_kind', uk: 'у ФОП немає коду ЄДРПОУ; його податковий номер — РНОКПП', en: 'a sole proprietor has no ЄДРПОУ; their tax number is the РНОКПП' };
  }
  if (o.kind !== 'sole_proprietor' && o.rnokpp) {
    return { field: 'rnokpp', code: 'not_for_kind', uk: 'РНОКПП вказують лише для ФОП', en: 'an РНОКПП belongs to a sole proprietor only' };
  }
  return null;
}
