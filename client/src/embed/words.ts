/** The embed's own words (the map's shared ones are in ../i18n.ts). */
export const WORDS = {
  openFull: { uk: 'Відкрити повну карту', en: 'Open the full map' },
  openFullHint: { uk: 'Відкрити повну карту (нова вкладка)', en: 'Open the full map (new tab)' },
  moreOnFull: { uk: 'Детальніше на повній карті', en: 'More on the full map' },
  closeCard: { uk: 'Закрити картку', en: 'Close the card' },
  legend: { uk: 'Умовні позначення', en: 'Legend' },
  district: { uk: 'Виборчий округ №{n}', en: 'Electoral district No. {n}' },
  districtMissing: { uk: 'Округ №{n} не знайдено.', en: 'District No. {n} was not found.' },
  featureMissing: { uk: 'Об’єкт не знайдено.', en: 'The object was not found.' },
  failed: { uk: 'Карту не вдалося завантажити. Оновіть сторінку трохи згодом.', en: 'The map could not be loaded. Reload the page a little later.' },
};
