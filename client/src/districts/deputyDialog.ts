/**
 * A deputy's page, in a dialog: who they are, their district, when and where they receive, their
 * committees and assistants, what they have answered to residents' public comments (each opens
 * the comment on the map), attendance at plenary sessions, and how they voted — per session,
 * searchable by the question's title, 20 at a time. "Write to the deputy" appears when a service
 * has registered how (hooks.ts).
 */
import { Dialog } from '../dialog.js';
import { el, replaceChildren } from '../dom.js';
import { labelOf, COMMENT_STATUSES } from '../../../server/rules/vocabularies.js';
import { formatDate } from '../format.js';
import { language, pick, say } from '../i18n.js';
import type { AnswerRow, Choice, DeputyPage, DistrictsApi } from './api.js';
import { deputyCards, portrait } from './deputyCards.js';
import { writeToDeputy } from './hooks.js';

const PAGE = 20;

const W = {
  close: { uk: 'Закрити', en: 'Close' },
  loading: { uk: 'Завантаження…', en: 'Loading…' },
  failed: { uk: 'Не вдалося завантажити: {message}', en: 'Could not load: {message}' },
  district: { uk: 'Виборчий округ № {number}', en: 'Electoral district No. {number}' },
  committees: { uk: 'Постійні комісії', en: 'Standing committees' },
  assistants: { uk: 'Помічники', en: 'Assistants' },
  biography: { uk: 'Біографія', en: 'Biography' },
  attendance: { uk: 'Відвідування пленарних засідань', en: 'Attendance at plenary sessions' },
  attendanceWords: { uk: 'Зареєструвався(-лася) на {registered} з {sessions} сесій ({percent} %).', en: 'Registered at {registered} of {sessions} sessions ({percent} %).' },
  votes: { uk: 'Як голосував(-ла)', en: 'How they voted' },
  search: { uk: 'Пошук за назвою питання', en: 'Search by the question’s title' },
  find: { uk: 'Шукати', en: 'Search' },
  session: { uk: 'Сесія', en: 'Session' },
  date: { uk: 'Дата', en: 'Date' },
  question: { uk: 'Питання', en: 'Question' },
  vote: { uk: 'Голос', en: 'Vote' },
  summary: { uk: 'Показано {from}–{to} з {total}', en: 'Showing {from}–{to} of {total}' },
  none: { uk: 'Голосувань не знайдено.', en: 'No votes found.' },
  previous: { uk: 'Попередні', en: 'Previous' },
  next: { uk: 'Наступні', en: 'Next' },
  write: { uk: 'Написати депутату', en: 'Write to the deputy' },
  answers: { uk: 'Відповіді на звернення мешканців', en: 'Answers to residents’ comments' },
  noAnswers: { uk: 'Публічних відповідей ще немає.', en: 'No public answers yet.' },
  answersSummary: { uk: 'Відповідей: {total}', en: 'Answers: {total}' },
  answerWord: { uk: 'Відповідь', en: 'Answer' },
  openComment: { uk: 'Звернення №{id} на карті', en: 'Comment No. {id} on the map' },
  more: { uk: 'Показати ще', en: 'Show more' },
};

/** Answers shown at first and added by each «Показати ще». */
const ANSWERS_PAGE = 5;

/** Opens a comment's card on the map (the districts service passes the map host's showFeature). */
export type OpenComment = (id: number, at: [number, number]) => void;

export const CHOICE_WORDS: Record<Choice, { uk: string; en: string }> = {
  for: { uk: 'за', en: 'for' },
  against: { uk: 'проти', en: 'against' },
  abstain: { uk: 'утримався', en: 'abstained' },
  not_voting: { uk: 'не голосував', en: 'did not vote' },
  absent: { uk: 'відсутній', en: 'absent' },
};

export class DeputyDialog {
  private readonly dialog = new Dialog('deputy-dialog', () => pick(W.close));

  constructor(private readonly api: DistrictsApi, private readonly openComment: OpenComment | null = null) {}

