/**
 * The layer switcher and legend, generated from the catalog: one fieldset per group, with the
 * catalog's titles in the catalog's order (the four services, then the base map), one labelled checkbox per layer, and under it the layer's legend —
 * its colour, or the colour of each value of its `colorBy` property. A layer out of its zoom range
 * says "zoom in to see" instead of silently showing nothing.
 *
 * A property the catalog offers as a filter (`legendFilter`) has a tick box per value: all ticked
 * is "everything"; untick "valid" and "expiring" to see only what stands illegally. When the
 * coloured property is the filtered one, its legend entries are those tick boxes.
 */
import { BASEMAP_ID, propertyOf, type CatalogCollection, type CatalogDocument, type CatalogProperty, type EnumValue } from '../catalog.js';
import { el, replaceChildren, swatch } from '../dom.js';
import { announce } from './status.js';
import { onLanguageChange, pick, t } from '../i18n.js';
import type { LayerFilters } from '../map/layerFilter.js';

export interface LayerSwitcherOptions {
  catalog: CatalogDocument;
  filters: LayerFilters;
  isVisible(id: string): boolean;
  onToggle(id: string, visible: boolean): void;
}

const isArea = (c: CatalogCollection) => c.geometryType === 'Polygon' || c.geometryType === 'MultiPolygon';

const shapeOf = (c: CatalogCollection) => (isArea(c) ? (c.style.fillOpacity ? 'area' : 'line') : 'point');

/** The values a filter offers: a closed list's, or yes and no for a boolean. */
function filterValues(property: CatalogProperty): readonly EnumValue[] {
  if (property.values) return property.values;
  return [{ value: 'true', label: { uk: t('yes'), en: t('yes') } }, { value: 'false', label: { uk: t('no'), en: t('no') } }];
}

const filterable = (p: CatalogProperty) => p.legendFilter && p.inTiles && (p.values !== null || p.type === 'boolean');

function legendOf(collection: CatalogCollection): HTMLElement | null {
  const property = collection.style.colorBy ? propertyOf(collection, collection.style.colorBy) : undefined;
  if (property && filterable(property)) return null; // its tick boxes are the legend
  const values = property?.values?.filter((v) => v.color) ?? [];
  if (!values.length) return null;
  return el('ul', { class: 'legend', 'aria-label': `${t('legendOf')}: ${pick(collection.title)}` },
    values.map((v) => el('li', {}, [swatch(v.color!, shapeOf(collection)), pick(v.label)])));
}

export class LayerSwitcher {
  private readonly inputs = new Map<string, HTMLInputElement>();
  private readonly hints = new Map<string, HTMLElement>();
  private readonly descriptions = new Map<string, string>();
  /** Filter tick boxes by collection, property and value. */
  private readonly filterInputs: { collection: string; property: string; value: string; input: HTMLInputElement }[] = [];
  private readonly clusterNotes = new Map<string, HTMLElement>();
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

  /** Tick boxes from the filters (after the URL, a service or another tick box changed them). */
  syncFilters(): void {
    for (const { collection, property, value, input } of this.filterInputs) {
      const values = this.options.filters.values(collection, property);
      input.checked = !values || values.includes(value);
    }
    for (const [collection, note] of this.clusterNotes) note.hidden = !this.options.filters.isFiltered(collection);
  }

  /**
   * The tick boxes of a layer's filters. The coloured property's are its legend, always in view; the
   * others fold away under their name (open while they filter), so a phone's sidebar stays short.
   * The note that groups count every feature shows only while the layer is filtered.
   */
  private filterLists(collection: CatalogCollection): HTMLElement[] {
    const lists: HTMLElement[] = collection.properties.filter(filterable).map((property) => {
      const colored = collection.style.colorBy === property.name;
      const name = pick(property.label);
      const inputs: HTMLInputElement[] = [];
      const items = filterValues(property).map((v) => {
        const id = `filter-${collection.id}-${property.name}-${v.value}`;
        const input = el('input', { type: 'checkbox', id, value: v.value });
        inputs.push(input);
        this.filterInputs.push({ collection: collection.id, property: property.name, value: v.value, input });
        input.addEventListener('change', () => {
          const chosen = inputs.filter((i) => i.checked).map((i) => i.value);
          this.options.filters.set(collection.id, property.name, chosen);
          announce(t('filterChanged', { name: pick(collection.title) }));
        });
        return el('li', { class: 'filter-value' }, [
          input,
          el('label', { for: id }, [colored && v.color ? swatch(v.color, shapeOf(collection)) : null, pick(v.label)]),
        ]);
      });
      if (colored) return el('fieldset', { class: 'legend legend-filter' }, [el('legend', {}, [t('showOnly', { name })]), el('ul', {}, items)]);
      const filtered = this.options.filters.values(collection.id, property.name) !== undefined;
      return el('details', { class: 'legend legend-filter legend-filter-more', open: filtered }, [
        el('summary', {}, [t('showOnly', { name })]),
        el('ul', { role: 'group', 'aria-label': t('showOnly', { name }) }, items),
      ]);
    });
    if (lists.length && collection.clusterBelowZoom !== null) {
      const note = el('p', { class: 'legend-note', hidden: !this.options.filters.isFiltered(collection.id) }, [t('filterClusters')]);
      this.clusterNotes.set(collection.id, note);
      lists.push(note);
    }
    return lists;
  }

  markBasemapUnavailable(): void {
    this.basemapDown = true;
    this.sync(this.zoom);
  }

  private item(id: string, title: string, description: string | null, hintText: string, marker: HTMLElement | null, legend: HTMLElement | null, filters: HTMLElement[] = []): HTMLElement {
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
      ...filters,
    ]);
  }

  private render(): void {
    const { catalog } = this.options;
    this.inputs.clear();
    this.hints.clear();
    this.descriptions.clear();
    this.filterInputs.length = 0;
    this.clusterNotes.clear();
    const groups = catalog.groups.map((group) => {
      const items = catalog.collections.filter((c) => c.group === group.id).map((c) => {
        const legend = legendOf(c);
        const filters = this.filterLists(c);
        const marker = legend || filters.length ? null : swatch(c.style.color, shapeOf(c));
        return this.item(c.id, pick(c.title), pick(c.description), t('zoomInToSee'), marker, legend, filters);
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
    this.syncFilters();
  }
}
