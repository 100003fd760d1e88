/**
 * "Your deputy" as a map service (seed item 30.2). In the sidebar, the finder: type an address
 * (places/addressSearch.ts) or use the phone's position — asked only when the button is tapped —
 * and get the district, its deputies with photos and reception hours, and the boundary
 * highlighted on the map; clicking a district on the map opens its card with the same. A deputy
 * who signs in sees their own district instead: its boundary, its figures. A deputy's page and a
 * district's figures open in dialogs.
 */
import Feature from 'ol/Feature.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import Point from 'ol/geom/Point.js';
import VectorLayer from 'ol/layer/Vector.js';
import { fromLonLat } from 'ol/proj.js';
import VectorSource from 'ol/source/Vector.js';
import CircleStyle from 'ol/style/Circle.js';
import Fill from 'ol/style/Fill.js';
import Stroke from 'ol/style/Stroke.js';
import Style from 'ol/style/Style.js';
import Text from 'ol/style/Text.js';
import type { CatalogCollection } from '../catalog.js';
import { Dialog } from '../dialog.js';
import { el, replaceChildren } from '../dom.js';
import { language, onLanguageChange, pick, say } from '../i18n.js';
import { announce } from '../panels/status.js';
import { AddressSearch, type AddressResult } from '../places/addressSearch.js';
import { collectionsOf, type CardSection, type MapService, type ServiceHost } from '../services/mapService.js';
import { DistrictsApi, type Deputy, type District, type PointAnswer } from './api.js';
import { deputyCards } from './deputyCards.js';
import { DeputyDialog } from './deputyDialog.js';
import { figuresView } from './figuresView.js';
import './districts.css';

const W = {
  title: { uk: 'Ваш депутат', en: 'Your deputy' },
  hint: { uk: 'Знайдіть свій виборчий округ за адресою, за місцем, де ви зараз, або клацніть округ на карті.', en: 'Find your electoral district by address, by where you are now, or click a district on the map.' },
  position: { uk: 'Де я зараз?', en: 'Where am I?' },
  locating: { uk: 'Визначаємо ваше місце…', en: 'Finding where you are…' },
  noPosition: { uk: 'Не вдалося визначити ваше місце: {message}', en: 'Could not find where you are: {message}' },
  district: { uk: 'Виборчий округ № {number}', en: 'Electoral district No. {number}' },
  found: { uk: '{address}: виборчий округ № {number}', en: '{address}: electoral district No. {number}' },
  gap: { uk: 'Ця точка не входить до жодного округу.', en: 'This point lies in no district.' },
  figures: { uk: 'Показники округу № {number}', en: 'Figures of district No. {number}' },
  close: { uk: 'Закрити', en: 'Close' },
  failed: { uk: 'Не вдалося завантажити: {message}', en: 'Could not load: {message}' },
  mine: { uk: 'Мій округ № {number}', en: 'My district No. {number}' },
  mineHint: { uk: 'Ви увійшли як депутат: ваш округ виділено на карті.', en: 'You are signed in as a deputy: your district is outlined on the map.' },
  showMine: { uk: 'Показати мій округ', en: 'Show my district' },
  myPosition: { uk: 'Ваше місце', en: 'Your position' },
};

const HIGHLIGHT = new Style({ stroke: new Stroke({ color: '#111111', width: 4 }), fill: new Fill({ color: 'rgba(57, 73, 171, 0.12)' }) });
/** Numbers written on the districts layer: bold, dark with a white halo, readable on any basemap. */
const numberStyle = (n: string) => new Style({
  text: new Text({ text: n, font: 'bold 15px system-ui, sans-serif', fill: new Fill({ color: '#1a237e' }), stroke: new Stroke({ color: '#ffffff', width: 4 }) }),
});
/** Below this zoom a whole city's numbers would pile up. */
const NUMBERS_FROM_ZOOM = 11;
const MARKER = new Style({ image: new CircleStyle({ radius: 8, fill: new Fill({ color: '#c62828' }), stroke: new Stroke({ color: '#ffffff', width: 2 }) }) });