  async open(deputyId: number, name: string): Promise<void> {
    replaceChildren(this.dialog.body, [el('p', {}, [pick(W.loading)])]);
    this.dialog.open(name);
    try {
      const page = await this.api.deputy(deputyId);
      this.render(page);
    } catch (error) {
      replaceChildren(this.dialog.body, [el('p', { role: 'alert' }, [say(W.failed, { message: (error as Error).message })])]);
    }
  }

  private render(page: DeputyPage): void {
    const a = page.attendance;
    const percent = a.sessions ? Math.round((100 * a.registered) / a.sessions) : 0;
    const write = writeToDeputy();
    const writeButton = write ? el('button', { type: 'button', class: 'editor-button' }, [pick(W.write)]) : null;
    writeButton?.addEventListener('click', () => {
      this.dialog.close();
      write!({ deputyId: page.id, fullName: page.fullName, districtId: page.district?.id ?? null });
    });
    const list = (items: string[]) => (items.length ? el('ul', {}, items.map((i) => el('li', {}, [i]))) : null);
    const votes = el('div', { class: 'deputy-votes' });
    const answers = el('div', { class: 'deputy-answers' });
    const searchId = `deputy-votes-q-${page.id}`;
    const input = el('input', { id: searchId, type: 'search', name: 'q' });
    const form = el('form', { class: 'deputy-votes-search', role: 'search' }, [
      el('label', { for: searchId }, [pick(W.search)]), input, el('button', { type: 'submit' }, [pick(W.find)]),
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.loadVotes(page.id, input.value.trim(), 0, votes);
    });
    replaceChildren(this.dialog.body, [
      el('div', { class: 'deputy-page' }, [
        portrait(page),
        el('div', {}, [
          page.district ? el('p', { class: 'deputy-district' }, [say(W.district, { number: page.district.number }), page.district.nameUk ? ` — ${page.district.nameUk}` : '']) : null,
          deputyFacts(page),
          writeButton,
        ]),
      ]),
      page.committees.length ? el('h3', {}, [pick(W.committees)]) : null, list(page.committees),
      page.assistants.length ? el('h3', {}, [pick(W.assistants)]) : null, list(page.assistants),
      page.biography ? el('h3', {}, [pick(W.biography)]) : null, page.biography ? el('p', {}, [page.biography]) : null,
      el('h3', {}, [pick(W.answers)]),
      answers,
      el('h3', {}, [pick(W.attendance)]),
      el('p', {}, [say(W.attendanceWords, { registered: a.registered, sessions: a.sessions, percent })]),
      el('p', {}, [(Object.keys(CHOICE_WORDS) as Choice[]).map((c) => `${pick(CHOICE_WORDS[c])}: ${a.votes[c]}`).join(' · ')]),
      el('h3', {}, [pick(W.votes)]),
      form,
      votes,
    ]);
    void this.loadVotes(page.id, '', 0, votes);
    void this.loadAnswers(page.id, 0, answers);
  }

  /** The answers, newest first; «Показати ще» appends the next page and keeps focus in the list. */
  private async loadAnswers(deputyId: number, offset: number, into: HTMLElement): Promise<void> {
    if (offset === 0) replaceChildren(into, [el('p', {}, [pick(W.loading)])]);
    let total: number;
    let answers: AnswerRow[];
    try {
      ({ total, answers } = await this.api.answers(deputyId, offset, ANSWERS_PAGE));
    } catch (error) {
      return replaceChildren(into, [el('p', { role: 'alert' }, [say(W.failed, { message: (error as Error).message })])]);
    }
    if (total === 0) return replaceChildren(into, [el('p', {}, [pick(W.noAnswers)])]);
    let list = into.querySelector<HTMLOListElement>('ol.deputy-answer-list');
    if (offset === 0 || !list) {
      list = el('ol', { class: 'deputy-answer-list' });
      replaceChildren(into, [el('p', { class: 'list-summary' }, [say(W.answersSummary, { total })]), list]);
    }
    const items = answers.map((a) => this.answerItem(a));
    list.append(...items);
    into.querySelector('.deputy-answers-more')?.remove();
    if (offset + answers.length < total) {
      const more = el('button', { type: 'button', class: 'editor-button deputy-answers-more' }, [pick(W.more)]);
      more.addEventListener('click', () => void this.loadAnswers(deputyId, offset + ANSWERS_PAGE, into).then(() => {
        list!.children[offset + ANSWERS_PAGE]?.querySelector<HTMLElement>('a, button')?.focus();
      }));
      into.append(more);
    }
  }

