/**
 * Load with autocannon (programmatic API): N keep-alive clients sharing one list of paths, each
 * request taking the next path, so the clients together walk the list in order.
 */
import autocannon from 'autocannon';

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  /** Latency percentiles, milliseconds (autocannon records whole milliseconds). */
  p50: number;
  p99: number;
  /** Of several rounds, the worst round's p99. */
  worstP99?: number;
  /** Requests that failed or answered something else than 200/204. */
  failed: number;
  /** CPU time the serving process spent per request, µs, where measured. */
  cpuMicros?: number;
}

export interface LoadOptions {
  connections: number;
  /** Run for this many seconds, cycling through the paths… */
  seconds?: number;
  /** …or send exactly this many requests (one pass over the list: `paths.length`). */
  amount?: number;
  headers?: Record<string, string>;
}

export async function load(origin: string, paths: readonly string[], options: LoadOptions): Promise<LoadResult> {
  let next = 0;
  const started = performance.now();
  const result = await autocannon({
    url: origin,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.seconds ?? 10 }),
    timeout: 30,
    headers: options.headers,
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }],
  });
  const seconds = options.amount ? (performance.now() - started) / 1000 : result.duration;
  const requests = result['2xx'] + result.non2xx;
  const ok = (result.statusCodeStats['200']?.count ?? 0) + (result.statusCodeStats['204']?.count ?? 0);
  return {
    requests,
    seconds,
    perSecond: requests / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.errors + result.timeouts + requests - ok,
  };
}
