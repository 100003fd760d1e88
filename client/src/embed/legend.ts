/**
 * The embed's optional legend (controls=legend): the visible layers and their colours, in a
 * <details> that starts open in a wide frame and closed in a narrow one (a phone), where it would
 * cover most of the map.
 */
import { colorOf, type CatalogDocument } from '../catalog.js';
import { el, replaceChildren, swatch } from '../dom.js';
import { pick, say } from '../i18n.js';
import { WORDS } from './words.js';

/** Frames at least this wide (CSS px) open with the legend unfolded. */
const WIDE_FRAME = 600;

export function renderLegend(element: HTMLElement, catalog: CatalogDocument, visible: readonly string[]): void {
  const shown = catalog.collections.filter((c) => visible.includes(c.id));
  const blocks = shown.map((collection) => {
    const shape = collection.geometryType === 'Point' || collection.style.radius ? 'point' : collection.style.fillOpacity === 0 ? 'line' : 'area';
    const by = collection.style.colorBy;
    const values = by ? collection.properties.find((p) => p.name === by)?.values ?? [] : [];
    const entries = values.length
      ? values.map((v) => el('li', {}, [swatch(colorOf(collection, v.value), shape), pick(v.label)]))
      : [el('li', {}, [swatch(collection.style.color, shape), pick(collection.title)])];
    return [el('h3', {}, [pick(collection.title)]), el('ul', {}, entries)];
  });
  const details = el('details', { open: window.innerWidth >= WIDE_FRAME }, [
    el('summary', {}, [el('h2', {}, [say(WORDS.legend)])]), ...blocks.flat(),
  ]);
  const previous = element.querySelector('details');
  if (previous) details.open = previous.open;
  replaceChildren(element, [details]);
  element.hidden = shown.length === 0;
}
