import { createParser, type EventSourceMessage } from "eventsource-parser";
import { SseChannelSignalError, SseDataError, SseHttpError, SseProtocolError } from "./errors.js";
import { describeId, indexOfUnsendable, unsendable } from "./eventIds.js";
import { parseRetryAfter, reconnectDelay, type ReconnectSettings } from "./reconnectPolicy.js";
import { readChannelSignal, type SseChannelSignal } from "./signals.js";

/** One event of the stream. */
export interface SseItem<T> {
  /** The event's data, as `parse` returned it (JSON.parse by default). */
  readonly data: T;
  /** The event type: the `event:` field, or `"message"` when there was none. */
  readonly event: string;
  /** The last event id as the spec defines it (the id a reconnect would send), undefined when there is none. */
  readonly id: string | undefined;
  /** The server's last `retry:` in milliseconds, if it sent one. */
  readonly retry: number | undefined;
}

/** Request headers, or a function that makes them for each request (a reconnect included: a token refreshed since). */
export type SseHeaders = HeadersInit | (() => HeadersInit | Promise<HeadersInit>);

/** How {@link readSse} sends its requests, reconnects, gives up on a silent connection, and where it resumes. Times in milliseconds. */
export interface ReadSseOptions<T> {
  /** The request method. Default `"GET"`; `"POST"` with `body` for a stream that needs one. */
  method?: string;
  /** Sent with every request, reconnects too: `Authorization`, a tenant, ... */
  headers?: SseHeaders;
  /**
   * The request body, sent again on every reconnect, so it must be reusable (a string, `URLSearchParams`, `Blob`,
   * `ArrayBuffer`, `FormData`; not a `ReadableStream`). A plain object or array is sent as JSON with
   * `Content-Type: application/json` unless `headers` name another.
   */
  body?: BodyInit | Record<string, unknown> | readonly unknown[] | null;
  /** Stops the stream at once and closes its connection; the loop then throws the signal's reason. */
  signal?: AbortSignal;
  /** Turns an event's data into an item; default `JSON.parse`. An exception ends the stream with an `SseDataError`. */
  parse?: (data: string, event: string) => T;
  /**
   * Called for each `reset` or `missed` a broadcast channel sends, awaited in stream order before the next item; the
   * stream then goes on. Signals are never items. Without a handler a signal ends the stream with an
   * `SseChannelSignalError`, so a gap is never silent.
   */
  onChannelSignal?: (signal: SseChannelSignal) => void | Promise<void>;
  /** The id sent as `Last-Event-ID` on the first request (resume from a saved position); visible ASCII only. */
  lastEventId?: string;
  /**
   * How long a connection may stay completely silent (no event, no keep-alive comment, no byte) before it is dropped
   * and replaced by one that sends `Last-Event-ID`; also bounds the wait for the response headers. Default 45,000:
   * three of SseGen's 15 s keep-alives. `Infinity` or 0 turns it off.
   */
  idleTimeout?: number;
  /** The delay before reconnecting when the server sent no `retry:`; doubles per attempt that delivers nothing. Default 1,000. */
  initialReconnectDelay?: number;
  /** The shortest delay before any reconnect, a server's `retry: 0` included. Default 500. */
  minReconnectDelay?: number;
  /** The longest delay the backoff grows to, whatever `retry:` said. Default 30,000. */
  maxReconnectDelay?: number;
  /** The longest wait a `Retry-After` header can ask for. Default 300,000 (5 minutes). */
  maxRetryAfter?: number;
  /**
   * The most characters one line, or one event's data, may take before the stream ends with an `SseProtocolError`
   * (`event-too-large`); not retried. Default 1,048,576 (1 MiB of ASCII).
   */
  maxEventSize?: number;
  /** The `fetch` to send requests with; default the global one. */
  fetch?: typeof fetch;
  /** Extra `fetch` settings (`credentials`, `mode`, ...); method, headers, body and signal are the options above. */
  init?: Omit<RequestInit, "method" | "headers" | "body" | "signal">;
  /** A sample in [0, 1) for the jitter; default `Math.random`. */
  random?: () => number;
}

/** The defaults, the .NET client's. */
export const defaults = {
  idleTimeout: 45_000,
  initialReconnectDelay: 1_000,
  minReconnectDelay: 500,
  maxReconnectDelay: 30_000,
  maxRetryAfter: 300_000,
  maxEventSize: 1024 * 1024,
} as const;

