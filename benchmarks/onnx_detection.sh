#!/usr/bin/env bash
# torchvision detection models exported to ONNX by PyTorch (random weights, opset 11), run by torch4j's OnnxModel on
# one 300x400 image: detections matched with PyTorch's regardless of order (label, score, box), the largest box and
# score differences among the matches, and one call's time of each side (a cold JVM: not a benchmark).
#
#   benchmarks/onnx_detection.sh                               # the default models, THREADS=2
#   benchmarks/onnx_detection.sh ssdlite320_mobilenet_v3_large # chosen models
# Needs JDK 25 (as side_by_side.sh) and PYTHON (default /usr/bin/python3) with torch and torchvision. The exported
# files go to a temporary folder that is removed at the end.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
py=${PYTHON:-/usr/bin/python3}
threads=${THREADS:-2}
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(fasterrcnn_mobilenet_v3_large_320_fpn ssdlite320_mobilenet_v3_large retinanet_resnet50_fpn
    maskrcnn_resnet50_fpn)
. "$root/benchmarks/java_env.sh"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
OPENBLAS_NUM_THREADS=$threads "$py" "$here/python/onnx_detection.py" "$dir" "$threads" "${models[@]}" 2>/dev/null > "$dir/py.txt"
"${java[@]}" -Xmx12g -cp "$cp" dev.torch4j.benchmarks.OnnxDetectionCheck "$dir" "$threads" "${models[@]}" 2>/dev/null > "$dir/java.txt"
"$py" - "$dir/py.txt" "$dir/java.txt" <<'PY'
import sys
py = {l.split()[1]: float(l.split()[3]) for l in open(sys.argv[1]) if l.startswith("RESULT")}
for l in open(sys.argv[2]):
    if l.startswith("RESULT"):
        f = l.split()
        if len(f) > 2 and f[2] == "FAILED":
            print(f"{f[1]:38} FAILED {' '.join(f[3:])}")
        else:
            print(f"{f[1]:38} {' '.join(f[3:])}  (torch4j {float(f[2]):.0f} ms, PyTorch {py.get(f[1], float('nan')):.0f} ms)")
PY
