/**
 * The map client: reads the hromada from the path, fetches its catalog, and wires the map (sources,
 * layers, styles) to the panels (layer switcher, feature list, feature card, language switch) and
 * to the URL. This is the one module that knows all of them; each of them knows only its own job.
 */
import 'ol/ol.css';
import './app.css';
import type { FeatureLike } from 'ol/Feature.js';
import OlMap from 'ol/Map.js';
import View from 'ol/View.js';
import { defaults as defaultControls } from 'ol/control/defaults.js';
import { buffer, containsCoordinate, getCenter, getHeight, getWidth, type Extent } from 'ol/extent.js';
import { defaults as defaultInteractions } from 'ol/interaction/defaults.js';
import type BaseLayer from 'ol/layer/Base.js';
import { fromLonLat, toLonLat, transformExtent } from 'ol/proj.js';
import { BASEMAP_ID, CatalogError, fetchCatalog, municipalityFromPath, type Catalog, type CatalogCollection } from './catalog.js';
import { byId, el } from './dom.js';
import { featuresInView, type ViewItem } from './features/inView.js';
import { fetchFeature, lonLatExtent } from './features/ogcItems.js';
import { Selection } from './features/selection.js';
import { language, onLanguageChange, pick, setLanguage, t, translatePage, type Lang } from './i18n.js';
import { createBasemapLayer, createCollectionLayer, MapLayers } from './layers/collectionLayers.js';
import { exposeMapHandle } from './mapHandle.js';
import { FeatureList } from './panels/featureList.js';
import { FeaturePanel } from './panels/featurePanel.js';
import { mountLanguageSwitch } from './panels/languageSwitch.js';
import { LayerSwitcher } from './panels/layerSwitcher.js';
import { announce } from './panels/status.js';
import { Permalink, parseHash, type MapState, type UrlState } from './permalink.js';
import { mountAccount } from './auth/signIn.js';
import { Session } from './auth/session.js';
import { RegistryApi } from './registry/api.js';
import type { ObjectRecord } from './registry/api.js';
import type { RegistryEditor } from './registry/editor.js';
import { objectDetails } from './registry/objectDetails.js';
import { PublicRegistry, type ObjectPanel } from './registry/publicApi.js';
import { RegistryBrowser } from './registry/registryBrowser.js';
import { createBasemapSource } from './sources/basemap.js';
import { createCollectionSource, reloadCollectionSource } from './sources/collectionTiles.js';
import { createStyleFunction, featureId, isCluster } from './styles/collectionStyle.js';

/** Entries in the list of features in view; the rest are counted ("показано 50 з 345"). */
const LIST_LIMIT = 50;
/** Quiet time after the last drawn frame before the list is rebuilt. */
const LIST_DELAY_MS = 120;
/** Pixels around a click that still hit a feature: a fingertip needs more than a mouse. */
const HIT_TOLERANCE = { mouse: 4, touch: 10 };

const motion = () => (matchMedia('(prefers-reduced-motion: reduce)').matches ? 0 : 250);

/** The basemap's attribution is configuration text; OpenLayers writes attributions as HTML. */
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function showFatal(message: string): void {
  byId('map').replaceChildren(el('p', { class: 'fatal', role: 'alert' }, [message]));
  byId('list-summary').textContent = '';
}

function wireSkipLink(): void {
  // The hash holds the map state, so the skip link moves focus itself instead of navigating.
  byId('skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    const target = byId('feature-list');
    target.scrollIntoView({ block: 'start' });
    target.focus();
  });
}

function localizeControls(mapElement: HTMLElement): void {
  for (const [selector, key] of [['.ol-zoom-in', 'zoomIn'], ['.ol-zoom-out', 'zoomOut']] as const) {
    const button = mapElement.querySelector<HTMLButtonElement>(selector);
    button?.setAttribute('title', t(key));
    button?.setAttribute('aria-label', t(key));
  }
}

