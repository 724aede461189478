#!/usr/bin/env bash
# ResNet-50 inference (eval, no grad, random 3x224x224 images), torch4j (ResNetInference) and torchvision's under
# PyTorch (python/resnet_inference.py, oneDNN on) in processes that alternate; each pair gives a speed ratio
# (PyTorch's best ms / torch4j's best ms, so > 1 means torch4j is faster) and the summary prints the median per batch.
#
#   benchmarks/resnet_inference.sh                 # ALTS=3 alternations, BATCHES="1 8", THREADS=2, 5 warm-ups, 10 timed
#   NOMKL=1 benchmarks/resnet_inference.sh         # also PyTorch with torch.backends.mkldnn.enabled = False
#   benchmarks/resnet_inference.sh --layers        # one pair per batch with per-convolution times on both sides
# Needs JDK 25 (as side_by_side.sh) and PYTHON (default /usr/bin/python3) with torch and torchvision.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
py=${PYTHON:-/usr/bin/python3}
alts=${ALTS:-3}
batches=${BATCHES:-1 8}
threads=${THREADS:-2}
warm=${WARMUP:-5}
reps=${REPS:-10}
. "$root/benchmarks/java_env.sh"
layers=()
if [ "${1:-}" = --layers ]; then layers=(--layers); alts=1; fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for ((a = 1; a <= alts; a++)); do
    for b in $batches; do
        "${java[@]}" -cp "$cp" dev.torch4j.benchmarks.ResNetInference "$threads" "$b" "$warm" "$reps" "${layers[@]}" 2>/dev/null | tee -a "$out"
        OPENBLAS_NUM_THREADS=$threads "$py" "$here/python/resnet_inference.py" "$threads" "$b" "$warm" "$reps" "${layers[@]}" | tee -a "$out"
        if [ -n "${NOMKL:-}" ]; then
            OPENBLAS_NUM_THREADS=$threads "$py" "$here/python/resnet_inference.py" "$threads" "$b" "$warm" "$reps" --no-mkldnn \
                | sed 's/ pytorch / pytorch-no-mkldnn /' | tee -a "$out"
        fi
    done
done
"$py" - "$out" <<'PY'
import collections, sys
rows = [l.split() for l in open(sys.argv[1]) if l.startswith("RESULT")]
ratios, best = collections.defaultdict(list), collections.defaultdict(list)
last = {}
for f in rows:
    name, who, ms = f[1], f[2], float(f[3])
    best[(name, who)].append(ms)
    if who == "torch4j":
        last[name] = ms
    elif name in last:
        ratios[(name, who)].append(ms / last[name])
print("best ms (all processes) and speed ratio PyTorch ms / torch4j ms within pairs (median, range):")
for (name, who), v in sorted(best.items()):
    print("  %-12s %-18s best %8.2f ms" % (name, who, min(v)))
for (name, who), r in sorted(ratios.items()):
    r.sort()
    print("  %-12s vs %-18s %.2fx (%d pairs: %.2f-%.2f)" % (name, who, r[len(r) // 2], len(r), r[0], r[-1]))
PY
