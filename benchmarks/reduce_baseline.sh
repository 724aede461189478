#!/usr/bin/env bash
# The 64 MiB reductions of the side-by-side table (sum over all and over dim 1 of 4096x4096 float32) in three
# processes that alternate: plain C with OpenMP (benchmarks/native/reduce_baseline.c, gcc -O3 -march=native),
# torch4j (SideBySide --quick) and PyTorch (side_by_side.py --quick), all with nproc threads and the same timing
# method. Prints each alternation's medians and, per implementation, the spread and the median of the ratios
# within alternations. It tells what this machine gives a 64 MiB read at the moment, whoever reads it.
#
#   benchmarks/reduce_baseline.sh          # ROUNDS=8 alternations, ~2 minutes
# Needs gcc with OpenMP, JDK 25 (as side_by_side.sh) and PYTHON (default /usr/bin/python3) with torch.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
py=${PYTHON:-/usr/bin/python3}
rounds=${ROUNDS:-8}
. "$root/benchmarks/java_env.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -O3 -march=native -fopenmp -o "$tmp/reduce_baseline" "$here/native/reduce_baseline.c"
t=$(nproc)
rows=sum_all,sum_dim1
for ((r = 1; r <= rounds; r++)); do
    echo "ALT $r" >> "$tmp/results.txt"
    "$tmp/reduce_baseline" "$t" >> "$tmp/results.txt"
    "${java[@]}" -cp "$cp" dev.torch4j.benchmarks.SideBySide --threads "$t" --quick --only "$rows" 2>/dev/null \
        | grep '^RESULT' >> "$tmp/results.txt"
    OPENBLAS_NUM_THREADS=$t "$py" "$here/python/side_by_side.py" "$t" --quick --only "$rows" | grep '^RESULT' \
        | grep -v ' numpy ' >> "$tmp/results.txt"
    echo "# alternation $r/$rounds done" >&2
done
"$py" - "$tmp/results.txt" "$t" <<'PY'
import statistics, sys
alt, med = None, {}
for line in open(sys.argv[1]):
    f = line.split()
    if not f:
        continue
    if f[0] == "ALT":
        alt = int(f[1])
    elif f[0] == "RESULT":
        med[(alt, f[1].split("@")[0], f[2])] = float(f[3])
alts = sorted({k[0] for k in med})
libs = ["native", "torch4j", "torch"]
print(f"64 MiB reductions, {sys.argv[2]} threads, {len(alts)} alternations (C, torch4j, PyTorch); medians in ms")
for name in sorted({k[2] for k in med}):
    print(f"\n{name}\n| alternation | " + " | ".join(libs) + " |\n|---|" + "---:|" * len(libs))
    for a in alts:
        print(f"| {a} | " + " | ".join(f"{med[(a, l, name)] * 1e3:.2f}" for l in libs) + " |")
    for l in libs:
        v = [med[(a, l, name)] * 1e3 for a in alts]
        print(f"- {l}: median {statistics.median(v):.2f}, range {min(v):.2f}-{max(v):.2f} ms")
    for l in ("native", "torch"):
        r = [med[(a, l, name)] / med[(a, "torch4j", name)] for a in alts]
        print(f"- {l} time / torch4j time within an alternation: median {statistics.median(r):.2f}x, "
              f"range {min(r):.2f}-{max(r):.2f}, torch4j faster in {sum(x > 1 for x in r)} of {len(r)}")
PY
