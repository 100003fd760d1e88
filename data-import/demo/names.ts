/**
 * The Ukrainian words the demo hromadas are made of: streets, people, factions, committees,
 * businesses and facilities. Streets bear the names Ukrainian towns give them; people, factions
 * and companies are real-sounding but invented, so nothing the demo shows about an owner, a
 * deputy or a party can be read as a claim about a real one.
 */
import type { Random } from './random.js';
import { transliterate } from '../../server/rules/transliterate.js';

// ---------------------------------------------------------------------------------------------
// Streets. Ukrainian street names after the 2015-2016 and 2022-2023 renamings: writers, figures
// of Ukrainian history, and the plain descriptive names every town has.

/** The names long streets get: avenues and boulevards first, then the main streets. */
export const MAIN_STREETS = [
  'проспект Миру', 'проспект Незалежності', 'проспект Свободи', 'проспект Металургів',
  'бульвар Праці', 'бульвар Шевченка', 'бульвар Козацький', 'бульвар Героїв Крут',
  'вулиця Соборна', 'вулиця Університетська', 'вулиця Героїв Небесної Сотні', 'вулиця Центральна',
];

/** Genitive cores: they read right after any street type ("вулиця Шевченка", "провулок Шевченка"). */
const GENITIVE_CORES = [
  'Шевченка', 'Франка', 'Лесі Українки', 'Грушевського', 'Хмельницького', 'Сковороди',
  'Котляревського', 'Коцюбинського', 'Довженка', 'Вернадського', 'Лисенка', 'Стуса',
  'Симоненка', 'Нечуя-Левицького', 'Марка Вовчка', 'Кропивницького', 'Сагайдачного',
  'Мазепи', 'Чорновола', 'Ольги Кобилянської', 'Остапа Вишні', 'Івана Багряного',
  'Олени Теліги', 'Василя Сухомлинського', 'Соломії Крушельницької',
  'Праці', 'Миру', 'Героїв Праці', 'Захисників України', 'Козацької Слави', 'Свободи',
  'Весни', 'Молоді', 'Дружби', 'Злагоди', 'Гетьмана Полуботка', 'Князя Володимира',
];

/** Descriptive names: [feminine for "вулиця", masculine for "провулок"]. */
const ADJECTIVE_CORES: readonly [string, string][] = [
  ['Садова', 'Садовий'], ['Вишнева', 'Вишневий'], ['Зелена', 'Зелений'], ['Лісова', 'Лісовий'],
  ['Польова', 'Польовий'], ['Шкільна', 'Шкільний'], ['Набережна', 'Набережний'],
  ['Степова', 'Степовий'], ['Квіткова', 'Квітковий'], ['Молодіжна', 'Молодіжний'],
  ['Весняна', 'Весняний'], ['Сонячна', 'Сонячний'], ['Затишна', 'Затишний'], ['Мирна', 'Мирний'],
  ['Калинова', 'Калиновий'], ['Каштанова', 'Каштановий'], ['Тополина', 'Тополиний'],
  ['Берегова', 'Береговий'], ['Джерельна', 'Джерельний'], ['Озерна', 'Озерний'],
  ['Гірнича', 'Гірничий'], ['Рудна', 'Рудний'], ['Шахтарська', 'Шахтарський'],
  ['Заводська', 'Заводський'], ['Залізнична', 'Залізничний'], ['Вокзальна', 'Вокзальний'],
  ['Торгова', 'Торговий'], ['Паркова', 'Парковий'], ['Спортивна', 'Спортивний'],
  ['Тиха', 'Тихий'], ['Світла', 'Світлий'], ['Кленова', 'Кленовий'], ['Соляна', 'Соляний'],
  ['Покровська', 'Покровський'], ['Успенська', 'Успенський'], ['Козацька', 'Козацький'],
];

/**
 * Street names in the order streets are named, longest street first: the main streets, then
 * streets, then lanes; after the ~80 ordinary names come numbered lanes ("2-й провулок Шевченка"),
 * as in every large Ukrainian town, so any number of streets gets unique names.
 */
export function* streetNames(random: Random): Generator<string> {
  yield* random.shuffle(MAIN_STREETS);
  const streets = [
    ...GENITIVE_CORES.map((core) => `вулиця ${core}`),
    ...ADJECTIVE_CORES.map(([feminine]) => `вулиця ${feminine}`),
  ];
  yield* random.shuffle(streets);
  yield* random.shuffle(ADJECTIVE_CORES.map(([, masculine]) => `провулок ${masculine}`));
  yield* random.shuffle(GENITIVE_CORES.map((core) => `провулок ${core}`));
  for (let n = 1; ; n++) {
    for (const core of GENITIVE_CORES) yield `${n}-й провулок ${core}`;
    for (const [, masculine] of ADJECTIVE_CORES) yield `${n}-й проїзд ${masculine}`;
  }
}

