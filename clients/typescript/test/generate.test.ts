import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Host } from "./host.js";

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const packageDir = resolve(here, "..", "..");
const tsc = join(packageDir, "node_modules", "typescript", "bin", "tsc");
const cli = resolve(here, "..", "src", "generate", "cli.js");

let host: Host;
let app: string;
let generated: string;
before(async () => {
  host = await Host.start();
  app = await mkdtemp(join(tmpdir(), "ssegen-generate-"));
  // "@ssegen/client" as the generated file imports it: this checkout's source for tsc, its test build for node.
  const shim = join(app, "node_modules", "@ssegen", "client");
  await mkdir(shim, { recursive: true });
  await writeFile(join(shim, "package.json"), JSON.stringify({ name: "@ssegen/client", type: "module", exports: { ".": { types: "./index.d.ts", import: "./index.js" } } }));
  await writeFile(join(shim, "index.d.ts"), `export * from ${JSON.stringify(join(packageDir, "src", "index.js"))};\n`);
  await writeFile(join(shim, "index.js"), `export * from ${JSON.stringify(resolve(here, "..", "src", "index.js"))};\n`);
  await writeFile(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  await writeFile(
    join(app, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", lib: ["ES2022", "DOM"], types: [], outDir: "out" }, files: ["main.ts"] }),
  );
  // Both tests compile against this file, so either can run alone.
  generated = (await run(process.execPath, [cli, "generate", `${host.url}/openapi/v1.json`, "-o", join(app, "streams.ts")])).stdout;
});
after(async () => {
  await host?.stop();
  if (app) {
    await rm(app, { recursive: true, force: true });
  }
});

async function compile(program: string): Promise<string> {
  await writeFile(join(app, "main.ts"), program);
  try {
    await run(process.execPath, [tsc, "-p", app]);
    return "";
  } catch (e) {
    return (e as { stdout?: string }).stdout || String(e);
  }
}

const header = `import { getCountFrom, getWordsWord } from "./streams.js";
declare const process: { argv: string[] };
const baseUrl = process.argv[2]!;
const seen: string[] = [];
`;

test("generate writes a typed function per stream of a running app's document; a tsc --strict program reads typed events through them", async () => {
  assert.match(generated, /8 stream functions/);
  const streams = await readFile(join(app, "streams.ts"), "utf8");
  // The item types are openapi-typescript's components, not a mapping of ours.
  assert.match(streams, /export function getCountFrom\(params: paths\["\/count\/\{from\}"\]\["get"\]\["parameters"\], options\?: ssegen\.SseOperationOptions<components\["schemas"\]\["Tick"\]>\)/);
  assert.match(streams, /export function getWordsWord\(params: [^,]+, options\?: ssegen\.SseOperationOptions<string>\)/);
  assert.match(streams, /export function getTicks\(params\?: /); // only Last-Event-ID, which readSse sends itself

  const errors = await compile(`${header}
for await (const item of getCountFrom({ path: { from: 5 }, query: { to: 7 }, header: { "X-Tenant": "acme" } }, { baseUrl, signal: AbortSignal.timeout(10_000) })) {
  const n: number | string = item.data.n;
  seen.push(\`\${item.event}:\${n}:\${item.id}\`);
  if (seen.length === 3) break;
}
// A route value with a space and a question mark: sent encoded, it arrives whole.
for await (const item of getWordsWord({ path: { word: "x y?z" } }, { baseUrl, signal: AbortSignal.timeout(10_000) })) {
  const text: string = item.data;
  seen.push(text);
  if (seen.length === 5) break;
}
console.log(JSON.stringify(seen));
`);
  assert.equal(errors, "");
  const result = await run(process.execPath, [join(app, "out", "main.js"), host.url], { cwd: app });
  assert.deepEqual(JSON.parse(result.stdout), ["acme:5:5", "acme:6:6", "acme:7:7", "x y?z", "x y?z again"]);
});

test("tsc --strict refuses a generated stream's item field that its schema lacks, and a missing route value", async () => {
  const wrongField = await compile(`${header}
for await (const item of getCountFrom({ path: { from: 1 }, header: { "X-Tenant": "acme" } }, { baseUrl })) { seen.push(String(item.data.count)); }
`);
  assert.match(wrongField, /main\.ts.*error TS2339: Property 'count' does not exist on type '\{ n: [^']+; \}'/);
  assert.equal(wrongField.match(/error TS/g)?.length, 1, wrongField);

  const missingRouteValue = await compile(`${header}
for await (const item of getCountFrom({ path: {}, header: { "X-Tenant": "acme" } }, { baseUrl })) { seen.push(String(item.data.n)); }
`);
  assert.match(missingRouteValue, /main\.ts.*error TS2741: Property 'from' is missing in type '\{\}' but required in type '\{ from: number; \}'/);
  assert.equal(missingRouteValue.match(/error TS/g)?.length, 1, missingRouteValue);

  const missingHeader = await compile(`${header}
for await (const item of getCountFrom({ path: { from: 1 } }, { baseUrl })) { seen.push(String(item.data.n)); }
`);
  assert.match(missingHeader, /main\.ts.*error TS2345[^]*Property 'header' is missing/);
});

test("a 3.2 document's itemSchema is read too, an inline data schema is typed by openapi-typescript as a component of its own, a fixed event name as a literal", async () => {
  const { generateStreams } = await import("../src/generate/streams.js");
  const item = (contentSchema: object) => ({
    type: "object",
    properties: { data: { type: "string", contentMediaType: "application/json", contentSchema }, event: { type: "string", const: "score" } },
    required: ["data"],
  });
  const code = await generateStreams(
    {
      openapi: "3.1.1",
      info: { title: "t", version: "1" },
      paths: {
        "/scores/{game}": {
          get: {
            operationId: "Scores",
            parameters: [{ name: "game", in: "path", required: true, schema: { type: "string" } }],
            responses: { "200": { description: "ok", content: { "text/event-stream": { itemSchema: item({ type: "object", properties: { points: { type: "integer" } }, required: ["points"] }) } } } },
          },
        },
        "/plain": { get: { responses: { "200": { description: "ok", content: { "application/json": { schema: { type: "string" } } } } } } },
      },
    },
    "inline",
  );
  assert.match(code, /ScoresItem: \{\s+points: number;\s+\};/);
  assert.match(code, /export function scores\(params: paths\["\/scores\/\{game\}"\]\["get"\]\["parameters"\], options\?: ssegen\.SseOperationOptions<components\["schemas"\]\["ScoresItem"\]>\)/);
  // A fixed event name (event.const) types the items' event as that literal.
  assert.match(code, /AsyncGenerator<ssegen\.SseItem<components\["schemas"\]\["ScoresItem"\]> & \{ readonly event: "score" \}, void, undefined>/);
  assert.doesNotMatch(code, /export function getPlain/);
});
