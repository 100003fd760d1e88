/**
 * A facility's card, below the catalog's properties: the grade for each need (the chosen one
 * first) with its reasons in words, and every entrance with what was measured, "not measured"
 * where nothing was (unknown is never shown as "no"); above them, the building it is in.
 */
import type { GradeLevel, Need, NeedGrade } from '../../../server/rules/accessibility.js';
import { NEED_LABELS } from '../../../server/rules/accessibility.js';
import { GRADES } from '../../../server/rules/vocabularies.js';
import { el } from '../dom.js';
import { pick, say, t } from '../i18n.js';
import { buildingLine, type CardBuilding } from './building.js';
import { gradeSymbol } from './symbols.js';
import { W } from './words.js';

export interface FacilityCard {
  facility: Record<string, unknown> & { entrances: Record<string, unknown>[]; surveyed_on: string | null };
  /** The base map's building it is in, or null. */
  building: CardBuilding | null;
  grades: Record<Need, NeedGrade>;
  needs: Need[];
}

export async function fetchFacilityCard(slug: string, id: string, signal: AbortSignal): Promise<FacilityCard> {
  const res = await fetch(`/${encodeURIComponent(slug)}/api/accessibility/facilities/${encodeURIComponent(id)}`, { signal, headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`facility card: HTTP ${res.status}`);
  return (await res.json()) as FacilityCard;
}

const gradeLabel = (g: GradeLevel) => pick(GRADES.find((x) => x.value === g)!.label);

/** What an entrance measurement reads as: yes/no, a number with its unit, or "not measured". */
const ENTRANCE_ROWS: [string, { uk: string; en: string }, string?][] = [
  ['level', { uk: 'Без сходинок', en: 'Level' }],
  ['step_count', { uk: 'Сходинок', en: 'Steps' }],
  ['step_height_cm', { uk: 'Висота сходинки', en: 'Step height' }, 'см'],
  ['ramp', { uk: 'Пандус', en: 'Ramp' }],
  ['ramp_slope_pct', { uk: 'Ухил пандуса', en: 'Ramp slope' }, '%'],
  ['ramp_width_cm', { uk: 'Ширина пандуса', en: 'Ramp width' }, 'см'],
  ['ramp_handrails', { uk: 'Поручні', en: 'Handrails' }],
  ['door_width_cm', { uk: 'Ширина дверей', en: 'Door width' }, 'см'],
  ['threshold_height_cm', { uk: 'Поріг', en: 'Threshold' }, 'см'],
  ['automatic_door', { uk: 'Автоматичні двері', en: 'Automatic door' }],
  ['call_button', { uk: 'Кнопка виклику', en: 'Call button' }],
  ['call_button_height_cm', { uk: 'Висота кнопки', en: 'Button height' }, 'см'],
  ['tactile_guidance', { uk: 'Тактильні смуги до входу', en: 'Tactile guidance' }],
];

function value(v: unknown, unit?: string): string {
  if (v === null || v === undefined) return say(W.notMeasured);
  if (typeof v === 'boolean') return t(v ? 'yes' : 'no');
  return unit ? `${v} ${unit}` : String(v);
}

/** The thumbnails of an entrance's photos, each a link to the full picture. */
function photosOf(slug: string, e: Record<string, unknown>): HTMLElement | null {
  const photos = (e.photos ?? []) as { id: number; caption: string | null }[];
  if (!photos.length) return null;
  const base = `/${encodeURIComponent(slug)}/api/accessibility/photos`;
  return el('ul', { class: 'a11y-photos' }, photos.map((p) => el('li', {}, [
    el('a', { href: `${base}/${p.id}` }, [el('img', { src: `${base}/${p.id}/thumbnail`, alt: p.caption ?? say(W.photo), loading: 'lazy', width: 96 })]),
  ])));
}

export function facilityCardSection(card: FacilityCard, need: Need, slug: string): HTMLElement {
  const needs = [need, ...card.needs.filter((n) => n !== need)];
  const grades = el('ul', { class: 'a11y-grades' }, needs.map((n) => {
    const g = card.grades[n];
    return el('li', { class: 'a11y-grade' }, [
      el('p', { class: 'a11y-grade-head' }, [gradeSymbol(g.grade), el('strong', {}, [`${pick(NEED_LABELS[n])}: `]), gradeLabel(g.grade), n === need ? ` ${say(W.chosen)}` : '']),
      g.reasons.length ? el('ul', { class: 'a11y-reasons' }, g.reasons.map((r) => el('li', {}, [pick(r)]))) : null,
    ]);
  }));
  const entrances = card.facility.entrances.length === 0
    ? el('p', {}, [say(W.noEntrances)])
    : el('div', {}, card.facility.entrances.map((e, i) => el('section', { class: 'a11y-entrance' }, [
      el('h4', {}, [e.is_main ? say(W.mainEntrance) : `${say(W.entrance)} ${i + 1}${e.name ? `: ${e.name}` : ''}`]),
      el('dl', { class: 'properties' }, ENTRANCE_ROWS.flatMap(([key, label, unit]) => [el('dt', {}, [pick(label)]), el('dd', {}, [value(e[key], unit)])])),
      photosOf(slug, e),
      e.surveyed_on ? el('p', { class: 'a11y-surveyed' }, [say(W.surveyed, { date: String(e.surveyed_on) })]) : null,
    ])));
  return el('div', { class: 'a11y-card' }, [
    buildingLine(card.building),
    el('h3', {}, [say(W.gradesTitle)]), grades,
    el('h3', {}, [say(W.entrancesTitle)]), entrances,
  ]);
}
