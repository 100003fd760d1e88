/**
 * Where a feature should sit on screen while its card is open. CSS lays the card out — a bottom
 * sheet on a phone, a side panel over the map's right edge on a wide screen (app.css) — and this
 * module, given where the card landed, answers in plain numbers, so that it is tested without a
 * browser: which part of the map the card covers, whether it hides a pixel, and where the view's
 * centre must go for a feature to show in the middle of the part of the map left free.
 *
 *   phone                     desk
 *   ┌────────────┐            ┌─────────────┬──────┐
 *   │    free    │            │    free     │ card │
 *   │     ×      │            │      ×      │      │
 *   ├────────────┤ ← top      │             │      │
 *   │ card       │            └─────────────┴──────┘
 *   └────────────┘                          ↑ left
 */

/** A rectangle in CSS pixels of the viewport, as getBoundingClientRect() gives it. */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Where CSS put the card, relative to the map. */
export interface CardLayout {
  map: Box;
  card: Box;
  /** The card's CSS max-height in pixels; NaN when it has none (the side panel). */
  cardMaxHeight: number;
  viewportHeight: number;
}

/**
 * The part of the map the card covers, in map pixels (0,0 at the map's top left): a sheet covers
 * everything below `top`, a side panel everything right of `left`.
 */
export type Cover = { kind: 'sheet'; top: number } | { kind: 'side'; left: number };

/** A card whose top is this close to the map's top stands beside the map, not under it. */
const SIDE_PANEL_SLACK_PX = 1;

export function coverOf({ map, card, cardMaxHeight, viewportHeight }: CardLayout): Cover {
  if (card.top <= map.top + SIDE_PANEL_SLACK_PX) return { kind: 'side', left: card.left - map.left };
  // A sheet grows as the full record arrives (the tile's few properties first): count it at its
  // full height, or the feature placed above it now would be covered a moment later.
  const top = Number.isFinite(cardMaxHeight) ? Math.min(card.top, viewportHeight - cardMaxHeight) : card.top;
  return { kind: 'sheet', top: top - map.top };
}

/** True when `pixel` (map pixels) is off the map or under the card. */
export function hiddenByCard(pixel: readonly number[], mapSize: readonly number[], cover: Cover | null): boolean {
  const [x, y] = pixel;
  if (x < 0 || y < 0 || x > mapSize[0] || y > mapSize[1]) return true;
  if (!cover) return false;
  return cover.kind === 'sheet' ? y >= cover.top : x >= cover.left;
}

/** The middle of the part of the map the card leaves free, in map pixels. */
export function freeCentre(mapSize: readonly number[], cover: Cover | null): [number, number] {
  const [width, height] = mapSize;
  if (cover?.kind === 'sheet') return [width / 2, Math.max(0, Math.min(height, cover.top)) / 2];
  if (cover?.kind === 'side' && cover.left > 0) return [cover.left / 2, height / 2];
  return [width / 2, height / 2];
}

/**
 * The view centre (map units, y up) that puts `coordinate` at the free centre: the map's own
 * centre moves by the pixels between the two, times the resolution.
 */
export function centreFor(coordinate: readonly number[], mapSize: readonly number[], resolution: number, cover: Cover | null): [number, number] {
  const [x, y] = freeCentre(mapSize, cover);
  return [coordinate[0] + (mapSize[0] / 2 - x) * resolution, coordinate[1] - (mapSize[1] / 2 - y) * resolution];
}
