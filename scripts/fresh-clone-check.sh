#!/usr/bin/env bash
# fresh-clone-check.sh [--keep] [TEST_FILE...]
#
# What a new user gets: clones this repository's HEAD (committed work only) into an empty
# temporary folder, with nothing beside it (no shared/ data) and STAGEPLAY_SHARED unset, runs
# `npm ci` there, then `npm test`. Fails when npm ci prints an install-scripts warning or an
# EBADENGINE one (every dependency accepts the Node versions `engines` names), when any test fails, or when
# BuildKit's conformance suites ran or failed instead of being reported as skipped (they
# read data that is not in the repository).
#
# With TEST_FILE arguments (paths as vitest takes them), runs `npm run typecheck` and
# `npx vitest run TEST_FILE...` instead of the whole `npm test` (about 12 minutes on a
# 2-core machine). --keep leaves the clone in place and prints where it is.
#
# Needs git, Node and npm (the registry, or npm's cache), and for the whole suite the tools
# the README's Quick start installs.
set -euo pipefail

keep=0
if [ "${1:-}" = --keep ]; then keep=1; shift; fi
case "${1:-}" in -h | --help) sed -n '2,/^set /p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; esac

repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
head=$(git -C "$repo" rev-parse --short HEAD)
dir=$(mktemp -d "${TMPDIR:-/tmp}/stageplay-fresh.XXXXXX")
if [ "$keep" = 1 ]; then trap 'echo "fresh-clone-check: the clone is kept in $dir/stageplay"' EXIT; else trap 'rm -rf "$dir"' EXIT; fi
fail() { echo "fresh-clone-check: FAIL: $*" >&2; exit 1; }

echo "fresh-clone-check: cloning $head into $dir/stageplay"
git clone --quiet --no-hardlinks "$repo" "$dir/stageplay"
cd "$dir/stageplay"
[ ! -e ../shared ] || fail "$dir/shared exists"
# a new user's environment: none of the project's switches, npm's defaults
unset STAGEPLAY_SHARED STAGEPLAY_REQUIRE_CONFORMANCE
export npm_config_loglevel=warn

echo "fresh-clone-check: npm ci"
npm ci --no-audit --no-fund 2>&1 | tee "$dir/npm-ci.log" || fail "npm ci failed"
if grep 'install-scripts' "$dir/npm-ci.log" >/dev/null; then fail "npm ci printed an install-scripts warning (above)"; fi
# Every dependency must accept the Node versions package.json's engines names.
if grep 'EBADENGINE' "$dir/npm-ci.log" >/dev/null; then fail "npm ci printed an EBADENGINE warning (above)"; fi
[ -x dist-cli/stageplay.mjs ] || fail 'npm ci did not build the stageplay bin (dist-cli/stageplay.mjs)'

status=0
if [ $# -eq 0 ]; then
  echo 'fresh-clone-check: npm test'
  npm test 2>&1 | tee "$dir/test.log" || status=$?
  conformance_ran=1
else
  echo "fresh-clone-check: npm run typecheck; npx vitest run $*"
  { npm run typecheck && npx vitest run "$@"; } 2>&1 | tee "$dir/test.log" || status=$?
  conformance_ran=0
  for f in "$@"; do case $f in *conformance*) conformance_ran=1 ;; esac; done
fi
[ "$status" -eq 0 ] || fail "the tests failed (exit $status)"
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$dir/test.log" | tail -n 1)
[[ $summary =~ ^[0-9]+\ passed,\ 0\ failed ]] || fail "no clean summary line: ${summary:-none}"
if [ "$conformance_ran" = 1 ]; then
  grep -q "^skipped: BuildKit's conformance corpora are not in " "$dir/test.log" || fail 'the conformance suites were not reported as skipped'
fi
echo "fresh-clone-check: ok ($head, $summary)"
