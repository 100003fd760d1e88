/**
 * УКР / ENG: two toggle buttons, Ukrainian first. Each button names its language in that language
 * (lang attribute), and aria-pressed tells which one is on.
 */
import { el, replaceChildren } from '../dom.js';
import { language, onLanguageChange, t, type Lang } from '../i18n.js';

const CHOICES: readonly { lang: Lang; short: string; name: string }[] = [
  { lang: 'uk', short: 'УКР', name: 'Українська' },
  { lang: 'en', short: 'ENG', name: 'English' },
];

export function mountLanguageSwitch(container: HTMLElement, onChoose: (lang: Lang) => void): void {
  const buttons = CHOICES.map(({ lang, short, name }) => {
    const button = el('button', { type: 'button', lang, title: name, class: 'lang-button' }, [short]);
    button.addEventListener('click', () => onChoose(lang));
    return button;
  });
  const sync = () => {
    container.setAttribute('aria-label', t('languageGroup'));
    buttons.forEach((button, i) => button.setAttribute('aria-pressed', String(CHOICES[i].lang === language())));
  };
  container.setAttribute('role', 'group');
  replaceChildren(container, buttons);
  sync();
  onLanguageChange(sync);
}
