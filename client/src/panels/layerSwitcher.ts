/**
 * The layer switcher and legend, generated from the catalog: one fieldset per group, with the
 * catalog's titles in the catalog's order (the four services, then the base map), one labelled checkbox per layer, and under it the layer's legend —
 * its colour, or the colour of each value of its `colorBy` property. A layer out of its zoom range
 * says "zoom in to see" instead of silently showing nothing.
 */
import { BASEMAP_ID, propertyOf, type CatalogCollection, type CatalogDocument } from '../catalog.js';
import { el, replaceChildren, swatch } from '../dom.js';
import { onLanguageChange, pick, t } from '../i18n.js';

export interface LayerSwitcherOptions {
  catalog: CatalogDocument;
  isVisible(id: string): boolean;
  onToggle(id: string, visible: boolean): void;
}

const isArea = (c: CatalogCollection) => c.geometryType === 'Polygon' || c.geometryType === 'MultiPolygon';

function legendOf(collection: CatalogCollection): HTMLElement | null {
  const shape = isArea(collection) ? (collection.style.fillOpacity ? 'area' : 'line') : 'point';
  const property = collection.style.colorBy ? propertyOf(collection, collection.style.colorBy) : undefined;
  const values = property?.values?.filter((v) => v.color) ?? [];
  if (!values.length) return null;
  return el('ul', { class: 'legend', 'aria-label': `${t('legendOf')}: ${pick(collection.title)}` },
    values.map((v) => el('li', {}, [swatch(v.color!, shape), pick(v.label)])));
}

export class LayerSwitcher {
  private readonly inputs = new Map<string, HTMLInputElement>();
  private readonly hints = new Map<string, HTMLElement>();
  private readonly descriptions = new Map<string, string>();
  private zoom = 0;
  private basemapDown = false;

  constructor(private readonly container: HTMLElement, private readonly options: LayerSwitcherOptions) {
    this.render();
    onLanguageChange(() => this.render());
  }

  /** Checkbox states and zoom hints from the map (after a toggle elsewhere, back/forward, zoom). */
  sync(zoom: number): void {
    this.zoom = zoom;
    for (const [id, input] of this.inputs) input.checked = this.options.isVisible(id);
    for (const collection of this.options.catalog.collections) this.showHint(collection.id, zoom < collection.minZoom);
    this.showHint(BASEMAP_ID, this.basemapDown);
  }

  /** A hidden hint is also dropped from the checkbox's description, or it would still be read. */
  private showHint(id: string, shown: boolean): void {
    const hint = this.hints.get(id);
    const input = this.inputs.get(id);
    if (!hint || !input) return;
    hint.hidden = !shown;
    const description = this.descriptions.get(id);
    const describedBy = [shown ? hint.id : '', description ?? ''].filter(Boolean).join(' ');
    if (describedBy) input.setAttribute('aria-describedby', describedBy);
    else input.removeAttribute('aria-describedby');
  }

  markBasemapUnavailable(): void {
    this.basemapDown = true;
    this.sync(this.zoom);
  }

  private item(id: string, title: string, description: string | null, hintText: string, marker: HTMLElement | null, legend: HTMLElement | null): HTMLElement {
    const inputId = `layer-${id}`;
    const hintId = `${inputId}-hint`;
    const descriptionId = `${inputId}-description`;
    const input = el('input', { type: 'checkbox', id: inputId, name: 'layers', value: id });
    input.addEventListener('change', () => this.options.onToggle(id, input.checked));
    const hint = el('span', { class: 'layer-hint', id: hintId, hidden: true }, [hintText]);
    this.inputs.set(id, input);
    this.hints.set(id, hint);
    if (description) this.descriptions.set(id, descriptionId);
    return el('li', { class: 'layer' }, [
      el('div', { class: 'layer-row' }, [input, el('label', { for: inputId, title: description ?? undefined }, [marker, title])]),
      hint,
      description ? el('span', { id: descriptionId, hidden: true }, [description]) : null,
      legend,
    ]);
  }

  private render(): void {
    const { catalog } = this.options;
    this.inputs.clear();
    this.hints.clear();
    this.descriptions.clear();
    const groups = catalog.groups.map((group) => {
      const items = catalog.collections.filter((c) => c.group === group.id).map((c) => {
        const legend = legendOf(c);
        const shape = isArea(c) ? (c.style.fillOpacity ? 'area' : 'line') : 'point';
        return this.item(c.id, pick(c.title), pick(c.description), t('zoomInToSee'), legend ? null : swatch(c.style.color, shape), legend);
      });
      if (group.id === 'base' && catalog.basemap) items.push(this.item(BASEMAP_ID, t('basemap'), null, t('basemapUnavailable'), null, null));
      if (!items.length) return null;
      return el('fieldset', { class: 'layer-group' }, [el('legend', {}, [pick(group.title)]), el('ul', { class: 'layer-list' }, items)]);
    });
    const clustered = catalog.collections.some((c) => c.clusterBelowZoom !== null);
    replaceChildren(this.container, [
      ...groups,
      clustered ? el('p', { class: 'legend-note' }, [el('span', { class: 'swatch swatch-cluster', 'aria-hidden': 'true' }, ['12']), t('clusterLegend')]) : null,
    ]);
    this.sync(this.zoom);
  }
}
