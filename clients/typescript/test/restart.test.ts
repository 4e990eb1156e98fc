import assert from "node:assert/strict";
import { after, test } from "node:test";
import { readSse } from "../src/index.js";
import { Host } from "./host.js";

let host: Host | undefined;
after(async () => {
  await host?.stop();
});

test("a stream whose server is killed and restarted on the same port resumes with Last-Event-ID: no gap, no repeat", async () => {
  host = await Host.start();
  const url = `${host.url}/ticks`;
  const received: number[] = [];
  const ids: (string | undefined)[] = [];
  for await (const item of readSse<{ n: number }>(url, {
    initialReconnectDelay: 50,
    minReconnectDelay: 20,
    maxReconnectDelay: 200,
    signal: AbortSignal.timeout(30_000),
  })) {
    received.push(item.data.n);
    ids.push(item.id);
    if (received.length === 20) {
      // The process dies mid-stream (connections drop, nothing is flushed); a new one takes the port 300 ms later.
      await host.stop();
      await new Promise((r) => setTimeout(r, 300));
      host = await Host.start(host.port);
    }

    if (received.length === 60) {
      break;
    }
  }

  assert.deepEqual(
    received,
    Array.from({ length: 60 }, (_, i) => i + 1),
  );
  assert.deepEqual(
    ids,
    received.map(String),
  );
  assert.ok((await host.count("/ticks")) >= 1, "the restarted server was never asked");
});

test("a half-open connection (the server frozen, the socket open) is dropped after idleTimeout and the stream resumes", async () => {
  host ??= await Host.start();
  const requestsBefore = await host.count("/ticks");
  const received: number[] = [];
  let frozenAt = 0;
  let resumedAfter = 0;
  for await (const item of readSse<{ n: number }>(`${host.url}/ticks`, {
    idleTimeout: 1000,
    initialReconnectDelay: 50,
    minReconnectDelay: 20,
    maxReconnectDelay: 200,
    signal: AbortSignal.timeout(20_000),
  })) {
    received.push(item.data.n);
    if (received.length === 5) {
      // SIGSTOP: the kernel keeps the connection open and acknowledges nothing new; no byte arrives, no close either.
      host.freeze();
      frozenAt = Date.now();
      setTimeout(() => host!.thaw(), 2500);
    }

    if (received.length === 6) {
      resumedAfter = Date.now() - frozenAt;
    }

    if (received.length === 10) {
      break;
    }
  }

  assert.deepEqual(
    received,
    Array.from({ length: 10 }, (_, i) => i + 1),
  );
  assert.ok(resumedAfter >= 2400, `resumed after ${resumedAfter} ms`);
  // The frozen connection was given up, not waited out: the ticks after 5 came on a new request.
  assert.ok((await host.count("/ticks")) - requestsBefore >= 2, "no reconnect: the silent connection was waited out");
});
