/**
 * The public registry away from the map, in one dialog: the table (filters by type, legality,
 * owner and district; search by permit number, address or owner; pages of 25), an owner's page,
 * the city's figures as tables, and the open-data downloads. A row's button closes the dialog,
 * centres the map on the object and opens its card.
 */
import type { Text } from '../catalog.js';
import { Dialog } from '../dialog.js';
import { el, replaceChildren } from '../dom.js';
import { formatDate } from '../format.js';
import { language, pick, say } from '../i18n.js';
import type { RegistryApi } from './api.js';
import type { CityStats, OwnerPage, PublicRegistry, TableQuery, TableRow } from './publicApi.js';
import { money } from './words.js';

const PAGE = 25;

const W = {
  title: { uk: 'Реєстр МАФ і реклами', en: 'Registry of MAFs and advertising' },
  close: { uk: 'Закрити', en: 'Close' },
  table: { uk: 'Таблиця об’єктів', en: 'Table of objects' },
  search: { uk: 'Пошук: номер дозволу, адреса або власник', en: 'Search: permit number, address or owner' },
  type: { uk: 'Тип', en: 'Type' },
  legality: { uk: 'Законність', en: 'Legality' },
  owner: { uk: 'Власник', en: 'Owner' },
  district: { uk: 'Округ №', en: 'District No.' },
  any: { uk: 'усі', en: 'all' },
  apply: { uk: 'Показати', en: 'Show' },
  id: { uk: '№', en: 'No.' },
  address: { uk: 'Адреса', en: 'Address' },
  permit: { uk: 'Дозвіл, чинний до', en: 'Permit, valid until' },
  revenue: { uk: 'Надходження цього року', en: 'Revenue this year' },
  // the visible number first: the accessible name must contain the visible text (WCAG 2.5.3)
  showOnMap: { uk: '{id} — показати на карті', en: '{id} — show on the map' },
  summary: { uk: 'Показано {from}–{to} з {total}', en: 'Showing {from}–{to} of {total}' },
  none: { uk: 'Нічого не знайдено.', en: 'Nothing found.' },
  previous: { uk: 'Попередні', en: 'Previous' },
  next: { uk: 'Наступні', en: 'Next' },
  figures: { uk: 'Показники міста', en: 'City figures' },
  byLegality: { uk: 'Об’єкти за законністю на {date}', en: 'Objects by legality on {date}' },
  objects: { uk: 'Об’єктів', en: 'Objects' },
  byType: { uk: 'Об’єкти за типом', en: 'Objects by type' },
  revenueByType: { uk: 'Надходження до бюджету за типами й роками', en: 'Revenue to the budget by type and year' },
  byYear: { uk: 'Надходження до бюджету за роками', en: 'Revenue to the budget by year' },
  year: { uk: 'Рік', en: 'Year' },
  payments: { uk: 'Платежів', en: 'Payments' },
  sum: { uk: 'Сума', en: 'Amount' },
  total: { uk: 'Усього', en: 'Total' },
  downloads: { uk: 'Завантажити відкриті дані', en: 'Download the open data' },
  csv: { uk: 'CSV (набір «Інформація про рекламні засоби»)', en: 'CSV (the dataset “Information about advertising means”)' },
  csvExcel: { uk: 'CSV для Excel (крапка з комою, десяткова кома)', en: 'CSV for Excel in a Ukrainian locale (semicolons, decimal commas)' },
  geojson: { uk: 'GeoJSON (з геометрією)', en: 'GeoJSON (with geometry)' },
  ownerTitle: { uk: 'Власник: {name}', en: 'Owner: {name}' },
  ownerOnMap: { uk: 'Показати на карті лише об’єкти цього власника', en: 'Show only this owner’s objects on the map' },
  back: { uk: 'Назад до таблиці', en: 'Back to the table' },
  ownerSummary: { uk: 'Об’єктів: {n}. Надходження всього: {total}, цього року: {year}.', en: 'Objects: {n}. Revenue in total: {total}, this year: {year}.' },
  edrpou: { uk: 'ЄДРПОУ: {code}', en: 'ЄДРПОУ: {code}' },
  loading: { uk: 'Завантаження…', en: 'Loading…' },
  failed: { uk: 'Не вдалося завантажити: {message}', en: 'Could not load: {message}' },
} satisfies Record<string, Text>;

/** The table's filters a link carries (with the page's offset). */
const TABLE_FILTERS = ['q', 'type', 'legality', 'owner', 'district'] as const;

/** The table's search in the URL (`table=q%3D…%26legality%3Dexpired`; `all`: no filter). */
export function tableParam(query: TableQuery): string {
  const params = new URLSearchParams();
  for (const name of TABLE_FILTERS) if (query[name]) params.set(name, query[name]!);
  if (query.offset > 0) params.set('offset', String(query.offset));
  return params.toString() || 'all';
}

