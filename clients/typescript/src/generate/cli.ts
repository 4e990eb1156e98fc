#!/usr/bin/env node
/// <reference types="node" />
import { readFile, writeFile } from "node:fs/promises";
import { generateStreams } from "./streams.js";

const usage = "usage: ssegen-client generate <openapi.json path or http(s) URL> -o <streams.ts>";

async function main(args: string[]): Promise<number> {
  const [command, source, ...rest] = args;
  const outIndex = rest.findIndex((a) => a === "-o" || a === "--output");
  const output = outIndex >= 0 ? rest[outIndex + 1] : undefined;
  if (command !== "generate" || !source || !output) {
    console.error(usage);
    return 2;
  }

  const text = /^https?:\/\//i.test(source) ? await download(source) : await readFile(source, "utf8");
  const code = await generateStreams(JSON.parse(text), source);
  await writeFile(output, code);
  const count = (code.match(/^export function /gm) ?? []).length;
  console.log(`${output}: ${count} stream function${count === 1 ? "" : "s"} from ${source}`);
  return 0;
}

async function download(url: string): Promise<string> {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) {
    throw new Error(`GET ${url}: ${response.status} ${response.statusText}`);
  }

  return response.text();
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
