/**
 * The interface language: Ukrainian first and by default, English on request. Texts from the
 * catalog carry both ({uk, en}); the interface's own words are the messages below. Panels re-render
 * when the language changes (onLanguageChange).
 */
import type { Text } from './catalog.js';

export type Lang = 'uk' | 'en';

const messages = {
  appName: { uk: 'Прозоре місто', en: 'Transparent City' },
  skipToList: { uk: 'Перейти до списку об’єктів на карті', en: 'Skip to the list of objects on the map' },
  languageGroup: { uk: 'Мова інтерфейсу', en: 'Interface language' },
  mapLabel: {
    uk: 'Карта громади. Стрілки зсувають карту, плюс і мінус змінюють масштаб.',
    en: 'Map of the hromada. Arrow keys pan the map, plus and minus zoom.',
  },
  layersTitle: { uk: 'Шари та умовні позначення', en: 'Layers and legend' },
  basemap: { uk: 'Підложка (OpenStreetMap)', en: 'Basemap (OpenStreetMap)' },
  basemapUnavailable: {
    uk: 'Підложка недоступна: карта показує лише шари громади.',
    en: 'The basemap is unavailable: the map shows the hromada’s own layers only.',
  },
  zoomInToSee: { uk: 'наблизьте карту, щоб побачити', en: 'zoom in to see' },
  legendOf: { uk: 'Умовні позначення', en: 'Legend' },
  clusterLegend: { uk: 'Група об’єктів (число — кількість)', en: 'Group of objects (the number is the count)' },
  showOnly: { uk: 'Показувати на карті: {name}', en: 'Show on the map: {name}' },
  filterClusters: {
    uk: 'Фільтр діє на окремі об’єкти; групи (кружки з числом) показують усі — наблизьте карту.',
    en: 'The filter applies to single objects; groups (circles with a number) count all of them — zoom in.',
  },
  filterChanged: { uk: 'Фільтр шару «{name}» змінено.', en: 'The filter of “{name}” changed.' },
  listTitle: { uk: 'Об’єкти в полі зору', en: 'Objects in view' },
  listEmpty: { uk: 'У полі зору немає об’єктів увімкнених шарів.', en: 'No objects of the visible layers are in view.' },
  listLoading: { uk: 'Завантаження…', en: 'Loading…' },
  shownOf: { uk: 'Показано {n} з {m}. Наблизьте карту, щоб побачити решту.', en: 'Showing {n} of {m}. Zoom in to see the rest.' },
  clusterItem: { uk: 'Група: {n}', en: 'Group: {n}' },
  clusterHint: { uk: 'наблизити', en: 'zoom in' },
  close: { uk: 'Закрити', en: 'Close' },
  closePanel: { uk: 'Закрити картку об’єкта', en: 'Close the object card' },
  panelLoading: { uk: 'Завантаження даних об’єкта…', en: 'Loading the object’s data…' },
  panelPartial: {
    uk: 'Повні дані об’єкта зараз недоступні; показано те, що є на карті.',
    en: 'The object’s full data is unavailable now; showing what the map carries.',
  },
  noData: { uk: 'немає даних', en: 'no data' },
  yes: { uk: 'так', en: 'yes' },
  no: { uk: 'ні', en: 'no' },
  layerOn: { uk: 'Шар «{name}» увімкнено', en: 'Layer “{name}” on' },
  layerOff: { uk: 'Шар «{name}» вимкнено', en: 'Layer “{name}” off' },
  opened: { uk: 'Відкрито: {name}', en: 'Opened: {name}' },
  catalogFailed: {
    uk: 'Не вдалося завантажити шари карти. Оновіть сторінку трохи згодом.',
    en: 'The map layers could not be loaded. Reload the page a little later.',
  },
  unknownHromada: { uk: 'Такої громади немає на цьому сервері.', en: 'There is no such hromada on this server.' },
  zoomIn: { uk: 'Наблизити', en: 'Zoom in' },
  zoomOut: { uk: 'Віддалити', en: 'Zoom out' },
  attributions: { uk: 'Джерела даних', en: 'Attributions' },
} satisfies Record<string, Text>;

export type MessageKey = keyof typeof messages;

let current: Lang = 'uk';
const listeners = new Set<(lang: Lang) => void>();

export const language = (): Lang => current;

export function setLanguage(lang: Lang): void {
  if (lang === current) return;
  current = lang;
  document.documentElement.lang = lang;
  for (const listener of listeners) listener(lang);
}

export function onLanguageChange(listener: (lang: Lang) => void): void {
  listeners.add(listener);
}

/** A catalog text in the current language (Ukrainian when the English one is missing). */
export const pick = (text: Text, lang: Lang = current): string => (lang === 'en' && text.en ? text.en : text.uk);

/** A text of some module's own messages ({uk, en}), with {placeholders} filled from `values`. */
export function say(text: Text, values: Record<string, string | number> = {}, lang: Lang = current): string {
  return pick(text, lang).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** An interface message, with {placeholders} filled from `values`. */
export function t(key: MessageKey, values: Record<string, string | number> = {}, lang: Lang = current): string {
  return pick(messages[key], lang).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

const objectWords: Record<Lang, Record<Intl.LDMLPluralRule, string>> = {
  uk: { zero: 'об’єктів', one: 'об’єкт', two: 'об’єкти', few: 'об’єкти', many: 'об’єктів', other: 'об’єкта' },
  en: { zero: 'objects', one: 'object', two: 'objects', few: 'objects', many: 'objects', other: 'objects' },
};

/** "1 об’єкт", "3 об’єкти", "7 об’єктів" — Ukrainian has three plural forms (CLDR). */
export function countObjects(n: number, lang: Lang = current): string {
  const rule = new Intl.PluralRules(lang === 'uk' ? 'uk' : 'en').select(n);
  return `${n} ${objectWords[lang][rule]}`;
}

/** The page's own fixed texts: elements marked data-i18n (text) or data-i18n-aria-label. */
export function translatePage(root: ParentNode = document): void {
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n]')) element.textContent = t(element.dataset.i18n as MessageKey);
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n-aria-label]')) {
    element.setAttribute('aria-label', t(element.dataset.i18nAriaLabel as MessageKey));
  }
}
