import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Host, sampleDll } from "./host.js";

const run = promisify(execFile);
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const tsc = join(packageDir, "node_modules", "typescript", "bin", "tsc");

let host: Host | undefined;
let sample: Host | undefined;
let folder: string | undefined;
after(async () => {
  await host?.stop();
  await sample?.stop();
  if (folder) {
    await rm(folder, { recursive: true, force: true });
  }
});

test("npm pack, installed into a fresh folder as a user would, gives a tsc --strict program typed items from a real stream, and its bin generates typed functions from the app's document", async () => {
  folder = await mkdtemp(join(tmpdir(), "ssegen-client-"));
  const { stdout } = await run("npm", ["pack", "--silent", "--pack-destination", folder], { cwd: packageDir });
  const tarball = join(folder, stdout.trim().split("\n").pop()!);
  const app = join(folder, "app");
  await run("mkdir", ["-p", app]);
  await writeFile(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], { cwd: app });
  await writeFile(
    join(app, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", lib: ["ES2022", "DOM"], types: [], outDir: "out" } }),
  );
  const program = (body: string) => `import { readSse, SseHttpError, type SseChannelSignal } from "@ssegen/client";
declare const process: { argv: string[] };
interface Tick { n: number }
const seen: number[] = [];
for await (const item of readSse<Tick>(process.argv[2]!, {
  signal: AbortSignal.timeout(10_000),
  onChannelSignal: (signal: SseChannelSignal) => { if (signal.type === "missed") console.log(signal.count); },
})) {
  ${body}
  if (seen.length === 3) break;
}
console.log(JSON.stringify(seen), SseHttpError.name);
`;

  // The declarations reach the user: a wrong field is a compile error.
  await writeFile(join(app, "main.ts"), program("seen.push(item.data.count);"));
  await assert.rejects(run(process.execPath, [tsc, "-p", app]), (e: { stdout?: string }) => /Property 'count' does not exist on type 'Tick'/.test(e.stdout ?? ""));

  await writeFile(join(app, "main.ts"), program("seen.push(item.data.n);"));
  await run(process.execPath, [tsc, "-p", app]);
  host = await Host.start();
  const result = await run(process.execPath, [join(app, "out", "main.js"), `${host.url}/ticks`], { cwd: app });
  assert.equal(result.stdout.trim(), "[1,2,3] SseHttpError");

  // The packed bin, as the README says to run it, generates typed functions from the running app's document.
  const generated = await run("npx", ["--no", "@ssegen/client", "generate", `${host.url}/openapi/v1.json`, "-o", "streams.ts"], { cwd: app });
  assert.match(generated.stdout, /streams\.ts: \d+ stream functions/);
  await writeFile(
    join(app, "main.ts"),
    `import { getCountFrom } from "./streams.js";
declare const process: { argv: string[] };
const seen: Array<number | string> = [];
for await (const item of getCountFrom({ path: { from: 10 }, header: { "X-Tenant": "t" } }, { baseUrl: process.argv[2]!, signal: AbortSignal.timeout(10_000) })) {
  seen.push(item.data.n);
  if (seen.length === 3) break;
}
console.log(JSON.stringify(seen));
`,
  );
  await run(process.execPath, [tsc, "-p", app]);
  const typed = await run(process.execPath, [join(app, "out", "main.js"), host.url], { cwd: app });
  assert.equal(typed.stdout.trim(), "[10,11,12]");

  // As a new user would: the sample's own document, and its quote stream read through the generated function.
  sample = await Host.start(0, sampleDll());
  const fromSample = await run("npx", ["--no", "@ssegen/client", "generate", `${sample.url}/openapi/v1.json`, "-o", "sample-streams.ts"], { cwd: app });
  assert.match(fromSample.stdout, /sample-streams\.ts: \d+ stream functions/);
  await writeFile(
    join(app, "main.ts"),
    `import { getQuotesSymbol } from "./sample-streams.js";
declare const process: { argv: string[] };
const seen: string[] = [];
for await (const quote of getQuotesSymbol({ path: { symbol: "msft" } }, { baseUrl: process.argv[2]!, signal: AbortSignal.timeout(15_000) })) {
  const symbol: string = quote.data.symbol;
  seen.push(\`\${quote.event}:\${symbol}:\${quote.data.sequence}\`);
  if (seen.length === 3) break;
}
console.log(JSON.stringify(seen));
`,
  );
  await run(process.execPath, [tsc, "-p", app]).catch((e: { stdout?: string }) => assert.fail(`The program on the sample's streams did not compile:\n${e.stdout ?? ""}`));
  const quotes = await run(process.execPath, [join(app, "out", "main.js"), sample.url], { cwd: app });
  assert.equal(quotes.stdout.trim(), JSON.stringify(["quote:MSFT:1", "quote:MSFT:2", "quote:MSFT:3"]));
});
