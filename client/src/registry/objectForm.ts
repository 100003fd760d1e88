/**
 * The form of one registry object, in a modal dialog: a new object (its geometry already drawn,
 * with a new owner and its first permit if the editor has them) or an edit of an existing one
 * (saved from the row_version it was loaded at). A save the server refuses names its field, and
 * the message appears there; a 409 shows the other editor's change (conflictView.ts) and lets the
 * editor load the current values or save theirs over them — never silently.
 */
import { ApiError } from '../auth/session.js';
import type { Dialog } from '../dialog.js';
import { el, replaceChildren } from '../dom.js';
import { language, pick, say } from '../i18n.js';
import { changedValues, type GeoJsonGeometry, type ObjectRecord, type RegistryApi } from './api.js';
import { conflictView } from './conflictView.js';
import { OBJECT_FIELDS as RULES, OWNER_FIELDS as OWNER_RULES, OWNER_KINDS, PERMIT_FIELDS as PERMIT_RULES } from '../../../server/rules/registry.js';
import { checks, FieldSet, ruleField, type FieldSpec, type Value } from './fields.js';
import { FIELD_LABELS as L, M } from './messages.js';

/** Fields of the object itself, in the API's names. */
const OBJECT_FIELDS = ['type_code', 'address', 'width_m', 'height_m', 'sides', 'area_m2', 'lighting', 'installed_on', 'external_id', 'owner_id', 'monthly_fee_uah', 'description'];

export type FormTarget = { mode: 'create'; geometry: GeoJsonGeometry } | { mode: 'edit'; record: ObjectRecord };

export class ObjectForm {
  private fields!: FieldSet;
  private target!: FormTarget;
  private created: ObjectRecord | null = null;
  private readonly form: HTMLFormElement;
  private readonly status: HTMLElement;
  private readonly conflict: HTMLElement;
  private readonly submit: HTMLButtonElement;

