/**
 * Receiving a resident's comment, whichever door it comes through (the map's form, Open311):
 * the abuse checks in their order — the limits first (one upsert, before any other work), then the
 * honeypot and the form's fill time — then the write core, then the author's first e-mail with
 * their private link. The same for every later step: the step, then the author told.
 */
import type { AppContext } from '../context.js';
import { AppError, badRequest, tooManyRequests } from '../errors.js';
import { deliver, mailerFor } from '../mail/mailer.js';
import type { Municipality } from '../municipalities/directory.js';
import { reserveWrite } from './core/limits.js';
import { checkTicket, clientHash, spendTicket } from './core/privacy.js';
import { takeStep, type StepRequest, type StepResult } from './core/steps.js';
import { submitComment, supportComment, type NewComment, type Submitted, type SupportKind } from './core/submit.js';
import { commentWrite } from './core/write.js';
import { stepMail, submittedMail, type MailContext } from './notify.js';
import { settingsOf, type CommentSettings } from './queries.js';

export interface Door {
  municipality: Municipality;
  /** The client's address as Express resolved it (trusted proxies only); hashed, never stored. */
  address: string;
  /** Absolute origin for links in e-mails. */
  origin: string;
}

const mailContext = (door: Door): MailContext => ({
  origin: door.origin, slug: door.municipality.slug, hromadaUk: door.municipality.nameUk, hromadaEn: door.municipality.nameEn,
});

/** Counts a resident's write against the limits; a 429 with Retry-After past either. Returns the client's hash. */
export async function admitResident(ctx: AppContext, door: Door): Promise<string> {
  return (await admit(ctx, door)).client;
}

async function admit(ctx: AppContext, door: Door): Promise<{ client: string; settings: CommentSettings }> {
  const client = await clientHash(ctx.db, door.address);
  const settings = await settingsOf(ctx.db, door.municipality.id);
  const verdict = await reserveWrite(ctx.db, door.municipality.id, client, settings);
  if (!verdict.allowed) {
    throw tooManyRequests(verdict.scope === 'client'
      ? 'Забагато звернень з вашої адреси, спробуйте пізніше. Too many comments from your address; try later.'
      : 'Громада отримує забагато звернень, спробуйте пізніше. The hromada receives too many comments; try later.', verdict.retryAfterS);
  }
  return { client, settings };
}

export interface FormChecks {
  /** The honeypot field's value. */
  website?: string;
  ticket?: string;
}

export async function receiveComment(ctx: AppContext, door: Door, input: Omit<NewComment, 'municipalityId' | 'clientHash'>, form: FormChecks | null): Promise<Submitted> {
  const { client, settings } = await admit(ctx, door);
  if (form) {
    // A robot fills every field; people do not see this one. Refused like any bad form, without saying why.
    if (form.website) throw badRequest('Звернення не прийнято. The comment was not accepted.', { field: 'website' });
    const verdict = await checkTicket(ctx.db, form.ticket, settings.minFillSeconds);
    if (verdict === 'too_soon') throw new AppError(400, 'TooSoon', 'Форму надіслано надто швидко; перевірте і надішліть ще раз. The form was sent too quickly; check it and send again.', { field: 'ticket' });
    if (verdict !== 'ok') throw badRequest('Форма застаріла; відкрийте її знову. The form expired; open it again.', { field: 'ticket', value: verdict });
  }
  const actor = { municipalityId: door.municipality.id, userId: null };
  const submitted = await commentWrite(ctx, actor, async (tx, written) => {
    if (form && !(await spendTicket(tx, form.ticket!))) {
      throw badRequest('Цю форму вже надіслано; відкрийте її знову для нового звернення. This form was sent already; open it again for another comment.', { field: 'ticket', value: 'spent' });
    }
    return submitComment(tx, written, ctx.catalog, { ...input, municipalityId: door.municipality.id, clientHash: client });
  });
  if (input.email) await deliver(mailerFor(ctx.config), submittedMail(mailContext(door), input.email, submitted.id, submitted.token, input.body), ctx.logger);
  return submitted;
}

/** A step by staff or the author, then the author told (when they gave an e-mail). */
export async function stepAndTell(ctx: AppContext, door: Omit<Door, 'address'>, request: StepRequest): Promise<StepResult> {
  const result = await commentWrite(ctx, { municipalityId: request.municipalityId, userId: request.userId }, (tx, written) => takeStep(tx, written, request));
  if (result.authorEmail) {
    const message = stepMail(mailContext({ ...door, address: '' }), result.authorEmail, result.id, result.action, result.note);
    if (message) await deliver(mailerFor(ctx.config), message, ctx.logger);
  }
  return { ...result, authorEmail: null };
}

/** A resident's support or "still not fixed"; the author is told when it reopened their comment. */
export async function supportAndTell(ctx: AppContext, door: Door, id: number, kind: SupportKind) {
  const client = await admitResident(ctx, door);
  const result = await commentWrite(ctx, { municipalityId: door.municipality.id, userId: null }, (tx, written) =>
    supportComment(tx, written, door.municipality.id, id, kind, client));
  if (result.reopened) {
    const { rows } = await ctx.db.query<{ author_email: string | null }>('SELECT author_email FROM comment WHERE id = $1', [id]);
    const to = rows[0]?.author_email;
    const message = to ? stepMail(mailContext(door), to, id, 'still_not_fixed', null) : null;
    if (message) await deliver(mailerFor(ctx.config), message, ctx.logger);
  }
  return result;
}
