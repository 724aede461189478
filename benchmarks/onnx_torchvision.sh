#!/usr/bin/env bash
# torchvision models exported to ONNX by PyTorch (random weights), run by torch4j's OnnxModel: the largest difference
# from PyTorch's own output (relative to the output's scale) and the best time of each side (batch 1, eval, no grad).
#
#   benchmarks/onnx_torchvision.sh                           # the default models, THREADS=2, REPS=10 timed calls
#   benchmarks/onnx_torchvision.sh resnet18 swin_t           # chosen models
# Needs JDK 25 (as side_by_side.sh) and PYTHON (default /usr/bin/python3) with torch and torchvision. The exported
# files (up to ~350 MB for vit_b_16) go to a temporary folder that is removed at the end.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
py=${PYTHON:-/usr/bin/python3}
threads=${THREADS:-2}
reps=${REPS:-10}
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(resnet18 mobilenet_v3_small squeezenet1_1 efficientnet_b0 densenet121
    shufflenet_v2_x0_5 regnet_y_400mf convnext_tiny swin_t vit_b_16)
. "$root/benchmarks/java_env.sh"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
OPENBLAS_NUM_THREADS=$threads "$py" "$here/python/onnx_torchvision.py" "$dir" "$threads" "$reps" "${models[@]}" 2>/dev/null > "$dir/py.txt"
"${java[@]}" -Xmx12g -cp "$cp" dev.torch4j.benchmarks.OnnxCheck "$dir" "$threads" "$reps" "${models[@]}" 2>/dev/null > "$dir/java.txt"
"$py" - "$dir/py.txt" "$dir/java.txt" <<'PY'
import sys
py = {l.split()[1]: float(l.split()[3]) for l in open(sys.argv[1]) if l.startswith("RESULT")}
print(f"{'model':22} {'max rel. diff':>13} {'torch4j ms':>11} {'PyTorch ms':>11} {'ratio':>6}")
for l in open(sys.argv[2]):
    if not l.startswith("RESULT"):
        continue
    _, name, _, ms, rel = l.split()
    print(f"{name:22} {float(rel):13.2e} {float(ms):11.1f} {py[name]:11.1f} {py[name] / float(ms):5.2f}x")
PY
