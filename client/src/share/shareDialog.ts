/**
 * "Share and embed": the current view as a link, and as an <iframe> snippet for the council's site
 * — what it shows (this view, the whole hromada or one district; the open object; the controls;
 * the language), its size, and a title for screen readers — with a live preview of the very
 * snippet. The view, layers, object and filter come from the full map's URL (permalink.ts keeps it
 * in step with the map), so the snippet shows what the user sees.
 */
import {
  describeEmbed, embedSnippet, formatEmbedQuery, SNIPPET_LIMITS, type EmbedControl, type EmbedNames, type EmbedParams,
} from '../../../server/rules/embed.js';
import type { CatalogDocument } from '../catalog.js';
import { Dialog } from '../dialog.js';
import { el } from '../dom.js';
import { fetchFeature } from '../features/ogcItems.js';
import { featureTitle } from '../format.js';
import { language, pick, say, t, type Lang } from '../i18n.js';
import { announce } from '../panels/status.js';
import { parseHash } from '../permalink.js';
import { WORDS } from './words.js';

/** The preview is drawn small: the dialog is narrower than most pages' columns. */
const PREVIEW_MAX_HEIGHT = 320;
/** Quiet time after typing before the preview reloads (each reload is a new embed page). */
const PREVIEW_DELAY_MS = 400;

let ids = 0;
const uid = (name: string) => `share-${name}-${++ids}`;

function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || uid('field');
  control.id = id;
  const hintId = hint ? `${id}-hint` : undefined;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return el('div', { class: 'field' }, [el('label', { for: id }, [label]), control, hint ? el('p', { class: 'field-hint', id: hintId }, [hint]) : null]);
}

function checkbox(label: string, checked: boolean, name: string): { box: HTMLInputElement; row: HTMLElement } {
  const box = el('input', { type: 'checkbox', id: uid(name), name });
  box.checked = checked;
  return { box, row: el('div', { class: 'field field-checkbox' }, [box, el('label', { for: box.id }, [label])]) };
}

/** Copies a text field's value, with a fallback where the Clipboard API is not allowed (plain http). */
export async function copyText(input: HTMLInputElement | HTMLTextAreaElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(input.value);
    announce(say(WORDS.copied));
  } catch {
    input.select();
    announce(say(document.execCommand('copy') ? WORDS.copied : WORDS.copyFailed));
  }
}

export class ShareDialog {
  private readonly dialog = new Dialog('share-dialog', () => t('close'));
  private titleEdited = false;
  private previewTimer = 0;

  constructor(private readonly catalog: CatalogDocument, private readonly slug: string, private readonly extra: () => HTMLElement | null) {}

  private names(): EmbedNames {
    const m = this.catalog.municipality;
    return { hromada: { uk: m.nameUk, en: m.nameEn }, layers: Object.fromEntries(this.catalog.collections.map((c) => [c.id, c.title])) };
  }

