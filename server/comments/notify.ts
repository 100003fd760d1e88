/**
 * What the author of a comment is told at each step, when they gave an e-mail: plain text, in
 * Ukrainian with English below, the private link in the first message (it is the only way back to
 * the comment without an account) and a plain link to the public card in the others.
 */
import type { Message } from '../mail/mailer.js';

export interface MailContext {
  /** Absolute origin of the site (PUBLIC_URL or the request's). */
  origin: string;
  slug: string;
  hromadaUk: string;
  hromadaEn: string;
}

const followLink = (ctx: MailContext, token: string) => `${ctx.origin}/${ctx.slug}/#follow=${token}`;
const cardLink = (ctx: MailContext, id: number) => `${ctx.origin}/${ctx.slug}/#feature=comments/${id}`;

export function submittedMail(ctx: MailContext, to: string, id: number, token: string, body: string): Message {
  return {
    to,
    subject: `Звернення №${id} прийнято · Comment ${id} received — ${ctx.hromadaUk}`,
    text: [
      `Ваше звернення №${id} до громади «${ctx.hromadaUk}» прийнято і чекає на модерацію.`,
      '',
      `«${body}»`,
      '',
      'Стежити за ним, доповнити, підтвердити чи заперечити вирішення, стерти свої дані — за особистим посиланням',
      '(нікому його не пересилайте):',
      followLink(ctx, token),
      '',
      `Your comment ${id} to ${ctx.hromadaEn} was received and awaits moderation. Follow it, add to it, confirm or`,
      'dispute its resolution, or erase your personal data through the private link above (do not share it).',
    ].join('\n'),
  };
}

const STEP_WORDS: Record<string, { uk: string; en: string }> = {
  publish: { uk: 'опубліковано на карті', en: 'was published on the map' },
  reject: { uk: 'відхилено', en: 'was rejected' },
  start: { uk: 'взято в роботу', en: 'is being worked on' },
  resolve: { uk: 'позначено вирішеним', en: 'was marked resolved' },
  answer: { uk: 'отримало відповідь', en: 'received an answer' },
  confirm: { uk: 'ви підтвердили вирішення', en: 'you confirmed the resolution' },
  dispute: { uk: 'ви заперечили вирішення; звернення знову відкрите', en: 'you disputed the resolution; the comment is open again' },
  still_not_fixed: { uk: 'мешканці повідомили, що проблему не усунено; звернення знову відкрите', en: 'residents said it is still not fixed; it is open again' },
};

/** A message for a step, or null for steps the author is not told of (redaction, routing …). */
export function stepMail(ctx: MailContext, to: string, id: number, action: string, note: string | null): Message | null {
  const words = STEP_WORDS[action];
  if (!words) return null;
  const noteUk = action === 'reject' ? 'Причина' : 'Відповідь';
  const lines = [`Звернення №${id} ${words.uk}.`];
  if (note && (action === 'reject' || action === 'resolve' || action === 'answer')) lines.push('', `${noteUk}: ${note}`);
  if (action === 'resolve') lines.push('', 'Якщо проблему не усунено, заперечте вирішення за особистим посиланням з першого листа.');
  if (action !== 'reject') lines.push('', cardLink(ctx, id));
  lines.push('', `Comment ${id} ${words.en}.`);
  if (action === 'resolve') lines.push('If it is not fixed, dispute the resolution through the private link in the first message.');
  return { to, subject: `Звернення №${id}: ${words.uk} · Comment ${id} ${words.en}`, text: lines.join('\n') };
}
