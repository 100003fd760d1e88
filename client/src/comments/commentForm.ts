/**
 * The resident's form: a topic, the text, an optional name (shown or not) and e-mail, at a point or
 * on an object. Before sending, similar comments within 50 m in the same topic are listed with a
 * "support" button each ("is it one of these?"). The honeypot field is out of sight and out of the
 * tab order; the form's ticket (fetched on opening) lets the server tell a robot's instant send.
 * After sending, the private link is shown once, to keep.
 */
import { ApiError } from '../auth/session.js';
import { Dialog } from '../dialog.js';
import { el, replaceChildren } from '../dom.js';
import { language, t } from '../i18n.js';
import { announce } from '../panels/status.js';
import type { CommentsApi, Category, NewComment, Similar } from './api.js';
import { pick, say, statusWord, W } from './words.js';

export interface Place {
  lon: number;
  lat: number;
  /** On an object of a layer: its collection, id and title as the card shows it. */
  target?: { collection: string; id: number; title: string };
  /** What the form's first line says instead of "about {target}" ("to deputy …"). */
  heading?: string;
}

let counter = 0;

export class CommentForm {
  private readonly dialog = new Dialog('comment-dialog', () => t('close'));

  constructor(private readonly api: CommentsApi, private readonly followUrl: (token: string) => string) {}

  async open(place: Place): Promise<void> {
    const info = await this.api.form();
    const id = `comment-form-${++counter}`;
    const field = (name: string) => `${id}-${name}`;
    const category = el('select', { id: field('category'), name: 'category', required: true },
      info.categories.map((c: Category) => el('option', { value: c.code }, [language() === 'en' ? c.nameEn : c.nameUk])));
    if (place.target && ['maf', 'advertising'].includes(place.target.collection)) category.value = 'illegal_object';
    const text = el('textarea', { id: field('body'), name: 'body', required: true, minlength: 3, maxlength: 4000, rows: 5 });
    const name = el('input', { id: field('name'), name: 'name', maxlength: 80, autocomplete: 'name' });
    const showName = el('input', { id: field('show'), type: 'checkbox', name: 'showName', checked: true });
    const email = el('input', { id: field('email'), type: 'email', name: 'email', maxlength: 254, autocomplete: 'email' });
    // out of sight for people, present for robots that fill every field
    const website = el('input', { id: field('website'), name: 'website', tabindex: -1, autocomplete: 'off' });
    const similar = el('div', { class: 'comment-similar', 'aria-live': 'polite' });
    const error = el('p', { class: 'form-error', role: 'alert', hidden: true });
    const send = el('button', { type: 'submit', class: 'editor-button' }, [pick(W.send)]);
    const form = el('form', { class: 'comment-form', novalidate: true }, [
      el('p', {}, [place.heading ?? (place.target ? say(W.about, { name: place.target.title }) : pick(W.atPoint))]),
      el('label', { for: category.id }, [pick(W.category)]), category,
      similar,
      el('label', { for: text.id }, [pick(W.text)]), text,
      el('label', { for: name.id }, [pick(W.name)]), name,
      el('div', { class: 'checkbox-row' }, [showName, el('label', { for: showName.id }, [pick(W.showName)])]),
      el('label', { for: email.id }, [pick(W.email)]), email,
      el('div', { class: 'comment-honeypot', 'aria-hidden': 'true' }, [el('label', { for: website.id }, [pick(W.honeypot)]), website]),
      error,
      el('div', { class: 'form-actions' }, [send]),
    ]);
    const showSimilar = async () => {
      let found: Similar[] = [];
      try {
        found = await this.api.similar(place.lon, place.lat, category.value);
      } catch {
        found = [];
      }
      replaceChildren(similar, found.length === 0 ? [] : [
        el('p', { class: 'comment-similar-title' }, [pick(W.similarTitle)]),
        el('ul', {}, found.map((s) => {
          const button = el('button', { type: 'button', class: 'editor-button' }, [pick(W.support)]);
          button.addEventListener('click', async () => {
            const result = await this.api.support(s.id, 'support');
            button.textContent = say(W.supported, { n: result.count });
            button.disabled = true;
            announce(button.textContent);
          });
          return el('li', {}, [el('span', {}, [`№${s.id} · ${statusWord(s.status)} · ${s.distanceM} м: `]), el('span', {}, [s.body]), ' ', button]);
        })),
      ]);
    };
    category.addEventListener('change', () => void showSimilar());
    void showSimilar();
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.hidden = true;
      const comment: NewComment = {
        ticket: info.ticket, category: category.value, body: text.value, showName: showName.checked,
        ...(name.value.trim() ? { name: name.value.trim() } : {}), ...(email.value.trim() ? { email: email.value.trim() } : {}),
        ...(website.value ? { website: website.value } : {}),
        ...(place.target ? { target: { collection: place.target.collection, id: place.target.id } } : { lon: place.lon, lat: place.lat }),
      };
      send.disabled = true;
      try {
        const sent = await this.api.send(comment);
        this.sent(sent.id, sent.token);
      } catch (e) {
        error.textContent = say(W.failed, { why: e instanceof ApiError ? e.message : String(e) });
        error.hidden = false;
        send.disabled = false;
      }
    });
    replaceChildren(this.dialog.body, [form]);
    this.dialog.open(pick(W.formTitle), category);
  }

  private sent(id: number, token: string): void {
    const url = this.followUrl(token);
    const link = el('a', { href: url, class: 'comment-follow-link' }, [url]);
    const done = el('button', { type: 'button', class: 'editor-button' }, [pick(W.done)]);
    done.addEventListener('click', () => this.dialog.close());
    const files = el('input', { type: 'file', id: `comment-photos-${id}`, accept: 'image/jpeg,image/png,image/webp,image/heic', multiple: true });
    const added = el('p', { 'aria-live': 'polite' });
    files.addEventListener('change', async () => {
      let n = 0;
      for (const file of [...(files.files ?? [])].slice(0, 3)) {
        try {
          await this.api.addPhoto(token, file);
          n++;
          added.textContent = say(W.photoAdded, { n });
        } catch (e) {
          added.textContent = say(W.failed, { why: e instanceof ApiError ? e.message : String(e) });
        }
      }
    });
    replaceChildren(this.dialog.body, [
      el('p', { role: 'status' }, [say(W.sent, { id })]),
      el('p', {}, [pick(W.privateLink)]),
      el('p', {}, [link]),
      el('label', { for: files.id }, [pick(W.addPhotos)]), ' ', files, added,
      el('div', { class: 'form-actions' }, [done]),
    ]);
    this.dialog.heading.focus();
    announce(say(W.sent, { id }));
  }
}
