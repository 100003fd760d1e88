/**
 * Labelled form fields that check themselves as the editor types: each input has its <label>, a
 * message element tied to it by aria-describedby, and aria-invalid while its value is wrong. The
 * server has the last word: a 400 names its field, and the message is shown at that field.
 * The limits come from the rules the server and the import apply (server/rules/registry.ts,
 * through ruleField()), so most mistakes never reach the server.
 */
import type { Text } from '../catalog.js';
import { el } from '../dom.js';
import { pick, say } from '../i18n.js';
import { isValidEdrpou } from '../../../server/rules/edrpou.js';
import { numberProblem, textProblem, type FieldRule } from '../../../server/rules/registry.js';

export type FieldKind = 'text' | 'number' | 'date' | 'select' | 'checkbox' | 'textarea';

export interface FieldSpec {
  name: string;
  label: Text;
  kind: FieldKind;
  required?: boolean;
  /** A select's choices (value '' is "not chosen"). */
  options?: { value: string; label: string }[];
  /** Extra check of a non-empty value: the problem, or null when the value is fine. */
  check?: (value: string, form: FieldSet) => Text | null;
  min?: number;
  max?: number;
  step?: string;
  maxLength?: number;
  hint?: Text;
  /** The shared rule of the field: its limits are checked as the server checks them. */
  rule?: FieldRule;
}

/**
 * A form field from its shared rule: the kind of input, the length limit and the check of the
 * value follow the rule; `extra` adds what the form alone knows (required, options, a hint).
 */
export function ruleField(name: string, rule: FieldRule, extra: Partial<FieldSpec> = {}): FieldSpec {
  const kind: FieldKind = rule.kind === 'decimal' || rule.kind === 'integer' ? 'number'
    : rule.kind === 'text' ? (rule.maxLength > 500 ? 'textarea' : 'text')
    : rule.kind === 'boolean' ? 'checkbox' : 'date';
  return { name, label: rule.label, kind, rule, maxLength: rule.kind === 'text' ? rule.maxLength : undefined, ...extra };
}

export type Value = string | number | boolean | null;

const REQUIRED: Text = { uk: 'Обов’язкове поле', en: 'Required' };
const NOT_NUMBER: Text = { uk: 'Має бути число', en: 'Must be a number' };
const TOO_SMALL: Text = { uk: 'Не менше {n}', en: 'At least {n}' };
const TOO_BIG: Text = { uk: 'Не більше {n}', en: 'At most {n}' };
const TOO_LONG: Text = { uk: 'Не довше {n} символів', en: 'At most {n} characters' };
const BAD_DATE: Text = { uk: 'Дата у форматі рррр-мм-дд', en: 'A date as yyyy-mm-dd' };

/** Common checks, in the words of the server's schemas. */
export const checks = {
  edrpou: (v: string): Text | null => {
    if (!/^\d{8}$/.test(v)) return { uk: 'ЄДРПОУ: 8 цифр', en: 'ЄДРПОУ: 8 digits' };
    return isValidEdrpou(v) ? null : { uk: 'Контрольна цифра ЄДРПОУ не збігається', en: 'The ЄДРПОУ check digit does not match' };
  },
  /** This date not before the date in field `other` (a permit valid until after it is valid from). */
  notBefore: (other: string, otherLabel: Text) => (v: string, form: FieldSet): Text | null => {
    const from = form.raw(other);
    return from && v < from ? { uk: `Не раніше ніж «${otherLabel.uk}»`, en: `Not before “${otherLabel.en}”` } : null;
  },
};

interface Entry {
  spec: FieldSpec;
  input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  message: HTMLElement;
  wrapper: HTMLElement;
  /** The server's word on the current value, cleared when the value changes. */
  serverMessage: string | null;
}