export class DistrictsService implements MapService {
  readonly id = 'districts';
  readonly groups = ['districts'] as const;
  private host: ServiceHost | null = null;
  private api: DistrictsApi | null = null;
  private deputyDialog: DeputyDialog | null = null;
  private readonly figuresDialog = new Dialog('district-figures-dialog', () => pick(W.close));
  private readonly highlight = new VectorSource();
  private readonly section = el('section', { class: 'deputy-finder', 'aria-labelledby': 'deputy-finder-title' });
  private readonly heading = el('h2', { id: 'deputy-finder-title' });
  private readonly hint = el('p', { class: 'deputy-hint' });
  private readonly finder = el('div', { class: 'deputy-finder-tools' });
  private readonly answer = el('div', { class: 'deputy-answer', id: 'deputy-answer', tabindex: '-1' });
  private readonly positionButton = el('button', { type: 'button', class: 'editor-button', id: 'deputy-position' });
  private mineNumber: number | null = null;

  mount(host: ServiceHost): void {
    if (!collectionsOf(host.catalog, this.groups).length) return;
    this.host = host;
    this.api = new DistrictsApi(host.session);
    this.deputyDialog = new DeputyDialog(this.api, (id, at) => host.showFeature('comments', String(id), { at }));
    host.map.addLayer(new VectorLayer({ source: this.highlight, style: (f) => (f.getGeometry()?.getType() === 'Point' ? MARKER : HIGHLIGHT), zIndex: 50 }));
    const search = new AddressSearch(host.session, (result) => void this.findAddress(result), { uk: 'Ваша адреса', en: 'Your address' });
    this.positionButton.addEventListener('click', () => this.findPosition());
    this.finder.append(search.element, this.positionButton);
    this.section.append(this.heading, this.hint, this.finder, this.answer);
    host.tools.prepend(this.section);
    this.words();
    onLanguageChange(() => this.words());
    host.session.onChange((user) => void this.signedIn(user?.roles.includes('deputy') ?? false));
    void this.writeNumbers(host);
  }

  /** District numbers on the map, shown while the districts layer is. */
  private async writeNumbers(host: ServiceHost): Promise<void> {
    const districtsLayer = host.map.getAllLayers().find((l) => l.get('id') === 'districts');
    if (!districtsLayer) return;
    let districts: District[];
    try {
      ({ districts } = await this.api!.districts());
    } catch {
      return; // the map works without the numbers
    }
    const source = new VectorSource({
      features: districts.filter((d) => d.labelPoint).map((d) => new Feature({ geometry: new Point(fromLonLat(d.labelPoint!)), number: String(d.number) })),
    });
    const styles = new Map<string, Style>();
    const layer = new VectorLayer({
      source, declutter: true, minZoom: NUMBERS_FROM_ZOOM, zIndex: 40, visible: districtsLayer.getVisible(),
      style: (f) => {
        const n = f.get('number') as string;
        if (!styles.has(n)) styles.set(n, numberStyle(n));
        return styles.get(n)!;
      },
    });
    districtsLayer.on('change:visible', () => layer.setVisible(districtsLayer.getVisible()));
    host.map.addLayer(layer);
  }

  async cardSection(_collection: CatalogCollection, id: string): Promise<CardSection | null> {
    if (!this.api) return null;
    const { district } = await this.api.districtById(id);
    return () => el('section', { class: 'deputy-card-section', 'aria-label': pick(W.title) }, [
      deputyCards(district.deputies, (d, opener) => this.openDeputy(d, opener)),
      this.figuresButton(district.number),
    ]);
  }

  private words(): void {
    this.heading.textContent = this.mineNumber === null ? pick(W.title) : say(W.mine, { number: this.mineNumber });
    this.hint.textContent = pick(this.mineNumber === null ? W.hint : W.mineHint);
    this.positionButton.textContent = pick(W.position);
  }

  private openDeputy(deputy: Deputy, _opener: HTMLElement): void {
    void this.deputyDialog!.open(deputy.id, deputy.fullName);
  }

  private figuresButton(number: number): HTMLButtonElement {
    const button = el('button', { type: 'button', class: 'link-button' }, [say(W.figures, { number })]);
    button.addEventListener('click', () => void this.openFigures(number));
    return button;
  }

