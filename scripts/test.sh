#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian machine, then run the test suite.
# This is the README's test command; .ci/run calls it. Exit status is pytest's, except that
# "no tests collected" (pytest exit 5) is a failure, never a silent pass.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v rapper >/dev/null 2>&1 || need_apt+=(raptor2-utils)      # independent strict RDF parser
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless) # HermiT (owlready2) runs on Java
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)              # the browser tests of dgkg serve
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
command -v virtuoso-t >/dev/null 2>&1 || need_apt+=(virtuoso-opensource) # dgkg publish integration tests (started by the tests via scripts/virtuoso.sh)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

python3 -m pip install -q --disable-pip-version-check -e '.[test]'

set +e
python3 -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing on purpose" >&2
  exit 1
fi
exit "$status"
