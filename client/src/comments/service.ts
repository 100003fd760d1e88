/**
 * Residents' comments as a map service. On every card of any layer: "Залишити звернення" and the
 * object's comments. On a comment's own card: its text, answer (with a link to the registry object
 * it acted on), history, and "support" / "still not fixed". In the sidebar: a comment at a point
 * picked on the map, the public figures (response times), for staff the queue and for admins the
 * topics' editor. A private link (#follow=<token>) opens the author's page.
 */
import { toLonLat } from 'ol/proj.js';
import type { CatalogCollection } from '../catalog.js';
import { el } from '../dom.js';
import { onLanguageChange, pick } from '../i18n.js';
import { announce } from '../panels/status.js';
import type { CardSection, MapService, ServiceHost } from '../services/mapService.js';
import { setWriteToDeputy } from '../districts/hooks.js';
import { CommentsApi, type PublicComment } from './api.js';
import { CommentForm } from './commentForm.js';
import { FollowDialog, stepList } from './followDialog.js';
import { CategoriesDialog } from './categoriesDialog.js';
import { FiguresDialog } from './figuresDialog.js';
import { QueueDialog } from './queueDialog.js';
import { say, statusWord, W } from './words.js';

const STAFF = ['moderator', 'official', 'deputy', 'admin'];
/** Layers whose features are not objects one comments on. */
const NOT_OBJECTS = new Set(['comments', 'boundary', 'addresses']);

/** A point of a GeoJSON geometry (its first position), to look for similar comments around. */
function firstPosition(coordinates: unknown): [number, number] | null {
  if (Array.isArray(coordinates) && typeof coordinates[0] === 'number') return [coordinates[0], coordinates[1] as number];
  return Array.isArray(coordinates) && coordinates.length ? firstPosition(coordinates[0]) : null;
}

export class CommentsService implements MapService {
  readonly id = 'comments';
  readonly groups = ['comments'] as const;
  private host: ServiceHost | null = null;
  private api: CommentsApi | null = null;
  private form: CommentForm | null = null;
  private placing = false;

