/**
 * One polite live region for what changed out of sight of a screen-reader user: a layer switched,
 * a card opened, the basemap gone. Repeating the same words is announced again.
 */
import { byId } from '../dom.js';

export function announce(message: string): void {
  const region = byId('status');
  region.textContent = '';
  // A change in a later task is what makes screen readers speak a repeated message.
  window.setTimeout(() => {
    region.textContent = message;
  }, 50);
}
