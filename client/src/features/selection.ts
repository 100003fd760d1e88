/**
 * The one feature whose card is open: the layers ring it, the list marks it, the URL names it.
 */
export interface Selected {
  collection: string;
  id: string;
}

export class Selection {
  private current: Selected | null = null;
  private readonly listeners = new Set<(selected: Selected | null, previous: Selected | null) => void>();

  get(): Selected | null {
    return this.current;
  }

  is(collection: string, id: string | undefined): boolean {
    return this.current !== null && this.current.collection === collection && this.current.id === id;
  }

  set(selected: Selected | null): void {
    const previous = this.current;
    if (previous?.collection === selected?.collection && previous?.id === selected?.id) return;
    this.current = selected;
    for (const listener of this.listeners) listener(selected, previous);
  }

  onChange(listener: (selected: Selected | null, previous: Selected | null) => void): void {
    this.listeners.add(listener);
  }
}
