/**
 * The accessibility map as a map service: the resident chooses a need (remembered in
 * localStorage and in the URL as `need=`), the facilities layer is drawn by the grade for that
 * need with shapes (symbols.ts), a legend says what each shape means, tick boxes under it filter
 * by feature and category through the map's own filter (map/layerFilter.ts: the URL's
 * `filter=facilities.step_free_entrance:true,facilities.category:pharmacy`, the list), a facility's
 * card shows every grade explained and every entrance measured (card.ts), the text list names
 * each facility's grade, and the nearest search (nearest.ts) answers "the nearest pharmacy with a
 * step-free entrance" from the map's centre, a clicked point or the phone's position.
 */
import type { StyleFunction } from 'ol/style/Style.js';
import type VectorTileLayer from 'ol/layer/VectorTile.js';
import { FACILITY_FEATURES, NEED_LABELS, NEEDS, type GradeLevel, type Need } from '../../../server/rules/accessibility.js';
import { FACILITY_CATEGORIES, GRADES } from '../../../server/rules/vocabularies.js';
import type { CatalogCollection } from '../catalog.js';
import { el, replaceChildren } from '../dom.js';
import { onLanguageChange, pick, say } from '../i18n.js';
import { announce } from '../panels/status.js';
import { collectionsOf, type CardSection, type MapService, type ServiceHost } from '../services/mapService.js';
import { featureId } from '../styles/collectionStyle.js';
import { BuildingOutline } from './building.js';
import { facilityCardSection, fetchFacilityCard } from './card.js';
import { NearestSearch } from './nearest.js';
import { gradeOf, gradeSymbol, needStyle } from './symbols.js';
import type { SurveyForm } from './survey.js';
import { W } from './words.js';

const STORAGE_KEY = 'prozore-misto.need';
const isNeed = (v: unknown): v is Need => typeof v === 'string' && (NEEDS as readonly string[]).includes(v);

export class AccessibilityService implements MapService {
  readonly id = 'accessibility';
  readonly groups = ['accessibility'] as const;
  need: Need = 'wheelchair';
  private collectionId = 'facilities';
  private host: ServiceHost | null = null;
  private layer: VectorTileLayer | null = null;
  private nearest: NearestSearch | null = null;
  private survey: SurveyForm | null = null;
  private outline: BuildingOutline | null = null;
  private readonly panel = el('section', { id: 'a11y-panel', class: 'a11y-panel', 'aria-labelledby': 'a11y-title' });

  constructor() {
    try {
      const stored = localStorage.getItem(STORAGE_KEY);
      if (isNeed(stored)) this.need = stored;
    } catch { /* storage refused (private mode): the URL still remembers */ }
  }

  applyUrlState(extras: Record<string, string>): void {
    if (isNeed(extras.need) && extras.need !== this.need) {
      this.need = extras.need;
      if (this.host) this.redraw(false);
    }
  }

  /** The need travels in a link only with the layer it colours: a link to kiosks says nothing of it. */
  urlState(): Record<string, string> {
    return this.layer?.getVisible() ? { need: this.need } : {};
  }

  /** The features the map's filter asks for (those limited to `true`). */
  private get features(): string[] {
    return FACILITY_FEATURES.map((f) => f.value).filter((f) => this.host?.filters.values(this.collectionId, f)?.join() === 'true');
  }

  private get category(): string {
    const values = this.host?.filters.values(this.collectionId, 'category');
    return values?.length === 1 ? values[0] : '';
  }

