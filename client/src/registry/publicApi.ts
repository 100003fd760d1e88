/**
 * What residents read from the registry, without signing in (server/registry/public-routes.ts):
 * an object's panel, the table, an owner's page, the city's figures, and the download addresses.
 */
import type { Text } from '../catalog.js';
import type { Session } from '../auth/session.js';

export interface TableRow {
  id: number;
  category: 'maf' | 'advertising';
  type_code: string;
  type_uk: string;
  type_en: string;
  address: string | null;
  owner_id: number | null;
  owner_name: string | null;
  permit_number: string | null;
  permit_valid_until: string | null;
  legality: string;
  legality_label: Text;
  revenue_this_year_uah: number;
  revenue_total_uah: number;
  /** [lon, lat] of a point on the object. */
  point: [number, number];
}

export interface Page<T> {
  total: number;
  limit: number;
  offset: number;
  items: T[];
}

export interface ObjectPanel {
  id: number;
  category: 'maf' | 'advertising';
  type: { code: string; uk: string; en: string };
  address: string | null;
  point: [number, number];
  owner: { id: number; name: string; kind: string; edrpou: string | null; contact: string | null } | null;
  legality: { value: string; label: Text; reason: Text; as_of: string };
  permit: { kind: string; number: string; valid_from: string | null; valid_until: string | null; decision: string | null; days_left: number | null } | null;
  revenue: { this_year_uah: number; total_uah: number; by_year: { year: number; revenue_uah: number; payments: number }[] };
  fee: { monthly_fee_uah: number; expected_this_year_uah: number; paid_this_year_uah: number; arrears_uah: number; credit_uah: number } | null;
  photos: { id: number; caption: string | null; url: string; thumbnail_url: string; width: number | null; height: number | null }[];
  district: { number: number; deputies: string | null } | null;
}

export interface OwnerPage {
  id: number;
  kind: string;
  name: string;
  edrpou: string | null;
  public_contact: string | null;
  objects_count: number;
  by_legality: Record<string, number>;
  revenue: { total_uah: number; this_year_uah: number };
  objects: TableRow[];
}

export interface CityStats {
  as_of: string;
  objects: number;
  by_legality: { value: string; label: Text; objects: number }[];
  by_type: { category: string; type_code: string; type_uk: string; type_en: string; objects: number }[];
  revenue: { total_uah: number; this_year_uah: number; by_year: { year: number; revenue_uah: number; payments: number; by_type: Record<string, number> }[] };
}

export interface TableQuery {
  type?: string;
  legality?: string;
  owner?: string;
  district?: string;
  q?: string;
  limit: number;
  offset: number;
}

const R = '/api/registry';

export class PublicRegistry {
  constructor(private readonly session: Session) {}

  object(id: string | number): Promise<ObjectPanel> {
    return this.session.request('GET', `${R}/objects/${id}`);
  }

  table(query: TableQuery): Promise<Page<TableRow>> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
    return this.session.request('GET', `${R}/objects?${params}`);
  }

  owner(id: number): Promise<OwnerPage> {
    return this.session.request('GET', `${R}/owners/${id}`);
  }

  stats(): Promise<CityStats> {
    return this.session.request('GET', `${R}/stats`);
  }

  downloadUrl(kind: 'csv' | 'geojson', options: { delimiter?: 'semicolon' } = {}): string {
    const query = options.delimiter ? `?delimiter=${options.delimiter}` : '';
    return `/${encodeURIComponent(this.session.municipality)}${R}/export.${kind}${query}`;
  }
}
