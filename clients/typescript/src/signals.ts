/**
 * `reset`: the id the client resumed from is older than the channel's history (or from before the server restarted),
 * so the events in between are gone. Reload your state; the stream continues with events published after `latestId`.
 */
export interface SseResetSignal {
  readonly type: "reset";
  /**
   * The id of the newest event the server had when it answered; the stream continues after it. Empty when the server
   * had no id to give (a Redis channel that has delivered nothing yet on that instance): the next reconnect then sends
   * no `Last-Event-ID` and gets live events only.
   */
  readonly latestId: string;
  /** The id a reconnect would resume after once this signal has been read (undefined when there is none). */
  readonly lastEventId: string | undefined;
}

/**
 * `missed`: this client read more slowly than the channel published, its queue on the server overflowed, and the
 * server dropped `count` of its oldest queued events. The stream continues with the events that were kept.
 */
export interface SseMissedSignal {
  readonly type: "missed";
  /** How many events were dropped since the last one this client got. */
  readonly count: number;
  /** The id a reconnect would resume after once this signal has been read (undefined when there is none). */
  readonly lastEventId: string | undefined;
}

/**
 * A message a broadcast channel (SseGen's `SseChannels<T>`) sends about the stream itself, not an item: the client
 * lost events. Never yielded as an item; it goes to `onChannelSignal`, or, when that is not set, ends the stream with
 * an `SseChannelSignalError`. A `switch` on `type` is complete.
 */
export type SseChannelSignal = SseResetSignal | SseMissedSignal;

/**
 * Recognizes the signals by event type and the exact shape of their data, as SseGen's channels write them:
 * `reset` with `{"latestId":"…"}` and `missed` with `{"missed":N}`, N a positive integer. An event of either type
 * whose data has another shape is an ordinary item.
 */
export function readChannelSignal(event: string, data: string, lastEventId: string | undefined): SseChannelSignal | undefined {
  if (event !== "reset" && event !== "missed") {
    return undefined;
  }

  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined; // not a signal: the item parser will say what is wrong with it
  }

  if (typeof value !== "object" || value === null || Array.isArray(value) || Object.keys(value).length !== 1) {
    return undefined;
  }

  if (event === "reset") {
    const latestId = (value as { latestId?: unknown }).latestId;
    return typeof latestId === "string" ? { type: "reset", latestId, lastEventId: latestId === "" ? undefined : latestId } : undefined;
  }

  const count = (value as { missed?: unknown }).missed;
  return typeof count === "number" && Number.isSafeInteger(count) && count >= 1 ? { type: "missed", count, lastEventId } : undefined;
}
