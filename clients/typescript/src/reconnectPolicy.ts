/** The settings {@link reconnectDelay} reads, all in milliseconds. */
export interface ReconnectSettings {
  /** The delay when the server sent no `retry:`. */
  initialReconnectDelay: number;
  /** The floor under every delay, a server's `retry: 0` included. */
  minReconnectDelay: number;
  /** The cap the backoff grows to. */
  maxReconnectDelay: number;
  /** The separate cap on what a `Retry-After` header can ask for. */
  maxRetryAfter: number;
}

/**
 * How long to wait before the next connection attempt, in milliseconds: pure (inputs in, delay out), so it is tested
 * with a table. The same policy as the .NET client's `ReconnectPolicy`:
 *
 * - The base is the server's last `retry:`, else `initialReconnectDelay`, never below `minReconnectDelay`.
 * - It doubles for each consecutive attempt after the first that delivered no event, whatever `retry:` said, up to
 *   `maxReconnectDelay`.
 * - Every delay is jittered: from the target to half as long again, within the cap (at the cap, two thirds of it to all
 *   of it), so that clients cut off together do not come back together.
 * - A `Retry-After` is honoured when longer, capped separately by `maxRetryAfter` and jittered the same way.
 *
 * @param serverRetry The last `retry:` the server sent on any connection, if any.
 * @param retryAfter The last response's `Retry-After` in milliseconds, if it had one.
 * @param failures Consecutive attempts, this one included, that delivered no event; 0 after a connection that delivered.
 * @param random A sample in [0, 1) for the jitter.
 */
export function reconnectDelay(
  settings: ReconnectSettings,
  serverRetry: number | undefined,
  retryAfter: number | undefined,
  failures: number,
  random: number,
): number {
  const floor = Math.max(settings.minReconnectDelay, 0);
  const max = Math.max(settings.maxReconnectDelay, floor);
  const base = Math.max(serverRetry ?? settings.initialReconnectDelay, floor);
  const doublings = Math.min(Math.max(failures - 1, 0), 30);
  const target = Math.min(base * 2 ** doublings, max);
  let delay = Math.max(jitter(target, max, random), floor);

  if (retryAfter !== undefined && retryAfter > 0) {
    const cap = Math.max(settings.maxRetryAfter, 0);
    const honoured = jitter(Math.min(retryAfter, cap), cap, random);
    if (honoured > delay) {
      delay = honoured;
    }
  }

  return Math.round(delay);
}

/** Uniform in [target, 1.5 × target] cut at `cap`; the window never narrows below a third of its top. */
function jitter(target: number, cap: number, random: number): number {
  const high = Math.min(target * 1.5, cap);
  const low = Math.min(target, (high * 2) / 3);
  return low + (high - low) * random;
}

/** A `Retry-After` header (seconds, or an HTTP date) in milliseconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) {
    return undefined;
  }

  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed) * 1000;
  }

  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : date - now;
}
