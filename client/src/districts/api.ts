/**
 * What the "Your deputy" service reads (server/districts/routes.ts), typed once for its views.
 */
import type { Session } from '../auth/session.js';

export interface Deputy {
  id: number;
  fullName: string;
  faction: string | null;
  photoUrl: string | null;
  receptionHours: string | null;
  receptionPlace: string | null;
  publicPhone: string | null;
  publicEmail: string | null;
}

export interface District {
  id: number;
  number: number;
  nameUk: string | null;
  descriptionUk?: string | null;
  electionId: number;
  deputies: Deputy[];
  geometry?: { type: 'MultiPolygon'; coordinates: number[][][][] };
  bbox?: [number, number, number, number];
  labelPoint?: [number, number];
}

export interface PointAnswer {
  outside: boolean;
  message?: { uk: string; en: string };
  district: District | null;
  deputies: Deputy[];
  districts: { id: number; number: number }[];
}

export type Choice = 'for' | 'against' | 'abstain' | 'not_voting' | 'absent';

export interface DeputyPage extends Deputy {
  committees: string[];
  assistants: string[];
  biography: string | null;
  district: { id: number; number: number; nameUk: string | null } | null;
  attendance: { sessions: number; registered: number; votes: Record<Choice, number> };
}

export interface VoteRow { sessionNumber: string; heldOn: string; sessionTitle: string; itemNumber: number; itemTitle: string; choice: Choice }

/** A public answer the deputy gave to a public comment (server/districts/core/answers.ts). */
export interface AnswerRow { commentId: number; answeredAt: string; category: string; categoryUk: string; categoryEn: string; status: string; text: string; answer: string; lon: number; lat: number }

export interface Figures {
  registry: { category: string; legality: string; objects: number; revenueTotalUah: number; revenueThisYearUah: number }[];
  facilities: { need: string; grade: string; facilities: number }[];
  comments: { month: string; category: string; status: string; comments: number }[];
}

export class DistrictsApi {
  constructor(private readonly session: Session) {}

  /** The current election's districts, with where to write their numbers. */
  districts(): Promise<{ districts: District[] }> {
    return this.session.request('GET', '/api/districts/districts');
  }

  point(lon: number, lat: number): Promise<PointAnswer> {
    return this.session.request('GET', `/api/districts/point?lon=${lon}&lat=${lat}`);
  }

  districtById(id: string): Promise<{ district: District }> {
    return this.session.request('GET', `/api/districts/districts/by-id/${encodeURIComponent(id)}`);
  }

  figures(number: number): Promise<{ figures: Figures }> {
    return this.session.request('GET', `/api/districts/districts/${number}/figures`);
  }

  deputy(id: number): Promise<DeputyPage> {
    return this.session.request('GET', `/api/districts/deputies/${id}`);
  }

  answers(id: number, offset: number, limit: number): Promise<{ total: number; answers: AnswerRow[] }> {
    return this.session.request('GET', `/api/districts/deputies/${id}/answers?offset=${offset}&limit=${limit}`);
  }

  votes(id: number, q: string, offset: number, limit: number): Promise<{ total: number; votes: VoteRow[] }> {
    const query = new URLSearchParams({ limit: String(limit), offset: String(offset), ...(q ? { q } : {}) });
    return this.session.request('GET', `/api/districts/deputies/${id}/votes?${query}`);
  }

  mine(): Promise<{ deputy: DeputyPage; district: District | null; figures: Figures | null }> {
    return this.session.request('GET', '/api/districts/mine');
  }
}
