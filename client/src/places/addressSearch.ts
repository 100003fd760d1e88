/**
 * The hromada's address box, for any service that needs an address from a resident (find my
 * deputy now; a comment's place, an embed's view later): type, pick from the suggestions, get the
 * address point. Served by GET /{hromada}/api/places/search, which forgives typos, abbreviations,
 * Latin spelling and former street names.
 *
 * An ARIA 1.2 combobox (the "list autocomplete" pattern of the APG): the input keeps focus, ↓/↑
 * move through the suggestions (aria-activedescendant), Enter takes one, Esc closes the list; a
 * polite live region says how many were found. Every suggestion is text (textContent), never HTML.
 */
import type { Session } from '../auth/session.js';
import type { Text } from '../catalog.js';
import { el } from '../dom.js';
import { onLanguageChange, pick, say } from '../i18n.js';

export interface AddressResult {
  id: number;
  label: string;
  street: string;
  houseNumber: string;
  lon: number;
  lat: number;
  score: number;
  matched?: { kind: 'former' | 'latin'; name: string };
}

const W = {
  label: { uk: 'Адреса', en: 'Address' },
  suggestions: { uk: 'Знайдені адреси', en: 'Addresses found' },
  placeholder: { uk: 'вулиця і номер будинку', en: 'street and house number' },
  found: { uk: 'Знайдено адрес: {n}. Стрілками вниз і вгору — вибір, Enter — підтвердити.', en: '{n} addresses found. Use the down and up arrows, Enter to choose.' },
  none: { uk: 'Адресу не знайдено. Спробуйте інакше: «вул. Шевченка 12».', en: 'No address found. Try another way: “вул. Шевченка 12”.' },
  failed: { uk: 'Пошук зараз недоступний.', en: 'Search is unavailable now.' },
  former: { uk: 'колишня назва: {name}', en: 'former name: {name}' },
};

/** Wait this long after the last key before asking the server: one request per pause, not per letter. */
const DEBOUNCE_MS = 200;
const SUGGESTIONS = 8;

let counter = 0;

export class AddressSearch {
  readonly element: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly list: HTMLUListElement;
  private readonly status: HTMLElement;
  private readonly labelElement: HTMLLabelElement;
  private results: AddressResult[] = [];
  private active = -1;
  private timer = 0;
  private request: AbortController | null = null;
  private readonly prefix = `address-search-${++counter}`;

  /**
   * `label` names the box by what the address is for ("Ваша адреса", "Від адреси"): several boxes
   * on one page must not share a name, or a screen reader's list of fields reads "Адреса" twice.
   */
  constructor(private readonly session: Session, private readonly onChoose: (result: AddressResult) => void, private readonly label: Text = W.label) {
    const inputId = `${this.prefix}-input`;
    const listId = `${this.prefix}-list`;
    this.labelElement = el('label', { for: inputId, class: 'address-label' }, [pick(this.label)]);
    this.input = el('input', {
      id: inputId, type: 'text', role: 'combobox', autocomplete: 'off', spellcheck: 'false', class: 'address-input',
      'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId, placeholder: pick(W.placeholder),
    });
    this.list = el('ul', { id: listId, role: 'listbox', class: 'address-suggestions', 'aria-label': pick(W.suggestions), hidden: true });
    this.status = el('p', { class: 'address-status', 'aria-live': 'polite' });
    this.element = el('div', { class: 'address-search' }, [this.labelElement, el('div', { class: 'address-combo' }, [this.input, this.list]), this.status]);
    this.input.addEventListener('input', () => this.typed());
    this.input.addEventListener('keydown', (event) => this.key(event));
    this.input.addEventListener('blur', () => window.setTimeout(() => this.close(), 150));
    onLanguageChange(() => {
      this.labelElement.textContent = pick(this.label);
      this.input.placeholder = pick(W.placeholder);
      this.list.setAttribute('aria-label', pick(W.suggestions));
    });
  }

  focus(): void {
    this.input.focus();
  }

  private typed(): void {
    window.clearTimeout(this.timer);
    const q = this.input.value.trim();
    if (q.length < 2) return this.close();
    this.timer = window.setTimeout(() => void this.search(q), DEBOUNCE_MS);
  }

  private async search(q: string): Promise<void> {
    this.request?.abort();
    const request = (this.request = new AbortController());
    try {
      const response = await fetch(`/${encodeURIComponent(this.session.municipality)}/api/places/search?q=${encodeURIComponent(q)}&limit=${SUGGESTIONS}`, { signal: request.signal });
      if (!response.ok) throw new Error(String(response.status));
      const { results } = (await response.json()) as { results: AddressResult[] };
      if (request.signal.aborted) return;
      this.show(results);
    } catch (error) {
      if ((error as Error).name === 'AbortError') return;
      this.show([]);
      this.status.textContent = pick(W.failed);
    }
  }

  private show(results: AddressResult[]): void {
    this.results = results;
    this.active = -1;
    this.input.removeAttribute('aria-activedescendant');
    this.list.replaceChildren(...results.map((r, i) => {
      const option = el('li', { id: `${this.prefix}-option-${i}`, role: 'option', class: 'address-option', 'aria-selected': 'false' }, [
        r.label,
        r.matched?.kind === 'former' ? el('span', { class: 'address-former' }, [` (${say(W.former, { name: r.matched.name })})`]) : null,
      ]);
      // mousedown, not click: the input's blur would close the list before a click lands
      option.addEventListener('mousedown', (event) => {
        event.preventDefault();
        this.choose(i);
      });
      return option;
    }));
    const open = results.length > 0;
    this.list.hidden = !open;
    this.input.setAttribute('aria-expanded', String(open));
    this.status.textContent = open ? say(W.found, { n: results.length }) : pick(W.none);
  }

  private key(event: KeyboardEvent): void {
    const open = !this.list.hidden && this.results.length > 0;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!open) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.highlight((this.active + step + this.results.length) % this.results.length);
    } else if (event.key === 'Enter') {
      if (!open) return;
      event.preventDefault();
      this.choose(this.active >= 0 ? this.active : 0);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      event.stopPropagation();
      this.close();
    }
  }

  private highlight(index: number): void {
    this.active = index;
    [...this.list.children].forEach((option, i) => option.setAttribute('aria-selected', String(i === index)));
    this.input.setAttribute('aria-activedescendant', `${this.prefix}-option-${index}`);
    this.list.children[index]?.scrollIntoView({ block: 'nearest' });
  }

  private choose(index: number): void {
    const result = this.results[index];
    if (!result) return;
    this.input.value = result.label;
    this.status.textContent = '';
    this.close();
    this.onChoose(result);
  }

  private close(): void {
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }
}
