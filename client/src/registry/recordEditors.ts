/**
 * Editing what exists (issue 9): an object's permits (number, dates, status, decision, contract),
 * its owner's details, and its payments — which are never edited or deleted, but corrected by a
 * reversal and a new entry with a reason (server: core/documents.ts correctPayment, 0021). Each
 * opens from the card's editor actions in the editor's dialog; after a save the card refreshes.
 */
import type { Text } from '../catalog.js';
import type { Dialog } from '../dialog.js';
import { el, replaceChildren } from '../dom.js';
import { formatDate, formatNumber } from '../format.js';
import { language, pick, say } from '../i18n.js';
import { announce } from '../panels/status.js';
import { OWNER_FIELDS, OWNER_KINDS, PERMIT_FIELDS, PERMIT_KINDS, PERMIT_STATUSES } from '../../../server/rules/registry.js';
import { changedValues, type OwnerRecord, type PaymentRecord, type PermitRecord, type RegistryApi } from './api.js';
import { checks, FieldSet, ruleField } from './fields.js';
import { openFormDialog } from './formDialog.js';
import { FIELD_LABELS as L, M } from './messages.js';

export const R: Record<string, Text> = {
  permits: { uk: 'Дозволи', en: 'Permits' },
  permitsTitle: { uk: 'Дозволи об’єкта №{id}', en: 'Permits of object {id}' },
  noPermits: { uk: 'Дозволів ще немає.', en: 'No permits yet.' },
  editPermit: { uk: 'Редагувати дозвіл № {number}', en: 'Edit permit No. {number}' },
  permitTitle: { uk: 'Дозвіл № {number}', en: 'Permit No. {number}' },
  validUntil: { uk: 'чинний до {date}', en: 'valid until {date}' },
  payments: { uk: 'Оплати', en: 'Payments' },
  paymentsTitle: { uk: 'Оплати об’єкта №{id}', en: 'Payments of object {id}' },
  noPayments: { uk: 'Оплат ще немає.', en: 'No payments yet.' },
  correct: { uk: 'Виправити оплату від {date} на {amount}', en: 'Correct the payment of {date}, {amount}' },
  correctShort: { uk: 'Виправити', en: 'Correct' },
  correctTitle: { uk: 'Виправлення оплати від {date}', en: 'Correcting the payment of {date}' },
  correctNote: {
    uk: 'Оплату не буде змінено чи видалено: буде додано сторно на {amount} і, якщо правильна сума не нуль, новий запис. Обидва посилаються на цю оплату й мають причину.',
    en: 'The payment is not changed or deleted: a reversal of {amount} is added and, unless the right amount is zero, a new entry. Both name this payment and the reason.',
  },
  rightAmount: { uk: 'Правильна сума, грн (0 — оплати не було)', en: 'The right amount, UAH (0: there was no payment)' },
  reason: { uk: 'Причина виправлення', en: 'Reason for the correction' },
  reversed: { uk: 'сторновано', en: 'reversed' },
  reversal: { uk: 'сторно оплати №{id}', en: 'reversal of payment {id}' },
  replacement: { uk: 'виправлення оплати №{id}', en: 'correction of payment {id}' },
  owner: { uk: 'Власник', en: 'Owner' },
  editOwner: { uk: 'Редагувати власника', en: 'Edit the owner' },
  ownerTitle: { uk: 'Власник: {name}', en: 'Owner: {name}' },
  noOwnerYet: { uk: 'Власника не вказано: оберіть його в «Редагувати».', en: 'No owner is given: choose one under “Edit”.' },
  status: { uk: 'Статус', en: 'Status' },
  kind: { uk: 'Вид документа', en: 'Kind of document' },
  contractNumber: { uk: 'Номер договору', en: 'Contract number' },
  contractDate: { uk: 'Дата договору', en: 'Contract date' },
  ownerKind: { uk: 'Вид власника', en: 'Kind of owner' },
  back: { uk: 'Назад до списку', en: 'Back to the list' },
};

const money = (n: number) => `${formatNumber(n, language(), { decimals: 2, grouped: true })} ${language() === 'en' ? 'UAH' : 'грн'}`;
const words = (list: readonly { value: string; label: Text }[]) => list.map((w) => ({ value: w.value, label: pick(w.label) }));

