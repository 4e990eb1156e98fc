// ../../../clients/typescript/node_modules/eventsource-parser/dist/index.js
var ParseError = class extends Error {
  constructor(message, options) {
    super(message), this.name = "ParseError", this.type = options.type, this.field = options.field, this.value = options.value, this.line = options.line;
  }
};
var LF = 10;
var CR = 13;
var SPACE = 32;
function noop(_arg) {
}
function createParser(config) {
  if (typeof config == "function")
    throw new TypeError(
      "`config` must be an object, got a function instead. Did you mean `createParser({onEvent: fn})`?"
    );
  const { onEvent = noop, onError = noop, onRetry = noop, onComment, maxBufferSize } = config, pendingFragments = [];
  let pendingFragmentsLength = 0, isFirstChunk = true, id, data = "", dataLines = 0, eventType, terminated = false;
  function feed(chunk) {
    if (terminated)
      throw new Error(
        "Cannot feed parser: it was terminated after exceeding the configured max buffer size. Call `reset()` to resume parsing."
      );
    if (isFirstChunk && (isFirstChunk = false, chunk.charCodeAt(0) === 239 && chunk.charCodeAt(1) === 187 && chunk.charCodeAt(2) === 191 && (chunk = chunk.slice(3))), pendingFragments.length === 0) {
      const trailing2 = processLines(chunk);
      trailing2 !== "" && (pendingFragments.push(trailing2), pendingFragmentsLength = trailing2.length), checkBufferSize();
      return;
    }
    if (chunk.indexOf(`
`) === -1 && chunk.indexOf("\r") === -1) {
      pendingFragments.push(chunk), pendingFragmentsLength += chunk.length, checkBufferSize();
      return;
    }
    pendingFragments.push(chunk);
    const input = pendingFragments.join("");
    pendingFragments.length = 0, pendingFragmentsLength = 0;
    const trailing = processLines(input);
    trailing !== "" && (pendingFragments.push(trailing), pendingFragmentsLength = trailing.length), checkBufferSize();
  }
  function checkBufferSize() {
    maxBufferSize !== void 0 && (pendingFragmentsLength + data.length <= maxBufferSize || (terminated = true, pendingFragments.length = 0, pendingFragmentsLength = 0, id = void 0, data = "", dataLines = 0, eventType = void 0, onError(
      new ParseError(`Buffered data exceeded max buffer size of ${maxBufferSize} characters`, {
        type: "max-buffer-size-exceeded"
      })
    )));
  }
  function processLines(chunk) {
    let searchIndex = 0;
    if (chunk.indexOf("\r") === -1) {
      let lfIndex = chunk.indexOf(`
`, searchIndex);
      for (; lfIndex !== -1; ) {
        if (searchIndex === lfIndex) {
          dataLines > 0 && onEvent({ id, event: eventType, data }), id = void 0, data = "", dataLines = 0, eventType = void 0, searchIndex = lfIndex + 1, lfIndex = chunk.indexOf(`
`, searchIndex);
          continue;
        }
        const firstCharCode = chunk.charCodeAt(searchIndex);
        if (isDataPrefix(chunk, searchIndex, firstCharCode)) {
          const valueStart = chunk.charCodeAt(searchIndex + 5) === SPACE ? searchIndex + 6 : searchIndex + 5, value = chunk.slice(valueStart, lfIndex);
          if (dataLines === 0 && chunk.charCodeAt(lfIndex + 1) === LF) {
            onEvent({ id, event: eventType, data: value }), id = void 0, data = "", eventType = void 0, searchIndex = lfIndex + 2, lfIndex = chunk.indexOf(`
`, searchIndex);
            continue;
          }
          data = dataLines === 0 ? value : `${data}
${value}`, dataLines++;
        } else isEventPrefix(chunk, searchIndex, firstCharCode) ? eventType = chunk.slice(
          chunk.charCodeAt(searchIndex + 6) === SPACE ? searchIndex + 7 : searchIndex + 6,
          lfIndex
        ) || void 0 : parseLine(chunk, searchIndex, lfIndex);
        searchIndex = lfIndex + 1, lfIndex = chunk.indexOf(`
`, searchIndex);
      }
      return chunk.slice(searchIndex);
    }
    for (; searchIndex < chunk.length; ) {
      const crIndex = chunk.indexOf("\r", searchIndex), lfIndex = chunk.indexOf(`
`, searchIndex);
      let lineEnd = -1;
      if (crIndex !== -1 && lfIndex !== -1 ? lineEnd = crIndex < lfIndex ? crIndex : lfIndex : crIndex !== -1 ? crIndex === chunk.length - 1 ? lineEnd = -1 : lineEnd = crIndex : lfIndex !== -1 && (lineEnd = lfIndex), lineEnd === -1)
        break;
      parseLine(chunk, searchIndex, lineEnd), searchIndex = lineEnd + 1, chunk.charCodeAt(searchIndex - 1) === CR && chunk.charCodeAt(searchIndex) === LF && searchIndex++;
    }
    return chunk.slice(searchIndex);
  }
  function parseLine(chunk, start, end) {
    if (start === end) {
      dispatchEvent();
      return;
    }
    const firstCharCode = chunk.charCodeAt(start);
    if (isDataPrefix(chunk, start, firstCharCode)) {
      const valueStart = chunk.charCodeAt(start + 5) === SPACE ? start + 6 : start + 5, value2 = chunk.slice(valueStart, end);
      data = dataLines === 0 ? value2 : `${data}
${value2}`, dataLines++;
      return;
    }
    if (isEventPrefix(chunk, start, firstCharCode)) {
      eventType = chunk.slice(chunk.charCodeAt(start + 6) === SPACE ? start + 7 : start + 6, end) || void 0;
      return;
    }
    if (firstCharCode === 105 && chunk.charCodeAt(start + 1) === 100 && chunk.charCodeAt(start + 2) === 58) {
      const value2 = chunk.slice(chunk.charCodeAt(start + 3) === SPACE ? start + 4 : start + 3, end);
      value2.includes("\0") || (id = value2);
      return;
    }
    if (firstCharCode === 58) {
      if (onComment) {
        const line2 = chunk.slice(start, end);
        onComment(line2.slice(chunk.charCodeAt(start + 1) === SPACE ? 2 : 1));
      }
      return;
    }
    const line = chunk.slice(start, end), fieldSeparatorIndex = line.indexOf(":");
    if (fieldSeparatorIndex === -1) {
      processField(line, "", line);
      return;
    }
    const field = line.slice(0, fieldSeparatorIndex), offset = line.charCodeAt(fieldSeparatorIndex + 1) === SPACE ? 2 : 1, value = line.slice(fieldSeparatorIndex + offset);
    processField(field, value, line);
  }
  function processField(field, value, line) {
    switch (field) {
      case "event":
        eventType = value || void 0;
        break;
      case "data":
        data = dataLines === 0 ? value : `${data}
${value}`, dataLines++;
        break;
      case "id":
        value.includes("\0") || (id = value);
        break;
      case "retry":
        /^\d+$/.test(value) ? onRetry(parseInt(value, 10)) : onError(
          new ParseError(`Invalid \`retry\` value: "${value}"`, {
            type: "invalid-retry",
            value,
            line
          })
        );
        break;
      default:
        onError(
          new ParseError(
            `Unknown field "${field.length > 20 ? `${field.slice(0, 20)}\u2026` : field}"`,
            { type: "unknown-field", field, value, line }
          )
        );
        break;
    }
  }
  function dispatchEvent() {
    dataLines > 0 && onEvent({
      id,
      event: eventType,
      data
    }), id = void 0, data = "", dataLines = 0, eventType = void 0;
  }
  function reset(options = {}) {
    if (options.consume && pendingFragments.length > 0) {
      const incompleteLine = pendingFragments.join("");
      parseLine(incompleteLine, 0, incompleteLine.length);
    }
    isFirstChunk = true, id = void 0, data = "", dataLines = 0, eventType = void 0, pendingFragments.length = 0, pendingFragmentsLength = 0, terminated = false;
  }
  return { feed, reset };
}
function isDataPrefix(chunk, i, firstCharCode) {
  return firstCharCode === 100 && chunk.charCodeAt(i + 1) === 97 && chunk.charCodeAt(i + 2) === 116 && chunk.charCodeAt(i + 3) === 97 && chunk.charCodeAt(i + 4) === 58;
}
function isEventPrefix(chunk, i, firstCharCode) {
  return firstCharCode === 101 && chunk.charCodeAt(i + 1) === 118 && chunk.charCodeAt(i + 2) === 101 && chunk.charCodeAt(i + 3) === 110 && chunk.charCodeAt(i + 4) === 116 && chunk.charCodeAt(i + 5) === 58;
}

