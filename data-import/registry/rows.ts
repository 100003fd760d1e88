import type { ColumnMap, Field } from './columns.js';
import type { SourceCrs } from '../kit/crs.js';
import { readPlace, type AxisOrder, type Place } from '../kit/place.js';
import type { ObjectTypes } from './object-types.js';
import type { Notice, RowProblem } from '../kit/report.js';
import type { SpreadsheetRecord } from '../kit/read.js';
import {
  OBJECT_FIELDS, objectDatesProblem, OWNER_FIELDS, OWNER_KINDS, PERMIT_FIELDS, PERMIT_KINDS, PERMIT_STATUSES, permitDatesProblem, textProblem,
  type ObjectValues, type OwnerKind, type PermitKind, type PermitStatus, type TextRule,
} from '../../server/rules/registry.js';
import {
  parseBoolean, parseDate, parseEdrpou, parseNumberByRule, parseRnokpp, parseVocabulary, type Parsed, type Reason,
} from '../kit/values.js';

/**
 * One spreadsheet row, checked on its own: every cell it has is read and every problem named
 * (not just the first), and a good row comes out typed, its place already in WGS 84. What needs
 * other rows (duplicates) or the database (the hromada's boundary, existing records) is checked
 * later, by the batch and by the boundary check.
 */

export type { ObjectValues };

export interface PermitValues {
  number: string;
  kind: PermitKind | null;
  issued_on: string | null;
  valid_from: string | null;
  valid_until: string | null;
  decision: string | null;
  status: PermitStatus | null;
  contract_number: string | null;
  contract_date: string | null;
}

export type { OwnerKind };

export interface OwnerValues {
  /**
   * Who the owner is, across rows and against the database: 'E:<ЄДРПОУ>' for a legal entity or a
   * municipal enterprise, 'R:<РНОКПП>' for a sole proprietor whose tax number is given, else
   * 'N:<name>' (a sole proprietor by name and kind, as the department knows them).
   */
  key: string;
  kind: OwnerKind;
  /** false when the kind was inferred (from a ЄДРПОУ or a "ФОП" name), so it does not overwrite. */
  kindGiven: boolean;
  name: string;
  edrpou: string | null;
  rnokpp: string | null;
  phone: string | null;
  email: string | null;
  public_contact: string | null;
}

export interface CheckedRow {
  line: number;
  object: ObjectValues;
  permit: PermitValues | null;
  owner: OwnerValues | null;
  place: Place;
}

export interface RowCheck {
  row: CheckedRow | null;
  /**
   * The row's place when it could be read, even if the row is bad for other reasons: the boundary
   * check still looks at it, so a row's problems are all reported at once.
   */
  place: Place | null;
  problems: RowProblem[];
  notices: Notice[];
}

