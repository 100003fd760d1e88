/**
 * The features in view as a text list, for whoever does not use the map by sight (and for anyone
 * who prefers reading): each entry is a button that opens the same card the map opens and
 * centres the map on the feature; a cluster entry zooms into its group. The list is re-built only
 * when its entries change, and the focused entry keeps its focus across re-builds.
 */
import { colorOf, type CatalogCollection } from '../catalog.js';
import { el, replaceChildren, swatch } from '../dom.js';
import type { InView, ViewItem } from '../features/inView.js';
import { featureTitle, formatValue } from '../format.js';
import { countObjects, language, onLanguageChange, pick, t } from '../i18n.js';

/** Properties that, carried in the tile, describe where an entry is. */
const PLACE_PROPERTIES = ['address', 'deputies', 'street_uk'];

function placeOf(collection: CatalogCollection, properties: Record<string, unknown>): string | null {
  for (const name of PLACE_PROPERTIES) {
    const property = collection.properties.find((p) => p.name === name);
    const value = properties[name];
    if (property && value !== undefined && value !== null && value !== '') return formatValue(property, value, language());
  }
  return null;
}

export class FeatureList {
  private last: InView | null = null;
  private renderedKeys = '';
  private selectedKey: string | null = null;

  constructor(
    private readonly list: HTMLUListElement,
    private readonly summary: HTMLElement,
    private readonly onOpen: (item: ViewItem, button: HTMLButtonElement) => void,
    /** A service's own marker and detail line for an entry (MapService.listEntry), or null. */
    private readonly serviceEntry: (item: ViewItem) => { marker: HTMLElement; detail: string } | null = () => null,
  ) {
    this.summary.textContent = t('listLoading');
    onLanguageChange(() => {
      this.renderedKeys = '';
      if (this.last) this.update(this.last);
    });
  }

  /** Draws the entries again (a service changed how its features read). */
  redraw(): void {
    this.renderedKeys = '';
    if (this.last) this.update(this.last);
  }

  update(inView: InView): void {
    this.last = inView;
    const keys = inView.items.map((i) => i.key).join('|');
    if (keys === this.renderedKeys) {
      this.writeSummary(inView);
      return;
    }
    const focusedKey = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-key]')?.dataset.key;
    this.renderedKeys = keys;
    replaceChildren(this.list, inView.items.map((item) => el('li', {}, [this.entry(item)])));
    this.writeSummary(inView);
    this.markSelected(this.selectedKey);
    if (focusedKey) this.buttonFor(focusedKey)?.focus();
  }

  /** The entry's button, when it is listed. */
  buttonFor(key: string): HTMLButtonElement | null {
    return this.list.querySelector<HTMLButtonElement>(`button[data-key="${CSS.escape(key)}"]`);
  }

  markSelected(key: string | null): void {
    this.selectedKey = key;
    for (const button of this.list.querySelectorAll<HTMLButtonElement>('button[data-key]')) {
      if (button.dataset.key === key) button.setAttribute('aria-current', 'true');
      else button.removeAttribute('aria-current');
    }
  }

  private writeSummary({ total, shown }: InView): void {
    const text = total === 0 ? t('listEmpty') : shown < total ? t('shownOf', { n: shown, m: total }) : `${t('listTitle')}: ${countObjects(total)}.`;
    if (this.summary.textContent !== text) this.summary.textContent = text;
  }

  private entry(item: ViewItem): HTMLButtonElement {
    const lang = language();
    const { collection } = item;
    let title: string;
    let meta: string;
    let marker: HTMLElement;
    if (item.clusterSize !== null) {
      title = t('clusterItem', { n: countObjects(item.clusterSize) });
      meta = `${pick(collection.title)} · ${t('clusterHint')}`;
      marker = el('span', { class: 'swatch swatch-cluster-small', 'aria-hidden': 'true' });
      marker.style.backgroundColor = collection.style.color;
    } else {
      title = featureTitle(collection, item.properties, item.id, lang);
      const place = placeOf(collection, item.properties);
      meta = place ? `${pick(collection.title)} · ${place}` : pick(collection.title);
      const color = colorOf(collection, collection.style.colorBy ? item.properties[collection.style.colorBy] : undefined);
      marker = swatch(color, item.isPoint ? 'point' : 'area');
      const own = this.serviceEntry(item);
      if (own) {
        marker = own.marker;
        meta = `${meta} · ${own.detail}`;
      }
    }
    const button = el('button', { type: 'button', class: 'list-entry', 'data-key': item.key }, [
      marker,
      el('span', { class: 'entry-text' }, [el('span', { class: 'entry-title' }, [title]), el('span', { class: 'entry-meta' }, [meta])]),
    ]);
    button.addEventListener('click', () => this.onOpen(item, button));
    return button;
  }
}
