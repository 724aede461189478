#!/usr/bin/env bash
# torch.linalg side by side: torch4j (LinalgBench, LAPACK from OpenBLAS and the Java fallback), PyTorch and NumPy
# (python/linalg_bench.py) in alternating processes on the same machine; prints a table of median times and ratios.
#
#   benchmarks/linalg_side_by_side.sh              # N="256 1024" DTYPES="float32 float64" THREADS=nproc, ~3 minutes
# Needs JDK 25 (as side_by_side.sh) and PYTHON (default /usr/bin/python3) with torch and numpy.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
py=${PYTHON:-/usr/bin/python3}
sizes=${N:-256 1024}
dtypes=${DTYPES:-float32 float64}
threads=${THREADS:-$(nproc)}
. "$root/benchmarks/java_env.sh"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for n in $sizes; do
    for dt in $dtypes; do
        "${java[@]}" -cp "$cp" dev.torch4j.benchmarks.LinalgBench "$n" "$dt" "$threads" 2>/dev/null | grep '^RESULT' >> "$out"
        if [ "$n" -le 256 ]; then
            "${java[@]}" -cp "$cp" dev.torch4j.benchmarks.LinalgBench "$n" "$dt" "$threads" java 2>/dev/null \
                | grep '^RESULT' | sed 's/ torch4j / torch4j-java /' >> "$out"
        fi
        OMP_NUM_THREADS=$threads "$py" "$here/python/linalg_bench.py" "$n" "$dt" "$threads" | grep '^RESULT' >> "$out"
    done
done
"$py" - "$out" <<'PY'
import collections, sys
t = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    f = line.split()
    key = (f[1], f[4], f[5])
    t[key][f[2]] = float(f[3])
print("| op | n | dtype | torch4j (ms) | PyTorch (ms) | NumPy (ms) | PyTorch / torch4j | torch4j Java fallback (ms) |")
print("|---|---:|---|---:|---:|---:|---:|---:|")
for (op, n, dt), v in sorted(t.items(), key=lambda kv: (int(kv[0][1][2:]), kv[0][2], kv[0][0])):
    j = v.get("torch4j-java")
    print("| %s | %s | %s | %.2f | %.2f | %.2f | %.2f | %s |" % (op, n[2:], dt[6:], v["torch4j"], v["pytorch"], v["numpy"],
          v["pytorch"] / v["torch4j"], "%.2f" % j if j is not None else "-"))
PY
