/**
 * The map's state in the URL hash, so a link reproduces what its sender saw and the browser's
 * back and forward buttons step through it:
 *
 *   #map=14/48.85300/37.61700&layers=maf,districts&feature=maf/123&lang=en&filter=maf.legality:expired
 *        zoom/lat/lon         visible layers        open card       language    what is drawn
 *                                                                   (uk: absent) (map/layerFilter.ts)
 *
 * The order zoom/lat/lon is OpenStreetMap's. `layers=` with nothing after it means "none";
 * no `layers` at all means "the catalog's defaults". Each settled change (a pan, a toggle, a card
 * opened or closed) is one history entry; a state applied from the URL is never pushed back.
 */
import type { Lang } from './i18n.js';

export interface MapState {
  zoom: number;
  /** [lon, lat] */
  center: [number, number];
  /** Visible layer ids; null: the defaults. */
  layers: string[] | null;
  feature: { collection: string; id: string } | null;
  lang: Lang;
  /** The services' own parameters (`need=wheelchair`), written after the map's, in name order. */
  extras?: Record<string, string>;
  /** The layers' filters in their URL form (map/layerFilter.ts); null: everything is drawn. */
  filter: string | null;
}

/** What a hash says; absent members are left to the defaults. */
export type UrlState = Partial<MapState>;

/** ~1 m at the equator: enough to reproduce a street-level view. */
const COORD_DECIMALS = 5;

const round = (n: number, decimals: number) => Number(n.toFixed(decimals));

/** The host's own parameters; any other belongs to a service (MapService.urlState). */
const MAP_PARAMS = new Set(['map', 'layers', 'feature', 'lang', 'filter']);

export function parseHash(hash: string): UrlState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const state: UrlState = {};
  const view = params.get('map')?.split('/').map(Number);
  if (view?.length === 3 && view.every(Number.isFinite) && Math.abs(view[1]) <= 90 && Math.abs(view[2]) <= 180) {
    state.zoom = view[0];
    state.center = [view[2], view[1]];
  }
  const layers = params.get('layers');
  if (layers !== null) state.layers = layers.split(',').map((s) => s.trim()).filter(Boolean);
  const feature = params.get('feature');
  const slash = feature?.indexOf('/') ?? -1;
  if (feature && slash > 0) state.feature = { collection: feature.slice(0, slash), id: feature.slice(slash + 1) };
  const lang = params.get('lang');
  if (lang === 'en' || lang === 'uk') state.lang = lang;
  const extras: Record<string, string> = {};
  // an in-page anchor (#feature-list) is a name without a value, not a service's parameter
  for (const [name, value] of params) if (!MAP_PARAMS.has(name) && value !== '') extras[name] = value;
  if (Object.keys(extras).length) state.extras = extras;
  const filter = params.get('filter');
  if (filter) state.filter = filter;
  return state;
}

export function formatHash(state: MapState): string {
  const [lon, lat] = state.center;
  // Commas and slashes are kept readable: URLSearchParams would escape them.
  let hash = `#map=${round(state.zoom, 2)}/${lat.toFixed(COORD_DECIMALS)}/${lon.toFixed(COORD_DECIMALS)}`;
  if (state.layers) hash += `&layers=${state.layers.map(encodeURIComponent).join(',')}`;
  if (state.feature) hash += `&feature=${encodeURIComponent(state.feature.collection)}/${encodeURIComponent(state.feature.id)}`;
  if (state.lang !== 'uk') hash += `&lang=${state.lang}`;
  for (const name of Object.keys(state.extras ?? {}).sort()) {
    if (!MAP_PARAMS.has(name)) hash += `&${encodeURIComponent(name)}=${encodeURIComponent(state.extras![name]).replace(/%2C/g, ',')}`;
  }
  // The filter's own separators (. : | ,) stay readable; anything else is encoded.
  if (state.filter) hash += `&filter=${state.filter.replace(/[^\w.:|,-]/g, encodeURIComponent)}`;
  return hash;
}

/**
 * Keeps location.hash and the history in step with the map. `record` is called with the state
 * after every settled change; `onNavigate` is told of a state reached by back/forward or by an
 * edited address.
 */
export class Permalink {
  /** While true, the map is moving to a state read from the URL: record it without a new entry. */
  private applying = false;

  constructor(private readonly onNavigate: (state: UrlState) => void) {
    const navigate = () => {
      if (!/(^#|&)map=/.test(location.hash) && location.hash !== '') return; // an in-page anchor
      this.applying = true;
      this.onNavigate(parseHash(location.hash));
    };
    window.addEventListener('popstate', navigate);
    window.addEventListener('hashchange', navigate);
  }

  /** Call after a state from the URL was applied, before the map settles. */
  markApplying(): void {
    this.applying = true;
  }

  /**
   * Writes the state into the URL: a new history entry, unless the state came from the URL itself
   * or `replace` says the change is part of the previous one (the map gliding to a card just opened).
   */
  record(state: MapState, replace = false): void {
    const hash = formatHash(state);
    const inPlace = replace || this.applying || location.hash === '' || !/(^#|&)map=/.test(location.hash);
    this.applying = false;
    if (hash === location.hash) return;
    const url = `${location.pathname}${location.search}${hash}`;
    if (inPlace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
  }
}