export class RecordEditors {
  constructor(
    private readonly dialog: Dialog,
    private readonly api: RegistryApi,
    /** After a save: refresh the object's card and tiles. */
    private readonly saved: (objectId: number) => void,
  ) {}

  private button(id: string, label: string, onClick: () => void, aria?: string): HTMLButtonElement {
    const b = el('button', { type: 'button', id, class: 'editor-button', 'aria-label': aria });
    b.textContent = label;
    b.addEventListener('click', onClick);
    return b;
  }

  private done(objectId: number): void {
    this.dialog.close();
    announce(say(M.saved, { id: objectId }));
    this.saved(objectId);
  }

  private failed(error: unknown): void {
    replaceChildren(this.dialog.body, [el('p', { class: 'form-error', role: 'alert' }, [say(M.failed, { message: String((error as Error).message) })])]);
  }

  // -------------------------------------------------------------------------------------------
  // Permits

  async permits(objectId: number): Promise<void> {
    try {
      const permits = await this.api.permits(objectId);
      const items = permits.map((p) => el('li', { class: 'record-item' }, [
        el('span', {}, [[
          `${pick(PERMIT_KINDS.find((k) => k.value === p.kind)?.label ?? { uk: p.kind, en: p.kind })} № ${p.number}`,
          pick(PERMIT_STATUSES.find((s) => s.value === p.status)?.label ?? { uk: p.status, en: p.status }),
          p.valid_until ? say(R.validUntil, { date: formatDate(p.valid_until) }) : null,
        ].filter(Boolean).join(' · ')]),
        this.button(`edit-permit-${p.id}`, pick(M.edit), () => this.permitForm(objectId, p), say(R.editPermit, { number: p.number })),
      ]));
      replaceChildren(this.dialog.body, [items.length ? el('ul', { class: 'record-list' }, items) : el('p', {}, [pick(R.noPermits)])]);
      this.dialog.open(say(R.permitsTitle, { id: objectId }), this.dialog.body.querySelector<HTMLElement>('button'));
    } catch (error) {
      this.failed(error);
      this.dialog.open(say(R.permitsTitle, { id: objectId }));
    }
  }

  private permitForm(objectId: number, permit: PermitRecord): void {
    const spec = (name: keyof typeof PERMIT_FIELDS, label: Text, extra = {}) => ruleField(name, PERMIT_FIELDS[name], { label, ...extra });
    const fields = new FieldSet('permit-edit', [
      spec('number', L.permit_number, { required: true }),
      { name: 'kind', label: R.kind, kind: 'select', required: true, options: words(PERMIT_KINDS) },
      { name: 'status', label: R.status, kind: 'select', required: true, options: words(PERMIT_STATUSES) },
      spec('issued_on', L.permit_issued_on),
      spec('valid_from', L.permit_valid_from),
      spec('valid_until', L.permit_valid_until, { check: checks.notBefore('valid_from', L.permit_valid_from) }),
      spec('decision', L.permit_decision),
      spec('contract_number', R.contractNumber),
      spec('contract_date', R.contractDate),
    ]);
    fields.setValues(permit as unknown as Record<string, unknown>);
    openFormDialog(this.dialog, {
      title: say(R.permitTitle, { number: permit.number }),
      fields,
      submitLabel: pick(M.save),
      send: () => this.api.updatePermit(objectId, permit, changedValues(permit as unknown as Record<string, unknown>, fields.values())),
      done: () => this.done(objectId),
      extra: [this.button('back-to-permits', pick(R.back), () => void this.permits(objectId))],
    });
  }

  // -------------------------------------------------------------------------------------------
  // Payments

