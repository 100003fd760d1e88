/**
 * The catalog of public collections: every layer of the four map services described once.
 * From this one description come the OGC API collections and queryables, the TileJSON and the
 * vector tile layers, and the client's layer list, legend and feature panel. Adding a layer is an
 * entry here and a public SQL view in migrations/, not code in five places.
 *
 * Public faces read only the `view` named here (a pub_* view), so private columns cannot leak by
 * construction; table and column names reach SQL only from this allowlist, never from a request.
 */
import type { CatalogGroup, EnumValue, GeometryType, GroupId, LayerStyle, PropertyType, Text } from '../rules/catalog.js';
import { ADVERTISING_TYPES, MAF_TYPES } from '../rules/object-types.js';
import {
  COMMENT_CATEGORIES, PUBLIC_COMMENT_STATUSES, FACILITY_CATEGORIES, GRADES, LEGALITY, OWNER_KINDS,
} from '../rules/vocabularies.js';

export type { EnumValue, GeometryType, LayerStyle, PropertyType, Text };

export interface CollectionProperty {
  /** Column of the view, also the feature property name in every face. */
  name: string;
  type: PropertyType;
  label: Text;
  /** Closed list of values (legend entries, CQL2 validation). */
  values?: readonly EnumValue[];
  /** Listed in /queryables and usable as a filter; true unless said otherwise. */
  queryable?: boolean;
  /** Carried in vector tiles (keep tiles small: only what the map styles or labels need). */
  inTiles?: boolean;
  /** Unit shown after the value in the feature panel, e.g. 'грн', 'м'. */
  unit?: string;
  /** A filter of the map in the legend (needs `inTiles` and a closed list of values or a boolean type). */
  legendFilter?: boolean;
  /** Shown as a row of the map's card; false for a value another row already says (a type's names). */
  inCard?: boolean;
}

export interface Collection {
  id: string;
  title: Text;
  description: Text;
  /** Group in the layer switcher: one of the four map services, or the base. */
  group: GroupId;
  /** The public SQL view (allowlisted; must have municipality_id, id, geom). */
  view: string;
  /**
   * The tables whose rows the collection shows: each must carry the version trigger
   * (track_collections in migrations/) for this collection, or its tiles and ETags would not
   * change on a write. A writer marks the collections of the tables it wrote (collectionsOfTables).
   * test/catalog/contract.test.ts checks both against the database: this is every table the view
   * reads, and each carries the trigger.
   */
  sources: readonly string[];
  geometryType: GeometryType;
  properties: CollectionProperty[];
  /** Property naming a feature in lists and panel headings. */
  titleProperty: string;
  /** Property used by the OGC `datetime` parameter, where the collection is temporal. */
  temporalProperty?: string;
  /** Property holding the last change (sorting, incremental sync). */
  minZoom: number;
  maxZoom: number;
  /** Points cluster below this zoom (supercluster); absent: never clustered. */
  clusterBelowZoom?: number;
  style: LayerStyle;
  /** Shown when the map opens without layers in its URL. */
  visibleByDefault: boolean;
}

/** The groups of the layer switcher, legend and list, in their order: the four services, then the base. */
export const GROUPS: readonly CatalogGroup[] = [
  { id: 'registry', title: { uk: 'Реєстр МАФ і реклами', en: 'Registry of MAFs and advertising' } },
  { id: 'accessibility', title: { uk: 'Доступність', en: 'Accessibility' } },
  { id: 'districts', title: { uk: 'Виборчі округи', en: 'Electoral districts' } },
  { id: 'comments', title: { uk: 'Звернення мешканців', en: 'Residents’ comments' } },
  { id: 'base', title: { uk: 'Основа карти', en: 'Base map' } },
];

/**
 * pub_registry reads objects, their types, owners, permits (through registry_current_permit) and
 * payments; photos are not in the view but in every registry answer keyed by these collections'
 * versions (an object's panel), so a photo marks them changed too.
 */
const REGISTRY_SOURCES = ['registry_object', 'object_type', 'owner', 'permit', 'payment', 'registry_photo'];