  mount(host: ServiceHost): void {
    const collections = collectionsOf(host.catalog, this.groups);
    if (!collections.length) return;
    this.host = host;
    this.collectionId = collections[0].id;
    this.outline = new BuildingOutline(host.map);
    host.filters.onChange((ids) => {
      if (ids.includes(this.collectionId)) this.render();
    });
    this.layer = (host.map.getAllLayers().find((l) => l.get('id') === collections[0].id) as VectorTileLayer | undefined) ?? null;
    if (this.layer) {
      const base = this.layer.getStyleFunction() as StyleFunction;
      // the open card's feature is the URL's (the host records it there); read once per change of the hash
      let hash = '';
      let selected: string | null = null;
      this.layer.setStyle(needStyle(base, () => this.need, (p) => host.filters.matches(this.collectionId, (name) => p[name]), (f) => {
        if (location.hash !== hash) {
          hash = location.hash;
          const m = /(?:^#|&)feature=([^&]+)/.exec(hash);
          selected = m ? decodeURIComponent(m[1]) : null;
        }
        return selected === `${collections[0].id}/${featureId(f)}`;
      }));
    }
    this.nearest = new NearestSearch(host, () => ({ need: this.need, features: this.features, category: this.category }), collections[0].id);
    host.tools.append(this.panel);
    this.render();
    onLanguageChange(() => this.render());
    host.session.onChange(() => void this.loadSurvey(collections[0].id));
  }

  cardActions(_collection: CatalogCollection, id: string): HTMLElement | null {
    return this.host?.session.canSurveyAccessibility ? this.survey?.button(id) ?? null : null;
  }

  /** The survey form's code loads only for a surveyor: a resident's phone never downloads it. */
  private async loadSurvey(collectionId: string): Promise<void> {
    const host = this.host!;
    if (this.survey || !host.session.canSurveyAccessibility) return host.cardChanged();
    const { SurveyForm } = await import('./survey.js');
    this.survey ??= new SurveyForm(host.session, (facilityId) => {
      host.refresh([collectionId]);
      host.showFeature(collectionId, String(facilityId));
    });
    host.cardChanged();
  }

  holdsPointer(): boolean {
    return this.nearest?.picking ?? false;
  }

  listEntry(_collection: CatalogCollection, properties: Record<string, unknown>): { marker: HTMLElement; detail: string } {
    const grade = gradeOf(properties, this.need);
    const marker = el('span', { class: 'list-symbol' }, [gradeSymbol(grade)]);
    return { marker, detail: `${pick(NEED_LABELS[this.need])}: ${gradeLabel(grade)}` };
  }

  async cardSection(_collection: CatalogCollection, id: string, signal: AbortSignal): Promise<CardSection | null> {
    const card = await fetchFacilityCard(this.host!.catalog.municipality.slug, id, signal);
    this.outline?.show(card.building, signal);
    return () => facilityCardSection(card, this.need, this.host!.catalog.municipality.slug);
  }

  private redraw(record = true): void {
    this.layer?.changed();
    this.render();
    if (record) this.host?.presentationChanged();
  }

  private render(): void {
    const slug = this.host!.catalog.municipality.slug;
    const needs = el('fieldset', { class: 'a11y-needs' }, [
      el('legend', {}, [say(W.need)]),
      ...NEEDS.map((n) => {
        const input = el('input', { type: 'radio', name: 'a11y-need', id: `need-${n}`, value: n, checked: n === this.need });
        input.addEventListener('change', () => {
          this.need = n;
          try { localStorage.setItem(STORAGE_KEY, n); } catch { /* see constructor */ }
          this.redraw();
          announce(say(W.needChanged, { need: pick(NEED_LABELS[n]) }));
          document.getElementById(`need-${n}`)?.focus();
        });
        return el('div', { class: 'a11y-choice' }, [input, el('label', { for: `need-${n}` }, [pick(NEED_LABELS[n])])]);
      }),
    ]);
    const legend = el('ul', { class: 'legend a11y-legend', 'aria-label': say(W.legend) },
      (GRADES.map((g) => g.value) as GradeLevel[]).map((g) => el('li', {}, [gradeSymbol(g), gradeLabel(g)])));
    const features = el('fieldset', { class: 'a11y-features' }, [
      el('legend', {}, [say(W.filter)]),
      ...FACILITY_FEATURES.map((f) => {
        const input = el('input', { type: 'checkbox', id: `a11y-f-${f.value}`, value: f.value, checked: this.features.includes(f.value) });
        input.addEventListener('change', () => {
          // the map's filter redraws the layer, the list and the URL, then tells render()
          this.host!.setFilter(this.collectionId, f.value, input.checked ? ['true'] : null);
          announce(say(W.filterChanged));
          document.getElementById(`a11y-f-${f.value}`)?.focus();
        });
        return el('div', { class: 'a11y-choice' }, [input, el('label', { for: `a11y-f-${f.value}` }, [pick(f.label)])]);
      }),
    ]);
    const select = el('select', { id: 'a11y-category' }, [
      el('option', { value: '' }, [say(W.anyCategory)]),
      ...FACILITY_CATEGORIES.map((c) => el('option', { value: c.value, selected: c.value === this.category }, [pick(c.label)])),
    ]);
    select.addEventListener('change', () => {
      this.host!.setFilter(this.collectionId, 'category', select.value ? [select.value] : null);
      announce(say(W.filterChanged));
      document.getElementById('a11y-category')?.focus();
    });
    const downloads = el('p', { class: 'a11y-downloads' }, [
      say(W.downloads), ' ',
      el('a', { href: `/${slug}/api/accessibility/export.a11y.geojson` }, ['A11yJSON']), ', ',
      el('a', { href: `/${slug}/api/accessibility/export.osm.geojson` }, ['OSM']), ', ',
      el('a', { href: `/${slug}/api/accessibility/monitoring.csv` }, ['CSV']), ', ',
      el('a', { href: `/${slug}/api/accessibility/monitoring.csv?delimiter=semicolon`, id: 'a11y-monitoring-excel' }, [say(W.csvExcel)]),
    ]);
    replaceChildren(this.panel, [
      el('h2', { id: 'a11y-title' }, [say(W.title)]),
      needs,
      el('p', { class: 'a11y-legend-title' }, [say(W.legend)]), legend,
      features,
      el('div', { class: 'a11y-category' }, [el('label', { for: 'a11y-category' }, [say(W.category)]), select]),
      this.nearest!.element,
      downloads,
    ]);
    this.nearest!.render();
  }
}

const gradeLabel = (g: GradeLevel) => pick(GRADES.find((x) => x.value === g)!.label);
