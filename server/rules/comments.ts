/**
 * The life of a resident's comment, as rules the server enforces and the client reads (which
 * buttons to offer): who may take which step from which status to which.
 *
 *            ┌──────── reject (reason) ────────► rejected
 *   new ─────┤
 *            └─ publish ─► published ─ start ─► in_progress ─┐
 *                              │                             │ resolve (answer)
 *                              └──────── resolve ────────────┴──► resolved ─ confirm ─► confirmed
 *                                                                   │
 *                    disputed ◄── dispute (the author, or enough ───┘
 *                       │          residents: "still not fixed")
 *                       └─ start / resolve again
 *
 * Dependency-free: imported by the server and the client alike.
 */
import type { CommentStatus } from './vocabularies.js';

export type { CommentStatus };

/** Who takes a step: the author through the private link, anyone, or signed-in staff. */
export type StepActor = 'author' | 'resident' | 'moderator' | 'answerer';

export type CommentAction =
  | 'publish' | 'reject' | 'start' | 'resolve' | 'confirm' | 'dispute' | 'still_not_fixed'
  | 'support' | 'add' | 'answer' | 'redact' | 'merge' | 'route' | 'erase';

export interface Transition {
  action: CommentAction;
  from: readonly CommentStatus[];
  /** The status after the step; absent: the status stays. */
  to?: CommentStatus;
  by: readonly StepActor[];
  /** What the step must carry: a rejection's reason, an answer's text. */
  needs?: 'reason' | 'answer' | 'note' | 'into' | 'route';
  /** Shown on the comment's public card. */
  public: boolean;
}

const OPEN: readonly CommentStatus[] = ['published', 'in_progress', 'disputed'];
const ANY: readonly CommentStatus[] = ['new', 'published', 'rejected', 'in_progress', 'resolved', 'confirmed', 'disputed'];

export const TRANSITIONS: readonly Transition[] = [
  { action: 'publish', from: ['new'], to: 'published', by: ['moderator'], public: true },
  { action: 'reject', from: ['new', 'published'], to: 'rejected', by: ['moderator'], needs: 'reason', public: false },
  { action: 'start', from: ['published', 'disputed'], to: 'in_progress', by: ['answerer'], public: true },
  { action: 'resolve', from: OPEN, to: 'resolved', by: ['answerer'], needs: 'answer', public: true },
  { action: 'confirm', from: ['resolved'], to: 'confirmed', by: ['author'], public: true },
  { action: 'dispute', from: ['resolved', 'confirmed'], to: 'disputed', by: ['author'], public: true },
  // anyone: counted once per person; enough of them reopen it (comment_settings.reopen_supporters)
  { action: 'still_not_fixed', from: ['resolved', 'confirmed'], by: ['resident'], public: true },
  { action: 'support', from: ['published', 'in_progress', 'disputed', 'resolved'], by: ['resident'], public: false },
  // the author adds a detail; staff see it (it is not moderated, so it is not public)
  { action: 'add', from: ['new', 'published', 'in_progress', 'disputed', 'resolved'], by: ['author'], needs: 'note', public: false },
  // a public reply that does not change the status (a deputy's or official's word)
  { action: 'answer', from: OPEN, by: ['answerer'], needs: 'answer', public: true },
  { action: 'redact', from: ANY, by: ['moderator'], public: false },
  { action: 'merge', from: ['new', 'published', 'in_progress', 'disputed'], by: ['moderator'], needs: 'into', public: false },
  { action: 'route', from: ['new', 'published', 'in_progress', 'disputed'], by: ['moderator'], needs: 'route', public: false },
  { action: 'erase', from: ANY, by: ['author'], public: false },
];

export function transitionOf(action: string): Transition | undefined {
  return TRANSITIONS.find((t) => t.action === action);
}

/** The steps this actor may take on a comment in this status (the buttons to offer). */
export function allowedActions(status: CommentStatus, actor: StepActor): CommentAction[] {
  return TRANSITIONS.filter((t) => t.by.includes(actor) && t.from.includes(status)).map((t) => t.action);
}

/** Statuses the public sees (and pub_comments shows: comment_is_public in migration 0060). */
export const PUBLIC_STATUSES: readonly CommentStatus[] = ['published', 'in_progress', 'resolved', 'confirmed', 'disputed'];

/** Open311 GeoReport v2 knows two statuses: open and closed. */
export function open311Status(status: CommentStatus): 'open' | 'closed' {
  return status === 'resolved' || status === 'confirmed' || status === 'rejected' ? 'closed' : 'open';
}

/** Limits a form and the API share (the database checks them again). */
export const COMMENT_LIMITS = {
  bodyMin: 3,
  bodyMax: 4000,
  nameMax: 80,
  emailMax: 254,
  noteMax: 4000,
  /** Similar comments are looked for this far around (issue 12: "within 50 m"). */
  similarRadiusM: 50,
  photosMax: 3,
  photoBytesMax: 8 * 1024 * 1024,
} as const;
