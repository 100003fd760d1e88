import { Router } from 'express';
import type { AppContext } from '../context.js';
import { COLLECTIONS, GROUPS } from './collections.js';

/**
 * GET /:municipality/api/catalog — what the map client needs to draw this hromada: its view, the
 * basemap, and every collection with labels, legend and style, straight from the catalog.
 */
export function catalogRoutes({ config }: AppContext): Router {
  const router = Router({ mergeParams: true });
  router.get('/catalog', (req, res) => {
    const m = req.municipality;
    res.set('Cache-Control', 'public, max-age=60');
    res.json({
      municipality: { slug: m.slug, nameUk: m.nameUk, nameEn: m.nameEn, bbox: m.bbox, center: m.center, zoom: m.zoom, localSrid: m.localSrid },
      basemap: config.BASEMAP_URL ? { url: config.BASEMAP_URL, attribution: config.BASEMAP_ATTRIBUTION } : null,
      groups: GROUPS,
      collections: COLLECTIONS.map((c) => ({
        id: c.id,
        title: c.title,
        description: c.description,
        group: c.group,
        geometryType: c.geometryType,
        titleProperty: c.titleProperty,
        minZoom: c.minZoom,
        maxZoom: c.maxZoom,
        clusterBelowZoom: c.clusterBelowZoom ?? null,
        style: c.style,
        visibleByDefault: c.visibleByDefault,
        properties: c.properties.map((p) => ({ name: p.name, type: p.type, label: p.label, unit: p.unit ?? null, values: p.values ?? null, inTiles: p.inTiles ?? false })),
        tiles: `/${m.slug}/tiles/${c.id}/{z}/{x}/{y}.mvt`,
        tilejson: `/${m.slug}/tiles/${c.id}.json`,
        items: `/${m.slug}/ogc/collections/${c.id}/items`,
      })),
    });
  });
  return router;
}
