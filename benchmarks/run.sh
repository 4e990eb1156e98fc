#!/usr/bin/env bash
# The side-by-side benchmarks in one command (see benchmarks/README.md):
#   bash benchmarks/run.sh            full measurement, writes benchmarks/RESULTS.md and benchmarks/charts/*.svg
#   bash benchmarks/run.sh --quick    smoke check (< 2 min), writes artifacts/RESULTS.quick.md and artifacts/charts/
#   bash benchmarks/run.sh --ssegen-ref DIR ...
#                                     also measures SseGen built from DIR, another checkout (say
#                                     `git worktree add ../before <commit>`), as the peer ssegen-ref,
#                                     right after this build's SseGen in every scenario of the same run
# Other options go to the driver (--scenarios, --peers, --readers, --out). Installs express and better-sse into
# benchmarks/node with npm, builds Release, then runs the driver, which starts every server itself
# on 127.0.0.1. Exits non-zero only when the harness failed (a build, a server, a wrong count).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 MSBUILDDISABLENODEREUSE=1

quick=0
for arg in "$@"; do
  [ "$arg" = "--quick" ] && quick=1
done

# Thousands of idle streams: each is a socket in the client and one in the server.
need=$([ "$quick" = 1 ] && echo 2048 || echo 12000)
hard="$(ulimit -Hn)"
if [ "$hard" = "unlimited" ] || [ "$hard" -ge 65536 ]; then ulimit -n 65536; else ulimit -n "$hard"; fi
if [ "$(ulimit -n)" -lt "$need" ]; then
  echo "run.sh: needs at least $need open files (ulimit -n is $(ulimit -n), hard limit $hard)" >&2
  exit 2
fi

# curl is the burst's second reader, one nobody here wrote (.ci/run installs it when missing).
for tool in dotnet node npm curl; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is not installed" >&2; exit 2; }
done

echo "== npm: express and better-sse into benchmarks/node"
(cd benchmarks/node && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi)

echo "== dotnet build (Release)"
dotnet build benchmarks/SseGen.Benchmarks/SseGen.Benchmarks.csproj -c Release -warnaserror -nologo -v quiet

export SSEGEN_BENCH_SDK="$(dotnet --version)"
if [ -z "${SSEGEN_BENCH_COMMIT:-}" ]; then
  SSEGEN_BENCH_COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  git diff --quiet HEAD -- src 2>/dev/null || SSEGEN_BENCH_COMMIT="$SSEGEN_BENCH_COMMIT with uncommitted changes in src/"
  export SSEGEN_BENCH_COMMIT
fi

# --ssegen-ref DIR: build that checkout's benchmark server (its own runtime and generator) and hand
# the driver its dll, labelled with the checkout's commit.
args=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--ssegen-ref" ] && [ $# -ge 2 ] && [ -d "$2" ]; then
    ref="$(cd "$2" && pwd)"
    echo "== dotnet build (Release) of the reference checkout $ref"
    dotnet build "$ref/benchmarks/SseGen.Benchmarks.Server/SseGen.Benchmarks.Server.csproj" -c Release -nologo -v quiet
    label="$(git -C "$ref" rev-parse --short HEAD 2>/dev/null || basename "$ref")"
    args+=(--ssegen-ref "$ref/benchmarks/SseGen.Benchmarks.Server/bin/Release/net10.0/SseGen.Benchmarks.Server.dll" --ssegen-ref-label "$label")
    shift 2
  else
    args+=("$1")
    shift
  fi
done

echo "== driver"
exec dotnet benchmarks/SseGen.Benchmarks/bin/Release/net10.0/SseGen.Benchmarks.dll ${args[@]+"${args[@]}"}
