/**
 * Counts failed sign-ins per (address, hromada, login) in memory: after MAX_FAILURES within
 * WINDOW_MS the key is refused until the window passes. Per process — enough to make online
 * guessing slow; a proxy in front adds the global limit.
 */
const MAX_FAILURES = 10;
const WINDOW_MS = 15 * 60_000;

export class LoginThrottle {
  private failures = new Map<string, { count: number; since: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  blocked(key: string): boolean {
    const entry = this.failures.get(key);
    if (!entry) return false;
    if (this.now() - entry.since > WINDOW_MS) {
      this.failures.delete(key);
      return false;
    }
    return entry.count >= MAX_FAILURES;
  }

  fail(key: string): void {
    const entry = this.failures.get(key);
    if (!entry || this.now() - entry.since > WINDOW_MS) this.failures.set(key, { count: 1, since: this.now() });
    else entry.count += 1;
    if (this.failures.size > 100_000) this.failures.clear(); // bound memory under a spray of logins
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }
}
