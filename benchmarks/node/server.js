'use strict';
// Peer 4 of the SseGen benchmarks: the express loop from the classic SSE tutorials,
// res.write('data: ' + JSON.stringify(x) + '\n\n'). Same routes and payload as the .NET peers
// (/node/burst?n=, /node/fanout, /node/idle), plus /_bench/mem; the better-sse peer's routes
// (/better-sse/fanout, /better-sse/idle) come from better-sse.js. Listens on 127.0.0.1 at a free
// port and prints "LISTENING <url>". Run with --expose-gc so /_bench/mem can collect first.
const express = require('express');
const { performance } = require('node:perf_hooks');
const { mountBetterSse } = require('./better-sse');

const KEEP_ALIVE_MS = 15000;
const FEED_PERIOD_MS = 10;

// Microseconds since the Unix epoch, like WallClock.NowMicros() on the .NET side.
const nowMicros = () => Math.round((performance.timeOrigin + performance.now()) * 1000);

const app = express();
app.disable('x-powered-by');
app.disable('etag');

function startSse(res) {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
  });
  res.flushHeaders();
}

// Burst: every item ready at once. Writes until the socket pushes back, then waits for 'drain'
// (a loop that ignored the return value would buffer the whole burst in memory first).
app.get('/node/burst', (req, res) => {
  const n = Number.parseInt(req.query.n, 10) || 0;
  // yieldEvery=k: give the event loop a turn (setImmediate) before every k-th item.
  const yieldEvery = Number.parseInt(req.query.yieldEvery, 10) || 0;
  startSse(res);
  let i = 0;
  let closed = false;
  req.on('close', () => { closed = true; });
  const pump = () => {
    while (i < n && !closed) {
      if (yieldEvery > 0 && i % yieldEvery === yieldEvery - 1 && !pump.yielded) {
        pump.yielded = true;
        setImmediate(pump);
        return;
      }
      pump.yielded = false;
      const ok = res.write('data: ' + JSON.stringify({ seq: i, ts: nowMicros(), value: i * 0.25 }) + '\n\n');
      i++;
      if (!ok) {
        res.once('drain', pump);
        return;
      }
    }
    res.end();
  };
  pump();
});

// Fan-out: one shared feed, published every 10 ms to every open stream.
const subscribers = new Set();
let seq = 0;
setInterval(() => {
  const tick = { seq, ts: nowMicros(), value: seq * 0.25 };
  seq++;
  if (subscribers.size === 0) return;
  const frame = 'data: ' + JSON.stringify(tick) + '\n\n';
  for (const res of subscribers) res.write(frame);
}, FEED_PERIOD_MS);

app.get('/node/fanout', (req, res) => {
  startSse(res);
  subscribers.add(res);
  req.on('close', () => subscribers.delete(res));
});

// Idle: one event, then a keep-alive comment every 15 s from a timer per connection.
app.get('/node/idle', (req, res) => {
  startSse(res);
  res.write('data: ' + JSON.stringify({ seq: 0, ts: nowMicros(), value: 0 }) + '\n\n');
  const timer = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  req.on('close', () => clearInterval(timer));
});

mountBetterSse(app, { nowMicros, feedPeriodMs: FEED_PERIOD_MS, keepAliveMs: KEEP_ALIVE_MS });

app.get('/_bench/mem', (req, res) => {
  if (typeof global.gc === 'function') {
    global.gc();
    global.gc();
  }
  const m = process.memoryUsage();
  res.type('text/plain').send(`heap=${m.heapUsed + m.external}\nworkingSet=${m.rss}\n`);
});

const server = app.listen(0, '127.0.0.1', 4096, (error) => {
  if (error) throw error;
  const { port } = server.address();
  console.log(`LISTENING http://127.0.0.1:${port}`);
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
