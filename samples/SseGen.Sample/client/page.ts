// The sample page's script: reads the quote, clock and chat streams through the functions generated from the
// sample's OpenAPI document (streams.ts). ./regenerate.sh bundles it into ../wwwroot/sample.js.
import { getChatRoom, getClock, getPrivateSecrets, getQuotesSymbol } from "./streams.js";

/** What a stream's label shows, and what the browser tests read as `window.<name>.state`. */
type StreamState = "connecting" | "open" | "reconnecting" | "closed";

interface StreamStatus {
  state: StreamState;
  /** Responses with a stream body the page received: 1 on the first connection, one more per reconnect. */
  connections: number;
}

declare global {
  interface Window {
    sseReceived: { id: string | undefined; sequence: number; symbol: string; price: number }[];
    chatReceived: { id: string | undefined; user: string; text: string }[];
    quotes: StreamStatus;
    clock: StreamStatus;
    chat: StreamStatus;
    /** The generated functions, for a test (or the console) to call with its own options. */
    streams: { getChatRoom: typeof getChatRoom; getClock: typeof getClock; getPrivateSecrets: typeof getPrivateSecrets; getQuotesSymbol: typeof getQuotesSymbol };
  }
}

window.streams = { getChatRoom, getClock, getPrivateSecrets, getQuotesSymbol };

/**
 * A fetch for one stream that keeps `status` and its label current: "open" when a stream's response arrives,
 * "reconnecting" when its body ends or breaks (after every event it delivered) or the request fails. The
 * client itself has no open/error events; it reconnects on its own.
 */
function watched(name: "quotes" | "clock" | "chat"): typeof fetch {
  const status: StreamStatus = { state: "connecting", connections: 0 };
  window[name] = status;
  const label = document.getElementById(`${name}-state`)!;
  const show = (state: StreamState) => {
    status.state = state;
    label.textContent = state;
  };
  return async (input, init) => {
    let response: Response;
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
    const body = new ReadableStream<Uint8Array>({
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
      cancel: (reason) => reader.cancel(reason),
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/** Runs a stream's loop; an error that ends it for good (none of these streams should) shows on its label. */
function run(name: "quotes" | "clock" | "chat", loop: () => Promise<void>) {
  loop().catch((error: unknown) => {
    window[name].state = "closed";
    document.getElementById(`${name}-state`)!.textContent = `stopped: ${error instanceof Error ? error.message : String(error)}`;
  });
}

const received: Window["sseReceived"] = [];
window.sseReceived = received;
const list = document.getElementById("quotes")!;
run("quotes", async () => {
  // Typed: q.data is the document's Quote; a reconnect sends the last id as Last-Event-ID.
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

const clockText = document.getElementById("clock")!;
run("clock", async () => {
  for await (const tick of getClock(undefined, { fetch: watched("clock") })) {
    clockText.textContent = tick.data;
  }
});

const chatReceived: Window["chatReceived"] = [];
window.chatReceived = chatReceived;
const chatLog = document.getElementById("chat-log")!;
const chatLine = (text: string, note?: boolean) => {
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
          // The room's history no longer reaches back to our last message: start over from now.
          chatLog.replaceChildren();
          chatLine("(missed too much: the room continues from here)", true);
        } else {
          // This tab read too slowly and the server dropped some messages for it.
          chatLine(`(${signal.count} message(s) missed)`, true);
        }
      },
    },
  );
  for await (const m of messages) {
    chatReceived.push({ id: m.id, user: m.data.user, text: m.data.text });
    chatLine(`${m.data.user}: ${m.data.text}`);
  }
});

document.getElementById("chat-form")!.addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = e.target as HTMLFormElement;
  const user = form.elements.namedItem("user") as HTMLInputElement;
  const text = form.elements.namedItem("text") as HTMLInputElement;
  const response = await fetch("/chat/lobby", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ user: user.value, text: text.value }),
  });
  if (response.status === 202) text.value = "";
  else chatLine(`(not sent: ${response.status})`, true);
});