/** An owner's name as compared: case, spacing and quote style do not make another owner. */
export const ownerNameKey = (name: string): string =>
  name.normalize('NFC').toLowerCase().replace(/[«»“”„"']/g, '"').replace(/\s+/g, ' ').trim();

/** Parsers of the numeric and vocabulary columns, made once (not per row), from the shared field rules. */
const PARSE = {
  width: (t: string) => parseNumberByRule(t, OBJECT_FIELDS.width_m),
  height: (t: string) => parseNumberByRule(t, OBJECT_FIELDS.height_m),
  sides: (t: string) => parseNumberByRule(t, OBJECT_FIELDS.sides),
  area: (t: string) => parseNumberByRule(t, OBJECT_FIELDS.area_m2),
  fee: (t: string) => parseNumberByRule(t, OBJECT_FIELDS.monthly_fee_uah),
  permitKind: (t: string) => parseVocabulary(t, PERMIT_KINDS, { uk: 'вид документа', en: 'document kind' }),
  permitStatus: (t: string) => parseVocabulary(t, PERMIT_STATUSES, { uk: 'статус дозволу', en: 'permit status' }),
  ownerKind: (t: string) => parseVocabulary(t, OWNER_KINDS, { uk: 'вид власника', en: 'owner kind' }),
};

const PERMIT_DETAILS: Field[] = ['permit_kind', 'permit_status', 'permit_issued_on', 'permit_valid_from', 'permit_valid_until', 'permit_decision', 'contract_number', 'contract_date'];
const OWNER_DETAILS: Field[] = ['owner_name', 'owner_kind', 'edrpou', 'rnokpp', 'phone', 'email', 'public_contact'];

/**
 * Checks rows one after another. The row being checked is held on the instance (line, values,
 * problems) rather than in closures made per row: at 100,000 rows the closures cost more than
 * the checks.
 */
export class RowChecker {
  private line = 0;
  private values: string[] = [];
  private problems: RowProblem[] = [];
  private notices: Notice[] = [];

  constructor(
    private readonly columns: ColumnMap,
    private readonly crs: SourceCrs,
    private readonly types: ObjectTypes,
    private readonly isValidEdrpou: (code: string) => boolean,
    /** 'north-east': the file's X is the northing, as geodetic surveys write it (the user said so). */
    private readonly axisOrder: AxisOrder = 'east-north',
  ) {}

  check(record: SpreadsheetRecord): RowCheck {
    this.line = record.line;
    this.values = record.values;
    this.problems = [];
    this.notices = [];
    const { values, columns } = this;

    // Excel writes trailing empty cells (";;;"); only values beyond the header are a problem.
    if (values.length > columns.width && values.slice(columns.width).some((v) => v.trim() !== '')) {
      this.report(null, { code: 'extra_values', uk: 'у рядку більше значень, ніж стовпців у заголовку', en: 'the row has more values than the header has columns' }, values.slice(columns.width).join(', '));
    }

    // The object
    const typeText = this.cell('type');
    const typeCode = typeText === '' ? undefined : this.types.resolve(typeText);
    if (typeText === '') this.report('type', { code: 'required', uk: 'порожньо: тип об’єкта обов’язковий', en: 'empty: the object type is required' });
    else if (!typeCode) this.report('type', { code: 'unknown_type', uk: `невідомий тип; відомі: ${this.types.namesUk.join(', ')}`, en: `unknown type; known: ${this.types.codes.join(', ')}` });
    const externalId = this.textOf('external_id', OBJECT_FIELDS.external_id);
    const permitNumber = this.textOf('permit_number', PERMIT_FIELDS.number);
    if (!externalId && !permitNumber) {
      this.report(this.has('external_id') ? 'external_id' : 'permit_number', {
        code: 'required', uk: 'порожньо: потрібен обліковий номер або номер дозволу, щоб упізнати об’єкт', en: 'empty: an external_id or a permit number is needed to recognise the object',
      });
    }
    const object: ObjectValues = {
      external_id: externalId, type_code: typeCode ?? '', address: this.textOf('address', OBJECT_FIELDS.address),
      width_m: this.read('width_m', PARSE.width), height_m: this.read('height_m', PARSE.height),
      sides: this.read('sides', PARSE.sides), area_m2: this.read('area_m2', PARSE.area),
      lighting: this.read('lighting', parseBoolean), installed_on: this.read('installed_on', parseDate),
      dismantled_on: this.read('dismantled_on', parseDate), monthly_fee_uah: this.read('monthly_fee_uah', PARSE.fee),
      description: this.textOf('description', OBJECT_FIELDS.description),
    };
    const datesProblem = objectDatesProblem(object);
    if (datesProblem) this.report(datesProblem.field, { code: datesProblem.code, uk: datesProblem.uk, en: datesProblem.en });

    const permit = this.checkPermit(permitNumber);
    const owner = this.checkOwner();
    const place = this.checkPlace();

    const { problems, notices } = this;
    if (problems.length > 0 || !place || owner === undefined) return { row: null, place: place ?? null, problems, notices };
    return {
      row: { line: this.line, object, permit, owner, place },
      place,
      problems,
      notices,
    };
  }

  private has(field: Field): boolean {
    return this.columns.index[field] !== undefined;
  }

  /** The trimmed cell of a field ('' when the file has no such column or the row is short). */
  private cell(field: Field): string {
    const i = this.columns.index[field];
    return i === undefined ? '' : (this.values[i] ?? '').trim();
  }

  private text(field: Field): string | null {
    return this.cell(field) || null;
  }

  /** A text cell under its field rule (length), as the API checks it; a bad one is reported (the row is then refused). */
  private textOf(field: Field, rule: TextRule): string | null {
    const value = this.text(field);
    const problem = value === null ? null : textProblem(rule, value);
    if (problem) this.report(field, problem);
    return value;
  }

  private report(field: Field | null, reason: Reason, value: string | null = field ? this.cell(field) : null): void {
    this.problems.push({ line: this.line, field: field ? this.columns.label[field]! : null, value, ...reason });
  }

  /** A cell through its parser: null when empty or bad (bad ones are reported). */
  private read<T>(field: Field, parse: (text: string) => Parsed<T>): T | null {
    const text = this.cell(field);
    if (text === '') return null;
    const parsed = parse(text);
    if (parsed.ok) return parsed.value;
    this.report(field, parsed.reason);
    return null;
  }

  private checkPermit(number: string | null): PermitValues | null {
    const kind = this.read('permit_kind', PARSE.permitKind);
    const status = this.read('permit_status', PARSE.permitStatus);
    const issued = this.read('permit_issued_on', parseDate);
    const from = this.read('permit_valid_from', parseDate);
    const until = this.read('permit_valid_until', parseDate);
    const contractDate = this.read('contract_date', parseDate);
    const datesProblem = permitDatesProblem({ issued_on: issued, valid_from: from, valid_until: until });
    if (datesProblem) this.report('permit_valid_until', { code: datesProblem.code, uk: datesProblem.uk, en: datesProblem.en });
    if (number) {
      return {
        number, kind, status, issued_on: issued, valid_from: from, valid_until: until,
        decision: this.textOf('permit_decision', PERMIT_FIELDS.decision), contract_number: this.textOf('contract_number', PERMIT_FIELDS.contract_number), contract_date: contractDate,
      };
    }
    const orphan = PERMIT_DETAILS.find((f) => this.cell(f) !== '');
    if (orphan) {
      const label = this.columns.label[orphan];
      this.report('permit_number', { code: 'required', uk: `порожньо: є «${label}», але немає номера дозволу`, en: `empty: "${label}" is given but no permit number` });
    }
    return null;
  }

  /** The owner of the row: null when the row names none, undefined when it is wrong (reported). */
  private checkOwner(): OwnerValues | null | undefined {
    if (OWNER_DETAILS.every((f) => this.cell(f) === '')) return null;
    const before = this.problems.length;
    const name = this.cell('owner_name');
    if (name === '') {
      this.report(this.has('owner_name') ? 'owner_name' : null, { code: 'required', uk: 'порожньо: є дані власника, але немає його назви («Власник»)', en: 'empty: owner details without the owner\'s name' });
    }
    let edrpou: string | null = null;
    if (this.cell('edrpou') !== '') {
      const parsed = parseEdrpou(this.cell('edrpou'), this.isValidEdrpou);
      if (!parsed.ok) this.report('edrpou', parsed.reason);
      else {
        edrpou = parsed.value.code;
        if (parsed.value.padded) {
          const given = this.cell('edrpou');
          this.notices.push({ line: this.line, uk: `код ЄДРПОУ «${given}» доповнено нулями до ${edrpou} (Excel відкидає нулі на початку)`, en: `ЄДРПОУ "${given}" padded to ${edrpou} (Excel drops leading zeros)` });
        }
      }
    }
    const rnokpp = this.read('rnokpp', parseRnokpp);
    const kindGiven = this.cell('owner_kind') !== '';
    let kind: OwnerKind | null = null;
    if (kindGiven) kind = this.read('owner_kind', PARSE.ownerKind);
    else if (edrpou) kind = 'legal_entity';
    else if (rnokpp || /^(ФОП|ФО-П|СПД)(\s|$)/iu.test(name)) kind = 'sole_proprietor';
    else if (this.problems.length === before) {
      this.report(this.has('owner_kind') ? 'owner_kind' : 'owner_name', { code: 'required', uk: 'не видно, хто власник: вкажіть «Вид власника» або ЄДРПОУ', en: 'cannot tell the owner kind: give owner_kind or an ЄДРПОУ' });
    }
    if (kind && kind !== 'sole_proprietor' && this.cell('edrpou') === '') {
      this.report('edrpou', { code: 'required', uk: 'порожньо: для юридичної особи чи комунального підприємства потрібен код ЄДРПОУ', en: 'empty: a legal entity or municipal enterprise needs its ЄДРПОУ' });
    }
    if (kind === 'sole_proprietor' && edrpou) {
      this.report('edrpou', { code: 'not_for_kind', uk: 'у ФОП немає коду ЄДРПОУ; його податковий номер — РНОКПП', en: 'a sole proprietor has no ЄДРПОУ; their tax number is the РНОКПП' });
    }
    if (this.problems.length > before || !kind) return undefined;
    const key = kind !== 'sole_proprietor' ? `E:${edrpou}` : rnokpp ? `R:${rnokpp}` : `N:${ownerNameKey(name)}`;
    return {
      key, kind, kindGiven, name: name.replace(/\s+/g, ' '), edrpou, rnokpp,
      phone: this.textOf('phone', OWNER_FIELDS.private_phone), email: this.textOf('email', OWNER_FIELDS.private_email), public_contact: this.textOf('public_contact', OWNER_FIELDS.public_contact),
    };
  }

  /** The object's place (../kit/place.ts); a problem with it is reported on its columns. */
  private checkPlace(): Place | undefined {
    const read = readPlace(this.columns, (f) => this.cell(f), this.crs, this.axisOrder);
    if (read.ok) return read.place;
    this.problems.push({ line: this.line, field: read.fields, fields: read.labels, value: read.text, ...read.reason });
    return undefined;
  }
}

export type { AxisOrder, Place };
