'use strict';
// The better-sse peer of the SseGen benchmarks (key `better-sse`): a better-sse channel
// (createChannel) that broadcasts each tick of one shared feed to every session, the way its
// README shows; better-sse writes to every session in one synchronous loop. Routes
// /better-sse/fanout and /better-sse/idle, mounted on the express app of server.js (same
// process, same feed period and payload as the express peer).
//
// Equivalent data: the session's opening `retry:` field is turned off (retry: null) and the
// fan-out has no keep-alive timer (keepAlive: null), as the other fan-out peers have none; the
// event id is the feed's sequence number instead of a random UUID per broadcast. Each event is
// still `event:message\nid:<seq>\ndata:<json>\n\n` (better-sse always writes the event and id
// fields); the client counts frames with a data line, so it counts these the same.
const { createSession, createChannel } = require('better-sse');

function mountBetterSse(app, { nowMicros, feedPeriodMs, keepAliveMs }) {
  const channel = createChannel();
  let seq = 0;
  setInterval(() => {
    const tick = { seq, ts: nowMicros(), value: seq * 0.25 };
    seq++;
    if (channel.sessionCount === 0) return;
    channel.broadcast(tick, 'message', { eventId: String(tick.seq) });
  }, feedPeriodMs);

  app.get('/better-sse/fanout', async (req, res) => {
    const session = await createSession(req, res, { retry: null, keepAlive: null });
    channel.register(session);
  });

  // Idle: one event, then better-sse's own keep-alive (an empty comment) every 15 s.
  app.get('/better-sse/idle', async (req, res) => {
    const session = await createSession(req, res, { retry: null, keepAlive: keepAliveMs });
    session.push({ seq: 0, ts: nowMicros(), value: 0 }, 'message', '0');
  });
}

module.exports = { mountBetterSse };
