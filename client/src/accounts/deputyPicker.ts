/**
 * Choosing the deputy an account is for, by name: a search box and, below it, the matching
 * deputies of the current council as radio buttons ("Коваль Олена Петрівна — округ № 5"), plus
 * "no deputy". Native radios keep it keyboard and screen-reader usable without a custom widget;
 * a polite live region says how many were found.
 */
import { el, replaceChildren } from '../dom.js';
import { pick, say } from '../i18n.js';
import type { AccountsApi, DeputyChoice } from './api.js';
import { A } from './words.js';

let pickers = 0;

export class DeputyPicker {
  readonly element: HTMLFieldSetElement;
  private readonly input: HTMLInputElement;
  private readonly options = el('div', { class: 'deputy-picker-options' });
  private readonly found = el('p', { class: 'field-hint', 'aria-live': 'polite' });
  private readonly name: string;
  private chosen: DeputyChoice | null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private asked = 0;

  constructor(private readonly api: AccountsApi, current: DeputyChoice | null) {
    const n = ++pickers;
    this.name = `deputy-choice-${n}`;
    this.chosen = current;
    this.input = el('input', { id: `deputy-search-${n}`, type: 'search', autocomplete: 'off', 'aria-describedby': `deputy-search-hint-${n}` });
    this.input.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.search(), 250);
    });
    // Enter in the box searches at once rather than submitting the form around it
    this.input.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      clearTimeout(this.timer);
      void this.search();
    });
    this.element = el('fieldset', { class: 'deputy-picker' }, [
      el('legend', {}, [pick(A.deputy)]),
      el('div', { class: 'field' }, [
        el('label', { for: this.input.id }, [pick(A.deputySearch)]),
        this.input,
        el('p', { class: 'field-hint', id: `deputy-search-hint-${n}` }, [pick(A.deputySearchHint)]),
      ]),
      this.found,
      this.options,
    ]);
    this.draw([]);
  }

  /** The deputy chosen, or null for none. */
  get value(): number | null {
    return this.chosen?.id ?? null;
  }

  private async search(): Promise<void> {
    const q = this.input.value.trim();
    const ask = ++this.asked;
    try {
      const found = await this.api.deputies(q);
      if (ask !== this.asked) return; // a later search answered first
      this.found.textContent = found.length ? say(A.foundDeputies, { n: found.length }) : pick(A.noDeputies);
      this.draw(found);
    } catch (error) {
      this.found.textContent = (error as Error).message;
    }
  }

  private draw(found: DeputyChoice[]): void {
    const choices = this.chosen && !found.some((d) => d.id === this.chosen!.id) ? [this.chosen, ...found] : found;
    const radio = (value: string, label: string, checked: boolean, choice: DeputyChoice | null) => {
      const id = `${this.name}-${value || 'none'}`;
      const input = el('input', { type: 'radio', name: this.name, id, value, checked });
      input.addEventListener('change', () => {
        if (input.checked) this.chosen = choice;
      });
      return el('div', { class: 'field-checkbox' }, [input, el('label', { for: id }, [label])]);
    };
    replaceChildren(this.options, [
      radio('', pick(A.noDeputy), this.chosen === null, null),
      ...choices.map((d) => radio(String(d.id), deputyLabel(d), this.chosen?.id === d.id, d)),
    ]);
  }
}

export function deputyLabel(d: { fullName: string; districtNumber: number | null }): string {
  return d.districtNumber === null ? d.fullName : `${d.fullName} — ${say(A.districtNo, { n: d.districtNumber })}`;
}
