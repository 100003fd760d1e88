/**
 * How a collection's features are drawn, from its catalog style: points as circles of
 * `style.radius`, areas as outlines with a `fillOpacity` fill, coloured by the catalog colour of
 * their `colorBy` value; a cluster (a tile feature with `cluster: true`) as a larger circle with
 * its `point_count` written in it; the selected feature ringed in near-black.
 *
 * Styles are cached by what distinguishes them, so a tile of thousands of points allocates a
 * handful of Style objects, not thousands.
 */
import type { FeatureLike } from 'ol/Feature.js';
import CircleStyle from 'ol/style/Circle.js';
import Fill from 'ol/style/Fill.js';
import Stroke from 'ol/style/Stroke.js';
import Style, { type StyleFunction } from 'ol/style/Style.js';
import Text from 'ol/style/Text.js';
import { colorOf, type CatalogCollection } from '../catalog.js';
import { language } from '../i18n.js';

/** Ring of the selected feature: near-black reads on every basemap and on every legend colour. */
const SELECTED_COLOR = '#111111';
/** Street names: dark grey on a white halo, readable over buildings and lines alike. */
const LABEL_COLOR = '#333333';
/** Names are written from zoom 15 on (≈ 4.8 m per pixel): further out they would only overlap. */
const LABEL_MAX_RESOLUTION = 4.8;
/** Outline of points: white separates touching circles and lifts them off the basemap. */
const POINT_OUTLINE = '#ffffff';
/**
 * Circles say they are never decluttered. Our layers do not declutter anyway, but OpenLayers 10's
 * vector tile hit detection skips point symbols of a non-decluttering layer unless their
 * declutterMode is 'none' (it compares them with an always-empty list of decluttered features),
 * so without this a click on a kiosk would find the district under it instead.
 */
const NO_DECLUTTER = 'none' as const;

export const isCluster = (feature: FeatureLike): boolean => {
  const flag = feature.get('cluster');
  return flag === true || flag === 'true' || flag === 1;
};

/**
 * The feature's id: the MVT feature id (or an `id` property); a cluster, which has none, is named
 * by its `cluster_id` (unique among the clusters of one zoom).
 */
export function featureId(feature: FeatureLike): string | undefined {
  const id = feature.getId() ?? feature.get('id') ?? (isCluster(feature) ? feature.get('cluster_id') : undefined);
  return id === undefined || id === null ? undefined : String(id);
}

export const clusterCount = (feature: FeatureLike): number => Number(feature.get('point_count')) || 0;

/** Cluster labels stay short: 12 345 points read "12k". */
function clusterLabel(count: number): string {
  return count < 10_000 ? String(count) : `${Math.floor(count / 1000)}k`;
}

/** Radius grows with the logarithm of the count: 10 points → 15 px, 1 000 → 21 px. */
const clusterRadius = (count: number) => 12 + 3 * Math.log10(Math.max(count, 1));

export function withOpacity(hex: string, opacity: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return hex;
  return `rgba(${parseInt(m[1], 16)}, ${parseInt(m[2], 16)}, ${parseInt(m[3], 16)}, ${opacity})`;
}

/**
 * The style function of one collection's layer. `isSelected(id)` says whether a feature of this
 * collection is the one open in the card; `isShown(feature)`, whether the layer's filter lets it be
 * drawn (a feature without a style is neither drawn nor hit by a click).
 */
