#!/usr/bin/env bash
# torch.fft side by side: torch4j (FftBench), PyTorch and NumPy (python/fft_bench.py) in alternating processes on
# the same machine; prints a table of median times and ratios.
#
#   benchmarks/fft_side_by_side.sh            # N="256 1000 1021 4096" DTYPES="float32 float64" THREADS=nproc, ~3 minutes
# Needs JDK 25 (as side_by_side.sh) and PYTHON (default /usr/bin/python3) with torch and numpy.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
py=${PYTHON:-/usr/bin/python3}
sizes=${N:-256 1000 1021 4096}
dtypes=${DTYPES:-float32 float64}
threads=${THREADS:-$(nproc)}
. "$root/benchmarks/java_env.sh"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for n in $sizes; do
    for dt in $dtypes; do
        "${java[@]}" -cp "$cp" dev.torch4j.benchmarks.FftBench "$n" "$dt" "$threads" 2>/dev/null | grep '^RESULT' >> "$out"
        OMP_NUM_THREADS=$threads "$py" "$here/python/fft_bench.py" "$n" "$dt" "$threads" | grep '^RESULT' >> "$out"
    done
done
"$py" - "$out" <<'PY'
import collections, sys
t = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    f = line.split()
    t[(f[1], f[4], f[5])][f[2]] = float(f[3])
print("| op | n | dtype | torch4j (ms) | PyTorch (ms) | NumPy (ms) | PyTorch / torch4j |")
print("|---|---:|---|---:|---:|---:|---:|")
for (op, n, dt), v in sorted(t.items(), key=lambda kv: (int(kv[0][1][2:]), kv[0][2], kv[0][0])):
    np_ms = v.get("numpy")
    print("| %s | %s | %s | %.2f | %.2f | %s | %.3f |" % (op, n[2:], dt[6:], v["torch4j"], v["pytorch"],
          "%.2f" % np_ms if np_ms is not None else "-", v["pytorch"] / v["torch4j"]))
PY