  private answerItem(a: AnswerRow): HTMLLIElement {
    const category = language() === 'en' ? a.categoryEn : a.categoryUk;
    const title = say(W.openComment, { id: a.commentId });
    // a real link (a new tab opens the comment's card), and in this tab the map opens it at once
    const href = `#map=17/${a.lat.toFixed(5)}/${a.lon.toFixed(5)}&layers=comments&feature=comments/${a.commentId}`;
    const link = el('a', { href, class: 'deputy-answer-open' }, [title]);
    link.addEventListener('click', (event) => {
      if (!this.openComment || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      this.dialog.close();
      this.openComment(a.commentId, [a.lon, a.lat]);
    });
    return el('li', { class: 'deputy-answer-item', 'data-comment': a.commentId }, [
      el('p', { class: 'deputy-answer-meta' }, [`${formatDate(a.answeredAt)} · ${category} · ${labelOf(COMMENT_STATUSES, a.status, language())}`]),
      el('p', { class: 'deputy-answer-comment' }, [a.text]),
      el('p', { class: 'deputy-answer-text' }, [el('strong', {}, [`${pick(W.answerWord)}: `]), a.answer]),
      el('p', {}, [link]),
    ]);
  }

  private async loadVotes(deputyId: number, q: string, offset: number, into: HTMLElement): Promise<void> {
    replaceChildren(into, [el('p', {}, [pick(W.loading)])]);
    const { total, votes } = await this.api.votes(deputyId, q, offset, PAGE);
    if (total === 0) return replaceChildren(into, [el('p', {}, [pick(W.none)])]);
    const previous = el('button', { type: 'button', disabled: offset === 0 }, [pick(W.previous)]);
    const next = el('button', { type: 'button', disabled: offset + PAGE >= total }, [pick(W.next)]);
    previous.addEventListener('click', () => void this.loadVotes(deputyId, q, Math.max(0, offset - PAGE), into));
    next.addEventListener('click', () => void this.loadVotes(deputyId, q, offset + PAGE, into));
    replaceChildren(into, [
      el('p', { class: 'list-summary', 'aria-live': 'polite' }, [say(W.summary, { from: offset + 1, to: offset + votes.length, total })]),
      el('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': pick(W.votes) }, [
        el('table', { class: 'data-table' }, [
          el('thead', {}, [el('tr', {}, [W.session, W.date, W.question, W.vote].map((h) => el('th', { scope: 'col' }, [pick(h)])))]),
          el('tbody', {}, votes.map((v) => el('tr', {}, [
            el('td', {}, [v.sessionNumber]), el('td', {}, [formatDate(v.heldOn)]),
            el('td', {}, [`${v.itemNumber}. ${v.itemTitle}`]), el('td', { 'data-choice': v.choice }, [pick(CHOICE_WORDS[v.choice])]),
          ]))),
        ]),
      ]),
      el('div', { class: 'pager' }, [previous, next]),
    ]);
  }
}

function deputyFacts(page: DeputyPage): HTMLElement {
  // the same facts as on a district's card, without the link to this very page
  const cards = deputyCards([page], () => {}, 'h3');
  cards.querySelector('.deputy-open')?.remove();
  cards.querySelector('.deputy-photo')?.remove();
  cards.querySelector('.deputy-name')?.remove();
  return cards;
}
