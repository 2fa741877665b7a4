#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Large plates stream in bounded memory. Synthesises a WELLS-well plate with FIELDS field(s) of
# SIZE per well (3 channels of deflate-compressed 16-bit TIFF), runs `lysisq run` on it under
# /usr/bin/time -v, and prints wall time, fields/s and peak RSS. With --compare W it first does the
# same for a W-well plate of the same field size: decoded fields held at once are bounded by the
# field stream (queue + readers + workers; docs/batch.md "Streaming and memory"), so the peak RSS
# of the two runs differs by what grows with the plate, the object records, not by its images.
# --images-only sets a size filter that keeps no object (min area = the whole field), which leaves
# the images' share alone: then the two peaks should match.
#
#   bench/bench_large_plate.sh [BUILD_DIR] [--wells 384] [--fields 1] [--size 2160x2560]
#                              [--threads N] [--compare W] [--work DIR] [--images-only]
#
# --work DIR keeps the generated plates there and reuses them on the next call (generating a
# 384-well 2160x2560 plate takes ~5 min on 2 cores, longer than analysing it). Without it they go
# to a temporary folder, removed at the end. Disk: ~5-6 MB per 2160x2560 channel file, ~6.5 GB for
# 384 wells; the free space is checked first.
set -euo pipefail

build=build wells=384 fields=1 size=2160x2560 threads=0 compare="" work="" extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --wells) wells=$2; shift 2 ;;
    --fields) fields=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --compare) compare=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --images-only) extra=(--set segmentation.size.min_area_px=99999999 --set segmentation.size.max_area_px=100000000)
                   shift ;;
    -h|--help) sed -n '3,18p' "$0"; exit 0 ;;
    *) build=$1; shift ;;
  esac
done
lysisq=$(cd "$build" && pwd)/src/lysisq
[ -x "$lysisq" ] || { echo "bench_large_plate: no binary at $lysisq (build the lysisq target)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench_large_plate: needs /usr/bin/time (Debian package 'time')" >&2; exit 2; }
if [ -z "$work" ]; then
  work=$(mktemp -d /tmp/lysisq-bench-large-XXXXXX)
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"

# Synthetic fields compress to about half with deflate + predictor; count 0.6 to be safe.
need_mb() {
  awk -v w="$1" -v f="$fields" -v s="$size" 'BEGIN { split(s, d, "[xX]"); printf "%d", w * f * 3 * d[1] * d[2] * 2 * 0.6 / 1048576 }'
}
plate_dir() { echo "$work/p$1_${fields}x${size}"; }

make_plate() {  # WELLS
  local dir; dir=$(plate_dir "$1")
  if [ -f "$dir/layout.yaml" ]; then echo "bench_large_plate: reusing $dir" >&2; return; fi
  local need free
  need=$(need_mb "$1")
  free=$(df -Pm "$work" | awk 'NR == 2 { print $4 }')
  [ "$free" -gt $((need + 2048)) ] || { echo "bench_large_plate: ~$need MiB needed, $free MiB free in $work" >&2; exit 2; }
  echo "bench_large_plate: generating a $1-well plate, $fields field(s) of $size (~$need MiB)..." >&2
  "$lysisq" synth --out "$dir" --wells "$1" --fields "$fields" --size "$size" --seed 7 --plate LARGE >/dev/null
}

row() {  # WELLS: run the plate, print one table row
  local dir out log
  dir=$(plate_dir "$1") out="$work/out$1" log="$work/time$1.log"
  local threads_opt=()
  [ "$threads" -gt 0 ] && threads_opt=(--threads "$threads")
  rm -rf "$out"
  echo "bench_large_plate: lysisq run on $(basename "$dir")..." >&2
  /usr/bin/time -v "$lysisq" run "$dir" --layout "$dir/layout.yaml" --out "$out" --no-history --backend cpu -q \
    "${threads_opt[@]}" "${extra[@]}" 2>"$log" || [ $? -eq 3 ] ||  # 3: a QC check failed, the results are complete
    { echo "bench_large_plate: lysisq run failed:" >&2; head -3 "$log" >&2; exit 1; }
  python3 - "$1" "$out/run.json" "$log" "$(du -sm "$dir" | cut -f1)" <<'EOF'
import json, re, sys
wells, run_json, log, mib = sys.argv[1], sys.argv[2], open(sys.argv[3]).read(), sys.argv[4]
j = json.load(open(run_json))
wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", log)
wall_s = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
rss_mib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", log).group(1)) / 1024
fields = j["counts"]["fields"]
print(f"| {wells} | {fields} | {mib} | {j['compute']['threads']} | {wall_s:.1f} | {fields / wall_s:.2f} "
      f"| {rss_mib:.0f} | {j['counts']['objects']} |")
EOF
}

[ -n "$compare" ] && make_plate "$compare"
make_plate "$wells"
echo "| wells | fields | plate MiB | threads | wall s | fields/s | peak RSS MiB | objects |"
echo "|---|---|---|---|---|---|---|---|"
[ -n "$compare" ] && row "$compare"
row "$wells"
echo "(lysisq run --backend cpu ${extra[*]}, $size fields, $(nproc) cores, $(date -u +%Y-%m-%d))"
