import assert from "node:assert/strict";
import { test } from "node:test";
import { parseRetryAfter, readChannelSignal, reconnectDelay, type ReconnectSettings } from "../src/index.js";

// The .NET client's defaults, in milliseconds.
const defaults: ReconnectSettings = { initialReconnectDelay: 1000, minReconnectDelay: 500, maxReconnectDelay: 30_000, maxRetryAfter: 300_000 };

test("the delay is the base jittered up to half again, doubled per failure after the first, capped, never below the floor", () => {
  // [serverRetry, retryAfter, failures, random, expected]
  const table: [number | undefined, number | undefined, number, number, number][] = [
    [undefined, undefined, 0, 0, 1000], // after a connection that delivered: the base
    [undefined, undefined, 1, 0, 1000], // the first failure does not double
    [undefined, undefined, 1, 0.999_999, 1500], // jitter: up to half as long again
    [undefined, undefined, 2, 0, 2000],
    [undefined, undefined, 3, 0.5, 5000], // 4000 .. 6000
    [undefined, undefined, 6, 0, 20_000], // 32 000 capped at 30 000: two thirds of the cap to the cap
    [undefined, undefined, 6, 0.999_999, 30_000],
    [undefined, undefined, 1000, 0, 20_000], // no overflow after many failures
    [0, undefined, 1, 0, 500], // retry: 0 is raised to the floor
    [100, undefined, 1, 0.999_999, 750], // the floor, jittered
    [3000, undefined, 1, 0, 3000], // the server's retry: replaces the initial delay
    [3000, undefined, 3, 0, 12_000], // and backs off like it
    [undefined, 10_000, 1, 0, 10_000], // a longer Retry-After wins
    [undefined, 10_000, 1, 0.999_999, 15_000], // jittered the same way
    [undefined, 200, 1, 0, 1000], // a shorter one does not
    [undefined, 3_600_000, 1, 0, 200_000], // capped separately at 5 min: two thirds of it to all of it
    [undefined, 3_600_000, 1, 0.999_999, 300_000],
  ];
  for (const [serverRetry, retryAfter, failures, random, expected] of table) {
    assert.equal(
      reconnectDelay(defaults, serverRetry, retryAfter, failures, random),
      expected,
      `retry ${serverRetry}, Retry-After ${retryAfter}, ${failures} failures, random ${random}`,
    );
  }
});

test("every delay stays within its bounds for any random sample", () => {
  for (let failures = 0; failures < 40; failures++) {
    for (const random of [0, 0.25, 0.5, 0.75, 0.999_999]) {
      const delay = reconnectDelay(defaults, undefined, undefined, failures, random);
      const target = Math.min(1000 * 2 ** Math.max(failures - 1, 0), 30_000);
      assert.ok(delay >= Math.min(target, 20_000) && delay <= Math.min(target * 1.5, 30_000), `${failures} failures, random ${random}: ${delay}`);
      assert.ok(delay >= 500);
    }
  }
});

test("Retry-After is read as seconds or as an HTTP date", () => {
  const now = Date.parse("2026-12-06T10:00:00Z");
  assert.equal(parseRetryAfter("120", now), 120_000);
  assert.equal(parseRetryAfter("Sun, 06 Dec 2026 10:00:30 GMT", now), 30_000);
  assert.equal(parseRetryAfter(null, now), undefined);
  assert.equal(parseRetryAfter("soon", now), undefined);
});

test("channel signals are recognized by event type and exact data shape only", () => {
  assert.deepEqual(readChannelSignal("reset", '{"latestId":"17-3"}', "2"), { type: "reset", latestId: "17-3", lastEventId: "17-3" });
  assert.deepEqual(readChannelSignal("reset", '{"latestId":""}', "2"), { type: "reset", latestId: "", lastEventId: undefined });
  assert.deepEqual(readChannelSignal("missed", '{"missed":4}', "9"), { type: "missed", count: 4, lastEventId: "9" });
  // Other shapes are items of those event types, and other event types are items.
  assert.equal(readChannelSignal("reset", '{"latestId":"1","x":2}', undefined), undefined);
  assert.equal(readChannelSignal("reset", '{"latestId":1}', undefined), undefined);
  assert.equal(readChannelSignal("missed", '{"missed":0}', undefined), undefined);
  assert.equal(readChannelSignal("missed", '{"missed":1.5}', undefined), undefined);
  assert.equal(readChannelSignal("missed", "not json", undefined), undefined);
  assert.equal(readChannelSignal("message", '{"missed":4}', undefined), undefined);
});