// ---------------------------------------------------------------------------------------------
// People.

export const MALE_FIRST_NAMES = [
  'Олександр', 'Сергій', 'Андрій', 'Володимир', 'Віктор', 'Юрій', 'Олег', 'Микола', 'Іван',
  'Василь', 'Дмитро', 'Михайло', 'Петро', 'Ігор', 'Роман', 'Богдан', 'Тарас', 'Євген',
  'Анатолій', 'Валерій', 'Геннадій', 'Костянтин', 'Максим', 'Артем', 'Вадим', 'Руслан',
  'Станіслав', 'Григорій', 'Леонід', 'Павло',
];

export const FEMALE_FIRST_NAMES = [
  'Олена', 'Наталія', 'Тетяна', 'Ірина', 'Світлана', 'Оксана', 'Юлія', 'Людмила', 'Галина',
  'Ганна', 'Марія', 'Валентина', 'Лариса', 'Вікторія', 'Катерина', 'Надія', 'Інна', 'Алла',
  'Олеся', 'Ольга', 'Любов', 'Зоя', 'Дарина', 'Софія', 'Анастасія', 'Лілія', 'Жанна',
  'Вероніка', 'Євгенія', 'Тамара',
];

/** Father's names as patronymics: [son's, daughter's]. */
const PATRONYMICS: readonly [string, string][] = [
  ['Іванович', 'Іванівна'], ['Петрович', 'Петрівна'], ['Олександрович', 'Олександрівна'],
  ['Миколайович', 'Миколаївна'], ['Васильович', 'Василівна'], ['Сергійович', 'Сергіївна'],
  ['Володимирович', 'Володимирівна'], ['Анатолійович', 'Анатоліївна'], ['Юрійович', 'Юріївна'],
  ['Григорович', 'Григорівна'], ['Михайлович', 'Михайлівна'], ['Вікторович', 'Вікторівна'],
  ['Олегович', 'Олегівна'], ['Андрійович', 'Андріївна'], ['Павлович', 'Павлівна'],
  ['Євгенович', 'Євгенівна'], ['Леонідович', 'Леонідівна'], ['Дмитрович', 'Дмитрівна'],
  ['Богданович', 'Богданівна'], ['Степанович', 'Степанівна'],
];

/** Surnames in the masculine form; femaleSurname() derives the feminine one. */
const SURNAMES = [
  'Коваленко', 'Бондаренко', 'Ткаченко', 'Кравченко', 'Шевчук', 'Бойко', 'Мельник', 'Коваль',
  'Олійник', 'Шевченко', 'Поліщук', 'Лисенко', 'Марченко', 'Руденко', 'Савченко', 'Мороз',
  'Петренко', 'Клименко', 'Павленко', 'Кузьменко', 'Гончаренко', 'Левченко', 'Харченко',
  'Литвиненко', 'Карпенко', 'Сидоренко', 'Зінченко', 'Мазур', 'Гуменюк', 'Ковальчук',
  'Кравчук', 'Тимошенко', 'Дорошенко', 'Панченко', 'Яковенко', 'Пономаренко', 'Головко',
  'Нестеренко', 'Романюк', 'Приходько', 'Білоус', 'Остапчук', 'Волошин', 'Гнатюк',
  'Ярошенко', 'Козак', 'Демченко', 'Костенко', 'Вакуленко', 'Оліфіренко',
  'Заїка', 'Скиба', 'Чорновол', 'Гребенюк', 'Дяченко', 'Соловйов', 'Бережний',
  'Лозовський', 'Вишневський', 'Кучерявий', 'Зайцев', 'Сахно', 'Юрченко', 'Медведенко',
];

/** Ukrainian surnames in -ський/-цький, -ий, -ов/-ев/-єв, -ин/-ін change with gender; the rest do not. */
function femaleSurname(surname: string): string {
  if (/(ськ|цьк)ий$/.test(surname)) return surname.replace(/ий$/, 'а');
  if (/ий$/.test(surname)) return surname.replace(/ий$/, 'а');
  if (/(ов|ев|єв|ин|ін|йов)$/.test(surname)) return `${surname}а`;
  return surname;
}

export interface PersonName {
  surname: string;
  firstName: string;
  patronymic: string;
  female: boolean;
}

export function personName(random: Random): PersonName {
  const female = random.chance(0.42);
  const surname = random.pick(SURNAMES);
  const [son, daughter] = random.pick(PATRONYMICS);
  return {
    surname: female ? femaleSurname(surname) : surname,
    firstName: random.pick(female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES),
    patronymic: female ? daughter : son,
    female,
  };
}

