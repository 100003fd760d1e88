/**
 * A small queue in front of password hashing. One scrypt hash (passwords.ts) holds 128 MiB and
 * one of libuv's 4 threads for a few hundred milliseconds; those threads also compress responses
 * and read files, so unbounded parallel sign-ins stall every public read (measured: 32 parallel
 * bogus sign-ins held the map page and OGC for ~9 s). At most MAX_ACTIVE hashes run at once,
 * which leaves half the pool to everyone else; up to MAX_WAITING more wait their turn, and past
 * that a sign-in is refused at once (the caller answers 503 with Retry-After) instead of piling up.
 */
export const MAX_ACTIVE = 2;
export const MAX_WAITING = 8;

export class HashGateFull extends Error {
  constructor() {
    super('password hashing queue is full');
  }
}

export class HashGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly maxActive = MAX_ACTIVE, private readonly maxWaiting = MAX_WAITING) {}

  /** Runs `hash` when a slot is free; throws HashGateFull when the queue is full. */
  async run<T>(hash: () => Promise<T>): Promise<T> {
    if (this.active >= this.maxActive) {
      if (this.waiting.length >= this.maxWaiting) throw new HashGateFull();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await hash();
    } finally {
      // hand the slot straight to the next in line (active stays counted), or free it
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** One gate per process: the libuv pool it protects is per process too. */
export const loginHashing = new HashGate();
