/**
 * The architecture department's editor mode on the map, for registry editors only: add an object
 * by a click (a point) or by drawing its footprint, move one by dragging, and, on an open card,
 * edit, dismantle, attach a permit, a payment or a photo, and read the history. The server is the
 * judge of every write (role, CSRF, fields, row_version); this module shows its answers. After a
 * save `onSaved` lets the map refresh its registry tiles and open the object's card.
 */
import Collection from 'ol/Collection.js';
import Feature from 'ol/Feature.js';
import type OlMap from 'ol/Map.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import type Geometry from 'ol/geom/Geometry.js';
import Point from 'ol/geom/Point.js';
import Draw from 'ol/interaction/Draw.js';
import Modify from 'ol/interaction/Modify.js';
import Translate from 'ol/interaction/Translate.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import CircleStyle from 'ol/style/Circle.js';
import Fill from 'ol/style/Fill.js';
import Stroke from 'ol/style/Stroke.js';
import Style from 'ol/style/Style.js';
import { ApiError, type Session } from '../auth/session.js';
import type { Text } from '../catalog.js';
import { Dialog } from '../dialog.js';
import { el, replaceChildren } from '../dom.js';
import { onLanguageChange, pick, say } from '../i18n.js';
import { announce } from '../panels/status.js';
import { RegistryApi, type GeoJsonGeometry, type ObjectRecord } from './api.js';
import { conflictView } from './conflictView.js';
import { PAYMENT_FIELDS, PERMIT_FIELDS } from '../../../server/rules/registry.js';
import { checks, FieldSet, ruleField, type FieldSpec } from './fields.js';
import { FIELD_LABELS as L, M } from './messages.js';
import { ImportUpload } from './importUpload.js';
import { ObjectForm } from './objectForm.js';
import { openFormDialog } from './formDialog.js';
import { historyList } from './historyView.js';
import { R, RecordEditors } from './recordEditors.js';

type Mode = 'idle' | 'point' | 'polygon' | 'move';

const format = new GeoJSON({ dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });
/** Sketches (a point being placed, a footprint being drawn, an object being moved) in the brand colour. */
const SKETCH = new Style({
  image: new CircleStyle({ radius: 8, fill: new Fill({ color: '#0b57d0' }), stroke: new Stroke({ color: '#ffffff', width: 2 }) }),
  stroke: new Stroke({ color: '#0b57d0', width: 3 }),
  fill: new Fill({ color: 'rgba(11, 87, 208, 0.2)' }),
});

/** OpenLayers' singleclick delay (250 ms) and a margin. */
const SKETCH_CLICK_MS = 600;

/** A keyboard step when moving an object: small enough to place it within a metre at street zoom. */
const NUDGE_PX = 5;

const today = () => new Date().toISOString().slice(0, 10);

export class RegistryEditor {
  private mode: Mode = 'idle';
  private readonly api: RegistryApi;
  private readonly dialog: Dialog;
  private readonly form: ObjectForm;
  private readonly records: RecordEditors;
  private readonly sketch = new VectorSource();
  private readonly layer = new VectorLayer({ source: this.sketch, style: SKETCH, zIndex: 100 });
  private interactions: (Draw | Translate | Modify)[] = [];
  private moving: ObjectRecord | null = null;
  /**
   * Until when the map's next 'singleclick' still belongs to the sketch just finished: OpenLayers
   * sends it 250 ms after the click that closed the footprint, by when a quick editor may have
   * saved already, and the map would take it for a click on nothing and close the new card.
   */
  private sketchClickUntil = 0;

