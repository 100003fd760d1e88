/**
 * The embed's card: the selected feature's title and the few properties its tile carries, with
 * a link to its full card on the full map. Smaller than the full map's card on purpose: an embed
 * shows, the full map explains.
 */
import type { CatalogCollection } from '../catalog.js';
import { el, replaceChildren } from '../dom.js';
import { featureTitle, formatValue, isEmpty } from '../format.js';
import { language, pick, say } from '../i18n.js';
import { WORDS } from './words.js';

/** Rows shown at most: the card must not hide the map in a small frame. */
const MAX_ROWS = 5;

export class EmbedCard {
  constructor(private readonly element: HTMLElement, private readonly onClose: () => void) {}

  show(collection: CatalogCollection, id: string, properties: Record<string, unknown>, fullMapUrl: string): string {
    const lang = language();
    const title = featureTitle(collection, properties, id, lang);
    const rows = collection.properties
      // Codes and the other language's twin of a field say nothing new to a reader of this one.
      .filter((p) => p.name !== collection.titleProperty && !/_code$/.test(p.name) && !p.name.endsWith(lang === 'en' ? '_uk' : '_en'))
      .filter((p) => !isEmpty(properties[p.name]))
      .slice(0, MAX_ROWS)
      .flatMap((p) => [el('dt', {}, [pick(p.label)]), el('dd', {}, [formatValue(p, properties[p.name], lang)])]);
    const close = el('button', { type: 'button', class: 'embed-card-close', 'aria-label': say(WORDS.closeCard), title: say(WORDS.closeCard) }, ['×']);
    close.addEventListener('click', () => this.onClose());
    replaceChildren(this.element, [
      close,
      el('h2', { id: 'embed-card-title', tabindex: '-1' }, [title]),
      el('p', {}, [pick(collection.title)]),
      rows.length ? el('dl', {}, rows) : null,
      el('p', {}, [el('a', { href: fullMapUrl, target: '_blank', rel: 'noopener' }, [say(WORDS.moreOnFull)])]),
    ]);
    this.element.hidden = false;
    return title;
  }

  hide(): void {
    this.element.hidden = true;
    this.element.replaceChildren();
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }
}
