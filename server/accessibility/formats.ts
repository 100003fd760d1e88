/**
 * A facility in the formats others read:
 *  - A11yJSON (sozialhelden's schema, the npm package @sozialhelden/a11yjson): a PlaceInfo per
 *    facility, entrances as `accessibility.entrances`, lengths as Quantity objects, the ramp slope as
 *    a Slope quantity in degrees. A fact not known is left out, never written as false.
 *  - OpenStreetMap tags (wiki: Key:wheelchair, Key:entrance, Key:door, Key:ramp, Key:tactile_paving,
 *    Key:hearing_loop, Key:toilets:wheelchair): the facility as a point with its tags, each entrance
 *    as an `entrance=*` node, ready for a mapper to review and upload; unknown facts get no tag.
 *  - The national monitoring table (Cabinet of Ministers resolution №537): counts of facilities by
 *    category and grade.
 */
import type { Feature, Point } from 'geojson';
import type { PublicEntrance, PublicFacility } from './public-data.js';

/** Lengths as A11yJSON Quantity objects (what its schema holds after cleaning "90cm"). */
const cm = (v: number | null | undefined) => (v === null || v === undefined ? undefined : { value: Number(v), unit: 'cm' });
const m = (v: number | null | undefined) => (v === null || v === undefined ? undefined : { value: Number(v), unit: 'm' });
const known = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);
/** Drops undefined members (and objects left empty) so "not known" is absent, not null. */
function compact<T extends Record<string, unknown>>(o: T): Partial<T> | undefined {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return Object.keys(out).length ? (out as Partial<T>) : undefined;
}
const point = (lon: number, lat: number): Point => ({ type: 'Point', coordinates: [lon, lat] });

const A11Y_GRADE: Record<string, string | undefined> = { full: 'fully', partial: 'partially', none: 'not' };

function a11yEntrance(e: PublicEntrance) {
  return {
    geometry: point(e.lon, e.lat),
    properties: compact({
      name: e.name ? { uk: e.name } : undefined,
      isMainEntrance: e.is_main,
      isLevel: known(e.level),
      hasFixedRamp: e.ramp === null ? undefined : e.ramp && e.ramp_removable !== true,
      hasRemovableRamp: e.ramp === null ? undefined : e.ramp && e.ramp_removable === true,
      slopeAngle: e.ramp_slope_pct === null ? undefined : { value: Math.round((Math.atan(e.ramp_slope_pct / 100) * 180 / Math.PI) * 100) / 100, unit: 'deg' },
      stairs: compact({ count: known(e.step_count), stepHeight: cm(e.step_height_cm) }),
      door: compact({
        width: cm(e.door_width_cm), thresholdHeight: cm(e.threshold_height_cm), isAutomatic: known(e.automatic_door),
        isSliding: e.door_type === null ? undefined : e.door_type === 'sliding', isRevolving: e.door_type === null ? undefined : e.door_type === 'revolving',
        hasIntercom: known(e.intercom),
        doorbellTopButtonHeight: e.call_button ? cm(e.call_button_height_cm) : undefined,
      }),
    }),
  };
}

/** One facility as an A11yJSON PlaceInfo (a GeoJSON Feature). */
export function a11yjsonPlace(f: PublicFacility, infoPageUrl: string): Feature<Point> {
  const accessibility = compact({
    wheelchairAccessibilityGrade: A11Y_GRADE[String(f.grade_wheelchair)],
    entrances: f.entrances.length ? f.entrances.map(a11yEntrance) : undefined,
    restrooms: f.accessible_toilet === null ? undefined : [compact({
      isAccessibleWithWheelchair: f.accessible_toilet,
      turningSpaceInside: f.accessible_toilet ? cm(f.toilet_turning_cm as number | null) : undefined,
      hasSupportRails: f.accessible_toilet ? known(f.toilet_grab_rails as boolean | null) : undefined,
    })],
    hasTactileGuideStrips: known(f.tactile_paving),
    hasBrailleSignage: known(f.braille_signage),
    hasInductionLoop: known(f.hearing_loop),
    staff: compact({ hasFreeAssistantForVisitors: known(f.staff_help) }),
    parking: f.parking_spaces === null ? undefined : {
      forWheelchairUsers: compact({ count: f.parking_spaces as number, distanceToEntrance: m(f.parking_distance_m as number | null) }) ?? { count: 0 },
    },
  });
  return {
    type: 'Feature',
    geometry: point(f.lon, f.lat),
    properties: compact({
      name: { uk: f.name },
      category: f.category,
      address: f.address ? { text: { uk: f.address } } : undefined,
      phoneNumber: (f.phone as string | null) ?? undefined,
      placeWebsiteUrl: (f.website as string | null) ?? undefined,
      infoPageUrl,
      originalId: String(f.id),
      accessibility,
    }) as Record<string, unknown>,
  };
}

