/**
 * How a service (the registry now; accessibility, districts, comments and embedding next) plugs
 * into the map. The map host knows the catalog's layers, the card, the list and the URL; a service
 * knows its own data and dialogs. The host asks a service only about features of the catalog
 * groups it serves, and a service reaches the map only through the ServiceHost it is mounted on.
 */
import type OlMap from 'ol/Map.js';
import type { Session } from '../auth/session.js';
import type { CatalogCollection, CatalogDocument, GroupId } from '../catalog.js';
import type { LayerFilters } from '../map/layerFilter.js';

/** A part of a feature's card a service adds below the catalog's properties, drawn again when the language changes. */
export type CardSection = () => HTMLElement | null;

export interface MapService {
  readonly id: string;
  /** The catalog groups whose features' cards, clicks and tiles are this service's business. */
  readonly groups: readonly GroupId[];
  /** Once, before the first card opens: put the service's tools and dialogs in place. */
  mount(host: ServiceHost): void;
  /** More about a feature than its catalog properties (fetched when its card opens), or null. */
  cardSection?(collection: CatalogCollection, id: string, signal: AbortSignal): Promise<CardSection | null>;
  /** What the signed-in user may do with the feature (buttons on its card), or null. Asked again on host.cardChanged(). */
  cardActions?(collection: CatalogCollection, id: string): HTMLElement | null;
  /**
   * What the service offers on the card of a feature of ANY layer, not only its own groups
   * ("Залишити звернення" on a kiosk's card): buttons below the owner's actions, or null.
   */
  anyCardActions?(collection: CatalogCollection, id: string): HTMLElement | null;
  /** A section the service adds to the card of a feature of any layer (the object's comments), or null. */
  anyCardSection?(collection: CatalogCollection, id: string, signal: AbortSignal): Promise<CardSection | null>;
  /** True while a click on the map or Esc belongs to the service (an editor placing or drawing). */
  holdsPointer?(): boolean;
  /** The service's parameters in the map's URL (`need=wheelchair`); asked on every settled change. */
  urlState?(): Record<string, string>;
  /** The URL's parameters, at start (before mount) and after back/forward; each service reads its own. */
  applyUrlState?(extras: Record<string, string>): void;
  /** How a feature of the service's groups reads in the text list: its marker and a line after its title, or null for the default. */
  listEntry?(collection: CatalogCollection, properties: Record<string, unknown>): { marker: HTMLElement; detail: string } | null;
}

/** How to bring a feature to the user: centred on a known place, or fitted once its geometry is loaded. */
export interface ShowFeature {
  /** [lon, lat] of a point on the feature: the map zooms in until it is drawn by itself there. */
  at?: [number, number];
  /** Where focus goes back when the card closes (default: the map). */
  opener?: HTMLElement;
}

export interface ServiceHost {
  readonly catalog: CatalogDocument;
  readonly session: Session;
  /** The OpenLayers map, for services that draw or edit on it. */
  readonly map: OlMap;
  /** The sidebar's place for the services' tools (buttons that open their dialogs, editor bars), in mounting order. */
  readonly tools: HTMLElement;
  /** Opens the card of a feature, its layer switched on, and brings it into sight. */
  showFeature(collectionId: string, id: string, how?: ShowFeature): void;
  /** Fetches these collections' tiles again after a write: the map shows the change at once. */
  refresh(collectionIds: readonly string[]): void;
  /** The service's card actions changed (a sign-in, an editor loaded): the open card asks again. */
  cardChanged(): void;
  /** The service's look of its features changed (a resident chose another need): the list is drawn again and the URL recorded. */
  presentationChanged(): void;
  /** What each layer draws; read it, or listen with `filters.onChange`. */
  readonly filters: LayerFilters;
  /** Limits a layer to features whose `property` is one of `values` (null: no limit); the URL, legend and list follow. */
  setFilter(collectionId: string, property: string, values: readonly string[] | null): void;
}

/** The catalog's collections of these groups, in catalog order. */
export function collectionsOf(catalog: CatalogDocument, groups: readonly GroupId[]): CatalogCollection[] {
  return catalog.collections.filter((c) => groups.includes(c.group));
}
