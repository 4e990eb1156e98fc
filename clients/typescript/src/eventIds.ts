import { SseProtocolError } from "./errors.js";

/**
 * Which event ids can be sent back as `Last-Event-ID`, agreed with the SseGen server (which refuses to write any other):
 * visible ASCII only (0x21-0x7E). A space is trimmed by proxies, and `fetch` refuses a header with a control character
 * or a character above U+00FF with a TypeError that would look like a network error and be retried for ever.
 */
export function indexOfUnsendable(id: string): number {
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) {
      return i;
    }
  }

  return -1;
}

/** The id as a message can show it: at most 64 characters, each one outside visible ASCII as `\uXXXX`. */
export function describeId(id: string): string {
  let shown = "";
  for (const c of id.slice(0, 64)) {
    const code = c.charCodeAt(0);
    shown += code >= 0x21 && code <= 0x7e ? c : `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`;
  }

  return id.length > 64 ? `${shown}...` : shown;
}

export function unsendable(url: string, id: string): SseProtocolError {
  const index = indexOfUnsendable(id);
  const code = id.charCodeAt(index).toString(16).toUpperCase().padStart(4, "0");
  return new SseProtocolError(
    "unsendable-event-id",
    url,
    `The SSE stream ${url} cannot be resumed: its last event id "${describeId(id)}" has U+${code} at index ${index}, ` +
      "and a Last-Event-ID header carries only visible ASCII (0x21-0x7E). The stream ends instead of reconnecting from the start " +
      "or retrying a request that cannot be sent; the server should use ids such as numbers or base64url.",
  );
}
