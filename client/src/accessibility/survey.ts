/**
 * The surveyor's form for one entrance: the entrance checklist of ДБН В.2.2-40:2018 in the order a
 * surveyor walks it (approach, steps, ramp, door, call button, guidance), each yes/no item with a
 * third answer "не перевірено" (unknown is never saved as "no"), each measurement in its unit.
 * Saves through PATCH …/entrances/{id} with the row_version it was loaded at (a 409 shows who
 * changed it meanwhile), or POST …/entrances for a new one; the server regrades the facility.
 * Loaded only for signed-in surveyors (accessibility_editor) and admins.
 */
import { ApiError, type Session } from '../auth/session.js';
import { Dialog } from '../dialog.js';
import { el } from '../dom.js';
import { pick, say, t } from '../i18n.js';

type Item = [key: string, label: { uk: string; en: string }, kind: 'yesno' | 'number', unit?: string, step?: string];

/** The checklist, grouped as a surveyor meets it at the door. */
const CHECKLIST: [{ uk: string; en: string }, Item[]][] = [
  [{ uk: 'Сходинки', en: 'Steps' }, [
    ['level', { uk: 'Вхід на рівні землі, без сходинок', en: 'Level, no steps' }, 'yesno'],
    ['step_count', { uk: 'Кількість сходинок', en: 'Number of steps' }, 'number', '', '1'],
    ['step_height_cm', { uk: 'Висота сходинки', en: 'Step height' }, 'number', 'см', '0.5'],
  ]],
  [{ uk: 'Пандус', en: 'Ramp' }, [
    ['ramp', { uk: 'Є пандус', en: 'There is a ramp' }, 'yesno'],
    ['ramp_removable', { uk: 'Пандус знімний', en: 'The ramp is removable' }, 'yesno'],
    ['ramp_slope_pct', { uk: 'Ухил пандуса', en: 'Ramp slope' }, 'number', '%', '0.5'],
    ['ramp_width_cm', { uk: 'Ширина пандуса', en: 'Ramp width' }, 'number', 'см', '1'],
    ['ramp_handrails', { uk: 'Поручні з обох боків', en: 'Handrails on both sides' }, 'yesno'],
  ]],
  [{ uk: 'Двері', en: 'Door' }, [
    ['door_width_cm', { uk: 'Ширина дверей у просвіті', en: 'Clear door width' }, 'number', 'см', '1'],
    ['threshold_height_cm', { uk: 'Висота порога', en: 'Threshold height' }, 'number', 'см', '0.5'],
    ['automatic_door', { uk: 'Автоматичні двері', en: 'Automatic door' }, 'yesno'],
  ]],
  [{ uk: 'Виклик і орієнтування', en: 'Calling and guidance' }, [
    ['call_button', { uk: 'Кнопка виклику персоналу', en: 'Call button for staff' }, 'yesno'],
    ['call_button_height_cm', { uk: 'Висота кнопки від землі', en: 'Button height above ground' }, 'number', 'см', '1'],
    ['intercom', { uk: 'Домофон', en: 'Intercom' }, 'yesno'],
    ['tactile_guidance', { uk: 'Тактильні смуги до входу', en: 'Tactile guidance to the entrance' }, 'yesno'],
  ]],
];

const S = {
  survey: { uk: 'Обстежити вхід', en: 'Survey an entrance' },
  title: { uk: 'Обстеження входу: {name}', en: 'Entrance survey: {name}' },
  which: { uk: 'Вхід', en: 'Entrance' },
  newOne: { uk: 'Новий вхід', en: 'A new entrance' },
  main: { uk: 'головний', en: 'main' },
  unknown: { uk: 'не перевірено', en: 'not checked' },
  date: { uk: 'Дата обстеження', en: 'Survey date' },
  save: { uk: 'Зберегти', en: 'Save' },
  saved: { uk: 'Збережено. Оцінки перераховано.', en: 'Saved. The grades were recalculated.' },
  close: { uk: 'Закрити анкету', en: 'Close the survey' },
};

interface Entrance extends Record<string, unknown> { id: number; is_main: boolean; name: string | null; row_version: number }
interface FacilityRecord { id: number; name: string; entrances: Entrance[] }