  constructor(
    private readonly dialog: Dialog,
    private readonly api: RegistryApi,
    private readonly onSaved: (record: ObjectRecord) => void,
  ) {
    this.form = el('form', { class: 'object-form', novalidate: true });
    this.status = el('p', { class: 'form-status', role: 'status' });
    this.conflict = el('div', { class: 'conflict', role: 'alert', hidden: true });
    this.submit = el('button', { type: 'submit', class: 'primary' });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save();
    });
  }

  async open(target: FormTarget): Promise<void> {
    this.target = target;
    this.created = null;
    const [types, owners] = await Promise.all([this.api.types(), this.api.owners()]);
    const lang = language();
    const spec = (name: string, extra: Partial<FieldSpec> & Pick<FieldSpec, 'kind'>): FieldSpec => ({ name, label: L[name], ...extra });
    // from the shared rules, labelled as the form names them
    const rule = (name: string, r: Parameters<typeof ruleField>[1], extra: Partial<FieldSpec> = {}) => ruleField(name, r, { label: L[name] ?? r.label, ...extra });
    const specs: FieldSpec[] = [
      spec('type_code', {
        kind: 'select', required: true,
        options: [{ value: '', label: pick(M.chooseType) }, ...types.map((t) => ({ value: t.code, label: lang === 'en' ? t.name_en : t.name_uk }))],
      }),
      rule('address', RULES.address, { required: true }),
      rule('width_m', RULES.width_m),
      rule('height_m', RULES.height_m),
      rule('sides', RULES.sides),
      rule('area_m2', RULES.area_m2),
      rule('lighting', RULES.lighting),
      rule('installed_on', RULES.installed_on),
      rule('external_id', RULES.external_id),
      rule('monthly_fee_uah', RULES.monthly_fee_uah),
      rule('description', RULES.description),
      spec('owner_id', {
        kind: 'select',
        options: [
          { value: '', label: pick(M.noOwner) },
          { value: 'new', label: pick(M.newOwner) },
          ...owners.map((o) => ({ value: String(o.id), label: o.edrpou ? `${o.name} (${o.edrpou})` : o.name })),
        ],
      }),
      spec('owner_kind', { kind: 'select', required: true, options: OWNER_KINDS.map((k) => ({ value: k.value, label: pick(k.label) })) }),
      rule('owner_name', OWNER_RULES.name, { required: true }),
      spec('owner_edrpou', { kind: 'text', check: checks.edrpou, hint: { uk: 'Для юридичних осіб; 8 цифр', en: 'For legal entities; 8 digits' } }),
      spec('owner_rnokpp', {
        kind: 'text', required: true, check: (v) => (/^\d{10}$/.test(v) ? null : { uk: 'РНОКПП: 10 цифр', en: 'РНОКПП: 10 digits' }),
        hint: { uk: 'Персональні дані: бачать лише редактори', en: 'Personal data: editors only see it' },
      }),
      rule('owner_contact', OWNER_RULES.public_contact),
    ];
    if (target.mode === 'create') {
      specs.push(
        rule('permit_number', PERMIT_RULES.number),
        rule('permit_issued_on', PERMIT_RULES.issued_on),
        rule('permit_valid_from', PERMIT_RULES.valid_from),
        rule('permit_valid_until', PERMIT_RULES.valid_until, { check: checks.notBefore('permit_valid_from', L.permit_valid_from) }),
        rule('permit_decision', PERMIT_RULES.decision),
      );
    }
    this.fields = new FieldSet('object', specs);
    const ownerNew = () => this.fields.raw('owner_id') === 'new';
    // A sole proprietor (ФОП) has no ЄДРПОУ but a personal tax number; a legal entity the reverse.
    const syncOwner = () => {
      const soleProprietor = this.fields.raw('owner_kind') === 'sole_proprietor';
      for (const name of ['owner_kind', 'owner_name', 'owner_contact']) this.fields.setHidden(name, !ownerNew());
      this.fields.setHidden('owner_edrpou', !ownerNew() || soleProprietor);
      this.fields.setHidden('owner_rnokpp', !ownerNew() || !soleProprietor);
    };
    this.fields.input('owner_id')!.addEventListener('change', syncOwner);
    this.fields.input('owner_kind')!.addEventListener('change', syncOwner);
    if (target.mode === 'edit') this.fields.setValues(target.record as unknown as Record<string, unknown>);
    syncOwner();

    // Sections: the fields are one FieldSet, shown in three fieldsets by name.
    const section = (legend: string, names: string[]) =>
      el('fieldset', {}, [el('legend', {}, [legend]), ...names.map((n) => this.fields.element.querySelector(`[data-field="${n}"]`))]);
    const geometry = target.mode === 'create' ? target.geometry : target.record.geometry;
    replaceChildren(this.form, [
      this.conflict,
      el('p', { class: 'form-geometry' }, [describeGeometry(geometry)]),
      section(pick(M.sectionObject), OBJECT_FIELDS.filter((n) => n !== 'owner_id')),
      section(pick(M.sectionOwner), ['owner_id', 'owner_kind', 'owner_name', 'owner_edrpou', 'owner_rnokpp', 'owner_contact']),
      target.mode === 'create'
        ? section(pick(M.sectionPermit), ['permit_number', 'permit_issued_on', 'permit_valid_from', 'permit_valid_until', 'permit_decision'])
        : null,
      this.status,
      el('div', { class: 'form-actions' }, [this.submit]),
    ]);
    this.conflict.hidden = true;
    this.status.textContent = '';
    this.submit.textContent = pick(M.save);
    this.submit.disabled = false;
    replaceChildren(this.dialog.body, [this.form]);
    this.dialog.open(target.mode === 'create' ? pick(M.newObject) : say(M.editObject, { id: target.record.id }), this.fields.input('type_code'));
  }

  /** The object's fields as the API takes them; a new owner's id comes from `ownerId`. */
  private objectValues(ownerId: number | null | undefined): Record<string, Value> {
    const all = this.fields.values();
    const values: Record<string, Value> = {};
    for (const name of OBJECT_FIELDS) values[name] = all[name];
    values.owner_id = ownerId !== undefined ? ownerId : all.owner_id === null ? null : Number(all.owner_id);
    return values;
  }

  private async save(reapplyOver?: ObjectRecord): Promise<void> {
    const invalid = this.fields.validateAll();
    if (invalid) {
      this.status.textContent = pick(M.fixFields);
      invalid.focus();
      return;
    }
    this.submit.disabled = true;
    this.status.textContent = pick(M.saving);
    try {
      const ownerId = this.fields.raw('owner_id') === 'new' ? await this.createOwner() : undefined;
      let record: ObjectRecord;
      if (this.target.mode === 'edit') {
        const base = reapplyOver ?? this.target.record;
        const changes = changedValues(base as unknown as Record<string, unknown>, this.objectValues(ownerId));
        record = await this.api.update(base.id, base.row_version, changes);
      } else {
        record = this.created ?? (await this.api.create({ ...withoutNulls(this.objectValues(ownerId)), geometry: this.target.geometry }));
        this.created = record;
        await this.createPermit(record);
      }
      this.status.textContent = say(M.saved, { id: record.id });
      this.dialog.close();
      this.onSaved(record);
    } catch (error) {
      this.showError(error);
    } finally {
      this.submit.disabled = false;
    }
  }

  private async createOwner(): Promise<number> {
    const v = this.fields.values();
    try {
      const soleProprietor = v.owner_kind === 'sole_proprietor';
      const owner = await this.api.createOwner(withoutNulls({
        kind: v.owner_kind, name: v.owner_name, public_contact: v.owner_contact,
        edrpou: soleProprietor ? null : v.owner_edrpou, rnokpp: soleProprietor ? v.owner_rnokpp : null,
      }));
      return owner.id;
    } catch (error) {
      if (error instanceof ApiError) error.problem.fieldPrefix = 'owner_';
      throw error;
    }
  }

  private async createPermit(record: ObjectRecord): Promise<void> {
    const v = this.fields.values();
    if (!v.permit_number) return;
    try {
      await this.api.addPermit(record.id, withoutNulls({
        kind: 'permit', number: v.permit_number, issued_on: v.permit_issued_on, valid_from: v.permit_valid_from,
        valid_until: v.permit_valid_until, decision: v.permit_decision,
      }));
    } catch (error) {
      if (error instanceof ApiError) {
        error.problem.fieldPrefix = 'permit_';
        error.problem.detail = say(M.permitFailed, { id: record.id });
      }
      throw error;
    }
  }

  private showError(error: unknown): void {
    if (!(error instanceof ApiError)) {
      this.status.textContent = say(M.failed, { message: (error as Error).message });
      return;
    }
    if (error.status === 409 && this.target.mode === 'edit' && error.problem.current) {
      this.showConflict(error);
      return;
    }
    const prefix = typeof error.problem.fieldPrefix === 'string' ? error.problem.fieldPrefix : '';
    const rename = (f: string) => (f === 'public_contact' ? 'owner_contact' : `${prefix}${f}`);
    const marked = this.fields.showServerErrors(error.fields, rename);
    this.status.textContent = say(M.failed, { message: error.message });
    marked?.focus();
  }

  private showConflict(error: ApiError): void {
    const current = error.problem.current as ObjectRecord;
    replaceChildren(this.conflict, [
      ...conflictView(error.problem),
      el('p', {}, [pick(M.conflictNote)]),
      el('div', { class: 'form-actions' }, [
        button(pick(M.reload), () => {
          if (this.target.mode !== 'edit') return;
          this.target = { mode: 'edit', record: current };
          this.fields.setValues(current as unknown as Record<string, unknown>);
          this.fields.validateAll();
          this.conflict.hidden = true;
          this.status.textContent = '';
          this.fields.input('type_code')?.focus();
        }),
        // The editor's values, saved from the version they have now seen: a deliberate overwrite.
        button(pick(M.reapply), () => void this.save(current)),
      ]),
    ]);
    this.conflict.hidden = false;
    this.status.textContent = '';
    this.conflict.querySelector<HTMLElement>('.conflict-title')?.focus();
  }
}

function button(label: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', { type: 'button' }, [label]);
  b.addEventListener('click', onClick);
  return b;
}

/** A new record leaves out what the editor left empty (the API's optional fields). */
function withoutNulls(values: Record<string, Value>): Record<string, Value> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== ''));
}

function describeGeometry(geometry: GeoJsonGeometry): string {
  if (geometry.type === 'Point') {
    const [lon, lat] = geometry.coordinates as number[];
    return say(M.geometryPoint, { lat: lat.toFixed(6), lon: lon.toFixed(6) });
  }
  const ring = geometry.type === 'Polygon' ? (geometry.coordinates as number[][][])[0] : (geometry.coordinates as number[][][][])[0][0];
  return say(M.geometryPolygon, { n: ring.length - 1 });
}