  constructor(
    private readonly map: OlMap,
    private readonly session: Session,
    private readonly bar: HTMLElement,
    /** After a write: the record saved, or null after an import of many. */
    private readonly onSaved: (record: ObjectRecord | null) => void,
  ) {
    this.api = new RegistryApi(session);
    this.dialog = new Dialog('editor-dialog', () => pick(M.close));
    this.form = new ObjectForm(this.dialog, this.api, (record) => this.saved(record));
    this.records = new RecordEditors(this.dialog, this.api, (objectId) => void this.api.record(objectId).then((record) => this.saved(record)));
    this.layer.set('id', 'editor-sketch');
    map.addLayer(this.layer);
    map.on('singleclick', (event) => {
      if (this.mode === 'point') this.placePoint(event.coordinate);
    });
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.mode !== 'idle' && !this.dialog.isOpen) this.stop();
    });
    session.onChange(() => {
      this.stop();
      this.renderBar();
    });
    onLanguageChange(() => this.renderBar());
    this.renderBar();
  }

  /** True while a click on the map belongs to the editor (placing, drawing, moving). */
  get busy(): boolean {
    return this.mode !== 'idle' || this.dialog.isOpen || Date.now() < this.sketchClickUntil;
  }

  get enabled(): boolean {
    return this.session.canEditRegistry;
  }

  private renderBar(): void {
    this.bar.hidden = !this.enabled;
    if (!this.enabled) return replaceChildren(this.bar, []);
    const heading = el('h2', { id: 'editor-title' }, [pick(M.editorBar)]);
    if (this.mode === 'idle') {
      replaceChildren(this.bar, [heading, el('div', { class: 'editor-actions' }, [
        this.button('add-point', pick(M.addPoint), () => this.start('point')),
        this.button('add-footprint', pick(M.addFootprint), () => this.start('polygon')),
        this.button('import-csv', pick(M.importCsv), () => new ImportUpload(this.session, this.dialog, () => this.onSaved(null)).open()),
      ])]);
      return;
    }
    const hint = this.mode === 'point' ? M.placeHint : this.mode === 'polygon' ? M.drawHint
      : this.moving && this.moving.geometry.type !== 'Point' ? M.moveFootprintHint : M.moveHint;
    replaceChildren(this.bar, [heading, el('p', { class: 'editor-hint', id: 'editor-hint' }, [pick(hint)]), el('div', { class: 'editor-actions' }, [
      this.mode === 'point' ? this.button('place-centre', pick(M.placeAtCentre), () => this.placePoint(this.map.getView().getCenter()!)) : null,
      ...(this.mode === 'move' ? this.nudgeButtons() : []),
      this.mode === 'move' ? this.button('save-position', pick(M.savePosition), () => void this.savePosition()) : null,
      this.button('cancel-edit', pick(M.cancel), () => this.stop()),
    ])]);
  }

  private button(id: string, label: string, onClick: () => void): HTMLButtonElement {
    const b = el('button', { type: 'button', id, class: 'editor-button' }, [label]);
    b.addEventListener('click', onClick);
    return b;
  }

  private start(mode: Mode): void {
    this.stop();
    this.mode = mode;
    if (mode === 'polygon') {
      const draw = new Draw({ source: this.sketch, type: 'Polygon', style: SKETCH });
      draw.on('drawend', (event) => {
        this.sketchClickUntil = Date.now() + SKETCH_CLICK_MS;
        const geometry = format.writeGeometryObject(event.feature.getGeometry()!, { decimals: 7 }) as GeoJsonGeometry;
        this.openNew(geometry);
      });
      this.setInteraction(draw);
    }
    this.renderBar();
    announce(pick(mode === 'point' ? M.placeHint : M.drawHint));
    this.bar.querySelector<HTMLElement>('.editor-button')?.focus();
  }

  /** The map's editing interactions, in order: a later one sees a pointer first. */
  private setInteraction(...interactions: (Draw | Translate | Modify | null)[]): void {
    for (const i of this.interactions) this.map.removeInteraction(i);
    this.interactions = interactions.filter((i): i is Draw | Translate | Modify => i !== null);
    for (const i of this.interactions) this.map.addInteraction(i);
  }

  /** Back to idle: sketches and interactions gone. */
  stop(): void {
    this.setInteraction(null);
    this.sketch.clear();
    this.moving = null;
    if (this.mode === 'idle') return;
    this.mode = 'idle';
    this.renderBar();
  }

  private placePoint(coordinate: number[]): void {
    this.sketch.clear();
    const point = new Point(coordinate);
    this.sketch.addFeature(new Feature(point));
    this.openNew(format.writeGeometryObject(point, { decimals: 7 }) as GeoJsonGeometry);
  }

  private openNew(geometry: GeoJsonGeometry): void {
    this.dialog.onNextClose(() => this.stop());
    void this.form.open({ mode: 'create', geometry });
  }

  private saved(record: ObjectRecord): void {
    this.stop();
    announce(say(M.saved, { id: record.id }));
    this.onSaved(record);
  }

  /** The editor's buttons for an open card of a registry object (empty for anyone else). */
  actionsFor(id: string): HTMLElement | null {
    if (!this.enabled) return null;
    const objectId = Number(id);
    const load = (then: (record: ObjectRecord) => void) => () => {
      this.api.record(objectId).then(then, (error: unknown) => announce(String((error as Error).message)));
    };
    return el('div', { class: 'editor-card-actions', role: 'group', 'aria-label': pick(M.actions) }, [
      this.button('edit-object', pick(M.edit), load((record) => {
        this.dialog.onNextClose(() => this.stop());
        void this.form.open({ mode: 'edit', record });
      })),
      this.button('move-object', pick(M.move), load((record) => this.startMove(record))),
      this.button('edit-owner', pick(R.editOwner), () => void this.records.owner(objectId)),
      this.button('add-permit', pick(M.addPermit), () => this.permitDialog(objectId)),
      this.button('edit-permits', pick(R.permits), () => void this.records.permits(objectId)),
      this.button('add-payment', pick(M.addPayment), () => this.paymentDialog(objectId)),
      this.button('edit-payments', pick(R.payments), () => void this.records.payments(objectId)),
      this.button('add-photo', pick(M.addPhoto), () => this.photoDialog(objectId)),
      this.button('dismantle-object', pick(M.dismantle), load((record) => this.dismantleDialog(record))),
      this.button('object-history', pick(M.history), () => void this.showHistory(objectId)),
    ]);
  }

  // -------------------------------------------------------------------------------------------
  // Moving

  private startMove(record: ObjectRecord): void {
    this.stop();
    this.mode = 'move';
    this.moving = record;
    const feature = format.readFeature({ type: 'Feature', geometry: record.geometry, properties: {} }) as Feature<Geometry>;
    this.sketch.addFeature(feature);
    const features = new Collection([feature]);
    // A footprint's vertices move one by one (Modify, checked first: a press near a vertex or an
    // edge drags that vertex, or adds one on the edge); a press inside drags the whole (Translate).
    const footprint = record.geometry.type !== 'Point';
    this.setInteraction(
      new Translate({ features, hitTolerance: 8 }),
      footprint ? new Modify({ features, pixelTolerance: 10, style: SKETCH }) : null,
    );
    this.renderBar();
    announce(pick(footprint ? M.moveFootprintHint : M.moveHint));
    this.bar.querySelector<HTMLElement>('#save-position')?.focus();
  }

  /** Moving without a pointer: each press shifts the object by NUDGE_PX screen pixels. */
  private nudgeButtons(): HTMLButtonElement[] {
    const steps: [string, Text, number, number][] = [
      ['nudge-north', M.nudgeNorth, 0, 1], ['nudge-south', M.nudgeSouth, 0, -1], ['nudge-west', M.nudgeWest, -1, 0], ['nudge-east', M.nudgeEast, 1, 0],
    ];
    return steps.map(([id, label, dx, dy]) => this.button(id, pick(label), () => {
      const step = NUDGE_PX * (this.map.getView().getResolution() ?? 1);
      this.sketch.getFeatures()[0]?.getGeometry()?.translate(dx * step, dy * step);
    }));
  }

  private async savePosition(over?: ObjectRecord): Promise<void> {
    const record = over ?? this.moving;
    const feature = this.sketch.getFeatures()[0];
    if (!record || !feature) return;
    const geometry = format.writeGeometryObject(feature.getGeometry()!, { decimals: 7 });
    try {
      const saved = await this.api.update(record.id, record.row_version, { geometry });
      this.saved(saved);
    } catch (error) {
      this.refusal(error, say(M.editObject, { id: record.id }), (current) => void this.savePosition(current));
    }
  }

  /** A refused write in the dialog: a conflict with its changes and a way on, else the message. */
  private refusal(error: unknown, title: string, reapply?: (current: ObjectRecord) => void): void {
    const problem = error instanceof ApiError ? error.problem : { detail: String((error as Error).message) };
    const nodes: (HTMLElement | null)[] = error instanceof ApiError && error.status === 409 && problem.changes
      ? [
          el('div', { class: 'conflict', role: 'alert' }, conflictView(problem)),
          el('p', {}, [pick(M.conflictNote)]),
          el('div', { class: 'form-actions' }, [
            this.button('conflict-reload', pick(M.reload), () => {
              this.dialog.close();
              this.stop();
              this.onSaved(problem.current as ObjectRecord);
            }),
            reapply ? this.button('conflict-reapply', pick(M.reapply), () => {
              this.dialog.close();
              reapply(problem.current as ObjectRecord);
            }) : null,
          ]),
        ]
      : [el('p', { class: 'form-error', role: 'alert' }, [say(M.failed, { message: String(problem.detail ?? '') })])];
    replaceChildren(this.dialog.body, nodes);
    this.dialog.open(title);
  }

  // -------------------------------------------------------------------------------------------
  // Dismantling, permits, payments, photos, history

  private dismantleDialog(record: ObjectRecord): void {
    const fields = new FieldSet('dismantle', [{ name: 'dismantled_on', label: M.dismantledOn, kind: 'date', required: true }]);
    fields.setValue('dismantled_on', today());
    this.formDialog(say(M.dismantleTitle, { id: record.id }), [el('p', {}, [pick(M.dismantleConfirm)])], fields, pick(M.confirmDismantle),
      () => this.api.dismantle(record.id, record.row_version, fields.raw('dismantled_on')));
  }

  private permitDialog(objectId: number): void {
    const spec = (name: keyof typeof PERMIT_FIELDS, extra: Partial<FieldSpec> = {}) => ruleField(name, PERMIT_FIELDS[name], { label: L[`permit_${name}`], ...extra });
    const fields = new FieldSet('permit', [
      spec('number', { required: true }),
      spec('issued_on'),
      spec('valid_from'),
      spec('valid_until', { check: checks.notBefore('valid_from', L.permit_valid_from) }),
      spec('decision'),
    ]);
    this.formDialog(pick(M.addPermit), [], fields, pick(M.save), () => this.api.addPermit(objectId, { kind: 'permit', ...nonEmpty(fields.values()) }), objectId);
  }

  private paymentDialog(objectId: number): void {
    const fields = new FieldSet('payment', [
      ruleField('amount_uah', PAYMENT_FIELDS.amount_uah, { label: L.amount_uah, required: true }),
      ruleField('paid_on', PAYMENT_FIELDS.paid_on, { label: L.paid_on, required: true }),
      ruleField('period_from', PAYMENT_FIELDS.period_from, { label: L.period_from }),
      ruleField('period_to', PAYMENT_FIELDS.period_to, { label: L.period_to, check: checks.notBefore('period_from', L.period_from) }),
      ruleField('document', PAYMENT_FIELDS.document, { label: L.document }),
    ]);
    fields.setValue('paid_on', today());
    this.formDialog(pick(M.addPayment), [], fields, pick(M.save), () => this.api.addPayment(objectId, nonEmpty(fields.values())), objectId);
  }

  private photoDialog(objectId: number): void {
    const file = el('input', { id: 'photo-file', type: 'file', accept: 'image/jpeg,image/png,image/webp', required: true });
    const fields = new FieldSet('photo', [{ name: 'caption', label: L.caption, kind: 'text', required: true, maxLength: 500 }]);
    const picker = el('div', { class: 'field' }, [el('label', { for: file.id }, [pick(L.photo)]), file]);
    this.formDialog(pick(M.addPhoto), [picker], fields, pick(M.save), () => {
      const chosen = file.files?.[0];
      if (!chosen) return Promise.reject(new Error(pick(L.photo)));
      return this.api.addPhoto(objectId, chosen, fields.raw('caption'));
    }, objectId);
  }

  /** A dialog with a FieldSet and one submit; a refusal's fields are marked, a success refreshes. */
  private formDialog(title: string, intro: HTMLElement[], fields: FieldSet, submitLabel: string, send: () => Promise<unknown>, objectId?: number): void {
    openFormDialog(this.dialog, {
      title, intro, fields, submitLabel, send,
      done: async (result) => {
        this.dialog.close();
        const record = result && typeof result === 'object' && 'row_version' in result ? (result as ObjectRecord) : await this.api.record(objectId!);
        this.saved(record);
      },
      conflict: (error) => this.refusal(error, title),
    });
  }

  private async showHistory(objectId: number): Promise<void> {
    replaceChildren(this.dialog.body, [el('p', {}, [pick(M.loading)])]);
    this.dialog.open(say(M.historyTitle, { id: objectId }));
    try {
      const entries = await this.api.history(objectId);
      replaceChildren(this.dialog.body, entries.length === 0 ? [el('p', {}, [pick(M.historyEmpty)])] : [historyList(entries)]);
    } catch (error) {
      replaceChildren(this.dialog.body, [el('p', { role: 'alert' }, [String((error as Error).message)])]);
    }
  }
}

function nonEmpty(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== ''));
}
