#!/usr/bin/env bash
# Makes the architecture rule executable: engine/ includes nothing from estimators/ or cli/;
# estimators/ includes nothing from cli/. Run as a ctest (label unit).
set -euo pipefail
root="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
status=0
if grep -rnE '#include "(estimators|cli)/' "$root/engine" ; then
  echo "layering: engine/ must not include estimators/ or cli/" >&2
  status=1
fi
if grep -rnE '#include "cli/' "$root/estimators" ; then
  echo "layering: estimators/ must not include cli/" >&2
  status=1
fi
[ "$status" -eq 0 ] && echo "layering: ok (engine -> estimators -> cli)"
exit "$status"
