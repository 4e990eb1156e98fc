import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  readSse,
  SseChannelSignalError,
  SseHttpError,
  SseProtocolError,
  type ReadSseOptions,
  type SseChannelSignal,
  type SseItem,
} from "../src/index.js";
import { Host } from "./host.js";

interface Tick {
  n: number;
}

// Reconnects within 50-200 ms, as the .NET client's tests do.
const fast = { initialReconnectDelay: 50, minReconnectDelay: 20, maxReconnectDelay: 200 } as const;

let host: Host;
before(async () => {
  host = await Host.start();
});
after(async () => {
  await host?.stop();
});

/** Reads at most `max` items within `ms`, then leaves the loop. */
async function take<T>(path: string, max: number, options: ReadSseOptions<T> = {}, ms = 10_000): Promise<SseItem<T>[]> {
  const items: SseItem<T>[] = [];
  for await (const item of readSse<T>(`${host.url}${path}`, { ...fast, signal: AbortSignal.timeout(ms), ...options })) {
    items.push(item);
    if (items.length === max) {
      break;
    }
  }

  return items;
}

test("request headers reach the server, and a 401 without them ends the stream without a retry", async () => {
  const [echo] = await take<{ authorization: string; tenant: string }>("/secure", 1, {
    headers: () => ({ Authorization: "Bearer s3cret", "X-Tenant": "contoso" }),
  });
  assert.deepEqual(echo?.data, { authorization: "Bearer s3cret", tenant: "contoso" });

  const before = await host.count("/secure");
  await assert.rejects(take("/secure", 1), (e: unknown) => e instanceof SseHttpError && e.status === 401);
  await new Promise((r) => setTimeout(r, 300)); // a retry would have come by now
  assert.equal((await host.count("/secure")) - before, 1);
});

test("a POST stream gets its JSON body, again on every reconnect", async () => {
  const items = await take<{ rank: number; title: string }>("/search", 3, { method: "POST", body: { query: "sse", count: 2 } });
  // Two hits, the server ends the stream, the client resumes with Last-Event-ID and the same body.
  assert.deepEqual(
    items.map((i) => [i.id, i.data.title]),
    [
      ["1", "sse #1"],
      ["2", "sse #2"],
      ["1", "sse #1"],
    ],
  );
});

test("204 No Content ends the loop: the stream is over, no reconnect", async () => {
  const before = await host.count("/three");
  const items = await take<Tick>("/three", 100);
  assert.deepEqual(
    items.map((i) => [i.id, i.data.n]),
    [
      ["1", 1],
      ["2", 2],
      ["3", 3],
    ],
  );
  await new Promise((r) => setTimeout(r, 300));
  // The first request, then the resume after 3 that got 204; nothing after it.
  assert.equal((await host.count("/three")) - before, 2);
});

test("a response that is not text/event-stream ends the stream without a retry", async () => {
  await assert.rejects(
    take("/control/count?path=x", 1),
    (e: unknown) => e instanceof SseHttpError && e.status === 200 && /not text\/event-stream/.test(e.message),
  );
});

test("an event over maxEventSize (1 MiB by default) ends the stream with an error naming the limit, not retried", async () => {
  const before = await host.count("/big");
  const seen: number[] = [];
  await assert.rejects(
    (async () => {
      for await (const item of readSse<{ n: number }>(`${host.url}/big`, { ...fast, signal: AbortSignal.timeout(10_000) })) {
        seen.push(item.data.n);
      }
    })(),
    (e: unknown) => e instanceof SseProtocolError && e.code === "event-too-large" && e.message.includes("maxEventSize (1048576 characters)"),
  );
  assert.deepEqual(seen, []); // the small note after it never comes either
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await host.count("/big")) - before, 1);

  // The limit is the option's; under it the same stream reads.
  const small = await take<{ n: number; text: string }>("/big?size=1000", 2, { maxEventSize: 1100 });
  assert.deepEqual(
    small.map((i) => i.data.n),
    [1, 2],
  );
  await assert.rejects(take("/big?size=1000", 2, { maxEventSize: 999 }), (e: unknown) => e instanceof SseProtocolError && e.code === "event-too-large");
});

