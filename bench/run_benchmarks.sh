#!/usr/bin/env bash
# Runs bench_segment on the CPU backend, on the CUDA backend when a device exists, and the
# scikit-image peer, at 1024², 2048² and 4096² (two-channel u16 synthetic fields), then writes a
# Markdown table (ratios to the peer, ms per megapixel) to $OUT/table.md.
#   bench/run_benchmarks.sh [BUILD_DIR]
# Environment: OUT (default BUILD_DIR/bench-results), REPS (lysisq, default 5), PEER_REPS
# (default 3), PEER_REPS_LARGEST (repetitions of the peer at the largest size, default PEER_REPS),
# MAX_SIDE (default 4096), SKIP_CPU=1 (CUDA + peer only, e.g. from scripts/gpu-check).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
out="${OUT:-$build/bench-results}"
reps="${REPS:-5}"
peer_reps="${PEER_REPS:-3}"
peer_largest="${PEER_REPS_LARGEST:-$peer_reps}"
max_side="${MAX_SIDE:-4096}"
bench="$build/bench/bench_segment"
[ -x "$bench" ] || cmake --build "$build" --target bench_segment -j "${LYSISQ_JOBS:-2}"
mkdir -p "$out"

if [ "${SKIP_CPU:-0}" != 1 ]; then
  echo "== lysisq, CPU backend =="
  "$bench" --backend cpu --reps "$reps" --max-side "$max_side" --write-images "$out/images" | tee "$out/cpu.txt"
fi

cuda_file=""
echo "== lysisq, CUDA backend =="
set +e
"$bench" --backend cuda --reps "$reps" --max-side "$max_side" --write-images "$out/images" >"$out/cuda.txt"
rc=$?
set -e
if [ $rc -eq 0 ]; then
  cat "$out/cuda.txt"
  cuda_file="$out/cuda.txt"
elif [ $rc -eq 77 ]; then
  echo "(no CUDA device: skipped)"
else
  cat "$out/cuda.txt"
  echo "bench_segment --backend cuda failed (exit $rc)" >&2
  exit $rc
fi

echo "== scikit-image peer =="
/usr/bin/python3 "$root/bench/peer_skimage.py" --images "$out/images" --reps "$peer_reps" \
  --reps-largest "$peer_largest" | tee "$out/peer.txt"

cpu_file="$out/cpu.txt"
[ -f "$cpu_file" ] || : >"$cpu_file"
/usr/bin/python3 "$root/bench/bench_table.py" "$cpu_file" "$out/peer.txt" $cuda_file >"$out/table.md"
echo "== table ($out/table.md) =="
cat "$out/table.md"
