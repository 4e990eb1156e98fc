import type { SseChannelSignal } from "./signals.js";

/** The server answered a status that is not retried (a 4xx other than 408 and 429), or a body that is not `text/event-stream`. Never retried. */
export class SseHttpError extends Error {
  override readonly name = "SseHttpError";

  constructor(
    message: string,
    /** The stream's address. */
    readonly url: string,
    /** The response's status. */
    readonly status: number,
    /** The response's `Content-Type`, if it had one. */
    readonly contentType: string | null,
  ) {
    super(message);
  }
}

/** Why a stream ended with an {@link SseProtocolError}. */
export type SseProtocolErrorCode =
  /** A line, or an event's data, grew past `maxEventSize`. */
  | "event-too-large"
  /** A reconnect would have to send an id that is not visible ASCII (0x21-0x7E) as `Last-Event-ID`. */
  | "unsendable-event-id";

/** The server sent something the client will not read or cannot resume from. Never retried: a resume would replay it. */
export class SseProtocolError extends Error {
  override readonly name = "SseProtocolError";

  constructor(
    readonly code: SseProtocolErrorCode,
    readonly url: string,
    message: string,
  ) {
    super(message);
  }
}

/** A broadcast channel signalled lost events and no `onChannelSignal` handler was given, so the gap is not silent. */
export class SseChannelSignalError extends Error {
  override readonly name = "SseChannelSignalError";

  constructor(
    /** The signal that ended the stream. */
    readonly signal: SseChannelSignal,
    readonly url: string,
  ) {
    super(
      signal.type === "reset"
        ? `The SSE stream ${url} sent 'reset' (latestId '${signal.latestId}'): the events since the id it resumed from are gone. Pass onChannelSignal to reload and read on.`
        : `The SSE stream ${url} sent 'missed': this client read too slowly and the server dropped ${signal.count} events. Pass onChannelSignal to read on.`,
    );
  }
}

/** An event's data could not be parsed (the `parse` option threw). Not retried: a resume would replay the same event. */
export class SseDataError extends Error {
  override readonly name = "SseDataError";

  constructor(
    readonly url: string,
    /** The event's type. */
    readonly event: string,
    /** The last event id as of this event. */
    readonly id: string | undefined,
    cause: unknown,
  ) {
    super(
      `The SSE stream ${url} sent an event (type '${event}', last event id '${id ?? ""}') whose data could not be parsed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}
