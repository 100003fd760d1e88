/**
 * What the registry's API accepts, as zod schemas with their inferred types. Field names are the
 * database's and the catalog's (snake_case), so a form, a feature's properties and an audit row
 * name a thing the same way. Rules that need the database (inside the hromada, the owner is ours,
 * the type is available here) are checked by the handlers.
 */
import { z } from 'zod';
import { isValidEdrpou } from '../rules/edrpou.js';
import {
  numberProblem, OBJECT_FIELDS, OWNER_FIELDS, OWNER_KINDS, PAYMENT_FIELDS, PERMIT_FIELDS, PERMIT_KINDS, PERMIT_STATUSES, valuesOf,
  type DecimalRule, type FieldRule, type IntegerRule, type SimpleRule, type TextRule, type Word,
} from '../rules/registry.js';
import { LEGALITY as LEGALITY_VOCABULARY, type Legality as LegalityValue } from '../rules/vocabularies.js';

// ---------------------------------------------------------------------------------------------
// Values, derived from the field rules every writer shares (server/rules/registry.ts)

const isoDate = z.iso.date().refine((d) => d >= '1900-01-01' && d <= '2200-12-31', 'рік поза межами 1900–2200 / year outside 1900-2200');
const code = z.string().regex(/^[a-z][a-z0-9_]{1,40}$/, 'a-z, 0-9, _; 2-41 символів');
const text = (max: number, min = 1) => z.string().trim().min(min).max(max);

/** The zod schema of one rule: the same limits the importer and the form check. */
function fromRule(rule: DecimalRule | IntegerRule): z.ZodNumber;
function fromRule(rule: TextRule): z.ZodString;
function fromRule(rule: SimpleRule): z.ZodType<string | boolean>;
function fromRule(rule: FieldRule): z.ZodType {
  switch (rule.kind) {
    case 'decimal':
    case 'integer': {
      const base = rule.kind === 'integer' ? z.number().int() : z.number();
      return base.superRefine((v, ctx) => {
        const problem = numberProblem(rule, v);
        if (problem) ctx.addIssue({ code: 'custom', message: `${problem.uk} / ${problem.en}` });
      });
    }
    case 'text':
      return text(rule.maxLength, rule.minLength);
    case 'date':
      return isoDate;
    case 'boolean':
      return z.boolean();
  }
}
const number = (rule: DecimalRule | IntegerRule) => fromRule(rule) as unknown as z.ZodNumber;
const date = () => isoDate;
const vocabulary = <W extends readonly Word[]>(words: W) => z.enum(valuesOf(words));

export const edrpou = z.string().regex(/^[0-9]{8}$/, '8 цифр').refine(isValidEdrpou, 'контрольна цифра ЄДРПОУ не збігається (checksum mismatch)');
/** An individual's tax number (РНОКПП): personal data, stored for editors only. */
export const rnokpp = z.string().regex(/^[0-9]{10}$/, '10 цифр');

// GeoJSON geometry in EPSG:4326 (RFC 7946): [longitude, latitude], an optional altitude ignored.
const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).rest(z.number());
const ring = z.array(position).min(4).max(5000)
  .refine((r) => r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1], 'кільце має бути замкнене (перша точка = остання)');
export const geometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Point'), coordinates: position }).strict(),
  z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1).max(50) }).strict(),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1).max(50)).min(1).max(50) }).strict(),
]);
export type Geometry = z.infer<typeof geometry>;

/** A record id in a body or query: a positive int4. */
const recordId = z.number().int().positive().max(2_147_483_647);

// ---------------------------------------------------------------------------------------------
// Objects

