/**
 * A district's figures as tables (server/districts/core/figures.ts): the registry's objects by
 * legality with their revenue, facilities by grade for each need, and residents' comments by
 * month. Labels come from the shared vocabularies (server/rules/vocabularies.ts).
 */
import type { Text } from '../catalog.js';
import { el } from '../dom.js';
import { language, pick } from '../i18n.js';
import { money } from '../registry/words.js';
import { COMMENT_CATEGORIES, COMMENT_STATUSES, GRADES, LEGALITY } from '../../../server/rules/vocabularies.js';
import type { Figures } from './api.js';

const W = {
  registry: { uk: 'МАФ і реклама за законністю', en: 'MAFs and advertising by legality' },
  category: { uk: 'Вид', en: 'Kind' },
  maf: { uk: 'МАФ', en: 'MAF' },
  advertising: { uk: 'Реклама', en: 'Advertising' },
  legality: { uk: 'Законність', en: 'Legality' },
  objects: { uk: 'Об’єктів', en: 'Objects' },
  revenueYear: { uk: 'Надходження цього року', en: 'Revenue this year' },
  revenueTotal: { uk: 'Надходження всього', en: 'Revenue in total' },
  facilities: { uk: 'Доступність закладів', en: 'Accessibility of facilities' },
  need: { uk: 'Потреба', en: 'Need' },
  grade: { uk: 'Оцінка', en: 'Grade' },
  count: { uk: 'Закладів', en: 'Facilities' },
  comments: { uk: 'Звернення мешканців за місяцями', en: 'Residents’ comments by month' },
  month: { uk: 'Місяць', en: 'Month' },
  status: { uk: 'Стан', en: 'Status' },
  commentCount: { uk: 'Звернень', en: 'Comments' },
  nothing: { uk: 'немає', en: 'none' },
  wheelchair: { uk: 'візок', en: 'wheelchair' },
  vision: { uk: 'зір', en: 'vision' },
  hearing: { uk: 'слух', en: 'hearing' },
  mobility: { uk: 'мобільність', en: 'mobility' },
} satisfies Record<string, Text>;

const labelOf = (list: readonly { value: string; label: Text }[], value: string) => {
  const found = list.find((v) => v.value === value);
  return found ? pick(found.label) : value;
};

function table(caption: Text, headers: Text[], rows: (string | number)[][]): HTMLElement {
  return el('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': pick(caption) }, [
    el('table', { class: 'data-table' }, [
      el('caption', {}, [pick(caption)]),
      el('thead', {}, [el('tr', {}, headers.map((h) => el('th', { scope: 'col' }, [pick(h)])))]),
      el('tbody', {}, rows.length
        ? rows.map((r) => el('tr', {}, r.map((c) => el('td', {}, [String(c)]))))
        : [el('tr', {}, [el('td', { colspan: headers.length }, [pick(W.nothing)])])]),
    ]),
  ]);
}

export function figuresView(figures: Figures): HTMLElement {
  const lang = language();
  return el('div', { class: 'district-figures' }, [
    table(W.registry, [W.category, W.legality, W.objects, W.revenueYear, W.revenueTotal], figures.registry.map((r) => [
      pick(r.category === 'maf' ? W.maf : W.advertising), labelOf(LEGALITY, r.legality), r.objects, money(r.revenueThisYearUah, lang), money(r.revenueTotalUah, lang),
    ])),
    table(W.facilities, [W.need, W.grade, W.count], figures.facilities.map((f) => [
      pick(W[f.need as 'wheelchair'] ?? { uk: f.need, en: f.need }), labelOf(GRADES, f.grade), f.facilities,
    ])),
    table(W.comments, [W.month, W.category, W.status, W.commentCount], figures.comments.map((c) => [
      c.month, labelOf(COMMENT_CATEGORIES, c.category), labelOf(COMMENT_STATUSES, c.status), c.comments,
    ])),
  ]);
}
