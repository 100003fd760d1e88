/**
 * The registry part of an object's card, from GET /objects/{id}, in the order a resident asks
 * (issue 9): who owns it (with a way to their page), is it legal and why, until when its permit
 * runs, what it paid this year and in total, a photo (the thumbnail, linked to the picture) —
 * then arrears against the fee, the district and its deputy. The card puts this summary above
 * the layer's fields (featurePanel.ts).
 */
import { el } from '../dom.js';
import { language, pick, say } from '../i18n.js';
import type { ObjectPanel } from './publicApi.js';
import { money, validityWords } from './words.js';

const W = {
  heading: { uk: 'Дані реєстру', en: 'Registry data' },
  legality: { uk: 'Законність', en: 'Legality' },
  owner: { uk: 'Власник', en: 'Owner' },
  ownerPage: { uk: 'Усі об’єкти власника', en: 'All objects of this owner' },
  noOwner: { uk: 'не вказано', en: 'not given' },
  edrpou: { uk: 'ЄДРПОУ {code}', en: 'ЄДРПОУ {code}' },
  permit: { uk: 'Дозвіл', en: 'Permit' },
  permitNumber: { uk: '№ {number}', en: 'No. {number}' },
  noPermit: { uk: 'немає', en: 'none' },
  revenueYear: { uk: 'Надходження цього року', en: 'Revenue this year' },
  revenueTotal: { uk: 'Надходження всього', en: 'Revenue in total' },
  arrears: { uk: 'Заборгованість цього року', en: 'Arrears this year' },
  arrearsNone: { uk: 'немає (плата {fee} на місяць)', en: 'none (fee {fee} a month)' },
  district: { uk: 'Виборчий округ', en: 'Electoral district' },
  districtWords: { uk: '№ {number}; депутат: {deputies}', en: 'No. {number}; deputy: {deputies}' },
  photos: { uk: 'Фото', en: 'Photos' },
  photoAlt: { uk: 'Фото об’єкта №{id}', en: 'Photo of object {id}' },
};

export function objectDetails(panel: ObjectPanel, openOwner: (id: number) => void): HTMLElement {
  const lang = language();
  const row = (label: string, ...value: (Node | string | null)[]) => el('div', { class: 'registry-property' }, [el('dt', {}, [label]), el('dd', {}, value)]);
  const owner = panel.owner;
  const ownerButton = owner ? el('button', { type: 'button', class: 'link-button', id: 'open-owner' }, [pick(W.ownerPage)]) : null;
  ownerButton?.addEventListener('click', () => openOwner(owner!.id));
  const fee = panel.fee;
  // thumbnails (≤ 320 px, made when the photo was kept), each linked to the picture itself
  const photos = panel.photos.length ? row(pick(W.photos), el('ul', { class: 'photos' }, panel.photos.map((photo) => el('li', {}, [
    el('a', { href: photo.url, target: '_blank', rel: 'noopener' }, [
      el('img', { src: photo.thumbnail_url ?? photo.url, alt: photo.caption ?? say(W.photoAlt, { id: panel.id }), loading: 'lazy', width: 160, height: 120 }),
    ]),
    photo.caption ? el('span', { class: 'photo-caption', 'aria-hidden': 'true' }, [photo.caption]) : null,
  ])))) : null;
  return el('section', { class: 'registry-details', 'aria-labelledby': 'registry-details-title' }, [
    el('h3', { id: 'registry-details-title' }, [pick(W.heading)]),
    el('dl', { class: 'properties' }, [
      row(pick(W.owner), ...(owner
        ? [owner.name, owner.edrpou ? ` (${say(W.edrpou, { code: owner.edrpou })})` : '', owner.contact ? el('br') : null, owner.contact, el('br'), ownerButton]
        : [pick(W.noOwner)])),
      row(pick(W.legality), el('span', { 'data-legality': panel.legality.value }, [pick(panel.legality.label)]), el('br'), pick(panel.legality.reason)),
      row(pick(W.permit), panel.permit
        ? `${say(W.permitNumber, { number: panel.permit.number })}: ${validityWords(panel.permit.valid_until, panel.permit.days_left, lang)}`
        : pick(W.noPermit)),
      row(pick(W.revenueYear), money(panel.revenue.this_year_uah, lang)),
      row(pick(W.revenueTotal), money(panel.revenue.total_uah, lang)),
      photos,
      fee ? row(pick(W.arrears), fee.arrears_uah > 0 ? money(fee.arrears_uah, lang) : say(W.arrearsNone, { fee: money(fee.monthly_fee_uah, lang) })) : null,
      panel.district ? row(pick(W.district), say(W.districtWords, { number: panel.district.number, deputies: panel.district.deputies ?? '—' })) : null,
    ]),
  ]);
}
