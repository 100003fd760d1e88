/**
 * The definitions of the CRSs the OGC API serves, at stable URLs under /{municipality}/ogc/crs:
 * the proj4 string and the PROJJSON of the transformation the server itself applies (crs.ts), so
 * a client reprojecting on its own (OpenLayers with proj4js for crs=…/EPSG/0/6387) lands where
 * our ST_Transform does — PostGIS's own spatial_ref_sys text is several metres off for UCS-2000.
 *
 *   GET …/crs                      every CRS with the links to its definitions
 *   GET …/crs/EPSG/6387            one CRS: uri, title, axis order, proj4, PROJJSON
 *   GET …/crs/EPSG/6387/proj4      text/plain, for proj4.defs()
 *   GET …/crs/EPSG/6387/projjson   application/json (PROJ 9's PROJJSON, from projinfo)
 *
 * The PROJJSON describes the proj4 definition, whose axes are east, north; the API's coordinates
 * follow the EPSG axis order (see `axisOrder`).
 */
import { readFileSync } from 'node:fs';
import type { Crs } from './crs.js';
import { SUPPORTED_CRS } from './crs.js';
import { MEDIA, type Link } from './links.js';

const PROJJSON: Record<string, unknown> = JSON.parse(readFileSync(new URL('./crs-projjson.json', import.meta.url), 'utf8'));

/** The path of a CRS's definitions under …/ogc: crs/EPSG/6387, crs/OGC/CRS84. */
export function crsPath(crs: Crs): string {
  const [authority, code] = crs.uri.includes('/EPSG/') ? ['EPSG', String(crs.srid)] : ['OGC', 'CRS84'];
  return `crs/${authority}/${code}`;
}

/** The CRS a definitions path names, or undefined (only the served CRSs have one). */
export function crsAtPath(authority: string, code: string): Crs | undefined {
  return SUPPORTED_CRS.find((c) => crsPath(c) === `crs/${authority.toUpperCase()}/${code.toUpperCase()}`);
}

export const projjsonOf = (crs: Crs): unknown => PROJJSON[crs.uri];

const axisOrder = (crs: Crs): string => {
  if (crs.unit === 'degree') return crs.swapAxes ? 'latitude, longitude' : 'longitude, latitude';
  return crs.swapAxes ? 'northing, easting' : 'easting, northing';
};

/** Links to one CRS's definitions. */
export function crsDefinitionLinks(base: string, crs: Crs): Link[] {
  const url = `${base}/${crsPath(crs)}`;
  return [
    { href: url, rel: 'describedby', type: MEDIA.json, title: crs.title },
    { href: `${url}/proj4`, rel: 'alternate', type: 'text/plain', title: `${crs.title}: proj4` },
    { href: `${url}/projjson`, rel: 'alternate', type: MEDIA.json, title: `${crs.title}: PROJJSON` },
  ];
}

/** One CRS's description (GET …/crs/EPSG/6387). */
export function crsDocument(base: string, crs: Crs) {
  return {
    uri: crs.uri,
    title: crs.title,
    axisOrder: axisOrder(crs),
    unit: crs.unit,
    proj4: crs.proj4,
    projjson: projjsonOf(crs),
    links: crsDefinitionLinks(base, crs).map((l, i) => (i === 0 ? { ...l, rel: 'self' } : l)),
  };
}

/** Every served CRS and where its definitions are (GET …/crs), keyed by the URI a `crs` list names. */
export function crsListDocument(base: string) {
  return {
    crs: SUPPORTED_CRS.map((c) => ({
      uri: c.uri, title: c.title, axisOrder: axisOrder(c),
      definition: `${base}/${crsPath(c)}`, proj4: `${base}/${crsPath(c)}/proj4`, projjson: `${base}/${crsPath(c)}/projjson`,
    })),
  };
}

/** For a `crs` list: each URI's definition URLs. */
export function crsDefinitionsOf(base: string): Record<string, { proj4: string; projjson: string }> {
  return Object.fromEntries(SUPPORTED_CRS.map((c) => [c.uri, { proj4: `${base}/${crsPath(c)}/proj4`, projjson: `${base}/${crsPath(c)}/projjson` }]));
}
