#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Batch throughput: `lysisq batch` over N synthetic 96-well plates (FIELDS fields of SIZE, 3
# channels each) with the CPU backend, next to the time to merely read the same files in the same
# run. Prints a Markdown table; with --append, adds it to bench/RESULTS.md under
# "## Batch throughput" (created at the end of the file if missing).
#
#   bench/bench_batch.sh [BUILD_DIR] [--plates N] [--fields F] [--size WxH] [--jobs J] [--append]
#
# The read baseline is a warm `cat` (files already in the page cache): dropping the cache needs
# root on the host (echo 3 > /proc/sys/vm/drop_caches), which a shared machine does not give.
# The plates are copies of one generated plate (generation costs more than the analysis); each
# copy is analysed in full.
set -euo pipefail

build=build plates=4 fields=2 size=512x512 jobs=1 append=0
while [ $# -gt 0 ]; do
  case "$1" in
    --plates) plates=$2; shift 2 ;;
    --fields) fields=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --append) append=1; shift ;;
    -h|--help) sed -n '3,13p' "$0"; exit 0 ;;
    *) build=$1; shift ;;
  esac
done
repo=$(cd "$(dirname "$0")/.." && pwd)
lysisq=$(cd "$build" && pwd)/src/lysisq
[ -x "$lysisq" ] || { echo "bench_batch: no binary at $lysisq (build the lysisq target)" >&2; exit 2; }

work=$(mktemp -d /tmp/lysisq-bench-batch-XXXXXX)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

echo "bench_batch: generating one plate (96 wells, $fields field(s) of $size, 3 channels)..." >&2
"$lysisq" synth --out "$work/gen" --fields "$fields" --size "$size" --seed 7 --plate BENCH >/dev/null
mkdir -p "$work/root"
for i in $(seq 1 "$plates"); do
  mkdir "$work/root/P$i"
  find "$work/gen" -maxdepth 1 -type f \( -name '*.tif' -o -name layout.yaml \) -exec cp {} "$work/root/P$i/" \;
done
files=$(find "$work/root" -name '*.tif' | wc -l)
mib=$(du -sm "$work/root" | cut -f1)
field_count=$((files / 3))

find "$work/root" -name '*.tif' -exec cat {} + >/dev/null  # warm the page cache
t0=$(now); find "$work/root" -name '*.tif' -exec cat {} + >/dev/null; t1=$(now)
read_s=$(secs "$t0" "$t1")

echo "bench_batch: lysisq batch over $plates plates ($files files, $mib MiB), --jobs $jobs..." >&2
common=(--no-history --backend cpu --jobs "$jobs" -q)
t0=$(now); "$lysisq" batch "$work/root" --out "$work/out" "${common[@]}" 2>"$work/batch.log" || true; t1=$(now)
batch_s=$(secs "$t0" "$t1")
grep -q ',failed,' "$work/out/batch_summary.csv" && { echo "bench_batch: a plate failed:" >&2; cat "$work/batch.log" >&2; exit 1; }
t0=$(now); "$lysisq" batch "$work/root" --out "$work/out" "${common[@]}" 2>/dev/null || true; t1=$(now)
resume_s=$(secs "$t0" "$t1")
t0=$(now); "$lysisq" run "$work/root/P1" --layout "$work/root/P1/layout.yaml" --out "$work/single" --no-history \
  --backend cpu -q || true; t1=$(now)
single_s=$(secs "$t0" "$t1")

cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
table=$(awk -v p="$plates" -v f="$field_count" -v n="$files" -v mib="$mib" -v b="$batch_s" -v r="$read_s" \
  -v s="$single_s" -v z="$resume_s" -v size="$size" -v fields="$fields" -v jobs="$jobs" 'BEGIN {
  printf "| plates | fields (%s, %s/well) | files (MiB) | jobs | batch s | plates/h | fields/s | image files/s | warm read s | read MB/s | one `run` s | batch vs plates x one run | re-run (all skipped) s |\n", size, fields
  printf "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
  printf "| %d | %d | %d (%d) | %d | %.2f | %.0f | %.1f | %.1f | %.2f | %.0f | %.2f | %+.0f %% | %.2f |\n",
    p, f, n, mib, jobs, b, p / b * 3600, f / b, n / b, r, (r > 0 ? mib * 1.048576 / r : 0), s,
    (s > 0 ? (b / (p * s) - 1) * 100 : 0), z
}')
section="### $(date -u +%Y-%m-%d): $plates plates, $cpu, $(nproc) CPUs

$table

Warm read: \`cat\` of every image file with the files already cached (dropping the page cache
needs root on the host). Batch time includes hashing every input (FNV-1a) for resume, one
\`lysisq run\` process per plate, and the summary and index; \"batch vs plates x one run\" is that
overhead against a lone \`lysisq run\` of one of the plates. The re-run finds every plate up to
date (size + mtime fast path) and skips it."
echo "$section"
if [ "$append" = 1 ]; then
  results="$repo/bench/RESULTS.md"
  # shellcheck disable=SC2016  # the backquotes are Markdown
  grep -q '^## Batch throughput' "$results" 2>/dev/null ||
    printf '\n## Batch throughput\n\n`bench/bench_batch.sh build --append`: synthetic plates through `lysisq batch`.\n' >>"$results"
  printf '\n%s\n' "$section" >>"$results"
  echo "bench_batch: appended to $results" >&2
fi
