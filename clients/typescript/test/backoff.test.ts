import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { readSse, reconnectDelay, type ReconnectSettings } from "../src/index.js";
import { Host } from "./host.js";

let host: Host;
before(async () => {
  host = await Host.start();
});
after(async () => {
  await host?.stop();
});

/** Reads `path` for `ms` and returns how many requests the server saw. */
async function requestsWithin(path: string, ms: number, settings: ReconnectSettings): Promise<number> {
  await assert.rejects(
    (async () => {
      for await (const _ of readSse(`${host.url}${path}`, { ...settings, signal: AbortSignal.timeout(ms) })) {
        assert.fail("a 503 delivered an item");
      }
    })(),
    (e: unknown) => e instanceof DOMException && e.name === "TimeoutError",
  );
  return host.count(new URL(path, host.url).pathname);
}

/** The fewest and the most requests the policy allows in `ms` (the first is at 0), from its extreme delays. */
function bounds(ms: number, settings: ReconnectSettings, retryAfter?: number): [number, number] {
  const count = (random: number) => {
    let t = 0;
    let requests = 1;
    for (let failures = 1; ; failures++) {
      t += reconnectDelay(settings, undefined, retryAfter, failures, random);
      if (t > ms) {
        return requests;
      }

      requests++;
    }
  };
  return [count(0.999_999), count(0)];
}

test("a server that answers 503 for ever is asked less and less often, within the policy's bounds", async () => {
  const settings = { initialReconnectDelay: 100, minReconnectDelay: 50, maxReconnectDelay: 400, maxRetryAfter: 1000 };
  const [fewest, most] = bounds(3000, settings);
  const requests = await requestsWithin("/unavailable", 3000, settings);
  // Each request takes a few ms of its own, so the count can only fall below the fastest schedule, by one at most.
  assert.ok(requests >= fewest - 1 && requests <= most, `${requests} requests in 3 s; the policy allows ${fewest}-${most}`);
  // Counted by hand, not from the policy under test: 100-150, 200-300, then 267-400 ms apart: 8 to 13 requests
  // (a constant 100 ms, no backoff, would be about 30).
  assert.ok(requests >= 7 && requests <= 13, `${requests} requests in 3 s`);
});

test("a Retry-After longer than the backoff is honoured, capped by maxRetryAfter", async () => {
  // Retry-After: 60 s asked, capped at 300 ms: 200-300 ms between requests, where the backoff alone would be 20-30 ms.
  const settings = { initialReconnectDelay: 20, minReconnectDelay: 20, maxReconnectDelay: 30, maxRetryAfter: 300 };
  const [fewest, most] = bounds(2000, settings, 60_000);
  const requests = await requestsWithin("/unavailable/capped?retryAfter=60", 2000, settings);
  assert.ok(requests >= fewest - 1 && requests <= most, `${requests} requests in 2 s; the policy allows ${fewest}-${most}`);
  // Counted by hand, not from the policy under test: one request at 0, then one every 200-300 ms.
  assert.ok(requests >= 6 && requests <= 11, `${requests} requests in 2 s, not one per 200-300 ms`);
});
