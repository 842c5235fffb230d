#!/usr/bin/env bash
# Runs every jaci test (unit tests with Surefire, *IT integration tests with Failsafe),
# installing what the tests need first.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools=$(bash "$here/scripts/install-test-deps.sh" | tail -n 1)
export PATH="$tools:$PATH"
cd "$here"
exec mvn -B -ntp verify "$@"