/** A `table=` value back into the table's search; anything it does not know is left out. */
export function parseTableParam(value: string): TableQuery {
  const params = new URLSearchParams(value === 'all' ? '' : value);
  const query: TableQuery = { limit: PAGE, offset: 0 };
  for (const name of TABLE_FILTERS) {
    const v = params.get(name)?.trim();
    if (v) query[name] = v.slice(0, 200);
  }
  const offset = Number(params.get('offset'));
  if (Number.isInteger(offset) && offset > 0) query.offset = offset - (offset % PAGE);
  return query;
}

export class RegistryBrowser {
  private readonly dialog = new Dialog('registry-dialog', () => pick(W.close));
  private query: TableQuery = { limit: PAGE, offset: 0 };
  /** The owner whose page the dialog shows (null: the table, or closed): the URL's `owner=`. */
  private owner: number | null = null;
  /** Whether the dialog shows the table: the URL's `table=`, so back from an owner's page returns to it. */
  private tableShown = false;
  /** Told when a person opens, moves in or leaves the table or an owner's page (not when the URL did it). */
  onViewChange: () => void = () => {};
  private closeWatched = false;

  constructor(
    private readonly registry: PublicRegistry,
    private readonly api: RegistryApi,
    private readonly legalityValues: { value: string; label: Text }[],
    private readonly showObject: (row: { id: number; category: string; point: [number, number] }) => void,
    /** Filters the map to one owner's objects (false: the name cannot travel in a filter). */
    private readonly showOwnerOnMap?: (ownerName: string) => boolean,
  ) {}

  /** The owner page's id while one is shown: a shareable link names it. */
  get shownOwner(): number | null {
    return this.owner;
  }

  /** The table's search while the table is shown (`tableParam`), else null. */
  get shownTable(): string | null {
    return this.tableShown ? tableParam(this.query) : null;
  }

  /**
   * The table, with the filters and page of `query` (default: as last left). `fromUrl`: opened
   * from a link or by back/forward, so the URL already says so.
   */
  async open(fromUrl = false, query?: TableQuery): Promise<void> {
    const changed = !this.tableShown || this.owner !== null || (query !== undefined && tableParam(query) !== tableParam(this.query));
    this.owner = null;
    this.tableShown = true;
    if (query) this.query = query;
    if (changed && !fromUrl) this.onViewChange();
    replaceChildren(this.dialog.body, [el('p', {}, [pick(W.loading)])]);
    this.dialog.open(pick(W.title));
    this.watchClose();
    try {
      const [types, owners, stats] = await Promise.all([this.api.types(), this.api.owners(), this.registry.stats()]);
      const lang = language();
      const select = (id: string, label: Text, options: { value: string; label: string }[], value = '') => {
        const s = el('select', { id, name: id }, [el('option', { value: '' }, [pick(W.any)]), ...options.map((o) => el('option', { value: o.value }, [o.label]))]);
        s.value = value;
        return [el('label', { for: id }, [pick(label)]), s] as const;
      };
      const [typeLabel, type] = select('table-type', W.type, types.map((t) => ({ value: t.code, label: lang === 'en' ? t.name_en : t.name_uk })), this.query.type);
      const [legalityLabel, legality] = select('table-legality', W.legality, this.legalityValues.map((v) => ({ value: v.value, label: pick(v.label) })), this.query.legality);
      const [ownerLabel, owner] = select('table-owner', W.owner, owners.map((o) => ({ value: String(o.id), label: o.name })), this.query.owner);
      const district = el('input', { id: 'table-district', name: 'district', inputmode: 'numeric', pattern: '[0-9]*', value: this.query.district ?? '' });
      const q = el('input', { id: 'table-q', name: 'q', type: 'search', value: this.query.q ?? '' });
      const results = el('div', { class: 'table-results' });
      const filters = el('form', { class: 'table-filters', role: 'search' }, [
        el('div', { class: 'field field-wide' }, [el('label', { for: q.id }, [pick(W.search)]), q]),
        el('div', { class: 'field' }, [typeLabel, type]),
        el('div', { class: 'field' }, [legalityLabel, legality]),
        el('div', { class: 'field' }, [ownerLabel, owner]),
        el('div', { class: 'field' }, [el('label', { for: district.id }, [pick(W.district)]), district]),
        el('div', { class: 'form-actions' }, [el('button', { type: 'submit', class: 'primary' }, [pick(W.apply)])]),
      ]);
      filters.addEventListener('submit', (event) => {
        event.preventDefault();
        this.query = { limit: PAGE, offset: 0, q: q.value.trim(), type: type.value, legality: legality.value, owner: owner.value, district: district.value.trim() };
        this.onViewChange();
        void this.loadTable(results);
      });
      replaceChildren(this.dialog.body, [
        el('section', { 'aria-labelledby': 'table-title' }, [el('h3', { id: 'table-title' }, [pick(W.table)]), filters, results]),
        figures(stats),
        el('section', { 'aria-labelledby': 'downloads-title' }, [
          el('h3', { id: 'downloads-title' }, [pick(W.downloads)]),
          el('ul', {}, [
            el('li', {}, [el('a', { href: this.registry.downloadUrl('csv'), download: '', id: 'download-csv' }, [pick(W.csv)])]),
            el('li', {}, [el('a', { href: this.registry.downloadUrl('csv', { delimiter: 'semicolon' }), download: '', id: 'download-csv-excel' }, [pick(W.csvExcel)])]),
            el('li', {}, [el('a', { href: this.registry.downloadUrl('geojson'), download: '', id: 'download-geojson' }, [pick(W.geojson)])]),
          ]),
        ]),
      ]);
      await this.loadTable(results);
    } catch (error) {
      replaceChildren(this.dialog.body, [el('p', { role: 'alert' }, [say(W.failed, { message: (error as Error).message })])]);
    }
  }