  mount(host: ServiceHost): void {
    this.host = host;
    const api = (this.api = new CommentsApi(host.session));
    const slug = host.session.municipality;
    this.form = new CommentForm(api, (token) => `${location.origin}/${encodeURIComponent(slug)}/#follow=${token}`);
    // "Write to the deputy" on a deputy's page: a comment on their district, which lands in the
    // queue that the district's deputies see (and answer) when they sign in.
    setWriteToDeputy((to) => {
      if (to.districtId === null) return;
      void this.form!.open({ lon: 0, lat: 0, target: { collection: 'districts', id: to.districtId, title: to.fullName }, heading: say(W.toDeputy, { name: to.fullName }) });
    });
    const follow = new FollowDialog(api);
    const queue = new QueueDialog(api, () => host.refresh(['comments']), (entry) => {
      if (entry.status !== 'new' && entry.status !== 'rejected') host.showFeature('comments', String(entry.id), { at: [entry.lon, entry.lat] });
    });

    const here = el('button', { type: 'button', id: 'comment-here', class: 'editor-button' }, [pick(W.leaveHere)]);
    here.addEventListener('click', () => {
      this.placing = true;
      host.map.getTargetElement()?.classList.add('placing');
      announce(pick(W.pickPoint));
      host.map.getTargetElement()?.focus();
    });
    const openQueue = el('button', { type: 'button', id: 'comment-queue', class: 'editor-button', hidden: true }, [pick(W.queue)]);
    openQueue.addEventListener('click', () => void queue.open());
    const figures = new FiguresDialog(api);
    const openFigures = el('button', { type: 'button', id: 'comment-figures', class: 'editor-button' }, [pick(W.figures)]);
    openFigures.addEventListener('click', () => void figures.open());
    const categories = new CategoriesDialog(api, () => host.refresh(['comments']));
    const openCategories = el('button', { type: 'button', id: 'comment-categories', class: 'editor-button', hidden: true }, [pick(W.categories)]);
    openCategories.addEventListener('click', () => void categories.open());
    host.tools.append(el('div', { class: 'comment-tools' }, [here, openFigures, openQueue, openCategories]));
    onLanguageChange(() => {
      here.textContent = pick(W.leaveHere);
      openQueue.textContent = pick(W.queue);
      openFigures.textContent = pick(W.figures);
      openCategories.textContent = pick(W.categories);
    });
    host.session.onChange((user) => {
      openQueue.hidden = !user || !user.roles.some((r) => STAFF.includes(r));
      openCategories.hidden = !user || !user.roles.includes('admin');
    });

    host.map.on('singleclick', (event) => {
      if (!this.placing) return;
      this.stopPlacing();
      const [lon, lat] = toLonLat(event.coordinate);
      void this.form!.open({ lon, lat });
    });
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.placing) this.stopPlacing();
    });

    // The private link: taken from the address bar at once, kept only in memory.
    const token = new URLSearchParams(location.hash.replace(/^#/, '')).get('follow');
    if (token) {
      history.replaceState(history.state, '', location.pathname + location.search);
      void follow.open(token);
    }
  }

  holdsPointer(): boolean {
    return this.placing;
  }

  private stopPlacing(): void {
    this.placing = false;
    this.host?.map.getTargetElement()?.classList.remove('placing');
  }

  anyCardActions(collection: CatalogCollection, id: string): HTMLElement | null {
    if (NOT_OBJECTS.has(collection.id) || !/^\d+$/.test(id)) return null;
    const button = el('button', { type: 'button', class: 'editor-button comment-leave' }, [pick(W.leave)]);
    button.addEventListener('click', async () => {
      const item = await fetch(`/${encodeURIComponent(this.host!.session.municipality)}/ogc/collections/${encodeURIComponent(collection.id)}/items/${encodeURIComponent(id)}?f=json`)
        .then((r) => r.json() as Promise<{ geometry?: { coordinates?: unknown } }>).catch(() => ({ geometry: undefined }));
      const [lon, lat] = firstPosition(item.geometry?.coordinates) ?? [0, 0];
      const title = document.querySelector('#feature-panel h2')?.textContent ?? `${pick(collection.title)} №${id}`;
      void this.form!.open({ lon, lat, target: { collection: collection.id, id: Number(id), title } });
    });
    return el('div', { class: 'comment-card-actions' }, [button]);
  }

  async anyCardSection(collection: CatalogCollection, id: string): Promise<CardSection | null> {
    if (NOT_OBJECTS.has(collection.id) || !/^\d+$/.test(id) || !this.api) return null;
    const comments = await this.api.on(collection.id, id);
    return () => el('section', { class: 'comment-section', 'aria-label': pick(W.comments) }, [
      el('h3', {}, [pick(W.comments)]),
      comments.length === 0 ? el('p', {}, [pick(W.noComments)]) : el('ul', { class: 'comment-list' }, comments.map((c) => {
        const open = el('button', { type: 'button', class: 'link-button' }, [`№${c.id}`]);
        open.addEventListener('click', () => this.host?.showFeature('comments', String(c.id), { at: [c.lon, c.lat], opener: open }));
        return el('li', {}, [open, ` · ${statusWord(c.status)} · `, el('span', { class: 'comment-body' }, [c.body]),
          c.answer ? el('p', { class: 'comment-answer' }, [`${pick(W.answer)}: `, c.answer]) : null]);
      })),
    ]);
  }

  async cardSection(_collection: CatalogCollection, id: string): Promise<CardSection | null> {
    if (!this.api) return null;
    const comment = await this.api.comment(id);
    return () => this.commentDetails(comment);
  }

  private commentDetails(c: PublicComment): HTMLElement {
    const count = el('span', {}, [say(W.supporters, { n: c.supporters })]);
    const support = el('button', { type: 'button', class: 'editor-button' }, [pick(W.support)]);
    support.addEventListener('click', async () => {
      const result = await this.api!.support(c.id, 'support');
      count.textContent = say(W.supporters, { n: result.count });
      support.disabled = true;
      announce(count.textContent);
    });
    const notFixed = el('button', { type: 'button', class: 'editor-button' }, [pick(W.stillNotFixed)]);
    notFixed.addEventListener('click', async () => {
      const result = await this.api!.support(c.id, 'still-not-fixed');
      notFixed.disabled = true;
      announce(result.reopened ? statusWord('disputed') : pick(W.stillNotFixed));
      if (result.reopened) this.host?.refresh(['comments']);
    });
    const link = c.answerLink;
    const linkButton = link ? el('button', { type: 'button', class: 'link-button' }, [`${pick(W.answerLink)} №${link.id}`]) : null;
    linkButton?.addEventListener('click', () => this.host?.showFeature(link!.collection, String(link!.id), { opener: linkButton }));
    const canSupport = ['published', 'in_progress', 'disputed', 'resolved'].includes(c.status);
    const canDispute = ['resolved', 'confirmed'].includes(c.status);
    return el('section', { class: 'comment-details' }, [
      el('p', { class: 'comment-body' }, [c.body]),
      el('p', {}, [`${c.authorName} · `, count, c.overdue ? ` · ${pick(W.overdue)}` : '']),
      c.photos.length ? el('p', { class: 'comment-photos' }, c.photos.map((p) => el('a', { href: this.api!.photoUrl(p), target: '_blank', rel: 'noopener' }, [
        el('img', { src: this.api!.photoUrl(p, true), alt: say(W.photo, { id: c.id }), loading: 'lazy' }),
      ]))) : null,
      c.answer ? el('p', { class: 'comment-answer' }, [`${pick(W.answer)}: `, c.answer]) : null,
      linkButton ? el('p', {}, [linkButton]) : null,
      stepList(c.steps),
      el('div', { class: 'form-actions' }, [canSupport ? support : null, canDispute ? notFixed : null]),
    ]);
  }
}