const registryProperties = (category: 'maf' | 'advertising'): CollectionProperty[] => [
  { name: 'type_code', type: 'string', label: { uk: 'Тип', en: 'Type' }, values: category === 'maf' ? MAF_TYPES : ADVERTISING_TYPES, inTiles: true, legendFilter: true },
  { name: 'type_uk', type: 'string', label: { uk: 'Тип', en: 'Type' }, inTiles: true, inCard: false },
  { name: 'type_en', type: 'string', label: { uk: 'Тип (англ.)', en: 'Type (English)' }, inTiles: true, inCard: false },
  { name: 'legality', type: 'string', label: { uk: 'Законність', en: 'Legality' }, values: LEGALITY, inTiles: true, legendFilter: true },
  { name: 'address', type: 'string', label: { uk: 'Адреса', en: 'Address' }, inTiles: true },
  { name: 'owner_name', type: 'string', label: { uk: 'Власник', en: 'Owner' }, inTiles: true },
  { name: 'owner_kind', type: 'string', label: { uk: 'Вид власника', en: 'Kind of owner' }, values: OWNER_KINDS },
  { name: 'owner_edrpou', type: 'string', label: { uk: 'Код ЄДРПОУ', en: 'EDRPOU code' } },
  { name: 'owner_contact', type: 'string', label: { uk: 'Контакт власника', en: "Owner's contact" }, queryable: false },
  { name: 'permit_number', type: 'string', label: { uk: category === 'maf' ? 'Дозвіл / паспорт прив’язки' : 'Номер дозволу', en: 'Permit number' } },
  { name: 'permit_issued_on', type: 'date', label: { uk: 'Дозвіл видано', en: 'Permit issued' } },
  { name: 'permit_valid_until', type: 'date', label: { uk: 'Дозвіл чинний до', en: 'Permit valid until' } },
  { name: 'permit_decision', type: 'string', label: { uk: 'Рішення виконкому', en: 'Executive committee decision' }, queryable: false },
  { name: 'revenue_this_year_uah', type: 'number', label: { uk: 'Надходження цього року', en: 'Revenue this year' }, unit: 'грн' },
  { name: 'revenue_total_uah', type: 'number', label: { uk: 'Надходження всього', en: 'Revenue in total' }, unit: 'грн' },
  { name: 'monthly_fee_uah', type: 'number', label: { uk: 'Плата за місяць', en: 'Monthly fee' }, unit: 'грн' },
  { name: 'width_m', type: 'number', label: { uk: 'Ширина', en: 'Width' }, unit: 'м' },
  { name: 'height_m', type: 'number', label: { uk: 'Висота', en: 'Height' }, unit: 'м' },
  ...(category === 'advertising'
    ? ([
        { name: 'sides', type: 'integer', label: { uk: 'Кількість сторін', en: 'Sides' } },
        { name: 'area_m2', type: 'number', label: { uk: 'Площа сторони', en: 'Area per side' }, unit: 'м²' },
        { name: 'lighting', type: 'boolean', label: { uk: 'Підсвічування', en: 'Lighting' } },
      ] as CollectionProperty[])
    : []),
  { name: 'installed_on', type: 'date', label: { uk: 'Встановлено', en: 'Installed' } },
  { name: 'dismantled_on', type: 'date', label: { uk: 'Демонтовано', en: 'Dismantled' } },
  { name: 'external_id', type: 'string', label: { uk: 'Обліковий номер', en: 'Record number' } },
  { name: 'updated_at', type: 'datetime', label: { uk: 'Оновлено', en: 'Updated' } },
];