const MOBILE_CODES = ['50', '63', '66', '67', '68', '73', '93', '95', '96', '97', '98', '99'];

/** A Ukrainian mobile number, "+380 67 123 45 67". */
export function mobilePhone(random: Random): string {
  return `+380 ${random.pick(MOBILE_CODES)} ${random.digits(3)} ${random.digits(2)} ${random.digits(2)}`;
}

/** "ivan.kovalenko": the local part of an e-mail address made of a name. */
export function mailbox(firstName: string, surname: string): string {
  return transliterate(`${firstName}.${surname}`).toLowerCase().replace(/[^a-z.]/g, '');
}

/** "Коваленко Олена Петрівна": the order of official lists and ballots. */
export const fullName = (p: PersonName) => `${p.surname} ${p.firstName} ${p.patronymic}`;
/** "Коваленко О. П.": the order of a sole proprietor's name in the register. */
export const surnameWithInitials = (p: PersonName) => `${p.surname} ${p.firstName[0]}. ${p.patronymic[0]}.`;
/** "Олена К.": how a resident signs a comment. */
export const firstNameAndInitial = (p: PersonName) => `${p.firstName} ${p.surname[0]}.`;

// ---------------------------------------------------------------------------------------------
// The council.

/** Invented factions: the demo must not attribute votes or districts to real parties. */
export const FACTIONS = [
  'Фракція «Рідне місто»', 'Фракція «Сила громади»', 'Фракція «Європейський вибір»',
  'Фракція «Нова якість»', 'Фракція «Партія добрих справ»', 'Фракція «Громадянський рух»',
];
/** Deputies outside any faction keep this instead. */
export const NO_FACTION = 'Позафракційний';

/** The standing committees a city council of this size typically forms. */
export const COMMITTEES = [
  'Постійна комісія з питань бюджету, фінансів та соціально-економічного розвитку',
  'Постійна комісія з питань житлово-комунального господарства, транспорту та зв’язку',
  'Постійна комісія з питань містобудування, архітектури та земельних відносин',
  'Постійна комісія з питань освіти, культури, молоді та спорту',
  'Постійна комісія з питань охорони здоров’я та соціального захисту населення',
  'Постійна комісія з питань законності, регламенту, депутатської діяльності та етики',
  'Постійна комісія з питань екології та благоустрою',
  'Постійна комісія з питань промисловості, підприємництва та торгівлі',
  'Постійна комісія з питань комунальної власності та приватизації',
];

// ---------------------------------------------------------------------------------------------
// Businesses that own kiosks and billboards.

const TRADE_WORDS = [
  'Смак', 'Хліб', 'Фреш', 'Кава', 'Квіти', 'Світанок', 'Добробут', 'Колос', 'Ласунка', 'Родина',
  'Оберіг', 'Калина', 'Джерело', 'Злагода', 'Господар', 'Вишенька', 'Медок', 'Затишок',
];
const MEDIA_WORDS = ['Арт', 'Медіа', 'Сіті', 'Формат', 'Візор', 'Орбіта', 'Лайт', 'Простір', 'Вектор', 'Стиль'];
const COMPANY_SUFFIXES = ['Сервіс', 'Плюс', 'Груп', 'Трейд', 'Маркет', 'Центр', 'Постач', 'Реклама', 'Дизайн', 'Схід'];

/** A company's quoted name, e.g. «Медіа-Схід» or «Колос Трейд». */
export function companyName(random: Random, business: 'trade' | 'media'): string {
  const first = random.pick(business === 'media' ? MEDIA_WORDS : TRADE_WORDS);
  const second = random.pick(COMPANY_SUFFIXES);
  return random.chance(0.5) ? `«${first}-${second}»` : `«${first} ${second}»`;
}

/** The municipal enterprises of a city that own stop pavilions and city advertising places. */
export const MUNICIPAL_ENTERPRISES = [
  'КП «Міськелектротранс»', 'КП «Міська реклама»', 'КП «Благоустрій міста»',
  'КП «Міськсвітло»', 'КП «Центральний ринок»', 'КП «Зеленбуд»',
];

// ---------------------------------------------------------------------------------------------
// Facilities of the accessibility map, per category of the facility table. A city has one
// railway station and one local museum but hundreds of shops: `once` names are used at most once
// per hromada, `many` names repeat ("{n}" takes the running number of its kind: "Ліцей № 7").

interface FacilityNames {
  once: readonly string[];
  many: readonly string[];
}

