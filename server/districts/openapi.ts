/**
 * The "Your deputy" API (routes.ts) in the hromada's OpenAPI document (server/ogc/openapi.ts):
 * a MapIt / Represent-like API for the council site's pages. Its paths live under
 * /{hromada}/api/districts, not under the OGC API's base, so each path item names its own server
 * (OpenAPI 3.0.3 §4.7.9.1 "servers" of a Path Item).
 */
const json = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { type: 'object' } } } });
const errors = { 400: problem('Неприпустимий параметр. Invalid parameter.'), 404: problem('Не знайдено. Not found.') };
const query = (name: string, description: string, schema: Record<string, unknown>, required = false) => ({ name, in: 'query', required, description, schema });
const election = [
  query('election', 'Ідентифікатор виборів; типово — чинні. Election id; default: the current one.', { type: 'integer' }),
  query('date', 'Дата (РРРР-ММ-ДД): вибори, чинні того дня. A date: the election in office on it.', { type: 'string', format: 'date' }),
];
const lonLat = [
  query('lon', 'Довгота WGS 84. Longitude.', { type: 'number', minimum: -180, maximum: 180 }),
  query('lat', 'Широта WGS 84. Latitude.', { type: 'number', minimum: -90, maximum: 90 }),
];
const shape = (byDefault: string) => query('shape', 'Контур округу: full, simplified (15 м) або none. The district\'s shape.', { type: 'string', enum: ['full', 'simplified', 'none'], default: byDefault });
const number = { name: 'number', in: 'path', required: true, description: 'Номер округу. District number.', schema: { type: 'integer' } };
const id = { name: 'id', in: 'path', required: true, schema: { type: 'integer' } };

export const DISTRICTS_TAG = { name: 'your-deputy', description: 'Ваш депутат: виборчі округи, депутати, пошук адрес. Your deputy: districts, deputies, address search.' };

/** The paths, each served from `apiBase` (…/{hromada}/api). */
export function districtApiPaths(apiBase: string): Record<string, unknown> {
  const servers = [{ url: apiBase }];
  const get = (operationId: string, summary: string, parameters: unknown[], description: string) =>
    ({ servers, get: { tags: [DISTRICTS_TAG.name], operationId, summary, parameters, responses: { 200: json(description), ...errors } } });
  return {
    '/districts/elections': get('districtElections', 'Вибори (скликання) громади. The hromada\'s elections.', [], '{ elections: [{ id, nameUk, nameEn, heldOn, seats, isCurrent }] }'),
    '/districts/districts': get('districtList', 'Округи виборів з депутатами. An election\'s districts with their deputies.', [...election, shape('none')], '{ election, districts: [{ id, number, nameUk, deputies, geometry? }] }'),
    '/districts/districts/{number}': get('districtByNumber', 'Округ: опис, депутати, контур. One district with its shape.', [number, ...election, shape('simplified')], '{ election, district: { id, number, nameUk, descriptionUk, deputies, bbox, geometry } }'),
    '/districts/districts/{number}/figures': get('districtFigures', 'Показники округу. A district\'s figures.', [number, ...election], '{ figures: { registry, facilities, comments } }'),
    '/districts/point': get('districtsAtPoint', 'Округи, що містять точку (найменший номер — на спільній межі). Districts containing a point.', [...lonLat.map((p) => ({ ...p, required: true })), ...election], '{ outside, district, deputies, districts }'),
    '/districts/deputies': get('deputiesFor', 'Депутати для точки або адреси. Deputies for a point or an address.', [...lonLat, query('address', 'Адреса, як її пишуть мешканці. An address.', { type: 'string' }), ...election], '{ address?, outside, district, deputies, districts }'),
    '/districts/deputies/{id}': get('deputyPage', 'Сторінка депутата: прийом, відвідування. A deputy\'s page.', [id], '{ id, fullName, faction, committees, receptionHours, district, attendance, … }'),
    '/districts/deputies/{id}/votes': get('deputyVotes', 'Як голосував депутат (пошук за назвою питання). How a deputy voted.', [id, query('q', 'Пошук. Search.', { type: 'string' }), query('limit', '', { type: 'integer', default: 50 }), query('offset', '', { type: 'integer', default: 0 })], '{ total, votes: [{ sessionNumber, heldOn, itemNumber, itemTitle, choice }] }'),
    '/districts/deputies/{id}/answers': get('deputyAnswers', 'Що депутат відповів на публічні звернення. The public answers a deputy gave.', [id, query('limit', '', { type: 'integer', default: 20, maximum: 100 }), query('offset', '', { type: 'integer', default: 0 })], '{ total, answers: [{ commentId, answeredAt, category, categoryUk, categoryEn, status, text, answer, lon, lat }] }'),
    '/places/search': get('addressSearch', 'Пошук адрес: помилки, скорочення, латиниця, старі назви вулиць. Address search.', [query('q', 'Адреса. Address.', { type: 'string' }, true), query('limit', '', { type: 'integer', default: 10, maximum: 50 })], '{ results: [{ id, label, street, houseNumber, lon, lat, score }] }'),
  };
}
