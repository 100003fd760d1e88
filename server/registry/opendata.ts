/**
 * The public registry in the structure of the national open-data set "Інформація про рекламні
 * засоби" (item 21 of the list of data sets under Cabinet of Ministers resolution No. 835 of
 * 21.10.2015), resource `permissionsLocality` — advertising placed within a settlement, which is
 * what a city council issues permits for (the `permissions` resource is for roads outside
 * settlements). The structure is a W3C CSVW table schema: 30 columns, primary key `id`; dates ISO
 * 8601; decimals with a point. An absent optional value is an empty field (the schema marks those
 * columns nullable; the literal word "null" that the published sample writes reads as text in
 * every spreadsheet, so it is not repeated here). Text cells beginning with = + - @ tab or CR get a
 * leading ' in CSV (formula injection, exports.ts); GeoJSON is verbatim.
 *
 * The mapping from the registry:
 *
 *   id                        permit.number            номер дозволу
 *   issuedDate                permit.issued_on         дата видання дозволу
 *   authorityName             registry_publisher.authority_name   орган, що видав дозвіл
 *   authorityId               registry_publisher.authority_edrpou код ЄДРПОУ органу
 *   distributorName           owner.name               розповсюджувач (власник)
 *   distributorId             owner.edrpou — legal entities and municipal enterprises only; the
 *                             standard says a sole proprietor's РНОКПП is depersonalised, so it
 *                             stays empty (and never leaves the database: pub_registry lacks it)
 *   status                    permit.status in the standard's words (Чинний, Втратив чинність за
 *                             терміном дії, Анульований, Перевиданий); an 'active' permit past
 *                             its last day is written as lost by term (legality.ts)
 *   validFrom, validThrough   permit.valid_from, permit.valid_until
 *   contractNumber            permit.contract_number   договір на тимчасове користування місцем
 *   contractSignedDate        permit.contract_date
 *   type                      object_type.name_uk      вид рекламного засобу
 *   planesValue               registry_object.sides    кількість рекламних площин
 *   horizontalSize            registry_object.width_m
 *   verticalSize              registry_object.height_m
 *   area                      advertising: area of the structure, area_m2 (one side) × sides, or
 *                             width × height × sides where no area is recorded; МАФ: area_m2,
 *                             the land it occupies (the registry's meaning of area_m2 differs by
 *                             category: COMMENT ON registry_object.area_m2, 0020)
 *   (extension) areaOneSideM2 advertising: area_m2 as recorded, one side
 *   (extension) landAreaM2    МАФ: area_m2 as recorded, the occupied land
 *   CATUTTC                   registry_publisher.katottg (код КАТОТТГ)
 *   addressPostCode           postcode of the nearest address point within 150 m
 *   addressAdminUnitL1        'Україна'
 *   addressAdminUnitL2, L3    registry_publisher.region_uk, district_uk
 *   addressAdminUnitL4        registry_publisher.hromada_uk, else the hromada's name
 *   addressPostName           registry_publisher.locality_uk (the settlement: "Слов'янськ")
 *   addressThoroughfare       the address up to its last comma ("вулиця Шевченка")
 *   addressLocatorDesignator  the address after its last comma ("12-А")
 *   addressLocatorBuilding    null (the registry keeps no building numbers apart)
 *   addressDescription        null (the object's description is internal)
 *   lat, lon                  a point on the object (its point, or a point on its footprint)
 *   imageUrl                  the absolute URL of its first photo
 *
 * Rows: in the default profile one row per object the filters select (MAFs too, when asked for),
 * the standard's 30 columns filled from the permit in force — or, lacking one, the latest permit —
 * followed by this registry's extension columns (objectId, category, legality …). In the
 * `opendata` profile exactly the standard: one row per permit of an advertising structure, in
 * any status, and only the 30 columns — the file to upload to data.gov.ua.
 */

export const STANDARD_FIELDS = [
  'id', 'issuedDate', 'authorityName', 'authorityId', 'distributorName', 'distributorId', 'status',
  'validFrom', 'validThrough', 'contractNumber', 'contractSignedDate', 'type', 'planesValue',
  'horizontalSize', 'verticalSize', 'area', 'CATUTTC', 'addressPostCode', 'addressAdminUnitL1',
  'addressAdminUnitL2', 'addressAdminUnitL3', 'addressAdminUnitL4', 'addressPostName',
  'addressThoroughfare', 'addressLocatorDesignator', 'addressLocatorBuilding', 'addressDescription',
  'lat', 'lon', 'imageUrl',
] as const;

/** Columns this registry adds after the standard's in the default profile. */
export const EXTENSION_FIELDS = [
  'objectId', 'externalId', 'category', 'typeCode', 'legality', 'legalityUk', 'installedOn', 'dismantledOn',
  'monthlyFeeUah', 'revenueThisYearUah', 'revenueTotalUah', 'objectUrl', 'areaOneSideM2', 'landAreaM2',
] as const;

export type OpenDataRecord = Record<string, string | number | null>;

export interface Publisher {
  authority_name: string | null;
  authority_edrpou: string | null;
  katottg: string | null;
  region_uk: string | null;
  district_uk: string | null;
  hromada_uk: string | null;
  locality_uk: string | null;
}

/** "вулиця Шевченка, 12-А" → ["вулиця Шевченка", "12-А"]; without a comma the whole is the street. */
export function splitAddress(address: string | null): [string | null, string | null] {
  if (!address) return [null, null];
  const cut = address.lastIndexOf(',');
  if (cut < 0) return [address.trim(), null];
  return [address.slice(0, cut).trim() || null, address.slice(cut + 1).trim() || null];
}

/**
 * The area of the whole structure in m² (all its planes), from what the registry recorded. For a
 * МАФ area_m2 is the occupied land and is given as it is.
 */
export function structureArea(areaPerSide: number | null, width: number | null, height: number | null, sides: number | null, category = 'advertising'): number | null {
  if (category === 'maf') return areaPerSide;
  const planes = sides ?? 1;
  if (areaPerSide !== null) return Math.round(areaPerSide * planes * 100) / 100;
  if (width !== null && height !== null) return Math.round(width * height * planes * 100) / 100;
  return null;
}