  async payments(objectId: number): Promise<void> {
    try {
      const payments = await this.api.payments(objectId);
      const items = payments.map((p) => {
        const note = p.amount_uah < 0 ? say(R.reversal, { id: p.corrects_payment_id ?? '' })
          : p.corrects_payment_id ? say(R.replacement, { id: p.corrects_payment_id })
            : p.reversed ? pick(R.reversed) : null;
        const text = [`№${p.id}`, formatDate(p.paid_on), money(p.amount_uah), p.document, note, p.correction_reason ? `«${p.correction_reason}»` : null].filter(Boolean).join(' · ');
        const correctable = p.amount_uah > 0 && !p.reversed;
        return el('li', { class: `record-item${p.reversed || p.amount_uah < 0 ? ' record-struck' : ''}`, 'data-payment': String(p.id) }, [
          el('span', {}, [text]),
          correctable ? this.button(`correct-payment-${p.id}`, pick(R.correctShort), () => this.correctionForm(objectId, p),
            say(R.correct, { date: formatDate(p.paid_on), amount: money(p.amount_uah) })) : null,
        ]);
      });
      replaceChildren(this.dialog.body, [items.length ? el('ul', { class: 'record-list' }, items) : el('p', {}, [pick(R.noPayments)])]);
      this.dialog.open(say(R.paymentsTitle, { id: objectId }), this.dialog.body.querySelector<HTMLElement>('button'));
    } catch (error) {
      this.failed(error);
      this.dialog.open(say(R.paymentsTitle, { id: objectId }));
    }
  }

  private correctionForm(objectId: number, payment: PaymentRecord): void {
    const fields = new FieldSet('correction', [
      { name: 'amount_uah', label: R.rightAmount, kind: 'number', required: true, min: 0, max: 9_999_999_999.99 },
      { name: 'reason', label: R.reason, kind: 'text', required: true, maxLength: 500 },
    ]);
    openFormDialog(this.dialog, {
      title: say(R.correctTitle, { date: formatDate(payment.paid_on) }),
      intro: [el('p', {}, [say(R.correctNote, { amount: money(payment.amount_uah) })])],
      fields,
      submitLabel: pick(M.save),
      send: () => {
        const v = fields.values();
        return this.api.correctPayment(objectId, payment.id, Number(v.amount_uah), String(v.reason));
      },
      done: () => this.done(objectId),
      extra: [this.button('back-to-payments', pick(R.back), () => void this.payments(objectId))],
    });
  }

  // -------------------------------------------------------------------------------------------
  // The owner

  async owner(objectId: number): Promise<void> {
    try {
      const record = await this.api.record(objectId);
      if (record.owner_id === null) {
        replaceChildren(this.dialog.body, [el('p', {}, [pick(R.noOwnerYet)])]);
        return this.dialog.open(pick(R.owner));
      }
      this.ownerForm(objectId, await this.api.owner(record.owner_id));
    } catch (error) {
      this.failed(error);
      this.dialog.open(pick(R.owner));
    }
  }

  private ownerForm(objectId: number, owner: OwnerRecord): void {
    const fields = new FieldSet('owner-edit', [
      { name: 'kind', label: R.ownerKind, kind: 'select', required: true, options: words(OWNER_KINDS) },
      ruleField('name', OWNER_FIELDS.name, { label: L.owner_name, required: true }),
      { name: 'edrpou', label: L.owner_edrpou, kind: 'text', check: checks.edrpou },
      { name: 'rnokpp', label: L.owner_rnokpp, kind: 'text' },
      ruleField('public_contact', OWNER_FIELDS.public_contact, { label: L.owner_contact }),
      ruleField('private_phone', OWNER_FIELDS.private_phone),
      ruleField('private_email', OWNER_FIELDS.private_email),
    ]);
    fields.setValues(owner as unknown as Record<string, unknown>);
    const sync = () => {
      const sole = fields.raw('kind') === 'sole_proprietor';
      fields.setHidden('edrpou', sole);
      fields.setHidden('rnokpp', !sole);
    };
    fields.input('kind')!.addEventListener('change', sync);
    sync();
    openFormDialog(this.dialog, {
      title: say(R.ownerTitle, { name: owner.name }),
      fields,
      submitLabel: pick(M.save),
      send: () => {
        const values = fields.values();
        if (values.kind === 'sole_proprietor') values.edrpou = null;
        else values.rnokpp = null;
        return this.api.updateOwner(owner, changedValues(owner as unknown as Record<string, unknown>, values));
      },
      done: () => this.done(objectId),
    });
  }
}
