#!/bin/sh
# tests/docs/report_prints_only.sh: the report stage prints the evidence the deciding stage
# stored (verdict.evidence) and decides nothing again. So shim/report/ includes no header of the
# probe or select stages and calls none of their deciders (first_missing_feature, check_policy,
# select, take_release, the table scans find_*_adapter).
set -eu
hits=$(grep -nE '#include "shim/(probe|select)/|\b(first_missing_feature|check_policy|select|take_release|find_[a-z_]*_adapter)\(' \
           shim/report/*.cpp shim/report/*.hpp || true)
if [ -n "$hits" ]; then
    echo "report_prints_only: shim/report/ reaches for a decision again:"
    printf '%s\n' "$hits"
    exit 1
fi
echo "== shim/report/ prints the verdict's evidence and calls no decider"
