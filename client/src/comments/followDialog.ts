/**
 * The author's private page, opened from the private link (#follow=<token>): the comment, its
 * status, a rejection's reason, the answer, its history, and the author's own steps — add to it,
 * confirm or dispute a resolution, erase their personal data. The token stays in memory; the link
 * is removed from the address bar at once, so it is not left in the history or shared by a copy.
 */
import { ApiError } from '../auth/session.js';
import { Dialog } from '../dialog.js';
import { el, replaceChildren } from '../dom.js';
import { formatDate } from '../format.js';
import { t } from '../i18n.js';
import { announce } from '../panels/status.js';
import type { AuthorView, CommentsApi, Step } from './api.js';
import { ACTION_WORDS, pick, say, statusWord, W } from './words.js';

/** The history of a comment as a list; every text is a text node. */
export function stepList(steps: Step[]): HTMLElement {
  return el('ol', { class: 'comment-steps' }, steps.map((s) => el('li', {}, [
    el('span', { class: 'comment-step-when' }, [formatDate(s.at)]), ' · ',
    el('span', {}, [ACTION_WORDS[s.action] ? pick(ACTION_WORDS[s.action]) : s.action]),
    s.by ? ` · ${s.by}` : '',
    s.note ? el('q', {}, [s.note]) : null,
  ])));
}

const AUTHOR_BUTTONS: Record<string, { uk: string; en: string }> = { confirm: W.confirm, dispute: W.dispute, add: W.add, erase: W.erase };

export class FollowDialog {
  private readonly dialog = new Dialog('comment-dialog', () => t('close'));

  constructor(private readonly api: CommentsApi) {}

  async open(token: string): Promise<void> {
    let view: AuthorView;
    try {
      view = await this.api.follow<AuthorView>(token);
    } catch (e) {
      replaceChildren(this.dialog.body, [el('p', { role: 'alert' }, [e instanceof ApiError ? e.message : String(e)])]);
      this.dialog.open(pick(W.follow));
      return;
    }
    const note = el('textarea', { id: 'follow-note', rows: 3, maxlength: 4000 });
    const error = el('p', { class: 'form-error', role: 'alert' });
    const buttons = view.actions.filter((a) => AUTHOR_BUTTONS[a]).map((action) => {
      const button = el('button', { type: 'button', class: 'editor-button', 'data-action': action }, [pick(AUTHOR_BUTTONS[action])]);
      button.addEventListener('click', async () => {
        try {
          await this.api.follow(token, action, note.value.trim() ? { note: note.value.trim() } : {});
          announce(pick(AUTHOR_BUTTONS[action]));
          await this.open(token);
        } catch (e) {
          error.textContent = say(W.failed, { why: e instanceof ApiError ? e.message : String(e) });
        }
      });
      return button;
    });
    replaceChildren(this.dialog.body, [
      el('p', {}, [`№${view.id} · `, el('strong', { class: 'comment-status', 'data-status': view.status }, [statusWord(view.status)])]),
      el('p', { class: 'comment-body' }, [view.body]),
      view.rejectReason ? el('p', {}, [`${pick(W.reason)}: `, el('span', { class: 'comment-reason' }, [view.rejectReason])]) : null,
      view.answer ? el('p', {}, [`${pick(W.answer)}: `, el('span', { class: 'comment-answer' }, [view.answer])]) : null,
      el('h3', {}, [pick(W.history)]),
      stepList(view.steps),
      buttons.length ? el('label', { for: note.id }, [pick(W.note)]) : null,
      buttons.length ? note : null,
      error,
      el('div', { class: 'form-actions' }, buttons),
    ]);
    this.dialog.open(`${pick(W.follow)} №${view.id}`);
  }
}
