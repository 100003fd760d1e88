/**
 * Plain names a department's spreadsheet uses for the national object types (0003), beyond the
 * names object_type stores. Gathered from how Ukrainian councils' registers and open-data sets
 * «Інформація про рекламні засоби» write the type column: the everyday word ("світлодіодний
 * екран", "рекламний щит", "розтяжка"), spellings with and without a hyphen ("сіті-лайт"),
 * Russianisms still common in older registers ("ларьок"), and trade names of a kind of structure
 * ("тривіжн" for a prismatron). Hyphens, case and apostrophes are unified by typeKey before
 * matching, so "Сіті лайт" and "сіті-лайт" are one entry.
 *
 * A hromada's own types (object_type.municipality_id) are matched by their code and names only.
 */
export const TYPE_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  kiosk: ['кіоск', 'торговий кіоск', 'торговельний кіоск', 'ларьок', 'ларок', 'ятка'],
  pavilion: ['павільйон', 'торговий павільйон', 'торговельний павільйон'],
  summer_terrace: ['літній майданчик', 'літня тераса', 'тераса', 'літній майданчик кафе', 'літнє кафе', 'майданчик для харчування'],
  awning: ['навіс', 'тент', 'маркіза'],
  vending_machine: ['торговельний автомат', 'торговий автомат', 'вендинговий автомат', 'вендинговий апарат', 'автомат з продажу', 'вендинг'],
  stop_pavilion: ['зупинковий павільйон', 'зупинка', 'зупинка громадського транспорту', 'павільйон очікування', 'зупинковий комплекс'],
  billboard: ['білборд', 'біл борд', 'бігборд', 'рекламний щит', 'щит', 'щит 3х6', 'щит 3×6', 'білборд 3х6'],
  citylight: ['сітілайт', 'сіті лайт', 'сити лайт', 'city light', 'citylight', 'лайтбокс', 'світлова скринька'],
  backlight: ['беклайт', 'бек лайт', 'back light', 'backlight'],
  prismatron: ['призматрон', 'тривіжн', 'трівіжн', 'тривижн', 'призмавіжн', 'trivision', 'prismavision'],
  led_screen: ['led екран', 'світлодіодний екран', 'світлодіодне табло', 'світлодіодний монітор', 'відеоекран', 'відеоборд',
    'електронне табло', 'медіаекран', 'медіафасад', 'екран', 'led screen', 'digital'],
  banner: ['перетяжка', 'розтяжка', 'банер перетяжка', 'банер над проїзною частиною', 'перетяжка над дорогою'],
  roof_installation: ['дахова установка', 'дахова конструкція', 'конструкція на даху', 'дахова реклама', 'рекламна конструкція на даху'],
  pillar: ['тумба', 'рекламна тумба', 'афішна тумба', 'пілар', 'пілон', 'pillar'],
};
