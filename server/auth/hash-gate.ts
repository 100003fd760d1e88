import { availableParallelism } from 'node:os';

/**
 * A small queue in front of password hashing. One scrypt hash (passwords.ts) holds 128 MiB, a
 * CPU core and one of libuv's 4 threads for a few hundred milliseconds; those threads also
 * compress responses and read files, so unbounded parallel sign-ins stall every public read
 * (measured: 32 parallel bogus sign-ins held the map page and OGC for ~9 s).
 *
 * At most MAX_ACTIVE hashes run at once: one core in two, never more than 2 — on a 2-core server
 * a second hash takes the core the event loop needs. Up to MAX_WAITING more wait their turn, each
 * at most MAX_WAIT_MS; one that does not get its turn by then, or finds the queue full, is refused
 * (the caller answers 503 with Retry-After). The wait also paces a flood: a client that sends its
 * next guess when the last is answered sends one every MAX_WAIT_MS, not one per event-loop turn,
 * so the flood does not take the event loop the public reads need either.
 */
export const MAX_ACTIVE = Math.max(1, Math.min(2, Math.floor(availableParallelism() / 2)));
export const MAX_WAITING = 32;
export const MAX_WAIT_MS = 2000;

export class HashGateFull extends Error {
  constructor() {
    super('password hashing queue is full');
  }
}

interface Waiter { start(): void; timer: NodeJS.Timeout }

export class HashGate {
  private active = 0;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly maxActive = MAX_ACTIVE, private readonly maxWaiting = MAX_WAITING, private readonly maxWaitMs = MAX_WAIT_MS) {}

  /** True when a new hash would be refused at once: check it before doing any work for the attempt. */
  get full(): boolean {
    return this.active >= this.maxActive && this.waiting.length >= this.maxWaiting;
  }

  /** Runs `hash` when a slot is free; throws HashGateFull when the queue is full or the wait too long. */
  async run<T>(hash: () => Promise<T>): Promise<T> {
    if (this.active >= this.maxActive) {
      if (this.waiting.length >= this.maxWaiting) throw new HashGateFull();
      await new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          start: () => {
            clearTimeout(waiter.timer);
            resolve();
          },
          timer: setTimeout(() => {
            this.waiting.splice(this.waiting.indexOf(waiter), 1);
            reject(new HashGateFull());
          }, this.maxWaitMs),
        };
        this.waiting.push(waiter);
      });
    } else {
      this.active++;
    }
    try {
      return await hash();
    } finally {
      // hand the slot straight to the next in line (active stays counted), or free it
      const next = this.waiting.shift();
      if (next) next.start();
      else this.active--;
    }
  }
}

/** One gate per process: the libuv pool it protects is per process too. */
export const loginHashing = new HashGate();