const O = OBJECT_FIELDS;
const objectFields = {
  type_code: code,
  geometry,
  address: fromRule(O.address).nullable(),
  width_m: number(O.width_m).nullable(),
  height_m: number(O.height_m).nullable(),
  sides: number(O.sides).nullable(),
  area_m2: number(O.area_m2).nullable(),
  lighting: z.boolean().nullable(),
  installed_on: date().nullable(),
  external_id: fromRule(O.external_id).nullable(),
  owner_id: recordId.nullable(),
  monthly_fee_uah: number(O.monthly_fee_uah).nullable(),
  description: fromRule(O.description).nullable(),
};

export const newObject = z.object({
  ...objectFields,
  address: objectFields.address.optional(),
  width_m: objectFields.width_m.optional(),
  height_m: objectFields.height_m.optional(),
  sides: objectFields.sides.optional(),
  area_m2: objectFields.area_m2.optional(),
  lighting: objectFields.lighting.optional(),
  installed_on: objectFields.installed_on.optional(),
  external_id: objectFields.external_id.optional(),
  owner_id: objectFields.owner_id.optional(),
  monthly_fee_uah: objectFields.monthly_fee_uah.optional(),
  description: objectFields.description.optional(),
}).strict();
export type NewObject = z.infer<typeof newObject>;

/** An edit names the row_version it was made from (optimistic concurrency). */
export const objectPatch = z.object({
  row_version: z.number().int().min(1).max(2_147_483_647),
  ...Object.fromEntries(Object.entries(objectFields).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof objectFields]: z.ZodOptional<(typeof objectFields)[K]>;
  },
  dismantled_on: date().nullable().optional(),
}).strict();
export type ObjectPatch = z.infer<typeof objectPatch>;

export const dismantle = z.object({
  dismantled_on: date().optional(),
  row_version: z.number().int().min(1).max(2_147_483_647).optional(),
}).strict();

// ---------------------------------------------------------------------------------------------
// Permits, payments, photos

export const PERMIT_KIND_VALUES = valuesOf(PERMIT_KINDS);
export const PERMIT_STATUS_VALUES = valuesOf(PERMIT_STATUSES);

const P = PERMIT_FIELDS;
const permitFields = {
  kind: vocabulary(PERMIT_KINDS),
  number: fromRule(P.number),
  issued_on: date().nullable(),
  valid_from: date().nullable(),
  valid_until: date().nullable(),
  decision: fromRule(P.decision).nullable(),
  status: vocabulary(PERMIT_STATUSES),
  contract_number: fromRule(P.contract_number).nullable(),
  contract_date: date().nullable(),
};

export const newPermit = z.object({
  kind: permitFields.kind.default('permit'),
  number: permitFields.number,
  issued_on: permitFields.issued_on.optional(),
  valid_from: permitFields.valid_from.optional(),
  valid_until: permitFields.valid_until.optional(),
  decision: permitFields.decision.optional(),
  status: permitFields.status.default('active'),
  contract_number: permitFields.contract_number.optional(),
  contract_date: permitFields.contract_date.optional(),
  /** The permit this one replaces: it becomes 'reissued' (перевиданий) in the same transaction. */
  replaces_permit_id: recordId.optional(),
}).strict();
export type NewPermit = z.infer<typeof newPermit>;

export const permitPatch = z.object({
  row_version: z.number().int().min(1).max(2_147_483_647),
  ...Object.fromEntries(Object.entries(permitFields).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof permitFields]: z.ZodOptional<(typeof permitFields)[K]>;
  },
}).strict();
export type PermitPatch = z.infer<typeof permitPatch>;

const M = PAYMENT_FIELDS;
export const newPayment = z.object({
  amount_uah: number(M.amount_uah),
  paid_on: date(),
  period_from: date().nullable().optional(),
  period_to: date().nullable().optional(),
  document: fromRule(M.document).nullable().optional(),
}).strict();
export type NewPayment = z.infer<typeof newPayment>;

/**
 * A correction of a recorded payment (0021): the amount it should have been (0 when it should
 * not have been recorded at all) and why. The original stays; a reversal and, unless 0, a new
 * entry are added.
 */