test("a line that never ends is refused once it passes maxEventSize, not buffered on", async () => {
  const started = Date.now();
  await assert.rejects(take("/endless", 1, { maxEventSize: 256 * 1024 }), (e: unknown) => e instanceof SseProtocolError && e.code === "event-too-large");
  // 64 KiB every 5 ms or so: the limit is reached in a few dozen ms; the server would go on for 64 MiB.
  assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
});

test("an id that cannot be sent back ends the stream at the reconnect, after its event was delivered", async () => {
  const before = await host.count("/spaced-id");
  const seen: (string | undefined)[] = [];
  await assert.rejects(
    (async () => {
      for await (const item of readSse<Tick>(`${host.url}/spaced-id`, { ...fast, signal: AbortSignal.timeout(10_000) })) {
        seen.push(item.id);
      }
    })(),
    (e: unknown) => e instanceof SseProtocolError && e.code === "unsendable-event-id" && e.message.includes('"a\\u0020b"'),
  );
  assert.deepEqual(seen, ["a b"]);
  assert.equal((await host.count("/spaced-id")) - before, 1);
});

test("a reset (resumed from an id older than the history) goes to the handler, never as an item, and the stream reads on after its id", async () => {
  // The feed keeps 5 events; the client saved the 2nd of 20.
  const ids = await host.post<string[]>("/control/publish?n=20");
  const signals: SseChannelSignal[] = [];
  const seen: string[] = [];
  const controller = new AbortController();
  const timeout = setTimeout(() => controller.abort(new Error("timed out")), 10_000);
  try {
    for await (const item of readSse<Tick>(`${host.url}/feed`, {
      ...fast,
      lastEventId: ids[1],
      signal: controller.signal,
      onChannelSignal: async (signal) => {
        signals.push(signal);
        // The connection drops right after the reset, before any item: the client must resume after the reset's
        // id (the channel replays what follows it), not from its old id again (which would get a second reset).
        assert.equal(await host.post<number>("/control/drop-feeds"), 1);
        await host.post("/control/publish?n=1"); // published after the reset: the next item
      },
    })) {
      seen.push(`${item.data.n} ${item.id}`);
      break;
    }
  } finally {
    clearTimeout(timeout);
  }

  assert.deepEqual(signals, [{ type: "reset", latestId: ids[19], lastEventId: ids[19] }]);
  assert.equal(seen.length, 1);
  assert.match(seen[0]!, /^1 /); // the tick published after the reset, not a replay, not the signal

  // Without a handler the same reset ends the stream, carrying the signal: a gap is never silent.
  await assert.rejects(
    take("/feed", 1, { lastEventId: ids[1] }),
    (e: unknown) => e instanceof SseChannelSignalError && e.signal.type === "reset",
  );
});

test("a reader too slow for the channel is told how many events were dropped, and reads on", async () => {
  const publishes = 200;
  const received: number[] = [];
  let missed = 0;
  let resume!: () => void;
  const resumed = new Promise<void>((r) => (resume = r));
  const reading = (async () => {
    for await (const item of readSse<{ n: number; text: string }>(`${host.url}/notes`, {
      ...fast,
      signal: AbortSignal.timeout(20_000),
      onChannelSignal: (signal) => {
        assert.equal(signal.type, "missed");
        if (signal.type === "missed") {
          missed += signal.count;
        }
      },
    })) {
      received.push(item.data.n);
      if (received.length === 1) {
        await resumed; // the app is busy: nothing is read while the channel publishes the rest
      }

      if (item.data.n === publishes) {
        break;
      }
    }
  })();

  // 64 KiB notes: the paused client's socket and buffers fill within a few dozen, then its queue of 4 overflows.
  await host.post(`/control/notes?n=${publishes}&size=65536`);
  resume();
  await reading;

  assert.ok(missed > 0, `no missed signal; received ${received.length}`);
  assert.equal(received.length + missed, publishes);
  assert.deepEqual(
    received,
    [...received].sort((a, b) => a - b),
  );
});
