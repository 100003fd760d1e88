/**
 * The embed's side of the postMessage interface (server/rules/embed-messages.ts has the schema and
 * the documentation). Messages come only from the frame's parent, are validated against the
 * schema, and change only what the frame shows; an invalid one is answered with `prozore:refused`
 * naming the field, so the host's developer sees why. Messages to the host carry public data only,
 * so they go to any origin: the map does not know, and need not trust, who framed it.
 */
import { readHostMessage, type HostMessage, type MapMessage } from '../../../server/rules/embed-messages.js';

export class HostBridge {
  private readonly parent: Window | null = window.parent !== window ? window.parent : null;

  /** Starts listening; `apply` gets each valid message of ours. */
  constructor(private readonly apply: (message: HostMessage) => void) {
    window.addEventListener('message', (event) => {
      if (!this.parent || event.source !== this.parent) return;
      const read = readHostMessage(event.data);
      if (!read) return;
      if ('refused' in read) return this.tell({ type: 'prozore:refused', ...read.refused });
      this.apply(read.message);
    });
  }

  get framed(): boolean {
    return this.parent !== null;
  }

  tell(message: MapMessage): void {
    this.parent?.postMessage(message, '*');
  }
}
