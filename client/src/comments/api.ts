/**
 * The comments' HTTP API as the map uses it (server/comments/routes.ts). Staff calls go through
 * the session (cookie + CSRF); the author's calls carry the private link's token in a header, never
 * in a URL the server or a proxy would log.
 */
import { ApiError, type Session } from '../auth/session.js';
import type { CommentAction } from '../../../server/rules/comments.js';

export interface Category { code: string; kind: string; nameUk: string; nameEn: string; descriptionUk: string | null }
export interface FormInfo { ticket: string; minFillSeconds: number; categories: Category[] }
export interface Step { at: string; action: string; status: string | null; note: string | null; by: string | null }
export interface PublicComment {
  id: number; category: string; categoryCode: string; categoryUk: string; categoryEn: string; status: string; body: string;
  authorName: string; supporters: number; overdue: boolean; createdAt: string; answer: string | null;
  answerLink: { collection: string; id: number } | null; target: { collection: string; id: number } | null;
  lon: number; lat: number; steps: Step[]; photos: number[];
}
export interface Similar { id: number; status: string; body: string; supporters: number; distanceM: number }
export interface AuthorView {
  id: number; status: string; category: string; body: string; rejectReason: string | null; answer: string | null;
  authorName: string | null; hasEmail: boolean; steps: Step[]; actions: CommentAction[];
}
export interface QueueEntry {
  id: number; status: string; category: string; body: string; authorName: string | null; hasEmail: boolean; supporters: number;
  overdue: boolean; createdAt: string; district: number | null; answer: string | null; lon: number; lat: number;
  target: { collection: string; id: number } | null; actions: CommentAction[];
  routedDepartment: string | null; routedDeputyId: number | null; routedDeputyName: string | null;
}
export interface DuplicateCandidate { id: number; status: string; category: string; body: string; supporters: number; distanceM: number }
export interface RouteOptions { departments: string[]; deputies: { id: number; name: string; district: number | null; ofThisDistrict: boolean }[] }
export interface ResponseTimes {
  comments: number; overdue: number; medianDaysToResponse: number | null; p90DaysToResponse: number | null;
  medianDaysToResolution: number | null; p90DaysToResolution: number | null;
}
export interface CommentFigures extends ResponseTimes {
  categories: ({ code: string; nameUk: string; nameEn: string } & ResponseTimes)[];
  months: ({ month: string } & ResponseTimes)[];
}
export interface AdminCategory extends Category { position: number; active: boolean; comments: number }
export interface CategoryChange { kind: string; nameUk: string; nameEn: string; descriptionUk?: string | null; position?: number; active?: boolean }

export interface NewComment {
  category: string; body: string; lon?: number; lat?: number; target?: { collection: string; id: number };
  name?: string; showName?: boolean; email?: string; website?: string; ticket: string;
}

export class CommentsApi {
  constructor(private readonly session: Session) {}

  form = () => this.session.request<FormInfo>('GET', '/api/comments/form');
  similar = (lon: number, lat: number, category: string) =>
    this.session.request<Similar[]>('GET', `/api/comments/similar?lon=${lon}&lat=${lat}&category=${encodeURIComponent(category)}`);
  send = (comment: NewComment) => this.session.request<{ id: number; status: string; token: string }>('POST', '/api/comments', comment);
  comment = (id: number | string) => this.session.request<PublicComment>('GET', `/api/comments/${encodeURIComponent(String(id))}`);
  on = (collection: string, id: string) =>
    this.session.request<PublicComment[]>('GET', `/api/comments/on/${encodeURIComponent(collection)}/${encodeURIComponent(id)}`);
  support = (id: number, kind: 'support' | 'still-not-fixed') =>
    this.session.request<{ count: number; reopened: boolean }>('POST', `/api/comments/${id}/${kind}`);
  queue = (query: string) => this.session.request<QueueEntry[]>('GET', `/api/comments/queue?${query}`);
  step = (id: number, action: string, body: Record<string, unknown> = {}) =>
    this.session.request('POST', `/api/comments/${id}/steps/${encodeURIComponent(action)}`, body);
  duplicates = (id: number) => this.session.request<DuplicateCandidate[]>('GET', `/api/comments/${id}/duplicates`);
  routeOptions = (id: number) => this.session.request<RouteOptions>('GET', `/api/comments/${id}/route-options`);
  figures = () => this.session.request<CommentFigures>('GET', '/api/comments/stats');
  allCategories = () => this.session.request<{ responseDays: number; categories: AdminCategory[] }>('GET', '/api/comments/categories/all');
  saveCategory = (code: string, change: CategoryChange) => this.session.request('PUT', `/api/comments/categories/${encodeURIComponent(code)}`, change);
  saveResponseDays = (responseDays: number) => this.session.request('PUT', '/api/comments/settings', { responseDays });

  /** A photo of the author's comment, sent as the body (the server re-encodes it). */
  async addPhoto(token: string, file: File): Promise<{ id: number }> {
    const response = await fetch(`/${encodeURIComponent(this.session.municipality)}/api/comments/follow/photos`, {
      method: 'POST', headers: { 'x-comment-token': token, 'content-type': file.type || 'application/octet-stream' }, body: file,
    });
    const parsed = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) throw new ApiError(response.status, parsed);
    return parsed as { id: number };
  }

  photoUrl = (id: number, thumb = false) => `/${encodeURIComponent(this.session.municipality)}/api/comments/photos/${id}${thumb ? '?size=thumb' : ''}`;

  /** The author's calls, with the private link's token. */
  async follow<T>(token: string, action?: string, body: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(`/${encodeURIComponent(this.session.municipality)}/api/comments/follow${action ? `/${encodeURIComponent(action)}` : ''}`, {
      method: action ? 'POST' : 'GET',
      headers: { 'x-comment-token': token, accept: 'application/json', ...(action ? { 'content-type': 'application/json' } : {}) },
      body: action ? JSON.stringify(body) : undefined,
      cache: 'no-store',
    });
    const parsed = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) throw new ApiError(response.status, parsed);
    return parsed as T;
  }
}
