import proj4 from 'proj4';
import { crsByName, SUPPORTED_CRS } from '../../server/ogc/crs.js';

/**
 * The CRS a spreadsheet's coordinates are in, as the import is told it (--crs): an EPSG code the
 * service knows (server/ogc/crs.ts holds the proj4 definitions, with the datum shifts PostGIS's
 * ST_Transform uses, so an imported point lands where PostGIS would put it), or a proj4 string —
 * the way SK-63 local zones are given, since they have no EPSG codes:
 *
 *   +proj=tmerc +lat_0=0 +lon_0=37.98333 +k=1 +x_0=2250000 +y_0=-5714743.504 +ellps=krass
 *   +towgs84=23.57,-140.95,-79.8,0,0.35,0.79,-0.22 +units=m +no_defs
 *
 * Reprojection runs here, in Node, not in SQL: an SK-63 zone is not in spatial_ref_sys, and one
 * code path for every CRS is one to test.
 */

export interface SourceCrs {
  /** As the user named it, for the report. */
  label: string;
  /** Degrees (x = longitude, y = latitude) rather than metres. */
  geographic: boolean;
  /** x, y in this CRS (easting/longitude first) to [longitude, latitude] in WGS 84. */
  toWgs84(x: number, y: number): [number, number];
}

export class CrsError extends Error {}

const WGS84 = '+proj=longlat +datum=WGS84 +no_defs';

export const KNOWN_EPSG_CODES: readonly number[] = [...new Set(SUPPORTED_CRS.map((c) => c.srid))];

export function resolveCrs(spec: string): SourceCrs {
  const text = spec.trim();
  if (text.startsWith('+')) return fromProj4(text, text);
  // "6387", "EPSG:6387", "epsg:6387", the OGC URI, "urn:ogc:def:crs:EPSG::6387", "CRS84"
  const urn = /^urn:ogc:def:crs:EPSG:[^:]*:(\d+)$/i.exec(text);
  const name = /^\d+$/.test(text) ? `EPSG:${text}` : urn ? `EPSG:${urn[1]}` : /^crs84$/i.test(text) ? 'OGC:CRS84' : text;
  const crs = crsByName(name);
  if (!crs) {
    throw new CrsError(
      `Невідома система координат «${spec}». Відомі: EPSG:${KNOWN_EPSG_CODES.join(', ')}; або рядок proj4 (+proj=…). ` +
      `Unknown CRS "${spec}". Known: EPSG:${KNOWN_EPSG_CODES.join(', ')}; or a proj4 string (+proj=…).`,
    );
  }
  return fromProj4(crs.proj4, crs.srid === 4326 && /crs84/i.test(name) ? 'OGC:CRS84' : `EPSG:${crs.srid}`);
}

function fromProj4(definition: string, label: string): SourceCrs {
  // WGS 84 itself: no transformation, so 37.6208 stays 37.6208 (a round trip through proj4's
  // radians would leave 48.85470000000001).
  if (definition.replace(/\s+/g, ' ').trim() === WGS84) return { label, geographic: true, toWgs84: (x, y) => [x, y] };
  let converter: proj4.Converter;
  try {
    converter = proj4(definition, WGS84);
  } catch (error) {
    throw new CrsError(`Рядок proj4 не розібрано / cannot read the proj4 string: ${(error as Error).message ?? error}`);
  }
  const geographic = /\+proj=(longlat|latlong|lonlat|latlon)\b/.test(definition);
  return {
    label,
    geographic,
    toWgs84(x, y) {
      const [lon, lat] = converter.forward([x, y]);
      return [lon, lat];
    },
  };
}

