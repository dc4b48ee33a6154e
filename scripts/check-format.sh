#!/usr/bin/env bash
# scripts/check-format.sh [--fix]: every C and C++ source the project keeps (git ls-files, or a
# find when there is no git) formatted as .clang-format says. Without --fix it lists the files
# that differ, shows the first lines of each difference, and fails; with --fix it rewrites them.
set -euo pipefail
cd "$(dirname "$0")/.."
fmt=${CLANG_FORMAT:-clang-format}
command -v "$fmt" >/dev/null || { echo "check-format: $fmt not found (apt-get install clang-format)"; exit 1; }
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files '*.c' '*.h' '*.cpp' '*.hpp')
else
  mapfile -t files < <(find abi shim guest-boot tools tests -name '*.[ch]' -o -name '*.[ch]pp' | sort)
fi
if [[ ${1:-} == --fix ]]; then
  "$fmt" --style=file -i "${files[@]}"
  echo "check-format: formatted ${#files[@]} files"
  exit 0
fi
bad=()
for f in "${files[@]}"; do
  [[ -f $f ]] || continue
  if ! "$fmt" --style=file "$f" | cmp -s - "$f"; then
    bad+=("$f")
    "$fmt" --style=file "$f" | diff -u "$f" - | head -12 || true
  fi
done
if (( ${#bad[@]} )); then
  echo "check-format: ${#bad[@]} of ${#files[@]} files differ from .clang-format (make format fixes them):"
  printf '  %s\n' "${bad[@]}"
  exit 1
fi
echo "check-format: ${#files[@]} C/C++ files match .clang-format ($("$fmt" --version | head -1))"
