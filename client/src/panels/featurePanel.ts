/**
 * The card of one feature: every public property of its collection, in catalog order, with its
 * label in the interface language and its value formatted for reading (see format.ts). Absent
 * values say so rather than vanish, so two objects' cards read alike. A bottom sheet on a phone,
 * a side panel on a wide screen (the layout is CSS's business); Esc or "Close" closes it and
 * focus goes back to what opened it.
 */
import { colorOf, type CatalogCollection } from '../catalog.js';
import { el, replaceChildren, swatch } from '../dom.js';
import { featureTitle, formatValue } from '../format.js';
import { language, onLanguageChange, pick, t } from '../i18n.js';

export type CardState = 'loading' | 'complete' | 'partial';

interface Shown {
  collection: CatalogCollection;
  id: string;
  properties: Record<string, unknown>;
  state: CardState;
}

export class FeaturePanel {
  private shown: Shown | null = null;
  private readonly kicker: HTMLElement;
  private readonly title: HTMLHeadingElement;
  private readonly note: HTMLElement;
  private readonly list: HTMLDListElement;
  private readonly closeButton: HTMLButtonElement;
  /** What the signed-in user may do with the object (the registry editor's buttons), if anything. */
  private readonly actions: HTMLElement;
  /** More about the feature from its own service (the registry's owner, permit, revenue …). */
  private readonly details: HTMLElement;

  constructor(private readonly panel: HTMLElement, private readonly onClose: () => void) {
    this.kicker = el('p', { class: 'panel-kicker' });
    this.title = el('h2', { id: 'panel-title', class: 'panel-title', tabindex: '-1' });
    this.closeButton = el('button', { type: 'button', class: 'panel-close' });
    this.closeButton.addEventListener('click', () => this.onClose());
    this.note = el('p', { class: 'panel-note', role: 'status' });
    this.list = el('dl', { class: 'properties' });
    this.actions = el('div', { class: 'panel-actions', hidden: true });
    this.details = el('div', { class: 'panel-details', hidden: true });
    panel.setAttribute('aria-labelledby', 'panel-title');
    replaceChildren(panel, [
      el('div', { class: 'panel-header' }, [el('div', { class: 'panel-heading' }, [this.kicker, this.title]), this.closeButton]),
      this.note,
      this.actions,
      // a service's own summary (the registry: owner, legality and why, revenue, photo) leads;
      // the layer's fields follow as the details
      this.details,
      this.list,
    ]);
    panel.hidden = true;
    onLanguageChange(() => this.render());
  }

  get isOpen(): boolean {
    return !this.panel.hidden;
  }

  /** Shows the card (or updates the open one) and, when asked, moves focus to its heading. */
  show(collection: CatalogCollection, id: string, properties: Record<string, unknown>, state: CardState, focus: boolean): void {
    this.shown = { collection, id, properties, state };
    this.panel.hidden = false;
    this.panel.dataset.state = state;
    this.render();
    if (focus) this.title.focus();
  }

  /** Puts `content` (or nothing) in the card's actions slot. */
  setActions(content: HTMLElement | null): void {
    replaceChildren(this.actions, [content]);
    this.actions.hidden = !content;
  }

  /** Puts `content` (or nothing) below the properties. */
  setDetails(content: HTMLElement | null): void {
    replaceChildren(this.details, [content]);
    this.details.hidden = !content;
  }

  /** The id of the feature the card shows, with its collection. */
  get current(): { collection: CatalogCollection; id: string } | null {
    return this.shown ? { collection: this.shown.collection, id: this.shown.id } : null;
  }

  hide(): void {
    this.shown = null;
    this.panel.hidden = true;
  }

  /** The title the card shows, for announcements. */
  titleText(): string {
    return this.title.textContent ?? '';
  }

  private render(): void {
    this.closeButton.textContent = t('close');
    this.closeButton.setAttribute('aria-label', t('closePanel'));
    if (!this.shown) return;
    const { collection, id, properties, state } = this.shown;
    const lang = language();
    this.kicker.textContent = pick(collection.title);
    this.title.textContent = featureTitle(collection, properties, id, lang);
    this.note.textContent = state === 'loading' ? t('panelLoading') : state === 'partial' ? t('panelPartial') : '';
    this.note.hidden = state === 'complete';
    // While loading, the tile's few properties are all there is: show only those.
    const rows = collection.properties.filter((p) => p.inCard !== false && (state === 'complete' || p.name in properties));
    replaceChildren(this.list, rows.map((property) => {
      const value = properties[property.name];
      const colored = collection.style.colorBy === property.name && property.values?.some((v) => v.value === String(value) && v.color);
      return el('div', { class: 'property', 'data-property': property.name }, [
        el('dt', {}, [pick(property.label)]),
        el('dd', { class: value === null || value === undefined || value === '' ? 'empty' : undefined }, [
          colored ? swatch(colorOf(collection, value), 'point') : null,
          formatValue(property, value, lang),
        ]),
      ]);
    }));
  }
}
