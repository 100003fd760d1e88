/**
 * A small, read-only handle on the live map at `window.prozoreMap`, for the browser tests and for
 * a council page that embeds the map and wants to know where it is: the view, the visible layers,
 * and where on screen the rendered features of a layer are.
 */
import type Map from 'ol/Map.js';
import { getCenter } from 'ol/extent.js';
import { toLonLat } from 'ol/proj.js';
import type { FeatureLike } from 'ol/Feature.js';
import CircleStyle from 'ol/style/Circle.js';
import type Style from 'ol/style/Style.js';
import type { StyleFunction } from 'ol/style/Style.js';
import type { MapLayers } from './layers/collectionLayers.js';
import { clusterCount, featureId, isCluster } from './styles/collectionStyle.js';

export interface RenderedFeature {
  id: string;
  cluster: boolean;
  count: number;
  /** Page coordinates (CSS pixels from the viewport's top left) of the feature's centre. */
  clientX: number;
  clientY: number;
  properties: Record<string, unknown>;
  /** The colour the layer's style draws it in (a point's fill, an area's outline). */
  color: string | null;
  /** The text the layer's style writes on it (a street's name), or null. */
  label: string | null;
}

export interface MapHandle {
  /** Zoom and [lon, lat] of the centre. */
  view(): { zoom: number; center: [number, number] };
  visibleLayers(): string[];
  /** Features of a collection in the tiles drawn now, inside the map's viewport. */
  renderedFeatures(collectionId: string): RenderedFeature[];
  /** The feature a click at these page coordinates would open (the topmost), or null. */
  featureAt(clientX: number, clientY: number): { collection: string; id: string; cluster: boolean } | null;
  /** How many times a collection's tiles were fetched again after a write (0: never). */
  reloads(collectionId: string): number;
  /** True once all tiles of the current view were loaded and drawn. */
  readonly settled: boolean;
}

declare global {
  interface Window {
    prozoreMap?: MapHandle;
  }
}

/** The text a style function writes on a feature (a street name along its line). */
function drawnLabel(layer: { getStyleFunction(): StyleFunction | undefined }, feature: FeatureLike, resolution: number): string | null {
  const styles = layer.getStyleFunction()?.(feature, resolution);
  const list = (Array.isArray(styles) ? styles : styles ? [styles] : []) as Style[];
  const text = list.map((s) => s.getText()?.getText()).find((t) => typeof t === 'string' && t !== '');
  return typeof text === 'string' ? text : null;
}

/** The colour a style function gives a feature, for tests that check the legend's promise. */
function drawnColor(layer: { getStyleFunction(): StyleFunction | undefined }, feature: FeatureLike, resolution: number): string | null {
  const styles = layer.getStyleFunction()?.(feature, resolution);
  const list = (Array.isArray(styles) ? styles : styles ? [styles] : []) as Style[];
  const style = list[list.length - 1];
  if (!style) return null;
  const image = style.getImage();
  const fill = image instanceof CircleStyle ? image.getFill()?.getColor() : undefined;
  const color = fill ?? style.getStroke()?.getColor();
  return typeof color === 'string' ? color : null;
}

export function exposeMapHandle(map: Map, layers: MapLayers, reloads: (collectionId: string) => number = () => 0): void {
  let settled = false;
  map.on('movestart', () => {
    settled = false;
  });
  map.on('rendercomplete', () => {
    settled = true;
  });
  window.prozoreMap = {
    get settled() {
      return settled;
    },
    view() {
      const view = map.getView();
      const [lon, lat] = toLonLat(view.getCenter()!);
      return { zoom: view.getZoom()!, center: [lon, lat] };
    },
    visibleLayers: () => layers.visibleIds(),
    reloads,
    featureAt(clientX, clientY) {
      const rect = map.getTargetElement()!.getBoundingClientRect();
      let found: { collection: string; id: string; cluster: boolean } | null = null;
      map.forEachFeatureAtPixel([clientX - rect.left, clientY - rect.top], (feature, layer) => {
        const id = featureId(feature);
        const collection = layer.get('id') as string;
        if (id === undefined || !layers.collectionLayer(collection)) return false;
        found = { collection, id, cluster: isCluster(feature) };
        return true;
      }, { hitTolerance: 4 });
      return found;
    },
    renderedFeatures(collectionId) {
      const layer = layers.collectionLayer(collectionId);
      if (!layer?.isVisible(map.getView())) return [];
      const rect = map.getTargetElement()!.getBoundingClientRect();
      const size = map.getSize()!;
      const seen = new Set<string>();
      const result: RenderedFeature[] = [];
      for (const feature of layer.getFeaturesInExtent(map.getView().calculateExtent(size)) as FeatureLike[]) {
        const id = featureId(feature);
        if (id === undefined || seen.has(id)) continue;
        seen.add(id);
        const [x, y] = map.getPixelFromCoordinate(getCenter(feature.getGeometry()!.getExtent()));
        if (x < 0 || y < 0 || x > size[0] || y > size[1]) continue;
        const { geometry: _geometry, ...properties } = feature.getProperties() as Record<string, unknown>;
        const resolution = map.getView().getResolution()!;
        const color = drawnColor(layer, feature, resolution);
        const label = drawnLabel(layer, feature, resolution);
        result.push({ id, cluster: isCluster(feature), count: clusterCount(feature), clientX: rect.left + x, clientY: rect.top + y, properties, color, label });
      }
      return result;
    },
  };
}
