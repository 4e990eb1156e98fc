#!/usr/bin/env bash
# `bash benchmarks/profile.sh fanout [peer] [connections] [seconds] [warmup]` (default: channel 2000 8 5):
# where a .NET peer's server spends its CPU while it fans one feed (100 events/s) out to many
# streams. Builds Release, starts one benchmark server with JIT frames resolvable by perf, has the
# driver hold the streams (`--hold-fanout`), samples the server with perf for the given seconds,
# and prints every sample's time grouped by the nearest frame that says where it goes, then the
# server's CPU per delivered event split the same way. Traces go to artifacts/profile/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
peer="${1:-channel}"
connections="${2:-2000}"
seconds="${3:-8}"
# Seconds of streaming before perf starts, so tiered compilation has settled (the JIT took a fifth
# of the samples when perf started 1 s after the streams opened).
warmup="${4:-5}"
command -v perf >/dev/null || { echo "profile.sh fanout: perf is not installed (apt-get install linux-perf)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "profile.sh fanout: python3 is not installed" >&2; exit 2; }
hard="$(ulimit -Hn)"
if [ "$hard" = "unlimited" ] || [ "$hard" -ge 65536 ]; then ulimit -n 65536; else ulimit -n "$hard"; fi

dotnet build benchmarks/SseGen.Benchmarks/SseGen.Benchmarks.csproj -c Release -warnaserror -nologo -v quiet >/dev/null
out="$root/artifacts/profile"
mkdir -p "$out"
log="$out/server-fanout-$peer.log"
client_log="$out/client-fanout-$peer.log"
server_dir="benchmarks/SseGen.Benchmarks.Server/bin/Release/net10.0"
(cd "$server_dir" && DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 ASPNETCORE_ENVIRONMENT=Production exec dotnet SseGen.Benchmarks.Server.dll) >"$log" 2>&1 &
server=$!
client=""
trap 'kill "$server" 2>/dev/null || true; [ -n "$client" ] && kill "$client" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q '^LISTENING ' "$log" && break; sleep 0.1; done
url="$(sed -n 's/^LISTENING //p' "$log" | head -1)"
[ -n "$url" ] || { echo "profile.sh fanout: the server did not start:" >&2; cat "$log" >&2; exit 1; }

dotnet benchmarks/SseGen.Benchmarks/bin/Release/net10.0/SseGen.Benchmarks.dll --hold-fanout "$url/$peer/fanout" --connections "$connections" --seconds "$seconds" --settle "$warmup" >"$client_log" 2>&1 &
client=$!
for _ in $(seq 1 1200); do grep -q '^READY' "$client_log" && break; kill -0 "$client" 2>/dev/null || break; sleep 0.1; done
grep -q '^READY' "$client_log" || { echo "profile.sh fanout: the streams did not open:" >&2; cat "$client_log" >&2; exit 1; }
sleep "$warmup"
ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
hz="$(getconf CLK_TCK)"
trace="$out/fanout-$peer-$connections"
before="$(ticks)"
perf record -F 1999 -g -p "$server" -o "$trace.perf.data" -- sleep "$seconds" >/dev/null 2>&1
after="$(ticks)"
wait "$client" || true
client=""
events="$(sed -n 's/^EVENTS \([0-9]*\).*/\1/p' "$client_log")"
echo "== $peer fan-out, $connections streams, perf for ${seconds} s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "client: $(grep '^EVENTS' "$client_log")"
cpu_us=$(( (after - before) * 1000000 / hz ))
echo "server CPU in the perf window: $((cpu_us / 1000)) ms ($(( cpu_us / 10000 / seconds ))% of one core); perf's own overhead included"
perf script -i "$trace.perf.data" -F tid,ip,sym,dso 2>/dev/null | python3 "$here/perf-groups.py" "${events:-0}" "$cpu_us"
