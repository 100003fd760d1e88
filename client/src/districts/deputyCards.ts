/**
 * A district's deputies as residents look for them: photo (or initials), name, faction, when and
 * where they receive, how to reach them, and a way to their page. Used in the finder's answer, on
 * a district's card and in a deputy's own view. Text only through text nodes (dom.ts).
 */
import { el } from '../dom.js';
import { pick, say } from '../i18n.js';
import type { Deputy } from './api.js';

export const W = {
  district: { uk: 'Виборчий округ № {number}', en: 'Electoral district No. {number}' },
  deputies: { uk: 'Депутати округу', en: 'Deputies of the district' },
  noDeputies: { uk: 'Депутатів цього округу не вказано.', en: 'No deputies are listed for this district.' },
  faction: { uk: 'Фракція', en: 'Faction' },
  noFaction: { uk: 'позафракційний', en: 'no faction' },
  reception: { uk: 'Прийом громадян', en: 'Office hours' },
  place: { uk: 'Місце прийому', en: 'Where' },
  phone: { uk: 'Телефон', en: 'Phone' },
  email: { uk: 'Ел. пошта', en: 'E-mail' },
  page: { uk: '{name}: сторінка депутата', en: '{name}: deputy’s page' },
  photo: { uk: 'Фото: {name}', en: 'Photo: {name}' },
};

/** Initials in a circle when there is no photo: "Коваль Олена Петрівна" → "КО". */
export function portrait(deputy: Deputy): HTMLElement {
  if (deputy.photoUrl) return el('img', { class: 'deputy-photo', src: deputy.photoUrl, alt: say(W.photo, { name: deputy.fullName }), width: 64, height: 64, loading: 'lazy' });
  const initials = deputy.fullName.split(' ').slice(0, 2).map((w) => w[0] ?? '').join('');
  return el('span', { class: 'deputy-photo deputy-initials', 'aria-hidden': 'true' }, [initials]);
}

export function deputyCards(deputies: readonly Deputy[], openDeputy: (deputy: Deputy, opener: HTMLElement) => void, headingLevel: 'h3' | 'h4' = 'h4'): HTMLElement {
  if (deputies.length === 0) return el('p', {}, [pick(W.noDeputies)]);
  return el('ul', { class: 'deputy-cards' }, deputies.map((d) => {
    const open = el('button', { type: 'button', class: 'link-button deputy-open', 'data-deputy-id': d.id }, [say(W.page, { name: d.fullName })]);
    open.addEventListener('click', () => openDeputy(d, open));
    const row = (label: string, value: Node | string | null) => (value ? el('div', {}, [el('dt', {}, [label]), el('dd', {}, [value])]) : null);
    return el('li', { class: 'deputy-card' }, [
      portrait(d),
      el('div', { class: 'deputy-text' }, [
        el(headingLevel, { class: 'deputy-name' }, [d.fullName]),
        el('dl', { class: 'deputy-facts' }, [
          row(pick(W.faction), d.faction ?? pick(W.noFaction)),
          row(pick(W.reception), d.receptionHours),
          row(pick(W.place), d.receptionPlace),
          row(pick(W.phone), d.publicPhone ? el('a', { href: `tel:${d.publicPhone.replace(/[^\d+]/g, '')}` }, [d.publicPhone]) : null),
          row(pick(W.email), d.publicEmail ? el('a', { href: `mailto:${d.publicEmail}` }, [d.publicEmail]) : null),
        ]),
        open,
      ]),
    ]);
  }));
}