const yesNo = (v: boolean | null | undefined) => (v === null || v === undefined ? undefined : v ? 'yes' : 'no');
/** OSM's wheelchair=* from our grade: yes/limited/no; unknown gets no tag. */
const OSM_WHEELCHAIR: Record<string, string | undefined> = { full: 'yes', partial: 'limited', none: 'no' };
/** Our categories as the nearest OSM main tag (a mapper refines them). */
const OSM_CATEGORY: Record<string, [string, string]> = {
  administration: ['office', 'government'], health: ['amenity', 'clinic'], education: ['amenity', 'school'],
  culture: ['amenity', 'community_centre'], shop: ['shop', 'yes'], pharmacy: ['amenity', 'pharmacy'], bank: ['amenity', 'bank'],
  transport: ['public_transport', 'station'], sport: ['leisure', 'sports_centre'], food: ['amenity', 'cafe'],
  social: ['amenity', 'social_facility'], other: ['building', 'yes'],
};
const OSM_DOOR: Record<string, string> = { hinged: 'hinged', sliding: 'sliding', revolving: 'revolving', swinging: 'swinging', opening: 'no', none: 'no' };

function tags(o: Record<string, string | number | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = String(v);
  return out;
}

/** The facility and its entrances as OSM-tagged GeoJSON features (the facility first). */
export function osmFeatures(f: PublicFacility): Feature<Point>[] {
  const [key, value] = OSM_CATEGORY[f.category] ?? ['building', 'yes'];
  const place: Feature<Point> = {
    type: 'Feature',
    geometry: point(f.lon, f.lat),
    properties: tags({
      [key]: value, name: f.name, 'ref:prozore_misto': String(f.id),
      wheelchair: OSM_WHEELCHAIR[String(f.grade_wheelchair)],
      'toilets:wheelchair': yesNo(f.accessible_toilet),
      tactile_paving: yesNo(f.tactile_paving),
      hearing_loop: yesNo(f.hearing_loop),
      opening_hours: (f.opening_hours as string | null) ?? undefined,
      phone: (f.phone as string | null) ?? undefined,
      'capacity:disabled': f.parking_spaces === null ? undefined : Number(f.parking_spaces),
      'survey:date': (f.surveyed_on as string | null) ?? undefined,
    }),
  };
  const entrances = f.entrances.map((e): Feature<Point> => ({
    type: 'Feature',
    geometry: point(e.lon, e.lat),
    properties: tags({
      entrance: e.is_main ? 'main' : 'yes',
      'ref:prozore_misto': `${f.id}/${e.id}`,
      wheelchair: e.level === true ? 'yes' : e.level === false && e.ramp === false ? 'no' : undefined,
      'ramp:wheelchair': yesNo(e.ramp),
      'ramp:incline': e.ramp_slope_pct === null ? undefined : `${e.ramp_slope_pct}%`,
      'door:width': e.door_width_cm === null ? undefined : `${(e.door_width_cm / 100).toFixed(2)}`,
      door: e.door_type === null ? undefined : OSM_DOOR[e.door_type],
      automatic_door: e.automatic_door === null ? undefined : e.automatic_door ? 'yes' : 'no',
      step_count: known(e.step_count),
      tactile_paving: yesNo(e.tactile_guidance),
      'door:threshold': e.threshold_height_cm === null ? undefined : `${e.threshold_height_cm} cm`,
    }),
  }));
  return [place, ...entrances];
}

export interface MonitoringRow { category: string; grade: string; n: number }
