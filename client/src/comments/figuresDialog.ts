/**
 * The hromada's public figures of its comments (GET …/comments/stats), for anyone: how long the
 * council takes to first respond and to resolve (median and 90th percentile, in days), how many
 * are overdue, by topic and per month of submission. Plain tables with a caption and column
 * headers (and the row's name as a row header), so a screen reader reads each figure with what
 * it is; on a phone each table scrolls inside its own focusable region.
 */
import { Dialog } from '../dialog.js';
import { el, replaceChildren } from '../dom.js';
import { language, t } from '../i18n.js';
import type { CommentFigures, CommentsApi, ResponseTimes } from './api.js';
import { pick, W } from './words.js';

type Word = { uk: string; en: string };

const COLUMNS: Word[] = [W.count, W.overdueCount, W.responseMedian, W.responseP90, W.resolutionMedian, W.resolutionP90];

function days(value: number | null): string {
  return value === null ? pick(W.none) : value.toLocaleString(language() === 'uk' ? 'uk-UA' : 'en-GB', { maximumFractionDigits: 1 });
}

const cells = (r: ResponseTimes) => [String(r.comments), String(r.overdue), days(r.medianDaysToResponse), days(r.p90DaysToResponse),
  days(r.medianDaysToResolution), days(r.p90DaysToResolution)];

function table(id: string, caption: Word, first: Word, rows: [string, ResponseTimes][]): HTMLElement {
  return el('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': `${id}-caption` }, [
    el('table', { class: 'figures', id }, [
      el('caption', { id: `${id}-caption` }, [pick(caption)]),
      el('thead', {}, [el('tr', {}, [first, ...COLUMNS].map((h) => el('th', { scope: 'col' }, [pick(h)])))]),
      el('tbody', {}, rows.map(([name, r]) => el('tr', {}, [el('th', { scope: 'row' }, [name]), ...cells(r).map((c) => el('td', {}, [c]))]))),
    ]),
  ]);
}

export function figuresTables(f: CommentFigures): HTMLElement[] {
  const lang = language();
  return [
    el('p', {}, [pick(W.figuresIntro)]),
    table('comment-figures-topics', W.byTopic, W.topic, [
      [pick(W.allTopics), f],
      ...f.categories.map((c): [string, ResponseTimes] => [lang === 'uk' ? c.nameUk : c.nameEn, c]),
    ]),
    table('comment-figures-months', W.byMonth, W.month, [...f.months].reverse().map((m): [string, ResponseTimes] => [m.month, m])),
  ];
}

export class FiguresDialog {
  private readonly dialog = new Dialog('comment-dialog comment-figures', () => t('close'));

  constructor(private readonly api: CommentsApi) {}

  async open(): Promise<void> {
    const figures = await this.api.figures();
    replaceChildren(this.dialog.body, figuresTables(figures));
    this.dialog.open(pick(W.figures));
  }
}