export const FACILITY_NAMES: Record<string, FacilityNames> = {
  administration: {
    once: ['Центр надання адміністративних послуг', 'Управління соціального захисту населення',
      'Відділ державної реєстрації актів цивільного стану', 'Сервісний центр Пенсійного фонду',
      'Виконавчий комітет міської ради', 'Управління архітектури та містобудування', 'Податкова інспекція'],
    many: ['Старостинський округ № {n}', 'Віддалене робоче місце ЦНАП № {n}'],
  },
  health: {
    once: ['Стоматологічна поліклініка', 'Пологовий будинок', 'Дитяча лікарня', 'Станція екстреної медичної допомоги'],
    many: ['Міська лікарня № {n}', 'Амбулаторія загальної практики – сімейної медицини № {n}',
      'Міська поліклініка № {n}', 'Центр первинної медико-санітарної допомоги № {n}', 'Медичний центр «Довіра»'],
  },
  education: {
    once: ['Професійний ліцей', 'Будинок дитячої творчості', 'Фаховий коледж'],
    many: ['Ліцей № {n}', 'Гімназія № {n}', 'Загальноосвітня школа І–ІІІ ступенів № {n}',
      'Заклад дошкільної освіти № {n} «Сонечко»', 'Заклад дошкільної освіти № {n} «Веселка»',
      'Заклад дошкільної освіти № {n} «Ромашка»'],
  },
  culture: {
    once: ['Палац культури «Металург»', 'Краєзнавчий музей', 'Кінотеатр «Зоря»', 'Міський будинок культури',
      'Художня галерея', 'Центральна міська бібліотека'],
    many: ['Бібліотека-філія № {n}', 'Дитяча музична школа № {n}', 'Клуб за місцем проживання № {n}'],
  },
  shop: {
    once: ['Торговий центр «Слобода»', 'Центральний ринок'],
    many: ['Магазин «Продукти»', 'Супермаркет «Смачний кошик»', 'Магазин «Будматеріали»',
      'Магазин «Одяг і взуття»', 'Магазин «Побутова техніка»', 'Магазин «Господар»', 'Мінімаркет «Біля дому»',
      'Магазин «Дитячий світ»', 'Магазин «Квіти»', 'Магазин «Канцтовари»', 'Магазин «Зоотовари»'],
  },
  pharmacy: {
    once: [],
    many: ['Аптека № {n}', 'Аптека «Здоров’я»', 'Аптека «Подорожник»', 'Аптечний пункт № {n}', 'Аптека «Фармація»'],
  },
  bank: {
    once: [],
    many: ['Відділення банку «Кредит-Схід» № {n}', 'Відділення «Громадабанку» № {n}', 'Відділення банку «Приватний кредит» № {n}'],
  },
  transport: {
    once: ['Автовокзал', 'Залізничний вокзал', 'Трамвайне депо, приймальня'],
    many: ['Квиткова каса № {n}', 'Пункт поповнення транспортних карток № {n}'],
  },
  sport: {
    once: ['Стадіон «Авангард»', 'Спорткомплекс «Олімп»', 'Басейн «Дельфін»'],
    many: ['ДЮСШ № {n}', 'Фітнес-клуб «Енергія»', 'Спортивний клуб «Титан»'],
  },
  food: {
    once: ['Ресторан «Козацький»'],
    many: ['Кафе «Смаколик»', 'Їдальня «Домашня»', 'Піцерія «Неаполь»', 'Кав’ярня «Зерно»',
      'Кафе «Вареники»', 'Пекарня «Паляниця»', 'Кав’ярня «Ранок»', 'Шаурма «Смачно»'],
  },
  social: {
    once: ['Територіальний центр соціального обслуговування', 'Центр комплексної реабілітації для осіб з інвалідністю',
      'Центр зайнятості', 'Служба у справах дітей'],
    many: ['Центр соціальних служб, відділення № {n}', 'Пункт незламності № {n}'],
  },
  other: {
    once: ['Нотаріальна контора', 'Церква Святого Миколая', 'Ветеринарна клініка'],
    many: ['Відділення поштового зв’язку № {n}', 'Перукарня «Шарм»', 'Хімчистка', 'Ремонт взуття',
      'Житлово-експлуатаційна контора № {n}', 'Перукарня «Стиль»', 'Фотоательє', 'Ремонт телефонів'],
  },
};

/** Remembers, for one hromada, which `once` names are taken and how far each "{n}" has counted. */
export class FacilityNamer {
  private readonly used = new Set<string>();
  private readonly counters = new Map<string, number>();

  constructor(private readonly random: Random) {}

  name(category: string): string {
    const names = FACILITY_NAMES[category];
    const free = names.once.filter((n) => !this.used.has(n));
    if (free.length > 0 && this.random.chance(0.5)) {
      const chosen = this.random.pick(free);
      this.used.add(chosen);
      return chosen;
    }
    const template = this.random.pick(names.many);
    if (!template.includes('{n}')) return template;
    const n = (this.counters.get(template) ?? 0) + 1;
    this.counters.set(template, n);
    return template.replace('{n}', String(n));
  }
}
