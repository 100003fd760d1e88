/**
 * The map's layers: the raster basemap at the bottom, then one vector tile layer per catalog
 * collection in catalog order (the catalog lists areas before points, so points stay clickable
 * above the districts). Each layer carries its collection id as the `id` property; the
 * switcher and the URL name layers by it.
 */
import type BaseLayer from 'ol/layer/Base.js';
import TileLayer from 'ol/layer/Tile.js';
import VectorTileLayer from 'ol/layer/VectorTile.js';
import type RenderFeature from 'ol/render/Feature.js';
import type VectorTileSource from 'ol/source/VectorTile.js';
import type XYZ from 'ol/source/XYZ.js';
import type { StyleFunction } from 'ol/style/Style.js';
import { BASEMAP_ID, type CatalogCollection } from '../catalog.js';

/**
 * OpenLayers shows a layer while the view zoom is *greater than* its minZoom; the catalog's minZoom
 * is inclusive (a layer with minZoom 10 shows at zoom 10), hence the nudge.
 */
const INCLUSIVE = 1e-6;

export type CollectionLayer = VectorTileLayer<VectorTileSource<RenderFeature>, RenderFeature>;

export function createCollectionLayer(collection: CatalogCollection, source: VectorTileSource, style: StyleFunction, visible: boolean): CollectionLayer {
  return new VectorTileLayer({
    source,
    style,
    visible,
    minZoom: collection.minZoom - INCLUSIVE,
    // Street names are placed along their lines and must not overlap each other across tiles.
    declutter: collection.style.label !== undefined,
    properties: { id: collection.id },
  });
}

export function createBasemapLayer(source: XYZ, visible: boolean): TileLayer<XYZ> {
  return new TileLayer({ source, visible, properties: { id: BASEMAP_ID } });
}

/** The layers by id, and their visibility as the switcher and the URL see it. */
export class MapLayers {
  private readonly byId = new Map<string, BaseLayer>();

  constructor(readonly all: BaseLayer[]) {
    for (const layer of all) this.byId.set(layer.get('id') as string, layer);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  isVisible(id: string): boolean {
    return this.byId.get(id)?.getVisible() ?? false;
  }

  setVisible(id: string, visible: boolean): void {
    this.byId.get(id)?.setVisible(visible);
  }

  /** Visible layer ids in drawing order (the order the URL lists them in). */
  visibleIds(): string[] {
    return this.all.filter((l) => l.getVisible()).map((l) => l.get('id') as string);
  }

  /** Makes exactly `ids` visible (unknown ids are ignored). */
  showOnly(ids: readonly string[]): void {
    const wanted = new Set(ids);
    for (const [id, layer] of this.byId) layer.setVisible(wanted.has(id));
  }

  collectionLayer(id: string): CollectionLayer | undefined {
    const layer = this.byId.get(id);
    return layer instanceof VectorTileLayer ? (layer as CollectionLayer) : undefined;
  }
}
