import type { RequestHandler } from 'express';
import type { Queryable } from '../db/database.js';
import { notFound } from '../errors.js';

export interface Municipality {
  id: number;
  slug: string;
  nameUk: string;
  nameEn: string;
  /** [minLon, minLat, maxLon, maxLat] of the boundary, EPSG:4326. */
  bbox: [number, number, number, number];
  center: [number, number];
  zoom: number;
  localSrid: number;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The hromada named by the URL's first segment; set by municipalityScope. */
      municipality: Municipality;
    }
  }
}

interface Row {
  id: number; slug: string; name_uk: string; name_en: string;
  xmin: number; ymin: number; xmax: number; ymax: number;
  cx: number; cy: number; view_zoom: number; local_srid: number;
}

/**
 * The hromadas this deployment serves, kept in memory: they are few and change rarely, and every
 * public request resolves its slug. `reload()` after adding one.
 */
export class MunicipalityDirectory {
  private bySlug = new Map<string, Municipality>();

  constructor(private readonly db: Queryable) {}

  async reload(): Promise<void> {
    const { rows } = await this.db.query<Row>(`
      SELECT id, slug, name_uk, name_en,
             ST_XMin(boundary) AS xmin, ST_YMin(boundary) AS ymin, ST_XMax(boundary) AS xmax, ST_YMax(boundary) AS ymax,
             ST_X(view_center) AS cx, ST_Y(view_center) AS cy, view_zoom, local_srid
      FROM municipality ORDER BY slug`);
    this.bySlug = new Map(
      rows.map((r) => [
        r.slug,
        {
          id: r.id, slug: r.slug, nameUk: r.name_uk, nameEn: r.name_en,
          bbox: [r.xmin, r.ymin, r.xmax, r.ymax], center: [r.cx, r.cy], zoom: r.view_zoom, localSrid: r.local_srid,
        },
      ]),
    );
  }

  get(slug: string): Municipality | undefined {
    return this.bySlug.get(slug);
  }

  list(): Municipality[] {
    return [...this.bySlug.values()];
  }

  /** Express middleware for routes under /:municipality/…: 404 for an unknown slug. */
  scope(): RequestHandler {
    return (req, _res, next) => {
      const slug = String(req.params.municipality ?? '');
      const municipality = this.get(slug);
      if (!municipality) return next(notFound(`Громаду «${slug}» не знайдено. Unknown hromada: ${slug}`));
      req.municipality = municipality;
      next();
    };
  }
}