  open(): void {
    const state = parseHash(location.hash);
    const filter = state.filter ?? null;
    const lang = language();
    this.titleEdited = false;

    const link = el('input', { type: 'text', readonly: true, id: uid('link') });
    link.value = location.href;
    const copyLink = el('button', { type: 'button', class: 'editor-button', id: 'share-copy-link' }, [say(WORDS.copyLink)]);
    copyLink.addEventListener('click', () => void copyText(link));

    // What to show
    const viewName = uid('view');
    const radio = (value: string, label: string, checked: boolean) => {
      const input = el('input', { type: 'radio', name: viewName, value, id: uid(`view-${value}`) });
      input.checked = checked;
      return { input, row: el('div', { class: 'field field-checkbox' }, [input, el('label', { for: input.id }, [label])]) };
    };
    const current = radio('current', say(WORDS.viewCurrent), true);
    const whole = radio('hromada', say(WORDS.viewHromada), false);
    const byDistrict = radio('district', say(WORDS.viewDistrict), false);
    const district = el('input', { type: 'number', min: 1, max: 9999, step: 1, inputmode: 'numeric', id: 'share-district' });
    const districtError = el('p', { class: 'field-message', id: 'share-district-error', 'aria-live': 'polite' });
    district.setAttribute('aria-describedby', districtError.id);
    district.addEventListener('input', () => {
      if (district.value) byDistrict.input.checked = true;
    });
    const feature = state.feature ?? null;
    const withFeature = feature ? checkbox(say(WORDS.withFeature, { name: `${feature.collection}/${feature.id}` }), true, 'feature') : null;
    /** The open object's name, once its record arrives: the title names it instead of its id. */
    let featureName: string | undefined;
    const layers = state.layers ?? null;
    const names = this.names();
    const layerList = (layers ?? this.catalog.collections.filter((c) => c.visibleByDefault).map((c) => c.id))
      .filter((id) => names.layers[id]).map((id) => pick(names.layers[id])).join(', ');

    // Controls, language, size, title
    const controls: [EmbedControl, ReturnType<typeof checkbox>][] = [
      ['zoom', checkbox(say(WORDS.controlZoom), true, 'zoom')],
      ['link', checkbox(say(WORDS.controlLink), true, 'link')],
      ['legend', checkbox(say(WORDS.controlLegend), false, 'legend')],
    ];
    const langSelect = el('select', { id: uid('lang') }, [el('option', { value: 'uk' }, ['Українська']), el('option', { value: 'en' }, ['English'])]);
    langSelect.value = lang;
    const width = el('input', { type: 'text', id: 'share-width', inputmode: 'numeric', autocomplete: 'off' });
    width.value = '100%';
    const height = el('input', { type: 'number', id: 'share-height', min: SNIPPET_LIMITS.minHeight, max: SNIPPET_LIMITS.maxHeight, step: 10 });
    height.value = '450';
    const sizeError = el('p', { class: 'field-message', id: 'share-size-error', 'aria-live': 'polite' });
    const title = el('input', { type: 'text', id: 'share-title', maxlength: 300 });
    title.addEventListener('input', () => {
      this.titleEdited = true;
    });
    const snippet = el('textarea', { id: 'share-snippet', readonly: true, rows: 5, spellcheck: 'false' });
    const copySnippet = el('button', { type: 'button', class: 'editor-button', id: 'share-copy-snippet' }, [say(WORDS.copySnippet)]);
    copySnippet.addEventListener('click', () => void copyText(snippet));
    const preview = el('iframe', { class: 'share-preview', id: 'share-preview' });

    const params = (): Partial<EmbedParams> | null => {
      const view = (document.querySelector<HTMLInputElement>(`input[name="${viewName}"]:checked`)?.value ?? 'current') as 'current' | 'hromada' | 'district';
      districtError.textContent = '';
      let districtNumber: number | null = null;
      if (view === 'district') {
        districtNumber = Number(district.value);
        if (!/^\d{1,4}$/.test(district.value) || districtNumber < 1) {
          districtError.textContent = say(WORDS.badDistrict);
          district.setAttribute('aria-invalid', 'true');
          return null;
        }
      }
      district.removeAttribute('aria-invalid');
      return {
        layers,
        view: view === 'current' && state.zoom !== undefined && state.center ? { zoom: state.zoom, center: state.center } : null,
        district: districtNumber,
        feature: withFeature?.box.checked ? feature : null,
        filter,
        lang: langSelect.value as Lang,
        controls: controls.filter(([, c]) => c.box.checked).map(([name]) => name),
      };
    };
    const size = (): { width: number | string; height: number } | null => {
      sizeError.textContent = '';
      const w = width.value.trim();
      const pct = /^(\d{2,3})%$/.exec(w);
      const okWidth = pct ? Number(pct[1]) >= 10 && Number(pct[1]) <= 100 : /^\d{3,4}$/.test(w) && Number(w) >= SNIPPET_LIMITS.minWidth && Number(w) <= SNIPPET_LIMITS.maxWidth;
      const h = Number(height.value);
      const okHeight = /^\d{3,4}$/.test(height.value) && h >= SNIPPET_LIMITS.minHeight && h <= SNIPPET_LIMITS.maxHeight;
      width.toggleAttribute('aria-invalid', !okWidth);
      height.toggleAttribute('aria-invalid', !okHeight);
      if (!okWidth || !okHeight) {
        sizeError.textContent = [okWidth ? '' : say(WORDS.badWidth), okHeight ? '' : say(WORDS.badHeight)].filter(Boolean).join('. ');
        return null;
      }
      return { width: pct ? w : Number(w), height: h };
    };
    width.setAttribute('aria-describedby', sizeError.id);
    height.setAttribute('aria-describedby', sizeError.id);

    const update = () => {
      const p = params();
      const s = size();
      if (!p || !s) return;
      if (!this.titleEdited) title.value = describeEmbed({ layers: p.layers ?? null, district: p.district ?? null, feature: p.feature ?? null, filter: p.filter ?? null }, names, p.lang ?? 'uk', featureName);
      const query = formatEmbedQuery(p);
      const src = `${location.origin}/${encodeURIComponent(this.slug)}/embed${query ? `?${query}` : ''}`;
      snippet.value = embedSnippet({ src, width: s.width, height: s.height, title: title.value.trim() || describeEmbed({ layers: null, district: null, feature: null, filter: null }, names, p.lang ?? 'uk') });
      preview.title = say(WORDS.previewTitle, { title: title.value });
      preview.height = String(Math.min(s.height, PREVIEW_MAX_HEIGHT));
      window.clearTimeout(this.previewTimer);
      this.previewTimer = window.setTimeout(() => {
        if (preview.getAttribute('src') !== src) preview.src = src;
      }, PREVIEW_DELAY_MS);
    };

    const body = el('div', { class: 'share' }, [
      field(say(WORDS.linkLabel), link),
      el('div', { class: 'form-actions' }, [copyLink]),
      el('fieldset', {}, [
        el('legend', {}, [say(WORDS.embedLegend)]),
        el('fieldset', {}, [
          el('legend', {}, [say(WORDS.whatLegend)]),
          current.row, whole.row, byDistrict.row,
          el('div', { class: 'field share-district' }, [el('label', { for: district.id }, [say(WORDS.districtNumber)]), district, districtError]),
          withFeature?.row ?? null,
          el('p', { class: 'field-hint' }, [say(WORDS.layersNow, { list: layerList || '—' })]),
          filter ? el('p', { class: 'field-hint' }, [say(WORDS.filterNow, { filter })]) : null,
        ]),
        el('fieldset', {}, [el('legend', {}, [say(WORDS.controlsLegend)]), ...controls.map(([, c]) => c.row)]),
        field(say(WORDS.language), langSelect),
        el('div', { class: 'share-size' }, [field(say(WORDS.width), width), field(say(WORDS.height), height)]),
        sizeError,
        field(say(WORDS.frameTitle), title, say(WORDS.frameTitleHint)),
        field(say(WORDS.snippet), snippet),
        el('div', { class: 'form-actions' }, [copySnippet]),
        el('h3', { class: 'share-preview-title' }, [say(WORDS.preview)]),
        preview,
      ]),
      this.extra(),
    ]);
    body.addEventListener('input', update);
    body.addEventListener('change', update);
    this.dialog.body.replaceChildren(body);
    update();
    const collection = feature && this.catalog.collections.find((c) => c.id === feature.collection);
    if (feature && collection && withFeature) {
      void fetchFeature(collection, feature.id).then((record) => {
        const address = typeof record.properties.address === 'string' ? record.properties.address : '';
        featureName = [featureTitle(collection, record.properties, feature.id, lang), address].filter(Boolean).join(', ');
        withFeature.row.querySelector('label')!.textContent = say(WORDS.withFeature, { name: featureName });
        update();
      }, () => undefined);
    }
    this.dialog.open(say(WORDS.title), link);
    link.select();
  }
}
