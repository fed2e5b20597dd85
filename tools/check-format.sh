#!/usr/bin/env bash
# Fails (exit 1) if any tracked C++ file differs from what clang-format makes of it.
# Fix with: ./run.sh format
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
if [ ${#files[@]} -eq 0 ]; then
  echo "check-format: no tracked C++ files found (is this a git checkout?)" >&2
  exit 1
fi
clang-format --dry-run --Werror "${files[@]}"
echo "check-format: ${#files[@]} files formatted"
