/**
 * The postMessage interface of an embedded map: what the host page (the council's site) may ask
 * of the map in its <iframe>, and what the map tells the host. The schema below is the one
 * definition: the embed validates every message against it, the server publishes it at
 * GET /api/embed/messages.schema.json, and README.md documents it.
 *
 * Host → map (iframe.contentWindow.postMessage(message, mapOrigin)):
 *   { type: 'prozore:view', center: [lon, lat], zoom }   or   { type: 'prozore:view', bbox: [minLon, minLat, maxLon, maxLat] }
 *   { type: 'prozore:layers', layers: ['maf', 'advertising'] }
 *   { type: 'prozore:district', district: 3 }             (null: none)
 *   { type: 'prozore:filter', filter: 'advertising.legality:expired|no_permit' }   (null: none)
 *
 * Map → host (window.parent, any origin: the messages carry only public data):
 *   { type: 'prozore:ready', hromada, view }
 *   { type: 'prozore:moved', view }                       after every settled move
 *   { type: 'prozore:selected', feature: { collection, id, title, properties } | null }
 *   { type: 'prozore:refused', error, field }             an invalid message, and why
 * where view = { zoom, center: [lon, lat], bbox: [minLon, minLat, maxLon, maxLat] }.
 *
 * A message changes what the frame shows, never data: there is no message that writes, and the
 * embed carries no session to write with.
 */

/** The subset of JSON Schema (2020-12) the validator below understands. */
export interface Schema {
  type?: 'object' | 'array' | 'number' | 'integer' | 'string' | 'null' | ('number' | 'integer' | 'string' | 'null')[];
  const?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: false;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  pattern?: string;
  oneOf?: Schema[];
  description?: string;
}

const lonLat: Schema = { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2, description: '[lon, lat], EPSG:4326' };
const bbox: Schema = { type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 4, description: '[minLon, minLat, maxLon, maxLat], EPSG:4326' };
const layerId: Schema = { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,39}$' };

/** Messages the host may send, by type. */
export const HOST_MESSAGES: Record<string, Schema> = {
  'prozore:view': {
    type: 'object',
    description: 'Move the map: a centre and zoom, or a box to fit.',
    properties: {
      type: { const: 'prozore:view' },
      center: lonLat,
      zoom: { type: 'number', minimum: 0, maximum: 22 },
      bbox,
    },
    required: ['type'],
    additionalProperties: false,
  },
  'prozore:layers': {
    type: 'object',
    description: 'Show exactly these layers (catalog ids and `basemap`).',
    properties: { type: { const: 'prozore:layers' }, layers: { type: 'array', items: layerId, maxItems: 50 } },
    required: ['type', 'layers'],
    additionalProperties: false,
  },
  'prozore:district': {
    type: 'object',
    description: 'Outline one electoral district and fit the view to it; null: none.',
    properties: { type: { const: 'prozore:district' }, district: { type: ['integer', 'null'], minimum: 1, maximum: 9999 } },
    required: ['type', 'district'],
    additionalProperties: false,
  },
  'prozore:filter': {
    type: 'object',
    description: 'Draw only the features a filter keeps (the map URL’s `filter=` syntax); null: none.',
    properties: { type: { const: 'prozore:filter' }, filter: { type: ['string', 'null'], maxLength: 500 } },
    required: ['type', 'filter'],
    additionalProperties: false,
  },
};

/** The whole interface as one JSON Schema document, for the host's developers. */
export const MESSAGES_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Prozore Misto embed: messages from the host page to the map',
  oneOf: Object.values(HOST_MESSAGES),
};

export type HostMessage =
  | { type: 'prozore:view'; center?: [number, number]; zoom?: number; bbox?: [number, number, number, number] }
  | { type: 'prozore:layers'; layers: string[] }
  | { type: 'prozore:district'; district: number | null }
  | { type: 'prozore:filter'; filter: string | null };

export interface MapView {
  zoom: number;
  center: [number, number];
  bbox: [number, number, number, number];
}

export type MapMessage =
  | { type: 'prozore:ready'; hromada: string; view: MapView }
  | { type: 'prozore:moved'; view: MapView }
  | { type: 'prozore:selected'; feature: { collection: string; id: string; title: string; properties: Record<string, unknown> } | null }
  | { type: 'prozore:refused'; error: string; field: string };

const typeOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'number' && Number.isInteger(value) ? 'integer' : typeof value;

/** The first way `value` breaks `schema`, as a path and a reason; null when it conforms. */
export function violation(schema: Schema, value: unknown, path = ''): { field: string; error: string } | null {
  const at = (error: string) => ({ field: path || '(message)', error });
  if (schema.const !== undefined && value !== schema.const) return at(`must be ${JSON.stringify(schema.const)}`);
  if (schema.type) {
    const allowed = Array.isArray(schema.type) ? schema.type : [schema.type];
    const actual = typeOf(value);
    const ok = allowed.some((t) => t === actual || (t === 'number' && actual === 'integer'));
    if (!ok) return at(`must be ${allowed.join(' or ')}`);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return at('must be finite');
    if (schema.minimum !== undefined && value < schema.minimum) return at(`must be at least ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) return at(`must be at most ${schema.maximum}`);
  }
  if (typeof value === 'string') {
    if (schema.maxLength !== undefined && value.length > schema.maxLength) return at(`must be at most ${schema.maxLength} characters`);
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) return at(`must match ${schema.pattern}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return at(`must have at least ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return at(`must have at most ${schema.maxItems} items`);
    if (schema.items) {
      for (let i = 0; i < value.length; i++) {
        const inner = violation(schema.items, value[i], `${path}[${i}]`);
        if (inner) return inner;
      }
    }
  }
  if (schema.type === 'object' && value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const name of schema.required ?? []) if (!(name in record)) return { field: path ? `${path}.${name}` : name, error: 'is required' };
    for (const [name, member] of Object.entries(record)) {
      const inner = schema.properties?.[name];
      const field = path ? `${path}.${name}` : name;
      if (!inner) {
        if (schema.additionalProperties === false) return { field, error: 'is not part of this message' };
        continue;
      }
      const found = violation(inner, member, field);
      if (found) return found;
    }
  }
  return null;
}

/**
 * A message from the host, checked. Null for a message that is not ours (other scripts on the
 * host page post messages too: no `type` starting with `prozore:`); a refusal for one of ours
 * that breaks the schema.
 */
export function readHostMessage(data: unknown): { message: HostMessage } | { refused: { field: string; error: string } } | null {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return null;
  const type = (data as { type?: unknown }).type;
  if (typeof type !== 'string' || !type.startsWith('prozore:')) return null;
  const schema = HOST_MESSAGES[type];
  if (!schema) return { refused: { field: 'type', error: `unknown message type; known: ${Object.keys(HOST_MESSAGES).join(', ')}` } };
  const found = violation(schema, data);
  if (found) return { refused: found };
  const message = data as HostMessage;
  if (message.type === 'prozore:view') {
    if (!message.bbox && !message.center && message.zoom === undefined) return { refused: { field: '(message)', error: 'needs center, zoom or bbox' } };
    if (message.center && (Math.abs(message.center[0]) > 180 || Math.abs(message.center[1]) > 90)) return { refused: { field: 'center', error: 'must be [lon, lat] in degrees' } };
  }
  return { message };
}