  private async loadTable(results: HTMLElement): Promise<void> {
    const page = await this.registry.table(this.query);
    const pager = (label: Text, offset: number, enabled: boolean) => {
      const b = el('button', { type: 'button', disabled: !enabled }, [pick(label)]);
      b.addEventListener('click', () => {
        this.query = { ...this.query, offset };
        this.onViewChange();
        void this.loadTable(results).then(() => results.querySelector<HTMLElement>('.table-summary')?.focus());
      });
      return b;
    };
    const summary = page.total === 0 ? pick(W.none) : say(W.summary, { from: page.offset + 1, to: page.offset + page.items.length, total: page.total });
    replaceChildren(results, [
      el('p', { class: 'table-summary', role: 'status', tabindex: '-1' }, [summary]),
      page.items.length ? this.rowsTable(page.items) : null,
      el('div', { class: 'form-actions' }, [
        pager(W.previous, Math.max(0, page.offset - PAGE), page.offset > 0),
        pager(W.next, page.offset + PAGE, page.offset + page.items.length < page.total),
      ]),
    ]);
  }

  private rowsTable(rows: TableRow[]): HTMLElement {
    const lang = language();
    // What a resident asks first — is it legal, what does it pay — right after the number, so a
    // phone's screen (390 px) shows them without scrolling the table sideways.
    const head = [W.id, W.legality, W.revenue, W.address, W.owner, W.type, W.permit];
    return el('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': pick(W.table) }, [el('table', { class: 'registry-table' }, [
      el('thead', {}, [el('tr', {}, head.map((h) => el('th', { scope: 'col' }, [pick(h)])))]),
      el('tbody', {}, rows.map((row) => {
        const show = el('button', { type: 'button', class: 'link-button', 'aria-label': say(W.showOnMap, { id: row.id }), 'data-object': row.id }, [String(row.id)]);
        show.addEventListener('click', () => {
          // one step in the history, from the table to the object's card: back returns to the table
          this.leave();
          this.dialog.close();
          this.showObject(row);
        });
        const ownerCell = row.owner_id !== null ? el('button', { type: 'button', class: 'link-button' }, [row.owner_name ?? '']) : null;
        ownerCell?.addEventListener('click', () => void this.openOwner(row.owner_id!));
        return el('tr', {}, [
          el('th', { scope: 'row' }, [show]),
          el('td', { 'data-legality': row.legality }, [pick(row.legality_label)]),
          el('td', { class: 'number' }, [money(row.revenue_this_year_uah, lang)]),
          el('td', {}, [row.address ?? '—']),
          el('td', {}, [ownerCell ?? '—']),
          el('td', {}, [lang === 'en' ? row.type_en : row.type_uk]),
          el('td', {}, [row.permit_number ? `№ ${row.permit_number}${row.permit_valid_until ? `, ${formatDate(row.permit_valid_until)}` : ''}` : '—']),
        ]);
      })),
    ])]);
  }

  /** Forgets the table or owner's page shown, without a word to the URL; whether one was. */
  private leave(): boolean {
    const shown = this.owner !== null || this.tableShown;
    this.owner = null;
    this.tableShown = false;
    return shown;
  }

  /** A person closing the dialog leaves the table or the owner's page: the URL records the step. */
  private watchClose(): void {
    if (this.closeWatched) return;
    this.closeWatched = true;
    this.dialog.onNextClose(() => {
      this.closeWatched = false;
      if (this.leave()) this.onViewChange();
    });
  }

  /** The URL names neither the table nor an owner any more (back, an edited address): the dialog closes. */
  closeFromUrl(): void {
    if (this.leave()) this.dialog.close();
  }

  /**
   * An owner's page: public fields, counts, revenue, every object. `fromUrl`: opened from a link
   * or by back/forward, so the URL already says so.
   */
  async openOwner(id: number, fromUrl = false): Promise<void> {
    const changed = this.owner !== id;
    this.owner = id;
    this.tableShown = false;
    if (changed && !fromUrl) this.onViewChange();
    if (!this.dialog.isOpen) this.dialog.open(pick(W.title));
    this.watchClose();
    replaceChildren(this.dialog.body, [el('p', {}, [pick(W.loading)])]);
    let owner: OwnerPage;
    try {
      owner = await this.registry.owner(id);
    } catch (error) {
      replaceChildren(this.dialog.body, [el('p', { role: 'alert' }, [say(W.failed, { message: (error as Error).message })])]);
      return;
    }
    const back = el('button', { type: 'button', id: 'owner-back' }, [pick(W.back)]);
    back.addEventListener('click', () => void this.open());
    const onMap = this.showOwnerOnMap ? el('button', { type: 'button', id: 'owner-on-map' }, [pick(W.ownerOnMap)]) : null;
    onMap?.addEventListener('click', () => {
      if (this.showOwnerOnMap!(owner.name)) this.dialog.close();
    });
    const lang = language();
    replaceChildren(this.dialog.body, [
      el('p', { class: 'owner-actions' }, [back, onMap ? ' ' : null, onMap]),
      owner.edrpou ? el('p', {}, [say(W.edrpou, { code: owner.edrpou })]) : null,
      owner.public_contact ? el('p', {}, [owner.public_contact]) : null,
      el('p', { class: 'owner-summary' }, [say(W.ownerSummary, { n: owner.objects_count, total: money(owner.revenue.total_uah, lang), year: money(owner.revenue.this_year_uah, lang) })]),
      owner.objects.length ? this.rowsTable(owner.objects) : null,
    ]);
    this.dialog.open(say(W.ownerTitle, { name: owner.name }));
  }
}