  private async openFigures(number: number): Promise<void> {
    replaceChildren(this.figuresDialog.body, []);
    this.figuresDialog.open(say(W.figures, { number }));
    try {
      replaceChildren(this.figuresDialog.body, [figuresView((await this.api!.figures(number)).figures)]);
    } catch (error) {
      replaceChildren(this.figuresDialog.body, [el('p', { role: 'alert' }, [say(W.failed, { message: (error as Error).message })])]);
    }
  }

  private async findAddress(address: AddressResult): Promise<void> {
    await this.findPoint(address.lon, address.lat, address.label);
  }

  private findPosition(): void {
    if (!('geolocation' in navigator)) return this.showMessage(say(W.noPosition, { message: '—' }));
    this.showMessage(pick(W.locating));
    navigator.geolocation.getCurrentPosition(
      (position) => void this.findPoint(position.coords.longitude, position.coords.latitude, pick(W.myPosition)),
      (error) => this.showMessage(say(W.noPosition, { message: error.message })),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  }

  private async findPoint(lon: number, lat: number, label: string): Promise<void> {
    let answer: PointAnswer;
    try {
      answer = await this.api!.point(lon, lat);
    } catch (error) {
      return this.showMessage(say(W.failed, { message: (error as Error).message }));
    }
    this.highlight.clear();
    this.highlight.addFeature(new Feature(new Point(fromLonLat([lon, lat]))));
    if (!answer.district) {
      this.centre([lon, lat]);
      return this.showMessage(answer.outside && answer.message ? pick(answer.message) : pick(W.gap));
    }
    this.showDistrict(answer.district, say(W.found, { address: label, number: answer.district.number }));
  }

  /** The district in the answer area, its boundary highlighted and in view. */
  private showDistrict(district: District, heading: string): void {
    if (district.geometry) {
      const format = new GeoJSON({ featureProjection: 'EPSG:3857' });
      this.highlight.getFeatures().filter((f) => f.getGeometry()?.getType() !== 'Point').forEach((f) => this.highlight.removeFeature(f));
      this.highlight.addFeature(format.readFeature({ type: 'Feature', geometry: district.geometry, properties: {} }) as Feature);
      const extent = this.highlight.getExtent()!;
      this.host!.map.getView().fit(extent, { padding: [24, 24, 24, 24], maxZoom: 17, duration: matchMedia('(prefers-reduced-motion: reduce)').matches ? 0 : 250 });
    }
    replaceChildren(this.answer, [
      el('h3', { class: 'deputy-answer-title' }, [heading]),
      // a council's own name for the district, not the generic "Виборчий округ № N" again
      district.nameUk && language() === 'uk' && !/^Виборчий округ № \d+$/.test(district.nameUk) ? el('p', {}, [district.nameUk]) : null,
      deputyCards(district.deputies, (d, opener) => this.openDeputy(d, opener)),
      this.figuresButton(district.number),
    ]);
    announce(heading);
    // on a phone the answer is below the map: bring its heading up, the district stays outlined above
    if (matchMedia('(max-width: 47.99rem)').matches) this.answer.scrollIntoView({ block: 'start', behavior: 'auto' });
  }

  private centre(lonLat: [number, number]): void {
    this.host!.map.getView().setCenter(fromLonLat(lonLat));
  }

  private showMessage(message: string): void {
    replaceChildren(this.answer, [el('p', { role: 'status' }, [message])]);
  }

  /** A signed-in deputy sees their own district rather than the resident's finder. */
  private async signedIn(isDeputy: boolean): Promise<void> {
    if (!isDeputy) {
      if (this.mineNumber !== null) {
        this.mineNumber = null;
        this.finder.hidden = false;
        this.highlight.clear();
        replaceChildren(this.answer, []);
        this.words();
      }
      return;
    }
    try {
      const mine = await this.api!.mine();
      if (!mine.district) return;
      this.mineNumber = mine.district.number;
      this.finder.hidden = true;
      this.words();
      this.highlight.clear();
      this.showDistrict(mine.district, say(W.district, { number: mine.district.number }));
      if (mine.figures) this.answer.append(figuresView(mine.figures));
    } catch {
      // not tied to a deputy record: the resident's finder stays
    }
  }
}
