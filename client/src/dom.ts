/**
 * Building DOM from data without ever parsing it as HTML: every string becomes a text node, so a
 * kiosk owner named "<img onerror=…>" is shown, not run. Attributes go through setAttribute.
 */
type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number | boolean | undefined> = {},
  children: Child[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name === 'class') element.className = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replaces all children of `parent`. */
export function replaceChildren(parent: Element, children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from index.html`);
  return element as T;
}

/** A colour sample for legends; the colour comes from the catalog and is set through the CSSOM. */
export function swatch(color: string, shape: 'point' | 'area' | 'line'): HTMLSpanElement {
  const span = el('span', { class: `swatch swatch-${shape}`, 'aria-hidden': 'true' });
  if (shape === 'line') span.style.borderColor = color;
  else span.style.backgroundColor = color;
  return span;
}