export class FieldSet {
  readonly element: HTMLElement;
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly prefix: string, specs: FieldSpec[]) {
    this.element = el('div', { class: 'fields' });
    for (const spec of specs) this.add(spec);
  }

  private add(spec: FieldSpec): void {
    const id = `${this.prefix}-${spec.name}`;
    const messageId = `${id}-message`;
    let input: Entry['input'];
    const common = { id, name: spec.name, 'aria-describedby': messageId, required: spec.required && spec.kind !== 'checkbox' };
    if (spec.kind === 'select') {
      input = el('select', common, (spec.options ?? []).map((o) => el('option', { value: o.value }, [o.label])));
    } else if (spec.kind === 'textarea') {
      input = el('textarea', { ...common, rows: 3, maxlength: spec.maxLength });
    } else {
      const type = spec.kind === 'number' ? 'text' : spec.kind;
      input = el('input', {
        ...common, type, maxlength: spec.maxLength,
        inputmode: spec.kind === 'number' ? 'decimal' : undefined, autocomplete: 'off',
      });
    }
    const message = el('p', { id: messageId, class: 'field-message', 'aria-live': 'polite' });
    const label = el('label', { for: id }, [pick(spec.label), spec.required ? el('span', { class: 'required', 'aria-hidden': 'true' }, [' *']) : null]);
    const wrapper = el('div', { class: `field field-${spec.kind}`, 'data-field': spec.name },
      spec.kind === 'checkbox' ? [input, label, message] : [label, input, spec.hint ? el('p', { class: 'field-hint' }, [pick(spec.hint)]) : null, message]);
    const entry: Entry = { spec, input, message, wrapper, serverMessage: null };
    this.entries.set(spec.name, entry);
    input.addEventListener('input', () => {
      entry.serverMessage = null;
      this.validate(spec.name);
    });
    input.addEventListener('change', () => this.validate(spec.name));
    this.element.append(wrapper);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  input(name: string): Entry['input'] | undefined {
    return this.entries.get(name)?.input;
  }

  /** The value as typed (a checkbox: 'true' or ''). */
  raw(name: string): string {
    const entry = this.entries.get(name);
    if (!entry) return '';
    if (entry.input instanceof HTMLInputElement && entry.input.type === 'checkbox') return entry.input.checked ? 'true' : '';
    return entry.input.value.trim();
  }

  /** The problem with a field's value, or null. */
  problem(name: string): string | null {
    const entry = this.entries.get(name)!;
    const { spec } = entry;
    if (entry.serverMessage) return entry.serverMessage;
    const value = this.raw(name);
    if (spec.kind === 'checkbox') return null;
    if (!value) return spec.required ? pick(REQUIRED) : null;
    if (spec.maxLength && value.length > spec.maxLength) return say(TOO_LONG, { n: spec.maxLength });
    if (spec.rule?.kind === 'text') {
      const problem = textProblem(spec.rule, value);
      if (problem) return pick(problem);
    }
    if (spec.kind === 'number') {
      const n = Number(value.replace(',', '.'));
      if (!/^[-+]?\d*[.,]?\d+$/.test(value.trim()) || !Number.isFinite(n)) return pick(NOT_NUMBER);
      if (spec.rule?.kind === 'decimal' || spec.rule?.kind === 'integer') {
        const problem = numberProblem(spec.rule, n);
        if (problem) return pick(problem);
      }
      if (spec.min !== undefined && n < spec.min) return say(TOO_SMALL, { n: spec.min });
      if (spec.max !== undefined && n > spec.max) return say(TOO_BIG, { n: spec.max });
    }
    if (spec.kind === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return pick(BAD_DATE);
    const extra = spec.check?.(value, this);
    return extra ? pick(extra) : null;
  }

  /** Marks one field valid or not; returns whether it is. */
  validate(name: string): boolean {
    const entry = this.entries.get(name);
    if (!entry) return true;
    const problem = this.problem(name);
    entry.message.textContent = problem ?? '';
    if (problem) entry.input.setAttribute('aria-invalid', 'true');
    else entry.input.removeAttribute('aria-invalid');
    return !problem;
  }

  /** Checks every field; returns the first invalid input (to focus), or null when all are fine. */
  validateAll(): HTMLElement | null {
    let first: HTMLElement | null = null;
    for (const [name, entry] of this.entries) {
      if (entry.wrapper.hidden) continue;
      if (!this.validate(name) && !first) first = entry.input;
    }
    return first;
  }

  /** Values for the API: numbers as numbers, empty as null, checkboxes as booleans. */
  values(): Record<string, Value> {
    const result: Record<string, Value> = {};
    for (const [name, { spec }] of this.entries) {
      const value = this.raw(name);
      if (spec.kind === 'checkbox') result[name] = value === 'true';
      else if (!value) result[name] = null;
      else if (spec.kind === 'number') result[name] = Number(value.replace(',', '.'));
      else result[name] = value;
    }
    return result;
  }

  setValue(name: string, value: unknown): void {
    const entry = this.entries.get(name);
    if (!entry) return;
    if (entry.input instanceof HTMLInputElement && entry.input.type === 'checkbox') entry.input.checked = value === true;
    else if (value === null || value === undefined) entry.input.value = '';
    else entry.input.value = entry.spec.kind === 'date' ? String(value).slice(0, 10) : String(value);
    entry.serverMessage = null;
  }

  setValues(record: Record<string, unknown>): void {
    for (const name of this.entries.keys()) if (name in record) this.setValue(name, record[name]);
  }

  setHidden(name: string, hidden: boolean): void {
    const entry = this.entries.get(name);
    if (entry) entry.wrapper.hidden = hidden;
  }

  /**
   * Shows the server's refusal at its field(s): `field` names as the API spells them, mapped to
   * this form's names by `rename` (e.g. a permit's 'number' → 'permit_number'). Returns the first
   * input marked, or null when none of the fields is in this form.
   */
  showServerErrors(problems: { field: string; message: string }[], rename: (field: string) => string = (f) => f): HTMLElement | null {
    let first: HTMLElement | null = null;
    for (const { field, message } of problems) {
      const entry = this.entries.get(rename(field.split('.')[0]));
      if (!entry) continue;
      entry.serverMessage = message;
      this.validate(entry.spec.name);
      first ??= entry.input;
    }
    return first;
  }
}