/**
 * Reads a Server-Sent Events stream with `fetch` and keeps it going as a browser's `EventSource` does: after a network
 * error, a silent connection (`idleTimeout`), a 5xx, 408 or 429, or the server closing the stream, it reconnects and
 * sends the last id it saw as `Last-Event-ID`, after a delay with a floor, jitter and backoff. It stops for good on
 * 204 No Content (the loop ends), on any other status or a body that is not `text/event-stream` (`SseHttpError`), on an
 * event larger than `maxEventSize` or a last event id that cannot be sent back (`SseProtocolError`), on data `parse`
 * refuses (`SseDataError`), and at once when `signal` aborts or the loop is left.
 *
 * @example
 * for await (const quote of readSse<Quote>("/quotes/MSFT", { headers: { Authorization: `Bearer ${token}` } })) {
 *   console.log(quote.id, quote.data.price);
 * }
 */
export async function* readSse<T = unknown>(url: string | URL, options: ReadSseOptions<T> = {}): AsyncGenerator<SseItem<T>, void, undefined> {
  const href = String(url);
  const settings: ReconnectSettings = {
    initialReconnectDelay: options.initialReconnectDelay ?? defaults.initialReconnectDelay,
    minReconnectDelay: options.minReconnectDelay ?? defaults.minReconnectDelay,
    maxReconnectDelay: options.maxReconnectDelay ?? defaults.maxReconnectDelay,
    maxRetryAfter: options.maxRetryAfter ?? defaults.maxRetryAfter,
  };
  const idleTimeout = options.idleTimeout ?? defaults.idleTimeout;
  const maxEventSize = options.maxEventSize ?? defaults.maxEventSize;
  const parse = options.parse ?? ((data: string) => JSON.parse(data) as T);
  const doFetch = options.fetch ?? globalThis.fetch;
  const random = options.random ?? Math.random;
  const signal = options.signal;

  let lastEventId = options.lastEventId;
  if (lastEventId !== undefined && indexOfUnsendable(lastEventId) >= 0) {
    throw new RangeError(`lastEventId "${describeId(lastEventId)}" cannot be sent as a Last-Event-ID header: only visible ASCII (0x21-0x7E) can.`);
  }

  let serverRetry: number | undefined;
  let failures = 0;
  while (true) {
    signal?.throwIfAborted();
    if (lastEventId !== undefined && indexOfUnsendable(lastEventId) >= 0) {
      // fetch would refuse the header with a TypeError, which looks like a network error: retried for ever, and the
      // server never sees a request. Resuming without the id would replay the stream from its start.
      throw unsendable(href, lastEventId);
    }

    let delivered = false;
    let retryAfter: number | undefined;
    const connection = new AbortController();
    const cancel = () => connection.abort(signal?.reason);
    signal?.addEventListener("abort", cancel, { once: true });
    const idle = new IdleTimer(connection, idleTimeout);
    try {
      let response: Response | undefined;
      try {
        const request = await createRequest(options, lastEventId, connection.signal);
        idle.start();
        response = await doFetch(href, request);
      } catch (e) {
        signal?.throwIfAborted();
        if (!(e instanceof TypeError) && !connection.signal.aborted) {
          throw e; // not a network failure (fetch's TypeError) nor the idle timer: the caller's own headers function, say
        }
      } finally {
        idle.stop();
      }

      if (response !== undefined) {
        if (response.status === 204) {
          return;
        }

        const contentType = response.headers.get("content-type");
        if (!response.ok) {
          if (!isRetryable(response.status)) {
            throw new SseHttpError(
              `The SSE stream ${href} answered ${response.status} ${response.statusText}; a ${response.status} is not retried.`,
              href,
              response.status,
              contentType,
            );
          }

          retryAfter = parseRetryAfter(response.headers.get("retry-after"), Date.now());
        } else if (!isEventStream(contentType)) {
          throw new SseHttpError(
            `The SSE stream ${href} answered ${response.status} with content type '${contentType ?? ""}', not text/event-stream.`,
            href,
            response.status,
            contentType,
          );
        } else if (response.body !== null) {
          const events: EventSourceMessage[] = [];
          let tooLarge = false;
          const parser = createParser({
            onEvent: (message) => events.push(message),
            onRetry: (ms) => (serverRetry = ms),
            onError: (error) => (tooLarge ||= error.type === "max-buffer-size-exceeded"),
            maxBufferSize: maxEventSize,
          });
          const decoder = new TextDecoder();
          const reader = response.body.getReader();
          while (true) {
            let chunk: ReadableStreamReadResult<Uint8Array>;
            try {
              idle.start();
              chunk = await reader.read();
            } catch {
              signal?.throwIfAborted();
              break; // network error or idle timeout: reconnect
            } finally {
              idle.stop();
            }

            if (chunk.done) {
              break; // the server closed the stream: reconnect, as EventSource does (an unfinished event is dropped)
            }

            parser.feed(decoder.decode(chunk.value, { stream: true }));

            // The complete events before an oversize one are delivered first, then the stream ends.
            for (const message of events.splice(0)) {
              if (message.id !== undefined) {
                // An empty `id:` resets the last event id: reconnects send none until the server names a new one.
                lastEventId = message.id === "" ? undefined : message.id;
              }

              // The parser checks what it buffers between reads; an event that arrived whole in one read is checked here.
              if (message.data.length > maxEventSize) {
                tooLarge = true;
                break;
              }

              delivered = true;
              failures = 0;
              const event = message.event ?? "message";
              const channelSignal = readChannelSignal(event, message.data, lastEventId);
              if (channelSignal !== undefined) {
                if (channelSignal.type === "reset") {
                  // Resume after the reset's id, not the old one (that would get the same reset again); an empty
                  // latestId means live events only.
                  lastEventId = channelSignal.lastEventId;
                }

                // In stream order, before the next item: a reset's handler reloads state before the events after it.
                if (options.onChannelSignal === undefined) {
                  throw new SseChannelSignalError(channelSignal, href);
                }

                await options.onChannelSignal(channelSignal);
                continue;
              }

              let data: T;
              try {
                data = parse(message.data, event);
              } catch (e) {
                throw new SseDataError(href, event, lastEventId, e);
              }

              yield { data, event, id: lastEventId, retry: serverRetry };
            }

            if (tooLarge) {
              throw new SseProtocolError(
                "event-too-large",
                href,
                `The SSE stream ${href} sent a line or an event larger than maxEventSize (${maxEventSize} characters); it is not retried, since a resume would replay the same event.`,
              );
            }
          }
        }
      }
    } finally {
      idle.stop();
      signal?.removeEventListener("abort", cancel);
      // Closes an unfinished connection at once (the loop was left, or an error ends it), so the server's finally runs.
      connection.abort();
    }

    signal?.throwIfAborted();
    if (!delivered) {
      failures++;
    }

    await sleep(reconnectDelay(settings, serverRetry, retryAfter, failures, random()), signal);
  }
}