// ../../../clients/typescript/dist/errors.js
var SseHttpError = class extends Error {
  url;
  status;
  contentType;
  name = "SseHttpError";
  constructor(message, url, status, contentType) {
    super(message);
    this.url = url;
    this.status = status;
    this.contentType = contentType;
  }
};
var SseProtocolError = class extends Error {
  code;
  url;
  name = "SseProtocolError";
  constructor(code, url, message) {
    super(message);
    this.code = code;
    this.url = url;
  }
};
var SseChannelSignalError = class extends Error {
  signal;
  url;
  name = "SseChannelSignalError";
  constructor(signal, url) {
    super(signal.type === "reset" ? `The SSE stream ${url} sent 'reset' (latestId '${signal.latestId}'): the events since the id it resumed from are gone. Pass onChannelSignal to reload and read on.` : `The SSE stream ${url} sent 'missed': this client read too slowly and the server dropped ${signal.count} events. Pass onChannelSignal to read on.`);
    this.signal = signal;
    this.url = url;
  }
};
var SseDataError = class extends Error {
  url;
  event;
  id;
  name = "SseDataError";
  constructor(url, event, id, cause) {
    super(`The SSE stream ${url} sent an event (type '${event}', last event id '${id ?? ""}') whose data could not be parsed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.url = url;
    this.event = event;
    this.id = id;
  }
};

// ../../../clients/typescript/dist/eventIds.js
function indexOfUnsendable(id) {
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c < 33 || c > 126) {
      return i;
    }
  }
  return -1;
}
function describeId(id) {
  let shown = "";
  for (const c of id.slice(0, 64)) {
    const code = c.charCodeAt(0);
    shown += code >= 33 && code <= 126 ? c : `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`;
  }
  return id.length > 64 ? `${shown}...` : shown;
}
function unsendable(url, id) {
  const index = indexOfUnsendable(id);
  const code = id.charCodeAt(index).toString(16).toUpperCase().padStart(4, "0");
  return new SseProtocolError("unsendable-event-id", url, `The SSE stream ${url} cannot be resumed: its last event id "${describeId(id)}" has U+${code} at index ${index}, and a Last-Event-ID header carries only visible ASCII (0x21-0x7E). The stream ends instead of reconnecting from the start or retrying a request that cannot be sent; the server should use ids such as numbers or base64url.`);
}

// ../../../clients/typescript/dist/reconnectPolicy.js
function reconnectDelay(settings, serverRetry, retryAfter, failures, random) {
  const floor = Math.max(settings.minReconnectDelay, 0);
  const max = Math.max(settings.maxReconnectDelay, floor);
  const base = Math.max(serverRetry ?? settings.initialReconnectDelay, floor);
  const doublings = Math.min(Math.max(failures - 1, 0), 30);
  const target = Math.min(base * 2 ** doublings, max);
  let delay = Math.max(jitter(target, max, random), floor);
  if (retryAfter !== void 0 && retryAfter > 0) {
    const cap = Math.max(settings.maxRetryAfter, 0);
    const honoured = jitter(Math.min(retryAfter, cap), cap, random);
    if (honoured > delay) {
      delay = honoured;
    }
  }
  return Math.round(delay);
}
function jitter(target, cap, random) {
  const high = Math.min(target * 1.5, cap);
  const low = Math.min(target, high * 2 / 3);
  return low + (high - low) * random;
}
function parseRetryAfter(value, now) {
  if (value === null) {
    return void 0;
  }
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed) * 1e3;
  }
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? void 0 : date - now;
}

// ../../../clients/typescript/dist/signals.js
function readChannelSignal(event, data, lastEventId) {
  if (event !== "reset" && event !== "missed") {
    return void 0;
  }
  let value;
  try {
    value = JSON.parse(data);
  } catch {
    return void 0;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value) || Object.keys(value).length !== 1) {
    return void 0;
  }
  if (event === "reset") {
    const latestId = value.latestId;
    return typeof latestId === "string" ? { type: "reset", latestId, lastEventId: latestId === "" ? void 0 : latestId } : void 0;
  }
  const count = value.missed;
  return typeof count === "number" && Number.isSafeInteger(count) && count >= 1 ? { type: "missed", count, lastEventId } : void 0;
}

// ../../../clients/typescript/dist/readSse.js
var defaults = {
  idleTimeout: 45e3,
  initialReconnectDelay: 1e3,
  minReconnectDelay: 500,
  maxReconnectDelay: 3e4,
  maxRetryAfter: 3e5,
  maxEventSize: 1024 * 1024
};
async function* readSse(url, options = {}) {
  const href = String(url);
  const settings = {
    initialReconnectDelay: options.initialReconnectDelay ?? defaults.initialReconnectDelay,
    minReconnectDelay: options.minReconnectDelay ?? defaults.minReconnectDelay,
    maxReconnectDelay: options.maxReconnectDelay ?? defaults.maxReconnectDelay,
    maxRetryAfter: options.maxRetryAfter ?? defaults.maxRetryAfter
  };
  const idleTimeout = options.idleTimeout ?? defaults.idleTimeout;
  const maxEventSize = options.maxEventSize ?? defaults.maxEventSize;
  const parse = options.parse ?? ((data) => JSON.parse(data));
  const doFetch = options.fetch ?? globalThis.fetch;
  const random = options.random ?? Math.random;
  const signal = options.signal;
  let lastEventId = options.lastEventId;
  if (lastEventId !== void 0 && indexOfUnsendable(lastEventId) >= 0) {
    throw new RangeError(`lastEventId "${describeId(lastEventId)}" cannot be sent as a Last-Event-ID header: only visible ASCII (0x21-0x7E) can.`);
  }
  let serverRetry;
  let failures = 0;
  while (true) {
    signal?.throwIfAborted();
    if (lastEventId !== void 0 && indexOfUnsendable(lastEventId) >= 0) {
      throw unsendable(href, lastEventId);
    }
    let delivered = false;
    let retryAfter;
    const connection = new AbortController();
    const cancel = () => connection.abort(signal?.reason);
    signal?.addEventListener("abort", cancel, { once: true });
    const idle = new IdleTimer(connection, idleTimeout);
    try {
      let response;
      try {
        const request = await createRequest(options, lastEventId, connection.signal);
        idle.start();
        response = await doFetch(href, request);
      } catch (e) {
        signal?.throwIfAborted();
        if (!(e instanceof TypeError) && !connection.signal.aborted) {
          throw e;
        }
      } finally {
        idle.stop();
      }
      if (response !== void 0) {
        if (response.status === 204) {
          return;
        }
        const contentType = response.headers.get("content-type");
        if (!response.ok) {
          if (!isRetryable(response.status)) {
            throw new SseHttpError(`The SSE stream ${href} answered ${response.status} ${response.statusText}; a ${response.status} is not retried.`, href, response.status, contentType);
          }
          retryAfter = parseRetryAfter(response.headers.get("retry-after"), Date.now());
        } else if (!isEventStream(contentType)) {
          throw new SseHttpError(`The SSE stream ${href} answered ${response.status} with content type '${contentType ?? ""}', not text/event-stream.`, href, response.status, contentType);
        } else if (response.body !== null) {
          const events = [];
          let tooLarge = false;
          const parser = createParser({
            onEvent: (message) => events.push(message),
            onRetry: (ms) => serverRetry = ms,
            onError: (error) => tooLarge ||= error.type === "max-buffer-size-exceeded",
            maxBufferSize: maxEventSize
          });
          const decoder = new TextDecoder();
          const reader = response.body.getReader();
          while (true) {
            let chunk;
            try {
              idle.start();
              chunk = await reader.read();
            } catch {
              signal?.throwIfAborted();
              break;
            } finally {
              idle.stop();
            }
            if (chunk.done) {
              break;
            }
            parser.feed(decoder.decode(chunk.value, { stream: true }));
            for (const message of events.splice(0)) {
              if (message.id !== void 0) {
                lastEventId = message.id === "" ? void 0 : message.id;
              }
              if (message.data.length > maxEventSize) {
                tooLarge = true;
                break;
              }
              delivered = true;
              failures = 0;
              const event = message.event ?? "message";
              const channelSignal = readChannelSignal(event, message.data, lastEventId);
              if (channelSignal !== void 0) {
                if (channelSignal.type === "reset") {
                  lastEventId = channelSignal.lastEventId;
                }
                if (options.onChannelSignal === void 0) {
                  throw new SseChannelSignalError(channelSignal, href);
                }
                await options.onChannelSignal(channelSignal);
                continue;
              }
              let data;
              try {
                data = parse(message.data, event);
              } catch (e) {
                throw new SseDataError(href, event, lastEventId, e);
              }
              yield { data, event, id: lastEventId, retry: serverRetry };
            }
            if (tooLarge) {
              throw new SseProtocolError("event-too-large", href, `The SSE stream ${href} sent a line or an event larger than maxEventSize (${maxEventSize} characters); it is not retried, since a resume would replay the same event.`);
            }
          }
        }
      }
    } finally {
      idle.stop();
      signal?.removeEventListener("abort", cancel);
      connection.abort();
    }
    signal?.throwIfAborted();
    if (!delivered) {
      failures++;
    }
    await sleep(reconnectDelay(settings, serverRetry, retryAfter, failures, random()), signal);
  }
}
async function createRequest(options, lastEventId, signal) {
  const headers = new Headers(typeof options.headers === "function" ? await options.headers() : options.headers);
  headers.set("Accept", "text/event-stream");
  if (lastEventId !== void 0) {
    headers.set("Last-Event-ID", lastEventId);
  }
  let body = options.body;
  if (isPlainJson(options.body)) {
    body = JSON.stringify(options.body);
    if (!headers.has("Content-Type")) {
      headers.set("Content-Type", "application/json");
    }
  }
  return { cache: "no-store", ...options.init, method: options.method ?? "GET", headers, body, signal };
}
function isPlainJson(body) {
  if (typeof body !== "object" || body === null) {
    return false;
  }
  const prototype = Object.getPrototypeOf(body);
  return Array.isArray(body) || prototype === Object.prototype || prototype === null;
}
function isRetryable(status) {
  return status >= 500 || status === 408 || status === 429;
}
function isEventStream(contentType) {
  return contentType !== null && contentType.split(";", 1)[0].trim().toLowerCase() === "text/event-stream";
}
var IdleTimer = class {
  connection;
  timeout;
  handle;
  constructor(connection, timeout) {
    this.connection = connection;
    this.timeout = timeout;
  }
  start() {
    if (this.timeout > 0 && Number.isFinite(this.timeout) && !this.connection.signal.aborted) {
      this.handle = setTimeout(() => this.connection.abort(new Error(`No byte for ${this.timeout} ms (idleTimeout).`)), this.timeout);
    }
  }
  stop() {
    if (this.handle !== void 0) {
      clearTimeout(this.handle);
      this.handle = void 0;
    }
  }
};
function sleep(ms, signal) {
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
      reject(signal.reason);
    };
    const handle = setTimeout(done, ms);
    signal?.addEventListener("abort", aborted, { once: true });
  });
}

// ../../../clients/typescript/dist/operation.js
function readOperation(method, template, params, options, data) {
  const { baseUrl, headers, ...rest } = options ?? {};
  const path = template.replace(/\{([^}]+)\}/g, (_, name) => {
    const value = params?.path?.[name];
    if (value === void 0 || value === null) {
      throw new TypeError(`${method} ${template}: the route value "${name}" is missing.`);
    }
    return encodeURIComponent(String(value));
  });
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params?.query ?? {})) {
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one !== void 0 && one !== null) {
        query.append(name, String(one));
      }
    }
  }
  const fixed = new Headers();
  let lastEventId = rest.lastEventId;
  for (const [name, value] of Object.entries(params?.header ?? {})) {
    if (value === void 0 || value === null) {
      continue;
    }
    if (name.toLowerCase() === "last-event-id") {
      lastEventId ??= String(value);
    } else {
      fixed.set(name, String(value));
    }
  }
  const search = query.toString();
  const url = `${(baseUrl ?? "").replace(/\/+$/, "")}${path}${search ? `?${search}` : ""}`;
  return readSse(url, {
    ...data === "text" ? { parse: (text) => text } : {},
    ...rest,
    ...lastEventId === void 0 ? {} : { lastEventId },
    method,
    headers: async () => {
      const merged = new Headers(fixed);
      const extra = typeof headers === "function" ? await headers() : headers;
      new Headers(extra ?? {}).forEach((value, name) => merged.set(name, value));
      return merged;
    }
  });
}

// streams.ts
function getChatRoom(params, options) {
  return readOperation("GET", "/chat/{room}", params, options, "json");
}
function getClock(params, options) {
  return readOperation("GET", "/clock", params, options, "text");
}
function getPrivateSecrets(params, options) {
  return readOperation("GET", "/private/secrets", params, options, "text");
}
function getQuotesSymbol(params, options) {
  return readOperation("GET", "/quotes/{symbol}", params, options, "json");
}

// page.ts
window.streams = { getChatRoom, getClock, getPrivateSecrets, getQuotesSymbol };
function watched(name) {
  const status = { state: "connecting", connections: 0 };
  window[name] = status;
  const label = document.getElementById(`${name}-state`);
  const show = (state) => {
    status.state = state;
    label.textContent = state;
  };
  return async (input, init) => {
    let response;
    try {
      response = await fetch(input, init);
    } catch (error) {
      show("reconnecting");
      throw error;
    }
    if (!response.ok || response.body === null) {
      show("reconnecting");
      return response;
    }
    status.connections++;
    show("open");
    const reader = response.body.getReader();
    const body = new ReadableStream({
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            show("reconnecting");
            controller.close();
          } else {
            controller.enqueue(value);
          }
        } catch (error) {
          show("reconnecting");
          controller.error(error);
        }
      },
      cancel: (reason) => reader.cancel(reason)
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
function run(name, loop) {
  loop().catch((error) => {
    window[name].state = "closed";
    document.getElementById(`${name}-state`).textContent = `stopped: ${error instanceof Error ? error.message : String(error)}`;
  });
}
var received = [];
window.sseReceived = received;
var list = document.getElementById("quotes");
run("quotes", async () => {
  for await (const q of getQuotesSymbol({ path: { symbol: "MSFT" } }, { fetch: watched("quotes") })) {
    const sequence = Number(q.data.sequence);
    const price = Number(q.data.price);
    received.push({ id: q.id, sequence, symbol: q.data.symbol, price });
    const li = document.createElement("li");
    li.value = sequence;
    li.textContent = `${q.data.symbol} ${price.toFixed(2)}  (id ${q.id})`;
    list.appendChild(li);
    list.scrollTop = list.scrollHeight;
  }
});
var clockText = document.getElementById("clock");
run("clock", async () => {
  for await (const tick of getClock(void 0, { fetch: watched("clock") })) {
    clockText.textContent = tick.data;
  }
});
var chatReceived = [];
window.chatReceived = chatReceived;
var chatLog = document.getElementById("chat-log");
var chatLine = (text, note) => {
  const li = document.createElement("li");
  li.textContent = text;
  if (note) li.className = "note";
  chatLog.appendChild(li);
  chatLog.scrollTop = chatLog.scrollHeight;
};
run("chat", async () => {
  const messages = getChatRoom(
    { path: { room: "lobby" } },
    {
      fetch: watched("chat"),
      onChannelSignal: (signal) => {
        if (signal.type === "reset") {
          chatLog.replaceChildren();
          chatLine("(missed too much: the room continues from here)", true);
        } else {
          chatLine(`(${signal.count} message(s) missed)`, true);
        }
      }
    }
  );
  for await (const m of messages) {
    chatReceived.push({ id: m.id, user: m.data.user, text: m.data.text });
    chatLine(`${m.data.user}: ${m.data.text}`);
  }
});
document.getElementById("chat-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = e.target;
  const user = form.elements.namedItem("user");
  const text = form.elements.namedItem("text");
  const response = await fetch("/chat/lobby", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ user: user.value, text: text.value })
  });
  if (response.status === 202) text.value = "";
  else chatLine(`(not sent: ${response.status})`, true);
});