export function createStyleFunction(
  collection: CatalogCollection,
  isSelected: (id: string | undefined) => boolean,
  isShown: (feature: FeatureLike) => boolean = () => true,
): StyleFunction {
  const cache = new Map<string, Style | Style[]>();
  const radius = collection.style.radius ?? 6;
  // Without a catalog value, areas are filled enough for their legend colour to read (a kiosk's footprint).
  const fillOpacity = collection.style.fillOpacity ?? 0.35;
  const colorBy = collection.style.colorBy;

  function point(color: string, selected: boolean): Style | Style[] {
    const key = `p|${color}|${selected}`;
    let style = cache.get(key);
    if (!style) {
      const dot = new Style({
        image: new CircleStyle({ radius, fill: new Fill({ color }), stroke: new Stroke({ color: POINT_OUTLINE, width: 1.5 }), declutterMode: NO_DECLUTTER }),
        zIndex: selected ? 2 : 1,
      });
      style = selected
        ? [new Style({ image: new CircleStyle({ radius: radius + 5, stroke: new Stroke({ color: SELECTED_COLOR, width: 3 }), declutterMode: NO_DECLUTTER }), zIndex: 2 }), dot]
        : dot;
      cache.set(key, style);
    }
    return style;
  }

  function area(color: string, selected: boolean): Style {
    const key = `a|${color}|${selected}`;
    let style = cache.get(key) as Style | undefined;
    if (!style) {
      style = new Style({
        stroke: new Stroke({ color: selected ? SELECTED_COLOR : color, width: selected ? 4 : 2 }),
        fill: fillOpacity > 0 ? new Fill({ color: withOpacity(color, selected ? Math.min(fillOpacity * 2, 0.5) : fillOpacity) }) : undefined,
        zIndex: selected ? 2 : 1,
      });
      cache.set(key, style);
    }
    return style;
  }

  function cluster(count: number): Style {
    const label = clusterLabel(count);
    const key = `c|${label}`;
    let style = cache.get(key) as Style | undefined;
    if (!style) {
      style = new Style({
        image: new CircleStyle({
          radius: clusterRadius(count),
          fill: new Fill({ color: collection.style.color }),
          stroke: new Stroke({ color: POINT_OUTLINE, width: 2 }),
          declutterMode: NO_DECLUTTER,
        }),
        text: new Text({
          text: label,
          font: 'bold 12px system-ui, sans-serif',
          fill: new Fill({ color: '#ffffff' }),
          declutterMode: NO_DECLUTTER,
        }),
        zIndex: 3,
      });
      cache.set(key, style);
    }
    return style;
  }

  const width = collection.style.width ?? 2;
  const casing = collection.style.casing;
  const label = collection.style.label;

  /** A line (a street): its casing under it, and its name along it once the map is close enough to read it. */
  function line(color: string, selected: boolean, name: string | undefined, resolution: number): Style[] {
    // Narrower further out, where streets are close together on screen: ⅖ below zoom 14, ⅗ below 16.
    const w = Math.max(1, Math.round(width * (resolution > 9.6 ? 0.4 : resolution > 2.4 ? 0.6 : 1)));
    const key = `l|${color}|${selected}|${w}`;
    let styles = cache.get(key) as Style[] | undefined;
    if (!styles) {
      styles = [
        ...(casing ? [new Style({ stroke: new Stroke({ color: casing, width: w + 2 }), zIndex: 0 })] : []),
        new Style({ stroke: new Stroke({ color: selected ? SELECTED_COLOR : color, width: w }), zIndex: selected ? 2 : 1 }),
      ];
      cache.set(key, styles);
    }
    if (!name || resolution > LABEL_MAX_RESOLUTION) return styles;
    const textKey = `t|${name}`;
    let text = cache.get(textKey) as Style | undefined;
    if (!text) {
      text = new Style({
        text: new Text({
          text: name,
          placement: 'line',
          font: '12px system-ui, sans-serif',
          fill: new Fill({ color: LABEL_COLOR }),
          stroke: new Stroke({ color: '#ffffff', width: 3 }),
        }),
        zIndex: 3,
      });
      cache.set(textKey, text);
    }
    return [text, ...styles]; // the line last: what a test reads as the drawn colour
  }

  return (feature, resolution) => {
    if (isCluster(feature)) return cluster(clusterCount(feature));
    if (!isShown(feature)) return undefined;
    const color = colorOf(collection, colorBy ? feature.get(colorBy) : undefined);
    const selected = isSelected(featureId(feature));
    const type = feature.getGeometry()?.getType();
    if (type === 'LineString' || type === 'MultiLineString') {
      const name = label ? feature.get(label[language()]) ?? feature.get(label.uk) : undefined;
      return line(color, selected, typeof name === 'string' ? name : undefined, resolution);
    }
    return type === 'Point' || type === 'MultiPoint' ? point(color, selected) : area(color, selected);
  };
}
