#!/usr/bin/env bash
# What SseGen's analyzers (and its generator) cost a build, per analyzer, as the compiler itself
# reports it (-p:ReportAnalyzer=true), on a generated project of N endpoints (default 500):
#   bash benchmarks/analyzer-cost.sh [N] [runs]
# Writes the project to artifacts/analyzer-cost/BenchApp (the generator benchmark's endpoints, see
# GeneratorBench.Sources), builds it once to restore and build SseGen, then rebuilds only the app
# `runs` times (default 3) with csc in-process, and prints the median of each number as Markdown.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 MSBUILDDISABLENODEREUSE=1

endpoints="${1:-500}"
runs="${2:-3}"
out="$root/artifacts/analyzer-cost"
app="$out/BenchApp/BenchApp.csproj"
mkdir -p "$out"

dotnet build benchmarks/SseGen.Benchmarks/SseGen.Benchmarks.csproj -c Release -warnaserror -nologo -v quiet >/dev/null
dotnet benchmarks/SseGen.Benchmarks/bin/Release/net10.0/SseGen.Benchmarks.dll --write-analyzer-project "$out/BenchApp" --endpoints "$endpoints"
dotnet build "$app" -c Release -nologo -v quiet >/dev/null

for i in $(seq 1 "$runs"); do
  dotnet build "$app" -c Release --no-restore --no-dependencies -t:Rebuild -p:ReportAnalyzer=true \
    -v:d -clp:PerformanceSummary -nologo >"$out/run$i.log" 2>&1
done

# One line per number and run: "<name>\t<seconds>"; then the median per name, in first-seen order.
for i in $(seq 1 "$runs"); do
  awk '
    /Total analyzer execution time:/ { printf "all analyzers (every package)\t%s\n", $(NF-1) }
    /Total generator execution time:/ { printf "all generators (every package)\t%s\n", $(NF-1) }
    /^ +<?[0-9.]+ +<?[0-9]+ +SseGen\.Generator, Version/ { v = $1; sub(/</, "", v); section = (section == "" ? "SseGen analyzers (total)" : "SseGen generator (total)"); printf "%s\t%s\n", section, v }
    /^ +<?[0-9.]+ +<?[0-9]+ +SseGen\.Generator\.[A-Za-z.]+/ { v = $1; sub(/</, "", v); name = $3; sub(/^SseGen\.Generator\.(Analyzers\.)?/, "", name); printf "%s\t%s\n", name, v }
    /^ +[0-9]+ ms +CoreCompile / { printf "CoreCompile (the whole compile)\t%.3f\n", $1 / 1000 }
  ' "$out/run$i.log"
done >"$out/numbers.tsv"

{
  echo "Measured with \`bash benchmarks/analyzer-cost.sh $endpoints $runs\` ($endpoints endpoints, median of $runs rebuilds, csc in-process; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), SDK $(dotnet --version), commit $(git rev-parse --short HEAD))."
  echo
  echo "| what | seconds | share of CoreCompile |"
  echo "|---|---|---|"
  awk -F'\t' '
    { if (!($1 in seen)) { order[++n] = $1; seen[$1] = 1 } values[$1] = values[$1] " " $2 }
    END {
      for (k = 1; k <= n; k++) {
        m = split(values[order[k]], v, " ")
        for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
        median[order[k]] = v[int((m + 1) / 2)]
      }
      compile = median["CoreCompile (the whole compile)"]
      for (k = 1; k <= n; k++) printf "| %s | %.3f | %.1f%% |\n", order[k], median[order[k]], 100 * median[order[k]] / compile
    }' "$out/numbers.tsv"
} | tee "$out/RESULTS.md"