/** The city's figures as tables with captions and header cells. */
function figures(stats: CityStats): HTMLElement {
  const lang = language();
  // Each table scrolls sideways in its own region (a phone cannot fit revenue by type × years):
  // the dialog itself never does.
  const table = (caption: string, head: string[], rows: (string | number)[][], numeric: boolean[]) => el('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': caption }, [el('table', { class: 'figures' }, [
    el('caption', {}, [caption]),
    el('thead', {}, [el('tr', {}, head.map((h) => el('th', { scope: 'col' }, [h])))]),
    el('tbody', {}, rows.map((r) => el('tr', {}, r.map((v, i) => (i === 0 ? el('th', { scope: 'row' }, [String(v)]) : el('td', { class: numeric[i] ? 'number' : undefined }, [String(v)])))))),
  ])]);
  const years = stats.revenue.by_year.map((y) => y.year);
  const revenueOf = (year: number, type: string) => Number(stats.revenue.by_year.find((y) => y.year === year)?.by_type[type] ?? 0);
  return el('section', { 'aria-labelledby': 'figures-title', id: 'city-figures' }, [
    el('h3', { id: 'figures-title' }, [pick(W.figures)]),
    table(say(W.byLegality, { date: formatDate(stats.as_of) }), [pick(W.legality), pick(W.objects)],
      [...stats.by_legality.map((l) => [pick(l.label), l.objects]), [pick(W.total), stats.objects]], [false, true]),
    table(pick(W.byType), [pick(W.type), pick(W.objects)], stats.by_type.map((t) => [lang === 'en' ? t.type_en : t.type_uk, t.objects]), [false, true]),
    table(pick(W.revenueByType), [pick(W.type), ...years.map(String), pick(W.total)],
      stats.by_type.filter((t) => years.some((y) => revenueOf(y, t.type_code) > 0)).map((t) => [
        lang === 'en' ? t.type_en : t.type_uk,
        ...years.map((y) => money(revenueOf(y, t.type_code), lang)),
        money(years.reduce((sum, y) => sum + revenueOf(y, t.type_code), 0), lang),
      ]), [false, ...years.map(() => true), true]),
    table(pick(W.byYear), [pick(W.year), pick(W.payments), pick(W.sum)],
      [...stats.revenue.by_year.map((y) => [y.year, y.payments, money(y.revenue_uah, lang)]), [pick(W.total), '', money(stats.revenue.total_uah, lang)]], [false, true, true]),
  ]);
}
