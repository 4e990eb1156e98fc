#!/usr/bin/env bash
# The sample's RSS at start, after N GET /chat/<random room> (each closed right after its headers),
# and after 20 s of quiet. Loopback only, at most 64 connections at once.
# usage: benchmarks/open-internet/random-rooms-rss.sh <folder of a built SseGen.Sample.dll> [N=100000]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$1; total=${2:-100000}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log=$(mktemp)
(cd "$dir" && ASPNETCORE_ENVIRONMENT=Production exec dotnet SseGen.Sample.dll --urls "http://127.0.0.1:$port") >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
sleep 2
rss() { awk '/VmRSS/{printf "%.0f MiB", $2/1024}' "/proc/$pid/status"; }
echo "start: $(rss)"
python3 "$here/random-rooms.py" "$port" "$total"
echo "after the load: $(rss)"
sleep 20
echo "after 20 s of quiet: $(rss)"
echo "log lines: $(grep -c '' "$log")"
