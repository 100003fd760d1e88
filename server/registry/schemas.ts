/**
 * What the registry's API accepts, as zod schemas with their inferred types. Field names are the
 * database's and the catalog's (snake_case), so a form, a feature's properties and an audit row
 * name a thing the same way. Rules that need the database (inside the hromada, the owner is ours,
 * the type is available here) are checked by the handlers.
 */
import { z } from 'zod';
import { isValidEdrpou } from '../rules/edrpou.js';

// ---------------------------------------------------------------------------------------------
// Values

const isoDate = z.iso.date();
const code = z.string().regex(/^[a-z][a-z0-9_]{1,40}$/, 'a-z, 0-9, _; 2-41 символів');
const text = (max: number, min = 1) => z.string().trim().min(min).max(max);
/** Money in UAH: at most two decimals (kopiykas), within numeric(12,2). */
const uah = z.number().min(0).max(9_999_999_999.99).refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'не більше двох знаків після коми (копійки)');
/** At most two decimals: numeric(n,2) would round the rest away (0.001 m becomes 0, not positive). */
const centesimal = (v: number) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6;
/** Metres within numeric(6,2). */
const metres = z.number().min(0.01).max(9999.99).refine(centesimal, 'не більше двох знаків після коми (сантиметри)');

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

// ---------------------------------------------------------------------------------------------
// Objects

const objectFields = {
  type_code: code,
  geometry,
  address: text(300, 3).nullable(),
  width_m: metres.nullable(),
  height_m: metres.nullable(),
  sides: z.number().int().min(1).max(4).nullable(),
  area_m2: z.number().min(0.01).max(999_999.99).refine(centesimal, 'не більше двох знаків після коми').nullable(),
  lighting: z.boolean().nullable(),
  installed_on: isoDate.nullable(),
  external_id: text(100).nullable(),
  owner_id: z.number().int().positive().nullable(),
  monthly_fee_uah: uah.nullable(),
  description: text(4000, 0).nullable(),
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
  row_version: z.number().int().min(1),
  ...Object.fromEntries(Object.entries(objectFields).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof objectFields]: z.ZodOptional<(typeof objectFields)[K]>;
  },
  dismantled_on: isoDate.nullable().optional(),
}).strict();
export type ObjectPatch = z.infer<typeof objectPatch>;

export const dismantle = z.object({
  dismantled_on: isoDate.optional(),
  row_version: z.number().int().min(1).optional(),
}).strict();

// ---------------------------------------------------------------------------------------------
// Permits, payments, photos

export const PERMIT_KINDS = ['permit', 'passport', 'contract'] as const;
export const PERMIT_STATUSES = ['active', 'expired', 'annulled', 'reissued'] as const;

const permitFields = {
  kind: z.enum(PERMIT_KINDS),
  number: text(100),
  issued_on: isoDate.nullable(),
  valid_from: isoDate.nullable(),
  valid_until: isoDate.nullable(),
  decision: text(500).nullable(),
  status: z.enum(PERMIT_STATUSES),
  contract_number: text(100).nullable(),
  contract_date: isoDate.nullable(),
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
  replaces_permit_id: z.number().int().positive().optional(),
}).strict();
export type NewPermit = z.infer<typeof newPermit>;

export const permitPatch = z.object({
  row_version: z.number().int().min(1),
  ...Object.fromEntries(Object.entries(permitFields).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof permitFields]: z.ZodOptional<(typeof permitFields)[K]>;
  },
}).strict();
export type PermitPatch = z.infer<typeof permitPatch>;

export const newPayment = z.object({
  amount_uah: uah.refine((v) => v > 0, 'сума має бути більшою за нуль'),
  paid_on: isoDate,
  period_from: isoDate.nullable().optional(),
  period_to: isoDate.nullable().optional(),
  document: text(200).nullable().optional(),
}).strict();
export type NewPayment = z.infer<typeof newPayment>;

/** A photo sent as JSON (the raw image body is the other way). */
export const photoJson = z.object({
  data_base64: z.string().min(8),
  content_type: z.enum(['image/jpeg', 'image/png', 'image/webp']).optional(),
  caption: text(500).nullable().optional(),
}).strict();

// ---------------------------------------------------------------------------------------------
// Owners

export const OWNER_KINDS = ['legal_entity', 'sole_proprietor', 'municipal_enterprise'] as const;

const ownerFields = {
  kind: z.enum(OWNER_KINDS),
  name: text(300, 2),
  edrpou: edrpou.nullable(),
  public_contact: text(300).nullable(),
  rnokpp: rnokpp.nullable(),
  private_phone: text(50).nullable(),
  private_email: z.email().max(200).nullable(),
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
  row_version: z.number().int().min(1),
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

export const LEGALITY = ['legal', 'expiring', 'expired', 'no_permit', 'dismantled'] as const;
export type Legality = (typeof LEGALITY)[number];

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
