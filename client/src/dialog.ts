/**
 * A modal dialog on the native <dialog>: showModal() makes the page behind it inert (focus stays
 * inside), Esc closes it, and focus returns to what opened it. The heading names the dialog
 * (aria-labelledby); the body is the caller's.
 */
import { el } from './dom.js';

let counter = 0;

export class Dialog {
  readonly element: HTMLDialogElement;
  readonly heading: HTMLHeadingElement;
  readonly body: HTMLDivElement;
  private readonly closeButton: HTMLButtonElement;
  private opener: Element | null = null;
  private closeListeners: (() => void)[] = [];

  constructor(className: string, closeLabel: () => string) {
    const id = `dialog-title-${++counter}`;
    this.heading = el('h2', { id, class: 'dialog-title', tabindex: '-1' });
    this.closeButton = el('button', { type: 'button', class: 'dialog-close' });
    this.closeButton.addEventListener('click', () => this.close());
    this.body = el('div', { class: 'dialog-body' });
    this.element = el('dialog', { class: `dialog ${className}`, 'aria-labelledby': id }, [
      el('div', { class: 'dialog-header' }, [this.heading, this.closeButton]),
      this.body,
    ]);
    this.element.addEventListener('close', () => {
      const listeners = this.closeListeners;
      this.closeListeners = [];
      for (const listener of listeners) listener();
      if (this.opener instanceof HTMLElement && this.opener.isConnected) this.opener.focus();
    });
    this.label = closeLabel;
    document.body.append(this.element);
  }

  private readonly label: () => string;

  get isOpen(): boolean {
    return this.element.open;
  }

  /** Opens the dialog titled `title`; focus goes to `focus` (else the heading). */
  open(title: string, focus?: HTMLElement | null): void {
    this.heading.textContent = title;
    this.closeButton.textContent = '×';
    this.closeButton.setAttribute('aria-label', this.label());
    this.closeButton.setAttribute('title', this.label());
    if (!this.element.open) {
      this.opener = document.activeElement;
      this.element.showModal();
    }
    (focus ?? this.heading).focus();
  }

  /** Runs once when the dialog closes next (by a button, Esc or the code). */
  onNextClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  close(): void {
    if (this.element.open) this.element.close();
  }
}
