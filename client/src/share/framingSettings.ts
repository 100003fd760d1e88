/**
 * The hromada admin's part of the share dialog: which sites may frame the hromada's maps (the
 * embed page's CSP frame-ancestors, server/embed/framing.ts). Checked here line by line with the
 * server's own rule (normalizeFrameAncestor), and again by the server, whose refusal names the line.
 */
import { normalizeFrameAncestor } from '../../../server/rules/embed.js';
import { ApiError, type Session } from '../auth/session.js';
import { el } from '../dom.js';
import { say } from '../i18n.js';
import { announce } from '../panels/status.js';
import { WORDS } from './words.js';

interface FramingSetting {
  frameAncestors: string[] | null;
  version: number;
}

export function framingSettings(session: Session): HTMLElement | null {
  if (!session.user?.roles.includes('admin')) return null;
  const any = el('input', { type: 'radio', name: 'share-framing', value: 'any', id: 'share-framing-any' });
  const listed = el('input', { type: 'radio', name: 'share-framing', value: 'listed', id: 'share-framing-listed' });
  const sites = el('textarea', { id: 'share-framing-sites', rows: 3, spellcheck: 'false', autocomplete: 'off', 'aria-describedby': 'share-framing-hint share-framing-error' });
  const error = el('p', { class: 'field-message', id: 'share-framing-error', 'aria-live': 'polite' });
  const save = el('button', { type: 'button', class: 'editor-button primary', id: 'share-framing-save' }, [say(WORDS.save)]);
  let version = 0;
  const fieldset = el('fieldset', { class: 'share-framing' }, [
    el('legend', {}, [say(WORDS.framingLegend)]),
    el('div', { class: 'field field-checkbox' }, [any, el('label', { for: any.id }, [say(WORDS.framingAny)])]),
    el('div', { class: 'field field-checkbox' }, [listed, el('label', { for: listed.id }, [say(WORDS.framingListed)])]),
    el('div', { class: 'field' }, [
      el('label', { for: sites.id }, [say(WORDS.framingSites)]), sites,
      el('p', { class: 'field-hint', id: 'share-framing-hint' }, [say(WORDS.framingHint)]), error,
    ]),
    el('div', { class: 'form-actions' }, [save]),
  ]);
  fieldset.setAttribute('aria-busy', 'true');
  sites.addEventListener('input', () => {
    listed.checked = true;
  });

  const show = (setting: FramingSetting) => {
    version = setting.version;
    any.checked = setting.frameAncestors === null;
    listed.checked = setting.frameAncestors !== null;
    sites.value = (setting.frameAncestors ?? []).join('\n');
    fieldset.removeAttribute('aria-busy');
  };
  void session.request<FramingSetting>('GET', '/api/embed/settings').then(show, () => undefined);

  save.addEventListener('click', async () => {
    error.textContent = '';
    sites.removeAttribute('aria-invalid');
    const lines = sites.value.split('\n').map((s) => s.trim()).filter(Boolean);
    const bad = lines.findIndex((line) => normalizeFrameAncestor(line) === null);
    if (listed.checked && bad !== -1) {
      error.textContent = say(WORDS.badSite, { n: bad + 1, site: lines[bad] });
      sites.setAttribute('aria-invalid', 'true');
      sites.focus();
      return;
    }
    save.disabled = true;
    try {
      show(await session.request<FramingSetting>('PUT', '/api/embed/settings', { frameAncestors: listed.checked ? lines : null, version }));
      announce(say(WORDS.saved));
    } catch (e) {
      error.textContent = e instanceof ApiError ? e.message : String(e);
      if (e instanceof ApiError && e.status === 409 && typeof e.problem.currentVersion === 'number') version = e.problem.currentVersion;
      sites.setAttribute('aria-invalid', 'true');
    } finally {
      save.disabled = false;
    }
  });
  return fieldset;
}
