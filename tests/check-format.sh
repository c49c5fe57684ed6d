#!/usr/bin/env bash
# Every C source is formatted with the checked-in .clang-format.
set -uo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "SKIP: clang-format is not installed"; exit 77; }
files=$(git ls-files '*.c' '*.h' ':!bpf/vmlinux.h' 2>/dev/null || find bpf engine daemon cli tests libtrueno examples bench -name '*.[ch]')
clang-format --dry-run -Werror $files