async function createRequest<T>(options: ReadSseOptions<T>, lastEventId: string | undefined, signal: AbortSignal): Promise<RequestInit> {
  const headers = new Headers(typeof options.headers === "function" ? await options.headers() : options.headers);
  headers.set("Accept", "text/event-stream");
  if (lastEventId !== undefined) {
    headers.set("Last-Event-ID", lastEventId);
  }

  let body = options.body as BodyInit | null | undefined;
  if (isPlainJson(options.body)) {
    body = JSON.stringify(options.body);
    if (!headers.has("Content-Type")) {
      headers.set("Content-Type", "application/json");
    }
  }

  return { cache: "no-store", ...options.init, method: options.method ?? "GET", headers, body, signal };
}

function isPlainJson(body: unknown): body is Record<string, unknown> | readonly unknown[] {
  if (typeof body !== "object" || body === null) {
    return false;
  }

  const prototype = Object.getPrototypeOf(body) as unknown;
  return Array.isArray(body) || prototype === Object.prototype || prototype === null;
}

/** 5xx, 408 Request Timeout and 429 Too Many Requests may pass; every other status will answer the same again. */
function isRetryable(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

function isEventStream(contentType: string | null): boolean {
  return contentType !== null && contentType.split(";", 1)[0]!.trim().toLowerCase() === "text/event-stream";
}

/**
 * Aborts the connection when a wait (for the response headers or the next bytes) lasts longer than the timeout. It
 * runs only while the client waits for the server, so a consumer that takes its time over an item never makes a live
 * connection look dead.
 */
class IdleTimer {
  private handle: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly connection: AbortController,
    private readonly timeout: number,
  ) {}

  start(): void {
    if (this.timeout > 0 && Number.isFinite(this.timeout) && !this.connection.signal.aborted) {
      this.handle = setTimeout(() => this.connection.abort(new Error(`No byte for ${this.timeout} ms (idleTimeout).`)), this.timeout);
    }
  }

  stop(): void {
    if (this.handle !== undefined) {
      clearTimeout(this.handle);
      this.handle = undefined;
    }
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }

    const done = () => {
      signal?.removeEventListener("abort", aborted);
      resolve();
    };
    const aborted = () => {
      clearTimeout(handle);
      reject(signal!.reason);
    };
    const handle = setTimeout(done, ms);
    signal?.addEventListener("abort", aborted, { once: true });
  });
}