function startMap(catalog: Catalog, initial: UrlState, session: Session): void {
  const m = catalog.municipality;
  const mapElement = byId('map');
  const panelElement = byId('feature-panel');
  const selection = new Selection();

  // Sources, styles and layers, one per collection, in catalog order.
  const collectionLayers = catalog.collections.map((collection) => ({
    collection,
    source: createCollectionSource(collection),
  })).map(({ collection, source }) => ({
    collection,
    source,
    layer: createCollectionLayer(
      collection,
      source,
      createStyleFunction(collection, (id) => selection.is(collection.id, id)),
      false,
    ),
  }));
  const byCollection = new Map(collectionLayers.map(({ collection, layer }) => [layer as BaseLayer, collection]));
  let switcher: LayerSwitcher | undefined;
  const basemapLayer = catalog.basemap
    ? createBasemapLayer(
        createBasemapSource({ url: catalog.basemap.url, attribution: escapeHtml(catalog.basemap.attribution) }, () => {
          switcher?.markBasemapUnavailable();
          announce(t('basemapUnavailable'));
        }),
        false,
      )
    : null;
  const layers = new MapLayers([...(basemapLayer ? [basemapLayer] : []), ...collectionLayers.map((l) => l.layer)]);
  const defaultLayers = [...(basemapLayer ? [BASEMAP_ID] : []), ...catalog.collections.filter((c) => c.visibleByDefault).map((c) => c.id)];
  layers.showOnly(initial.layers ?? defaultLayers);

  const bbox = transformExtent(m.bbox, 'EPSG:4326', 'EPSG:3857');
  const view = new View({
    center: fromLonLat(initial.center ?? m.center),
    zoom: initial.zoom ?? m.zoom,
    minZoom: 8,
    maxZoom: 20,
    // The centre may wander past the hromada by its own size, no further: a stray swipe on a phone
    // cannot fling the city out of reach.
    extent: buffer(bbox, Math.max(getWidth(bbox), getHeight(bbox))),
    constrainOnlyCenter: true,
  });
  const map = new OlMap({
    target: mapElement,
    view,
    layers: layers.all,
    controls: defaultControls({
      rotate: false,
      attributionOptions: { collapsible: false },
      zoomOptions: { zoomInTipLabel: t('zoomIn'), zoomOutTipLabel: t('zoomOut') },
    }),
    interactions: defaultInteractions({ altShiftDragRotate: false, pinchRotate: false }),
  });
  localizeControls(mapElement);

  const currentState = (): MapState => ({
    zoom: view.getZoom() ?? m.zoom,
    center: toLonLat(view.getCenter()!) as [number, number],
    layers: layers.visibleIds(),
    feature: selection.get(),
    lang: language(),
  });
  const permalink = new Permalink((state) => applyUrlState(state));
  const record = () => permalink.record(currentState());
  /** Set while the map glides to a card just opened: that move belongs to the card's history entry. */
  let gliding = false;

  // Panels.
  switcher = new LayerSwitcher(byId('layer-switcher'), {
    catalog,
    isVisible: (id) => layers.isVisible(id),
    onToggle(id, visible) {
      layers.setVisible(id, visible);
      const collection = catalog.collections.find((c) => c.id === id);
      const name = collection ? pick(collection.title) : t('basemap');
      announce(t(visible ? 'layerOn' : 'layerOff', { name }));
      record();
    },
  });
  const panel = new FeaturePanel(panelElement, () => closeFeature(true));
  // The registry editor's mode: signed-in registry editors only, its code (drawing, forms, import)
  // loaded when one signs in, so a resident's phone never downloads it. After a save the
  // registry's tiles are fetched anew and the saved object's card opens.
  let tileVersion = 0;
  let editor: RegistryEditor | null = null;
  const editorBusy = () => editor?.busy ?? false;
  const registryActions = (collection: CatalogCollection, id: string) => (collection.group === 'registry' ? editor?.actionsFor(id) ?? null : null);
  const refreshActions = () => {
    const shown = panel.current;
    if (shown && panel.isOpen) panel.setActions(registryActions(shown.collection, shown.id));
  };
  async function loadEditor(): Promise<void> {
    if (editor || !session.canEditRegistry) return;
    const { RegistryEditor } = await import('./registry/editor.js');
    editor ??= new RegistryEditor(map, session, byId('editor-bar'), registrySaved);
    refreshActions();
  }
  function registrySaved(record: ObjectRecord | null): void {
    tileVersion += 1;
    for (const { collection, source } of collectionLayers) {
      if (collection.group === 'registry') reloadCollectionSource(source, collection, tileVersion);
    }
    if (!record) return announce(t('registryReloaded'));
    const collection = catalog.collections.find((c) => c.id === record.category);
    if (!collection) return;
    if (!layers.isVisible(collection.id)) layers.setVisible(collection.id, true);
    selection.set(null);
    void openFeature(collection, String(record.id), {}, { focus: true, opener: mapElement, fitWhenLoaded: true });
  }
  // The registry's table, owner pages, figures and downloads, in a dialog opened from the sidebar.
  const publicRegistry = new PublicRegistry(session);
  const mafCollection = catalog.collections.find((c) => c.group === 'registry' && c.style.colorBy);
  const legalityValues = (mafCollection?.properties.find((p) => p.name === mafCollection.style.colorBy)?.values ?? []).map(({ value, label }) => ({ value, label }));
  const browser = new RegistryBrowser(publicRegistry, new RegistryApi(session), legalityValues, (row) => {
    const collection = catalog.collections.find((c) => c.id === row.category);
    if (!collection) return;
    if (!layers.isVisible(collection.id)) layers.setVisible(collection.id, true);
    const zoom = Math.max(view.getZoom() ?? m.zoom, collection.clusterBelowZoom ?? collection.minZoom, 17);
    view.setZoom(zoom);
    view.setCenter(fromLonLat(row.point));
    selection.set(null);
    const anchor = fromLonLat(row.point);
    void openFeature(collection, String(row.id), {}, { focus: true, opener: byId('open-registry'), anchor: [...anchor, ...anchor] as Extent, isPoint: true });
  });
  if (catalog.collections.some((c) => c.group === 'registry')) {
    const open = el('button', { type: 'button', id: 'open-registry', class: 'editor-button' }, [t('registryOpen')]);
    open.addEventListener('click', () => void browser.open());
    onLanguageChange(() => {
      open.textContent = t('registryOpen');
    });
    byId('registry-tools').replaceChildren(open);
  }

  session.onChange(() => {
    refreshActions();
    void loadEditor();
  });
  onLanguageChange(() => {
    refreshActions();
    if (panel.isOpen) renderDetails();
  });
  const list = new FeatureList(byId<HTMLUListElement>('list-entries'), byId('list-summary'), openFromList);

  // The card: opening, closing, keeping focus where a keyboard user expects it.
  let pending: AbortController | null = null;
  let opener: { element: HTMLElement | null; key: string | null } = { element: null, key: null };

  /**
   * The part of the viewport the card covers, as it will be once filled: a bottom sheet grows as
   * the full record arrives, so it counts at its full height. Null when no card is open.
   */
  function cardCover(): { top: number; left: number } | null {
    if (!panel.isOpen) return null;
    const mapRect = mapElement.getBoundingClientRect();
    const card = panelElement.getBoundingClientRect();
    if (card.top <= mapRect.top + 1) return { top: card.top, left: card.left }; // side panel
    const maxHeight = parseFloat(getComputedStyle(panelElement).maxHeight);
    return { top: Number.isFinite(maxHeight) ? Math.min(card.top, window.innerHeight - maxHeight) : card.top, left: card.left };
  }

  /** Map centre that puts `coordinate` in the middle of the part of the map the card leaves free. */
  function centreFor(coordinate: number[]): number[] {
    const size = map.getSize()!;
    const resolution = view.getResolution()!;
    let [x, y] = [size[0] / 2, size[1] / 2];
    const cover = cardCover();
    if (cover) {
      const mapRect = mapElement.getBoundingClientRect();
      if (cover.top > mapRect.top + 1) y = Math.max(0, Math.min(size[1], cover.top - mapRect.top)) / 2; // bottom sheet
      else if (cover.left > mapRect.left) x = Math.max(0, cover.left - mapRect.left) / 2; // side panel
    }
    return [coordinate[0] + (size[0] / 2 - x) * resolution, coordinate[1] - (size[1] / 2 - y) * resolution];
  }

  /** True when the card covers this map coordinate (or it is off the map). */
  function hiddenByCard(coordinate: number[]): boolean {
    const pixel = map.getPixelFromCoordinate(coordinate);
    const size = map.getSize()!;
    if (!pixel || pixel[0] < 0 || pixel[1] < 0 || pixel[0] > size[0] || pixel[1] > size[1]) return true;
    const cover = cardCover();
    if (!cover) return false;
    const mapRect = mapElement.getBoundingClientRect();
    return mapRect.left + pixel[0] >= cover.left && mapRect.top + pixel[1] >= cover.top;
  }

  /**
   * Moves the map so a feature shows beside (or above) its card. Points are centred in the free
   * part of the map; an area is left alone while it covers the middle of the view. With
   * `onlyIfHidden`, a feature already in sight stays where the user tapped it.
   */
  function bringIntoView(extent: Extent, isPoint: boolean, onlyIfHidden = false): void {
    const viewExtent = view.calculateExtent(map.getSize());
    if (!isPoint && containsCoordinate(extent, getCenter(viewExtent))) return;
    if (onlyIfHidden && !hiddenByCard(getCenter(extent))) return;
    gliding = true;
    view.animate({ center: centreFor(getCenter(extent)), duration: motion() });
  }

  async function openFeature(
    collection: CatalogCollection,
    id: string,
    tileProperties: Record<string, unknown>,
    how: {
      focus: boolean;
      opener?: HTMLElement | null;
      openerKey?: string | null;
      /** Where the feature is (view projection), to bring it into sight beside the card. */
      anchor?: Extent;
      isPoint?: boolean;
      /** Move the map only when the card hides the feature (a click on the map). */
      onlyIfHidden?: boolean;
      /** Bring the full geometry into sight once loaded (a card opened from a link). */
      fitWhenLoaded?: boolean;
    },
  ): Promise<void> {
    pending?.abort();
    const request = new AbortController();
    pending = request;
    if (how.focus) opener = { element: how.opener ?? null, key: how.openerKey ?? null };
    selection.set({ collection: collection.id, id });
    panel.setActions(registryActions(collection, id));
    panel.setDetails(null);
    panel.show(collection, id, tileProperties, 'loading', how.focus);
    if (collection.group === 'registry') void showRegistryDetails(id, request);
    record();
    if (how.anchor) bringIntoView(how.anchor, how.isPoint ?? true, how.onlyIfHidden);
    try {
      const feature = await fetchFeature(collection, id, request.signal);
      if (pending !== request) return;
      panel.show(collection, id, feature.properties, 'complete', false);
      if (!how.focus) announce(t('opened', { name: panel.titleText() }));
      const lonLat = lonLatExtent(feature.geometry);
      if (how.fitWhenLoaded && lonLat) bringIntoView(transformExtent(lonLat, 'EPSG:4326', 'EPSG:3857'), feature.geometry?.type === 'Point');
    } catch (error) {
      if ((error as Error).name === 'AbortError' || pending !== request) return;
      panel.show(collection, id, tileProperties, 'partial', false);
    }
  }

  /** The registry's own panel data (owner, permit in words, revenue, photos …) below the card's properties. */
  let shownDetails: ObjectPanel | null = null;
  const renderDetails = () => panel.setDetails(shownDetails && objectDetails(shownDetails, (ownerId) => void browser.openOwner(ownerId)));
  async function showRegistryDetails(id: string, request: AbortController): Promise<void> {
    shownDetails = null;
    try {
      const details = await publicRegistry.object(id);
      if (pending !== request) return;
      shownDetails = details;
      renderDetails();
    } catch {
      // the card's own properties still show; the details are an addition
    }
  }

  function closeFeature(restoreFocus: boolean): void {
    if (!panel.isOpen) return;
    pending?.abort();
    pending = null;
    selection.set(null);
    panel.hide();
    record();
    if (!restoreFocus) return;
    // The list may have been rebuilt while the card was open: find the entry again by its key.
    const entry = opener.key ? list.buttonFor(opener.key) : null;
    (entry ?? (opener.element?.isConnected ? opener.element : mapElement)).focus();
  }

  function zoomIntoCluster(collection: CatalogCollection, coordinate: number[]): void {
    const zoom = view.getZoom()!;
    const below = collection.clusterBelowZoom ?? zoom + 2;
    view.animate({ center: coordinate, zoom: below > zoom ? Math.min(zoom + 2, below) : zoom + 1, duration: motion() });
  }

  /** On a phone the list is below the map: scroll the map back into sight (the card is fixed). */
  function revealMap(): void {
    const rect = mapElement.getBoundingClientRect();
    if (rect.top < 0 || rect.top > window.innerHeight / 2) mapElement.scrollIntoView({ block: 'start' });
  }

  function openFromList(item: ViewItem, button: HTMLButtonElement): void {
    revealMap();
    if (item.clusterSize !== null) return zoomIntoCluster(item.collection, getCenter(item.extent));
    void openFeature(item.collection, item.id, item.properties, { focus: true, opener: button, openerKey: item.key, anchor: item.extent, isPoint: item.isPoint });
  }

  selection.onChange((selected, previous) => {
    if (previous) layers.collectionLayer(previous.collection)?.changed();
    if (selected) layers.collectionLayer(selected.collection)?.changed();
    list.markSelected(selected ? `${selected.collection}/${selected.id}` : null);
  });

  // The map: clicks open cards, clusters zoom in, a pointer over a feature says it is clickable.
  map.on('singleclick', (event) => {
    if (editorBusy()) return;
    const touch = (event.originalEvent as PointerEvent).pointerType === 'touch';
    let hit: { feature: FeatureLike; collection: CatalogCollection } | undefined;
    map.forEachFeatureAtPixel(event.pixel, (feature, layer) => {
      const collection = byCollection.get(layer);
      if (!collection || featureId(feature) === undefined) return false;
      hit = { feature, collection };
      return true;
    }, { hitTolerance: touch ? HIT_TOLERANCE.touch : HIT_TOLERANCE.mouse });
    if (!hit) return closeFeature(false);
    const { feature, collection } = hit;
    if (isCluster(feature)) return zoomIntoCluster(collection, getCenter(feature.getGeometry()!.getExtent()));
    const id = featureId(feature)!;
    const { geometry: _geometry, ...properties } = feature.getProperties() as Record<string, unknown>;
    const geometry = feature.getGeometry()!;
    const isPoint = geometry.getType() === 'Point' || geometry.getType() === 'MultiPoint';
    // An area the user tapped is in sight by definition; a point may end up under the card.
    void openFeature(collection, id, properties, {
      focus: true, opener: mapElement, openerKey: null, anchor: isPoint ? geometry.getExtent() : undefined, onlyIfHidden: true,
    });
  });
  map.on('pointermove', (event) => {
    if (event.dragging || (event.originalEvent as PointerEvent).pointerType === 'touch') return;
    const over = map.hasFeatureAtPixel(event.pixel, { layerFilter: (layer) => byCollection.has(layer), hitTolerance: HIT_TOLERANCE.mouse });
    mapElement.style.cursor = over ? 'pointer' : '';
  });

  let listTimer = 0;
  map.on('rendercomplete', () => {
    window.clearTimeout(listTimer);
    listTimer = window.setTimeout(() => list.update(featuresInView(collectionLayers, view, view.calculateExtent(map.getSize()), LIST_LIMIT)), LIST_DELAY_MS);
  });
  map.on('moveend', () => {
    switcher?.sync(view.getZoom()!);
    permalink.record(currentState(), gliding);
    gliding = false;
  });

  document.addEventListener('keydown', (event) => {
    // An open dialog takes its own Esc (the browser closes it); the card stays.
    if (event.key === 'Escape' && panel.isOpen && !editorBusy() && !document.querySelector('dialog[open]')) {
      event.preventDefault();
      closeFeature(true);
    }
  });

  // Back, forward, an edited address: the URL says where to be.
  function applyUrlState(state: UrlState): void {
    setLanguage(state.lang ?? 'uk');
    view.setZoom(state.zoom ?? m.zoom);
    view.setCenter(fromLonLat(state.center ?? m.center));
    layers.showOnly(state.layers ?? defaultLayers);
    switcher?.sync(view.getZoom()!);
    const wanted = state.feature;
    const collection = wanted ? catalog.collections.find((c) => c.id === wanted.collection) : undefined;
    if (wanted && collection) {
      if (!selection.is(wanted.collection, wanted.id)) void openFeature(collection, wanted.id, {}, { focus: false });
    } else closeFeature(false);
    record();
  }

  function chooseLanguage(lang: Lang): void {
    setLanguage(lang);
    record();
  }
  mountLanguageSwitch(byId('language-switch'), chooseLanguage);

  const writeNames = () => {
    const name = language() === 'en' ? m.nameEn : m.nameUk;
    byId('hromada-name').textContent = name;
    document.title = `${name} — ${t('appName')}`;
    translatePage();
    localizeControls(mapElement);
  };
  writeNames();
  onLanguageChange(writeNames);

  permalink.markApplying();
  record();
  const first = initial.feature;
  const firstCollection = first ? catalog.collections.find((c) => c.id === first.collection) : undefined;
  if (first && firstCollection) void openFeature(firstCollection, first.id, {}, { focus: false, fitWhenLoaded: initial.center === undefined });
  exposeMapHandle(map, layers, () => tileVersion);
}

async function start(): Promise<void> {
  const initial = parseHash(location.hash);
  if (initial.lang) setLanguage(initial.lang);
  translatePage();
  wireSkipLink();
  const slug = municipalityFromPath(location.pathname);
  if (!slug) return showFatal(t('unknownHromada'));
  let catalog: Catalog;
  try {
    catalog = await fetchCatalog(slug);
  } catch (error) {
    return showFatal(t(error instanceof CatalogError && error.status === 404 ? 'unknownHromada' : 'catalogFailed'));
  }
  const session = new Session(slug);
  mountAccount(byId('account'), session);
  startMap(catalog, initial, session);
  void session.restore();
}

void start();
