/**
 * The national list of registry object types (migration 0003's object_type rows without a
 * hromada), as catalog values: the legend offers them as tick boxes to filter the map by type,
 * and the card shows a type's name instead of its code. A hromada's own types (0007) are not in
 * the catalog, which is the same for every hromada; the registry's table filters by them.
 * Keep in step with 0003 (test/registry/rules.test.ts compares the two).
 */
import type { EnumValue } from './catalog.js';

export const MAF_TYPES = [
  { value: 'kiosk', label: { uk: 'Кіоск', en: 'Kiosk' } },
  { value: 'pavilion', label: { uk: 'Павільйон', en: 'Pavilion' } },
  { value: 'summer_terrace', label: { uk: 'Літній майданчик', en: 'Summer terrace' } },
  { value: 'awning', label: { uk: 'Навіс', en: 'Awning' } },
  { value: 'vending_machine', label: { uk: 'Торговельний автомат', en: 'Vending machine' } },
  { value: 'stop_pavilion', label: { uk: 'Зупинковий павільйон', en: 'Stop pavilion' } },
] as const satisfies readonly EnumValue[];

export const ADVERTISING_TYPES = [
  { value: 'billboard', label: { uk: 'Білборд 3×6 м', en: 'Billboard 3×6 m' } },
  { value: 'citylight', label: { uk: 'Сітілайт 1,2×1,8 м', en: 'Citylight 1.2×1.8 m' } },
  { value: 'backlight', label: { uk: 'Беклайт', en: 'Backlight' } },
  { value: 'prismatron', label: { uk: 'Призматрон', en: 'Prismatron' } },
  { value: 'led_screen', label: { uk: 'LED-екран', en: 'LED screen' } },
  { value: 'banner', label: { uk: 'Перетяжка', en: 'Banner across a street' } },
  { value: 'roof_installation', label: { uk: 'Дахова установка', en: 'Roof installation' } },
  { value: 'pillar', label: { uk: 'Тумба', en: 'Pillar' } },
] as const satisfies readonly EnumValue[];
