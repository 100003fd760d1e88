/**
 * "The nearest pharmacy with a step-free entrance": from an address (the hromada's address box,
 * places/addressSearch.ts), the map's centre (keyboard users pan the map with the arrows), a
 * clicked point, or the phone's position — asked for only when the resident taps that button. The server ranks by metres with PostGIS KNN
 * (GET /api/accessibility/nearest); each result is a button that opens the facility's card.
 */
import { toLonLat } from 'ol/proj.js';
import type { MapBrowserEvent } from 'ol';
import type { Need } from '../../../server/rules/accessibility.js';
import { GRADES } from '../../../server/rules/vocabularies.js';
import { el, replaceChildren } from '../dom.js';
import { AddressSearch } from '../places/addressSearch.js';
import { pick, say } from '../i18n.js';
import type { ServiceHost } from '../services/mapService.js';
import { gradeSymbol } from './symbols.js';
import { W } from './words.js';

interface Found { id: number; name: string; category: string; address: string | null; grade: 'full' | 'partial'; distance_m: number; lon: number; lat: number }
export interface SearchTerms { need: Need; features: string[]; category: string }

export class NearestSearch {
  readonly element = el('section', { class: 'a11y-nearest', 'aria-labelledby': 'a11y-nearest-title' });
  picking = false;
  private readonly status = el('p', { class: 'a11y-nearest-status', role: 'status' });
  private readonly results = el('ol', { class: 'a11y-nearest-results' });
  /** Made once: it keeps what was typed across the section's re-renders (a language switch). */
  private readonly address: AddressSearch;

  constructor(private readonly host: ServiceHost, private readonly terms: () => SearchTerms, private readonly collectionId: string) {
    this.address = new AddressSearch(host.session, (found) => void this.search(found.lon, found.lat), { uk: 'Від адреси', en: 'From an address' });
    host.map.on('singleclick', (event: MapBrowserEvent) => {
      if (!this.picking) return;
      this.picking = false;
      const [lon, lat] = toLonLat(event.coordinate);
      void this.search(lon, lat);
    });
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.picking) {
        this.picking = false;
        this.status.textContent = '';
      }
    });
  }

  render(): void {
    const centre = el('button', { type: 'button', id: 'a11y-from-centre' }, [say(W.fromCentre)]);
    centre.addEventListener('click', () => {
      const [lon, lat] = toLonLat(this.host.map.getView().getCenter()!);
      void this.search(lon, lat);
    });
    const click = el('button', { type: 'button', id: 'a11y-from-click' }, [say(W.fromClick)]);
    click.addEventListener('click', () => {
      this.picking = true;
      this.status.textContent = say(W.clickNow);
    });
    const me = el('button', { type: 'button', id: 'a11y-from-me' }, [say(W.fromMe)]);
    me.addEventListener('click', () => this.locate());
    replaceChildren(this.element, [
      el('h3', { id: 'a11y-nearest-title' }, [say(W.nearest)]),
      el('p', { class: 'a11y-hint' }, [say(W.nearestHint)]),
      this.address.element,
      el('div', { class: 'a11y-nearest-buttons' }, [centre, click, me]),
      this.status,
      this.results,
    ]);
  }

  private locate(): void {
    if (!('geolocation' in navigator)) {
      this.status.textContent = say(W.noLocation);
      return;
    }
    this.status.textContent = say(W.locating);
    navigator.geolocation.getCurrentPosition(
      (position) => void this.search(position.coords.longitude, position.coords.latitude),
      () => { this.status.textContent = say(W.noLocation); },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  }

  private async search(lon: number, lat: number): Promise<void> {
    const { need, features, category } = this.terms();
    const params = new URLSearchParams({ lon: lon.toFixed(6), lat: lat.toFixed(6), need, limit: '5' });
    if (features.length) params.set('feature', features.join(','));
    if (category) params.set('category', category);
    this.status.textContent = say(W.searching);
    replaceChildren(this.results, []);
    try {
      const res = await fetch(`/${encodeURIComponent(this.host.catalog.municipality.slug)}/api/accessibility/nearest?${params}`);
      if (!res.ok) throw new Error(String(res.status));
      const { items } = (await res.json()) as { items: Found[] };
      this.status.textContent = items.length ? say(W.found, { n: items.length, name: items[0].name, m: items[0].distance_m }) : say(W.nothing);
      replaceChildren(this.results, items.map((item) => {
        const button = el('button', { type: 'button', class: 'list-entry' }, [
          gradeSymbol(item.grade),
          el('span', { class: 'entry-text' }, [
            el('span', { class: 'entry-title' }, [item.name]),
            el('span', { class: 'entry-meta' }, [`${say(W.metres, { m: item.distance_m })} · ${pick(GRADES.find((g) => g.value === item.grade)!.label)}${item.address ? ` · ${item.address}` : ''}`]),
          ]),
        ]);
        button.addEventListener('click', () => this.host.showFeature(this.collectionId, String(item.id), { at: [item.lon, item.lat], opener: button }));
        return el('li', {}, [button]);
      }));
    } catch {
      this.status.textContent = say(W.failed);
    }
  }
}
