/**
 * The building a facility is in (migration 0043), on its card and on the map: the card says the
 * building's address and storeys; while the card is open the map outlines the footprint, so a
 * resident sees which of the houses on the corner it is. The outline goes when the card closes or
 * another opens (the card's request is aborted then).
 */
import type Feature from 'ol/Feature.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import VectorLayer from 'ol/layer/Vector.js';
import type OlMap from 'ol/Map.js';
import VectorSource from 'ol/source/Vector.js';
import Stroke from 'ol/style/Stroke.js';
import Style from 'ol/style/Style.js';
import { el } from '../dom.js';
import { say } from '../i18n.js';
import { W } from './words.js';

export interface CardBuilding {
  id: number;
  address: string | null;
  levels: number | null;
  geometry: unknown;
}

/** A dark dashed line over a white casing: seen over the base map's footprints and any basemap, no fill hiding the dots. */
const OUTLINE = [
  new Style({ stroke: new Stroke({ color: '#ffffff', width: 6 }) }),
  new Style({ stroke: new Stroke({ color: '#111111', width: 3, lineDash: [8, 5] }) }),
];

export class BuildingOutline {
  private readonly source = new VectorSource();

  constructor(map: OlMap) {
    // above the base map and the service layers' polygons, under the editors' sketches (zIndex 100)
    map.addLayer(new VectorLayer({ source: this.source, style: OUTLINE, zIndex: 40, properties: { id: 'facility-building' } }));
  }

  /** Outlines the building until the card's request ends (closed, or another card opened). */
  show(building: CardBuilding | null, until: AbortSignal): void {
    this.source.clear();
    if (!building || until.aborted) return;
    const feature = new GeoJSON({ featureProjection: 'EPSG:3857' }).readFeature({ type: 'Feature', geometry: building.geometry, properties: {} }) as Feature;
    this.source.addFeature(feature);
    until.addEventListener('abort', () => this.source.removeFeature(feature), { once: true });
  }
}

/** "Будівля: вулиця Шевченка, 12 · 5 поверхів", or nothing where no footprint holds the facility. */
export function buildingLine(building: CardBuilding | null): HTMLElement | null {
  if (!building) return null;
  const parts = [building.address ?? say(W.buildingNoAddress)];
  if (building.levels !== null) parts.push(say(W.buildingLevels, { n: String(building.levels) }));
  return el('p', { class: 'a11y-building' }, [el('strong', {}, [`${say(W.building)}: `]), parts.join(' · ')]);
}