export const COLLECTIONS: readonly Collection[] = [
  {
    id: 'boundary',
    title: { uk: 'Межа громади', en: 'Hromada boundary' },
    description: { uk: 'Межа територіальної громади.', en: 'The boundary of the territorial community.' },
    group: 'base',
    view: 'pub_boundary',
    sources: ['municipality'],
    geometryType: 'MultiPolygon',
    properties: [
      { name: 'name_uk', type: 'string', label: { uk: 'Назва', en: 'Name (Ukrainian)' }, inTiles: true },
      { name: 'name_en', type: 'string', label: { uk: 'Назва англійською', en: 'Name' }, inTiles: true },
    ],
    titleProperty: 'name_uk',
    minZoom: 0,
    maxZoom: 18,
    style: { color: '#0b3d91', fillOpacity: 0 },
    visibleByDefault: true,
  },
  {
    id: 'districts',
    title: { uk: 'Виборчі округи', en: 'Electoral districts' },
    description: {
      uk: 'Виборчі округи чинного скликання міської ради та обрані в них депутати.',
      en: 'Electoral districts of the current council convocation and the deputies elected in them.',
    },
    group: 'districts',
    view: 'pub_districts',
    sources: ['electoral_district', 'election', 'deputy'],
    geometryType: 'MultiPolygon',
    properties: [
      { name: 'number', type: 'integer', label: { uk: 'Номер округу', en: 'District number' }, inTiles: true },
      { name: 'name_uk', type: 'string', label: { uk: 'Назва', en: 'Name' } },
      { name: 'deputies', type: 'string', label: { uk: 'Депутати', en: 'Deputies' }, inTiles: true },
      { name: 'factions', type: 'string', label: { uk: 'Фракції', en: 'Factions' } },
      { name: 'deputy_count', type: 'integer', label: { uk: 'Кількість депутатів', en: 'Number of deputies' } },
      { name: 'election_uk', type: 'string', label: { uk: 'Вибори', en: 'Election' } },
      { name: 'description_uk', type: 'string', label: { uk: 'Опис меж', en: 'Boundary description' }, queryable: false },
    ],
    titleProperty: 'number',
    minZoom: 0,
    maxZoom: 18,
    style: { color: '#3949ab', fillOpacity: 0.08 },
    visibleByDefault: true,
  },
  {
    id: 'maf',
    title: { uk: 'Малі архітектурні форми', en: 'Small architectural forms' },
    description: {
      uk: 'Кіоски, павільйони, літні майданчики та інші МАФ: власник, дозвіл, надходження до бюджету, законність. Кожен МАФ — точка; для накресленого контуром (літній майданчик) — точка всередині контуру, а сам контур — у колекції maf_footprints з тим самим ідентифікатором.',
      en: 'Kiosks, pavilions, summer terraces and other small architectural forms: owner, permit, revenue, legality. Every MAF is a point; one drawn as a footprint (a summer terrace) is a point inside it, and the footprint itself is in maf_footprints under the same id.',
    },
    group: 'registry',
    view: 'pub_maf',
    sources: REGISTRY_SOURCES,
    geometryType: 'Point',
    properties: registryProperties('maf'),
    titleProperty: 'type_uk',
    temporalProperty: 'installed_on',
    minZoom: 10,
    maxZoom: 20,
    clusterBelowZoom: 14,
    style: { colorBy: 'legality', color: '#455a64', radius: 6 },
    visibleByDefault: true,
  },
  {
    id: 'maf_footprints',
    title: { uk: 'Контури МАФ', en: 'MAF footprints' },
    description: {
      uk: 'МАФ, накреслені контуром (літні майданчики): ті самі об’єкти й властивості, що в колекції maf, з тим самим ідентифікатором, але з контуром замість точки. Геометрія — завжди MultiPolygon.',
      en: 'MAFs drawn as footprints (summer terraces): the same objects and properties as in maf, under the same id, with the footprint instead of the point. Geometry: always MultiPolygon.',
    },
    group: 'registry',
    view: 'pub_maf_footprints',
    sources: REGISTRY_SOURCES,
    geometryType: 'MultiPolygon',
    properties: registryProperties('maf'),
    titleProperty: 'type_uk',
    temporalProperty: 'installed_on',
    minZoom: 14,
    maxZoom: 20,
    style: { colorBy: 'legality', color: '#455a64', fillOpacity: 0.35 },
    visibleByDefault: true,
  },
  {
    id: 'advertising',
    title: { uk: 'Рекламні конструкції', en: 'Advertising structures' },
    description: {
      uk: 'Білборди, сітілайти, перетяжки та інші рекламні засоби: власник, дозвіл, надходження, законність. Кожна конструкція — точка (накреслена контуром — точка всередині контуру).',
      en: 'Billboards, citylights, banners and other advertising structures: owner, permit, revenue, legality. Every structure is a point (one drawn as a footprint: a point inside it).',
    },
    group: 'registry',
    view: 'pub_advertising',
    sources: REGISTRY_SOURCES,
    geometryType: 'Point',
    properties: registryProperties('advertising'),
    titleProperty: 'type_uk',
    temporalProperty: 'installed_on',
    minZoom: 10,
    maxZoom: 20,
    clusterBelowZoom: 14,
    style: { colorBy: 'legality', color: '#455a64', radius: 6 },
    visibleByDefault: true,
  },
  {
    id: 'facilities',
    title: { uk: 'Доступність закладів', en: 'Accessibility of facilities' },
    description: {
      uk: 'Заклади та будівлі: пандуси, кнопки виклику, вбиральні та інше, з оцінкою для кожної потреби.',
      en: 'Facilities and buildings: ramps, call buttons, toilets and more, graded for each need.',
    },
    group: 'accessibility',
    view: 'pub_facilities',
    sources: ['facility', 'facility_entrance'],
    geometryType: 'Point',
    properties: [
      { name: 'name', type: 'string', label: { uk: 'Назва', en: 'Name' }, inTiles: true },
      {
        name: 'category', type: 'string', label: { uk: 'Категорія', en: 'Category' }, inTiles: true, values: FACILITY_CATEGORIES },
      { name: 'address', type: 'string', label: { uk: 'Адреса', en: 'Address' }, inTiles: true },
      { name: 'grade_wheelchair', type: 'string', label: { uk: 'Для крісла колісного', en: 'Wheelchair users' }, values: GRADES, inTiles: true },
      { name: 'grade_mobility', type: 'string', label: { uk: 'Для маломобільних', en: 'Limited mobility' }, values: GRADES, inTiles: true },
      { name: 'grade_vision', type: 'string', label: { uk: 'Для людей з порушенням зору', en: 'Visually impaired' }, values: GRADES, inTiles: true },
      { name: 'grade_hearing', type: 'string', label: { uk: 'Для людей з порушенням слуху', en: 'Hearing impaired' }, values: GRADES, inTiles: true },
      // The features residents filter by travel in the tiles; an unknown one is absent there, never false.
      { name: 'step_free_entrance', type: 'boolean', label: { uk: 'Вхід без сходинок', en: 'Step-free entrance' }, inTiles: true },
      { name: 'call_button', type: 'boolean', label: { uk: 'Кнопка виклику', en: 'Call button' }, inTiles: true },
      { name: 'accessible_toilet', type: 'boolean', label: { uk: 'Доступна вбиральня', en: 'Accessible toilet' }, inTiles: true },
      { name: 'elevator', type: 'boolean', label: { uk: 'Ліфт або підйомник', en: 'Elevator or lift' }, inTiles: true },
      { name: 'hearing_loop', type: 'boolean', label: { uk: 'Індукційна петля', en: 'Hearing loop' }, inTiles: true },
      { name: 'accessible_parking', type: 'boolean', label: { uk: 'Паркування для людей з інвалідністю', en: 'Accessible parking' }, inTiles: true },
      { name: 'ramp', type: 'boolean', label: { uk: 'Пандус (головний вхід)', en: 'Ramp (main entrance)' } },
      { name: 'ramp_slope_pct', type: 'number', label: { uk: 'Ухил пандуса', en: 'Ramp slope' }, unit: '%' },
      { name: 'door_width_cm', type: 'integer', label: { uk: 'Ширина дверей', en: 'Door width' }, unit: 'см' },
      { name: 'entrance_count', type: 'integer', label: { uk: 'Обстежено входів', en: 'Entrances surveyed' } },
      { name: 'tactile_paving', type: 'boolean', label: { uk: 'Тактильні смуги', en: 'Tactile paving' } },
      { name: 'braille_signage', type: 'boolean', label: { uk: 'Написи шрифтом Брайля', en: 'Braille signage' } },
      { name: 'large_print_signage', type: 'boolean', label: { uk: 'Написи великим шрифтом', en: 'Large-print signage' } },
      { name: 'sign_language', type: 'boolean', label: { uk: 'Жестова мова', en: 'Sign language' } },
      { name: 'staff_help', type: 'boolean', label: { uk: 'Допомога персоналу', en: 'Staff help' } },
      { name: 'parking_spaces', type: 'integer', label: { uk: 'Паркомісця для людей з інвалідністю', en: 'Accessible parking spaces' } },
      { name: 'operator', type: 'string', label: { uk: 'Утримувач', en: 'Operator' } },
      { name: 'opening_hours', type: 'string', label: { uk: 'Графік роботи', en: 'Opening hours' }, queryable: false },
      { name: 'phone', type: 'string', label: { uk: 'Телефон', en: 'Phone' }, queryable: false },
      { name: 'surveyed_on', type: 'date', label: { uk: 'Дата обстеження', en: 'Surveyed on' } },
      { name: 'updated_at', type: 'datetime', label: { uk: 'Оновлено', en: 'Updated' } },
      // the base map's building it is in (the `buildings` collection's id; public base data)
      { name: 'building_id', type: 'integer', label: { uk: 'Будівля', en: 'Building' }, inCard: false },
    ],
    titleProperty: 'name',
    temporalProperty: 'surveyed_on',
    minZoom: 10,
    maxZoom: 20,
    clusterBelowZoom: 14,
    // drawn by the grade for the resident's chosen need, as shapes (client/src/accessibility/symbols.ts)
    style: { color: '#455a64', radius: 6 },
    visibleByDefault: false,
  },
  {
    id: 'comments',
    title: { uk: 'Звернення мешканців', en: "Residents' comments" },
    description: {
      uk: 'Повідомлення мешканців про порушення і пропозиції, відповіді посадовців і їх підтвердження.',
      en: "Residents' reports and proposals, officials' answers and residents' confirmations.",
    },
    group: 'comments',
    view: 'pub_comments',
    sources: ['comment', 'comment_category', 'comment_settings'],
    geometryType: 'Point',
    properties: [
      {
        name: 'category', type: 'string', label: { uk: 'Тема', en: 'Topic' }, inTiles: true, values: COMMENT_CATEGORIES, legendFilter: true },
      {
        name: 'status', type: 'string', label: { uk: 'Стан', en: 'Status' }, inTiles: true, values: PUBLIC_COMMENT_STATUSES, legendFilter: true },
      { name: 'category_code', type: 'string', label: { uk: 'Тема громади (код)', en: "Hromada's topic (code)" } },
      { name: 'category_uk', type: 'string', label: { uk: 'Тема громади', en: "Hromada's topic" }, queryable: false },
      { name: 'body', type: 'string', label: { uk: 'Текст', en: 'Text' } },
      { name: 'author_name', type: 'string', label: { uk: 'Автор', en: 'Author' }, queryable: false },
      { name: 'supporters', type: 'integer', label: { uk: 'Підтримали', en: 'Supporters' }, inTiles: true },
      { name: 'overdue', type: 'boolean', label: { uk: 'Прострочено', en: 'Overdue' } },
      { name: 'answer', type: 'string', label: { uk: 'Відповідь', en: 'Answer' } },
      { name: 'target_collection', type: 'string', label: { uk: 'Шар об’єкта', en: "Object's layer" } },
      { name: 'target_id', type: 'integer', label: { uk: 'Об’єкт', en: 'Object' } },
      { name: 'registry_object_id', type: 'integer', label: { uk: 'Об’єкт реєстру', en: 'Registry object' } },
      { name: 'facility_id', type: 'integer', label: { uk: 'Заклад', en: 'Facility' } },
      { name: 'created_at', type: 'datetime', label: { uk: 'Подано', en: 'Submitted' }, inTiles: true },
      { name: 'answered_at', type: 'datetime', label: { uk: 'Відповідь надано', en: 'Answered at' } },
    ],
    titleProperty: 'category',
    temporalProperty: 'created_at',
    minZoom: 10,
    maxZoom: 20,
    clusterBelowZoom: 15,
    style: { colorBy: 'status', color: '#1565c0', radius: 5 },
    visibleByDefault: false,
  },
  {
    id: 'addresses',
    title: { uk: 'Адреси', en: 'Addresses' },
    description: { uk: 'Адресні точки будинків.', en: 'Address points of buildings.' },
    group: 'base',
    view: 'pub_addresses',
    sources: ['address_point'],
    geometryType: 'Point',
    properties: [
      { name: 'street_uk', type: 'string', label: { uk: 'Вулиця', en: 'Street' }, inTiles: true },
      { name: 'street_en', type: 'string', label: { uk: 'Вулиця (англ.)', en: 'Street (English)' } },
      { name: 'house_number', type: 'string', label: { uk: 'Будинок', en: 'House' }, inTiles: true },
      { name: 'postcode', type: 'string', label: { uk: 'Індекс', en: 'Postcode' } },
    ],
    titleProperty: 'house_number',
    minZoom: 15,
    maxZoom: 20,
    style: { color: '#37474f', radius: 3 },
    visibleByDefault: false,
  },
  // The hromada's own base map (migrations/0035_base_map.sql): the map client draws these under the
  // service layers when there is no outside basemap (BASEMAP_URL empty or unreachable).
  {
    id: 'streets',
    title: { uk: 'Вулиці', en: 'Streets' },
    description: { uk: 'Осьові лінії вулиць з назвами.', en: 'Street centre lines with their names.' },
    group: 'base',
    view: 'pub_streets',
    sources: ['street'],
    geometryType: 'MultiLineString',
    properties: [
      { name: 'name_uk', type: 'string', label: { uk: 'Назва', en: 'Name (Ukrainian)' }, inTiles: true },
      { name: 'name_en', type: 'string', label: { uk: 'Назва англійською', en: 'Name' }, inTiles: true },
    ],
    titleProperty: 'name_uk',
    minZoom: 11,
    maxZoom: 20,
    style: { color: '#ffffff', casing: '#a39a8c', width: 5, label: { uk: 'name_uk', en: 'name_en' }, underlay: true },
    visibleByDefault: false,
  },
  {
    id: 'buildings',
    title: { uk: 'Будівлі', en: 'Buildings' },
    description: { uk: 'Контури будівель з адресою та поверховістю.', en: 'Building footprints with address and number of storeys.' },
    group: 'base',
    view: 'pub_buildings',
    sources: ['building'],
    geometryType: 'MultiPolygon',
    properties: [
      { name: 'address', type: 'string', label: { uk: 'Адреса', en: 'Address' }, inTiles: true },
      { name: 'street_uk', type: 'string', label: { uk: 'Вулиця', en: 'Street' } },
      { name: 'house_number', type: 'string', label: { uk: 'Будинок', en: 'House' } },
      { name: 'levels', type: 'integer', label: { uk: 'Поверхів', en: 'Storeys' }, inTiles: true },
    ],
    titleProperty: 'address',
    minZoom: 14,
    maxZoom: 20,
    style: { color: '#b5a48f', fillOpacity: 0.45, underlay: true },
    visibleByDefault: false,
  },
];

const byId = new Map(COLLECTIONS.map((c) => [c.id, c]));

/** The collection with this id, or undefined: the only way an id from a URL reaches SQL. */
export function collectionById(id: string): Collection | undefined {
  return byId.get(id);
}

export function propertyOf(collection: Collection, name: string): CollectionProperty | undefined {
  return collection.properties.find((p) => p.name === name);
}

export const isQueryable = (p: CollectionProperty): boolean => p.queryable !== false;