export class SurveyForm {
  private readonly dialog = new Dialog('a11y-survey', () => say(S.close));

  constructor(private readonly session: Session, private readonly saved: (facilityId: number) => void) {}

  button(facilityId: string): HTMLElement {
    const button = el('button', { type: 'button', class: 'editor-button', id: 'a11y-survey' }, [say(S.survey)]);
    button.addEventListener('click', () => void this.open(facilityId));
    return el('div', { class: 'editor-card-actions' }, [button]);
  }

  private async open(facilityId: string, entranceId?: number): Promise<void> {
    const record = await this.session.request<FacilityRecord>('GET', `/api/accessibility/facilities/${encodeURIComponent(facilityId)}/record`);
    const entrance = record.entrances.find((e) => e.id === entranceId) ?? record.entrances[0] ?? null;
    const form = el('form', { class: 'a11y-survey-form', novalidate: true });
    const which = el('select', { id: 'survey-entrance' }, [
      ...record.entrances.map((e, i) => el('option', { value: String(e.id), selected: e.id === entrance?.id }, [`${e.name ?? `${say(S.which)} ${i + 1}`}${e.is_main ? ` (${say(S.main)})` : ''}`])),
      el('option', { value: 'new', selected: !entrance }, [say(S.newOne)]),
    ]);
    which.addEventListener('change', () => void this.open(facilityId, which.value === 'new' ? -1 : Number(which.value)));
    const status = el('p', { class: 'form-status', role: 'status' });
    const inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
    const current = entranceId === -1 ? null : entrance;
    const groups = CHECKLIST.map(([legend, items]) => el('fieldset', {}, [
      el('legend', {}, [pick(legend)]),
      ...items.map(([key, label, kind, unit, step]) => {
        const id = `survey-${key}`;
        const value = current?.[key];
        const input = kind === 'yesno'
          ? el('select', { id }, [
            el('option', { value: '', selected: value === null || value === undefined }, [say(S.unknown)]),
            el('option', { value: 'true', selected: value === true }, [t('yes')]),
            el('option', { value: 'false', selected: value === false }, [t('no')]),
          ])
          : el('input', { id, type: 'number', inputmode: 'decimal', min: '0', step: step ?? '1', value: value === null || value === undefined ? '' : String(value) });
        inputs.set(key, input);
        return el('div', { class: 'form-field' }, [el('label', { for: id }, [pick(label), unit ? `, ${unit}` : '']), input]);
      }),
    ]));
    const date = el('input', { id: 'survey-date', type: 'date', value: String(current?.surveyed_on ?? new Date().toISOString().slice(0, 10)) });
    const save = el('button', { type: 'submit', class: 'primary' }, [say(S.save)]);
    form.append(
      el('div', { class: 'form-field' }, [el('label', { for: 'survey-entrance' }, [say(S.which)]), which]),
      ...groups,
      el('div', { class: 'form-field' }, [el('label', { for: 'survey-date' }, [say(S.date)]), date]),
      status,
      el('div', { class: 'form-actions' }, [save]),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const body: Record<string, unknown> = { surveyed_on: date.value || null };
      for (const [key, input] of inputs) {
        const text = input.value.trim();
        body[key] = input instanceof HTMLSelectElement ? (text === '' ? null : text === 'true') : text === '' ? null : Number(text);
      }
      const path = `/api/accessibility/facilities/${record.id}/entrances`;
      const request = current
        ? this.session.request<FacilityRecord>('PATCH', `${path}/${current.id}`, { ...body, row_version: current.row_version })
        : this.session.request<FacilityRecord>('POST', path, { ...body, is_main: record.entrances.length === 0 });
      save.disabled = true;
      request.then((after) => {
        status.textContent = say(S.saved);
        this.saved(after.id);
        const kept = current?.id ?? after.entrances[after.entrances.length - 1]?.id;
        void this.open(String(after.id), kept);
      }).catch((error: unknown) => {
        status.textContent = error instanceof ApiError ? error.message : String(error);
        status.classList.add('form-error');
      }).finally(() => { save.disabled = false; });
    });
    this.dialog.body.replaceChildren(form);
    this.dialog.open(say(S.title, { name: record.name }), which);
  }
}