export const paymentCorrection = z.object({
  amount_uah: z.union([z.literal(0), number(M.amount_uah)]),
  reason: text(500, 3),
}).strict();
export type PaymentCorrection = z.infer<typeof paymentCorrection>;

/** A photo sent as JSON (the raw image body is the other way). */
export const photoJson = z.object({
  data_base64: z.string().min(8),
  content_type: z.enum(['image/jpeg', 'image/png', 'image/webp']).optional(),
  caption: text(500).nullable().optional(),
}).strict();

// ---------------------------------------------------------------------------------------------
// Owners

export const OWNER_KIND_VALUES = valuesOf(OWNER_KINDS);

const W = OWNER_FIELDS;
const ownerFields = {
  kind: vocabulary(OWNER_KINDS),
  name: fromRule(W.name),
  edrpou: edrpou.nullable(),
  public_contact: fromRule(W.public_contact).nullable(),
  rnokpp: rnokpp.nullable(),
  private_phone: fromRule(W.private_phone).nullable(),
  private_email: z.email().max(W.private_email.maxLength).nullable(),
};

export const newOwner = z.object({
  kind: ownerFields.kind,
  name: ownerFields.name,
  edrpou: ownerFields.edrpou.optional(),
  public_contact: ownerFields.public_contact.optional(),
  rnokpp: ownerFields.rnokpp.optional(),
  private_phone: ownerFields.private_phone.optional(),
  private_email: ownerFields.private_email.optional(),
}).strict();
export type NewOwner = z.infer<typeof newOwner>;

export const ownerPatch = z.object({
  row_version: z.number().int().min(1).max(2_147_483_647),
  ...Object.fromEntries(Object.entries(ownerFields).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof ownerFields]: z.ZodOptional<(typeof ownerFields)[K]>;
  },
}).strict();
export type OwnerPatch = z.infer<typeof ownerPatch>;

// ---------------------------------------------------------------------------------------------
// Types and the publisher (admin)

export const newObjectType = z.object({
  code,
  category: z.enum(['maf', 'advertising']),
  name_uk: text(100, 2),
  name_en: text(100, 2),
  sort_order: z.number().int().min(0).max(10_000).default(500),
}).strict();

export const publisherPatch = z.object({
  authority_name: text(300).nullable(),
  authority_edrpou: edrpou.nullable(),
  katottg: z.string().regex(/^UA[0-9]{17}$/, 'код КАТОТТГ: UA і 17 цифр').nullable(),
  region_uk: text(100).nullable(),
  district_uk: text(100).nullable(),
  hromada_uk: text(100).nullable(),
  locality_uk: text(100).nullable(),
}).partial().strict();

// ---------------------------------------------------------------------------------------------
// The table's query string (also the exports' and the figures')

export const LEGALITY = LEGALITY_VOCABULARY.map((l) => l.value) as [LegalityValue, ...LegalityValue[]];
export type Legality = LegalityValue;

export const SORT_KEYS = ['id', 'address', 'type', 'legality', 'owner', 'permit_valid_until', 'installed_on', 'revenue_this_year', 'revenue_total', 'updated_at'] as const;

/** "a,b" → ['a','b'] for list filters. */
const list = <T extends z.ZodType<string, string>>(item: T) =>
  z.string().max(500).transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean)).pipe(z.array(item).min(1).max(50));

export const objectQuery = z.object({
  category: z.enum(['maf', 'advertising']).optional(),
  type: list(code).optional(),
  legality: list(z.enum(LEGALITY)).optional(),
  owner: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  district: z.coerce.number().int().positive().max(100_000).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  sort: z.string().regex(new RegExp(`^-?(${SORT_KEYS.join('|')})$`), `одне з: ${SORT_KEYS.join(', ')} (з «-» — за спаданням)`).default('id'),
}).strict();
export type ObjectQuery = z.infer<typeof objectQuery>;
export type ObjectFilter = Omit<ObjectQuery, 'limit' | 'offset' | 'sort'>;
