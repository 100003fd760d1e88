/**
 * The registry API as the editor uses it (server/registry/routes.ts lists the routes): the types
 * to choose from, owners, an object's editable record, its writes and its history. Geometry goes
 * out as GeoJSON in EPSG:4326, as the API takes it.
 */
import type { Session } from '../auth/session.js';
import type { ObjectValues } from '../../../server/rules/registry.js';

export interface ObjectType {
  code: string;
  category: 'maf' | 'advertising';
  name_uk: string;
  name_en: string;
}

export interface OwnerSummary {
  id: number;
  kind: string;
  name: string;
  edrpou: string | null;
}

export interface GeoJsonGeometry {
  type: 'Point' | 'Polygon' | 'MultiPolygon';
  coordinates: unknown;
}

/** The editor's view of an object (GET /objects/{id}/record). */
export interface ObjectRecord extends ObjectValues {
  id: number;
  category: 'maf' | 'advertising';
  geometry: GeoJsonGeometry;
  owner_id: number | null;
  row_version: number;
  legality: string;
}

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
  /** The name behind an id or code (an owner, a type), when the server knows it. */
  from_label?: { uk: string; en: string } | null;
  to_label?: { uk: string; en: string } | null;
}

/** A permit as editors keep it (GET /objects/{id}/permits). */
export interface PermitRecord {
  id: number;
  object_id: number;
  kind: string;
  number: string;
  issued_on: string | null;
  valid_from: string | null;
  valid_until: string | null;
  decision: string | null;
  status: string;
  contract_number: string | null;
  contract_date: string | null;
  row_version: number;
}

/** A payment as editors see it, with what corrects what (0021). */
export interface PaymentRecord {
  id: number;
  amount_uah: number;
  paid_on: string;
  period_from: string | null;
  period_to: string | null;
  document: string | null;
  corrects_payment_id: number | null;
  correction_reason: string | null;
  reversed: boolean;
}

/** An owner with its private fields (GET /owners/{id}/private): editors only. */
export interface OwnerRecord {
  id: number;
  kind: string;
  name: string;
  edrpou: string | null;
  public_contact: string | null;
  rnokpp: string | null;
  private_phone: string | null;
  private_email: string | null;
  row_version: number;
}

export interface HistoryEntry {
  id: number;
  at: string;
  user: string | null;
  login: string | null;
  entity: string;
  action: string;
  changes: FieldChange[];
  /** The file whose import created the record. */
  import_file?: string;
}

const R = '/api/registry';

export class RegistryApi {
  private typesCache: Promise<ObjectType[]> | null = null;

  constructor(private readonly session: Session) {}

  types(): Promise<ObjectType[]> {
    this.typesCache ??= this.session.request<{ items: ObjectType[] }>('GET', `${R}/types`).then((b) => b.items);
    return this.typesCache;
  }

  async owners(): Promise<OwnerSummary[]> {
    return (await this.session.request<{ items: OwnerSummary[] }>('GET', `${R}/owners?limit=500`)).items;
  }

  createOwner(owner: Record<string, unknown>): Promise<OwnerSummary> {
    return this.session.request('POST', `${R}/owners`, owner);
  }

  record(id: number | string): Promise<ObjectRecord> {
    return this.session.request('GET', `${R}/objects/${id}/record`);
  }

  create(object: Record<string, unknown>): Promise<ObjectRecord> {
    return this.session.request('POST', `${R}/objects`, object);
  }

  /** An edit made from `row_version`; a 409 ApiError when someone else saved in between. */
  update(id: number, rowVersion: number, changes: Record<string, unknown>): Promise<ObjectRecord> {
    return this.session.request('PATCH', `${R}/objects/${id}`, { ...changes, row_version: rowVersion });
  }

  dismantle(id: number, rowVersion: number, on: string | null): Promise<ObjectRecord> {
    return this.session.request('POST', `${R}/objects/${id}/dismantle`, { row_version: rowVersion, ...(on ? { dismantled_on: on } : {}) });
  }

  addPermit(id: number, permit: Record<string, unknown>): Promise<unknown> {
    return this.session.request('POST', `${R}/objects/${id}/permits`, permit);
  }

  addPayment(id: number, payment: Record<string, unknown>): Promise<unknown> {
    return this.session.request('POST', `${R}/objects/${id}/payments`, payment);
  }

  addPhoto(id: number, file: File, caption: string): Promise<unknown> {
    const query = caption ? `?caption=${encodeURIComponent(caption)}` : '';
    return this.session.request('POST', `${R}/objects/${id}/photos${query}`, file, file.type || 'application/octet-stream');
  }

  async permits(id: number): Promise<PermitRecord[]> {
    return (await this.session.request<{ items: PermitRecord[] }>('GET', `${R}/objects/${id}/permits`)).items;
  }

  updatePermit(id: number, permit: PermitRecord, changes: Record<string, unknown>): Promise<unknown> {
    return this.session.request('PATCH', `${R}/objects/${id}/permits/${permit.id}`, { ...changes, row_version: permit.row_version });
  }

  async payments(id: number): Promise<PaymentRecord[]> {
    return (await this.session.request<{ items: PaymentRecord[] }>('GET', `${R}/objects/${id}/payments`)).items;
  }

  /** The right amount (0: it should not have been recorded) and why; the original stays. */
  correctPayment(id: number, paymentId: number, amountUah: number, reason: string): Promise<unknown> {
    return this.session.request('POST', `${R}/objects/${id}/payments/${paymentId}/correction`, { amount_uah: amountUah, reason });
  }

  owner(id: number): Promise<OwnerRecord> {
    return this.session.request('GET', `${R}/owners/${id}/private`);
  }

  updateOwner(owner: OwnerRecord, changes: Record<string, unknown>): Promise<OwnerRecord> {
    return this.session.request('PATCH', `${R}/owners/${owner.id}`, { ...changes, row_version: owner.row_version });
  }

  async history(id: number): Promise<HistoryEntry[]> {
    return (await this.session.request<{ entries: HistoryEntry[] }>('GET', `${R}/objects/${id}/history`)).entries;
  }
}

/** Only the fields that differ from the record (what a PATCH sends). */
export function changedValues(record: Record<string, unknown>, values: Record<string, unknown>): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const before = record[name] ?? null;
    // an unticked box over an unknown value (lighting: null) is no change
    if (before === null && value === false) continue;
    const same = typeof before === 'number' || typeof value === 'number' ? Number(before) === Number(value) && (before === null) === (value === null) : String(before ?? '') === String(value ?? '');
    if (!same) changed[name] = value;
  }
  return changed;
}
