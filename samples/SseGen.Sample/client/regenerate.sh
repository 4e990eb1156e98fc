#!/usr/bin/env bash
# Regenerates the sample page's script from the sample's own OpenAPI document:
#   client/streams.ts   typed stream functions, by @ssegen/client's generate command (clients/typescript)
#   wwwroot/sample.js   page.ts + streams.ts + @ssegen/client bundled for the browser by esbuild
# Both are committed, so `dotnet run` and the Native AOT sample need no node. Run this after changing a
# stream or page.ts. `--check` regenerates into a temporary folder and fails if the committed files differ
# (.ci/run does this). Needs the .NET SDK and node/npm; builds the sample, runs it on a loopback port for
# its document, and stops it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
check=0
[ "${1:-}" = "--check" ] && check=1

work="$(mktemp -d)"
sample_pid=""
# The fresh output is built in client/.out, so page.ts and streams.ts resolve @ssegen/client from client/node_modules.
out="$here/.out"
rm -rf "$out"
mkdir -p "$out"
cleanup() { [ -n "$sample_pid" ] && kill "$sample_pid" 2>/dev/null; rm -rf "$work" "$out"; }
trap cleanup EXIT

echo "== the sample's OpenAPI document"
dotnet build "$repo/samples/SseGen.Sample" -nologo -v q >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
dll="$repo/samples/SseGen.Sample/bin/Debug/net10.0/SseGen.Sample.dll"
(cd "$repo/samples/SseGen.Sample" && exec dotnet "$dll" --urls http://127.0.0.1:0) >"$work/sample.log" 2>&1 &
sample_pid=$!
url=""
for _ in $(seq 1 300); do
  url="$(grep -o 'Now listening on: http://127.0.0.1:[0-9]*' "$work/sample.log" | head -1 | sed 's/Now listening on: //')" || true
  [ -n "$url" ] && break
  kill -0 "$sample_pid" 2>/dev/null || { cat "$work/sample.log"; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "the sample did not start:"; cat "$work/sample.log"; exit 1; }
mkdir -p "$work/openapi"
curl -fsS "$url/openapi/v1.json" -o "$work/openapi/v1.json"
kill "$sample_pid"; wait "$sample_pid" 2>/dev/null || true; sample_pid=""

echo "== @ssegen/client (clients/typescript): build, generate"
(cd "$repo/clients/typescript" && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run build --silent)
# From inside $work, so the header streams.ts is written with names "openapi/v1.json", not a temporary path.
(cd "$work" && node "$repo/clients/typescript/dist/generate/cli.js" generate openapi/v1.json -o "$out/streams.ts" >/dev/null)

echo "== page.ts + streams.ts: esbuild"
(cd "$here" && { [ -d node_modules ] || npm ci --no-audit --no-fund; })
# page.ts imports ./streams.js: bundle it beside the fresh streams.ts, not the committed one.
cp "$here/page.ts" "$out/page.ts"
# esbuild does not type-check: tsc --strict does, so a stream whose items changed shape fails here.
(cd "$here" && node "$repo/clients/typescript/node_modules/typescript/bin/tsc" --noEmit --strict --target es2022 \
  --lib es2022,dom,dom.iterable --module esnext --moduleResolution bundler --skipLibCheck "$out/page.ts")
(cd "$here" && npx --no esbuild "$out/page.ts" --bundle --format=esm --target=es2022 \
  --legal-comments=none --log-level=warning --outfile="$out/sample.js")
# Name the bundled sources as they are committed (client/.out is only where they were built).
sed -i "s#^// \.out/#// #" "$out/sample.js"

if [ "$check" = 1 ]; then
  status=0
  diff -u "$here/streams.ts" "$out/streams.ts" || status=1
  diff -u "$repo/samples/SseGen.Sample/wwwroot/sample.js" "$out/sample.js" || status=1
  if [ "$status" != 0 ]; then
    echo "samples/SseGen.Sample: the committed streams.ts or wwwroot/sample.js is not what client/regenerate.sh writes; run it and commit."
    exit 1
  fi
  echo "samples/SseGen.Sample: streams.ts and wwwroot/sample.js are current"
else
  cp "$out/streams.ts" "$here/streams.ts"
  cp "$out/sample.js" "$repo/samples/SseGen.Sample/wwwroot/sample.js"
  echo "wrote client/streams.ts and wwwroot/sample.js"
fi
