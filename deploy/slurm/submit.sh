#!/bin/bash
# SPDX-License-Identifier: MIT
# Submits a sharded `lysisq batch` as a job array of N tasks plus a `lysisq merge` that runs when
# every task has ended (deploy/slurm/README.md). Prints both job ids.
#
#   deploy/slurm/submit.sh ROOT|LIST OUT N [lysisq batch options...]
#
# Extra sbatch options go in SBATCH_ARGS, e.g. SBATCH_ARGS="--partition=gpu --time=08:00:00".
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 ROOT|LIST OUT N [lysisq batch options...]" >&2
  exit 2
fi
source=$1 out=$2 n=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
lysisq=${LYSISQ:-lysisq}
mkdir -p "$out/logs"  # Slurm does not create the folder of --output
# shellcheck disable=SC2086  # SBATCH_ARGS is a list of options
array=$(sbatch --parsable ${SBATCH_ARGS:-} --array="0-$((n - 1))" --output="$out/logs/slurm-%A_%a.out" \
  "$here/lysisq-array.sbatch" "$source" "$out" "$@")
array=${array%%;*}
# afterany: merge also when a task failed; merge then names the shard that is missing.
# shellcheck disable=SC2086
merge=$(sbatch --parsable ${SBATCH_ARGS:-} --dependency="afterany:$array" --job-name=lysisq-merge \
  --gres=none --cpus-per-task=1 --output="$out/logs/slurm-merge-%j.out" --wrap "'$lysisq' merge '$out'")
echo "array $array ($n shards), merge $merge"
