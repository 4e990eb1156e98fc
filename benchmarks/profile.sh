#!/usr/bin/env bash
# Where a peer's server spends its CPU during bursts or a fan-out (see benchmarks/README.md, "Profiling"):
#   bash benchmarks/profile.sh [peer] [yieldEvery] [seconds] [perf|dotnet-trace]
#   default: ssegen 0 8, perf when installed, else dotnet-trace
#   bash benchmarks/profile.sh fanout [peer] [connections] [seconds] [warmup]
#   default: channel 2000 8 5, perf only: the driver holds that many streams of the peer's fan-out
#   (100 events/s from one feed) while perf samples the server; prints the samples grouped by
#   where they go (thread pool, Kestrel and sockets, channels, SseGen, kernel, ...) and per event
# Builds Release (as run.sh does), starts one benchmark server, warms it up with curl bursts, then
# samples it while curl reads 1,000,000-event bursts in a loop, and prints the top frames. Traces go
# to artifacts/profile/ (never committed).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
export PATH="$PATH:$HOME/.dotnet/tools"
if [ "${1:-}" = fanout ]; then
  shift
  exec bash "$here/profile-fanout.sh" "$@"
fi
peer="${1:-ssegen}"
yield_every="${2:-0}"
seconds="${3:-8}"
tool="${4:-$(command -v perf >/dev/null && echo perf || echo dotnet-trace)}"
command -v "$tool" >/dev/null || { echo "profile.sh: $tool is not installed (perf: apt-get install linux-perf; dotnet-trace: dotnet tool install -g dotnet-trace)" >&2; exit 2; }
command -v curl >/dev/null || { echo "profile.sh: curl is not installed" >&2; exit 2; }

dotnet build benchmarks/SseGen.Benchmarks/SseGen.Benchmarks.csproj -c Release -warnaserror -nologo -v quiet >/dev/null
out="$root/artifacts/profile"
mkdir -p "$out"
log="$out/server-$peer.log"
server_dir="benchmarks/SseGen.Benchmarks.Server/bin/Release/net10.0"
# perf resolves JIT-compiled frames from /tmp/perf-<pid>.map, which needs W^X off (no double mapping).
(cd "$server_dir" && DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 ASPNETCORE_ENVIRONMENT=Production exec dotnet SseGen.Benchmarks.Server.dll) >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q '^LISTENING ' "$log" && break; sleep 0.1; done
url="$(sed -n 's/^LISTENING //p' "$log" | head -1)"
[ -n "$url" ] || { echo "profile.sh: the server did not start:" >&2; cat "$log" >&2; exit 1; }
burst="$url/$peer/burst?n=1000000&yieldEvery=$yield_every"
for _ in 1 2 3; do curl -sN -o /dev/null "$burst"; done

trace="$out/$peer-yield$yield_every"
if [ "$tool" = perf ]; then
  perf record -F 1999 -g -p "$server" -o "$trace.perf.data" -- sleep "$seconds" >/dev/null 2>&1 &
else
  dotnet-trace collect -p "$server" --profile dotnet-sampled-thread-time --duration "00:00:00:$(printf %02d "$seconds")" -o "$trace.nettrace" >/dev/null &
fi
tracer=$!
sleep 0.5
bursts=0
while kill -0 "$tracer" 2>/dev/null; do curl -sN -o /dev/null "$burst"; bursts=$((bursts + 1)); done
wait "$tracer" || true
echo "== $peer, yieldEvery=$yield_every, $tool: $bursts bursts of 1,000,000 events in ${seconds} s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$tool" = perf ]; then
  clean() { grep -E '^ +[0-9]' | sed -E 's/\[Optimized(Tier1)?\]//g; s/ +- +- *$//; s/\[System\.[A-Za-z.]+\] //g; s/\[Microsoft\.[A-Za-z.]+\] //g' | cut -c1-180; }
  echo "== exclusive (self) share of the server's CPU samples"
  perf report -i "$trace.perf.data" --no-children --sort symbol -g none --stdio 2>/dev/null | clean | head -30
  echo "== inclusive (children) share, SseGen, System.Text.Json, Kestrel and the producer"
  perf report -i "$trace.perf.data" --children --sort symbol -g none --stdio 2>/dev/null | clean \
    | grep -E 'SseGen|Text\.Json|Kestrel|Burst|Lock::|clock_gettime|FormatFloat' | head -30
else
  echo "== exclusive"
  dotnet-trace report "$trace.nettrace" topN -n 25
  echo "== inclusive"
  dotnet-trace report "$trace.nettrace" topN -n 40 --inclusive
fi
