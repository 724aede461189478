#!/usr/bin/env bash
# float32 unary math side by side: torch4j (UnaryMathBench) and PyTorch (python/unary_bench.py) on 4M elements,
# alternating processes ROUNDS times (default 3); prints the best time of each over all rounds and the ratio.
#
#   benchmarks/unary_side_by_side.sh                 # the ops below, ~4 minutes
#   OPS="sin cos" benchmarks/unary_side_by_side.sh
# Needs JDK 25 (as side_by_side.sh) and PYTHON (default /usr/bin/python3) with torch.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
py=${PYTHON:-/usr/bin/python3}
ops=${OPS:-abs floor ceil round trunc frac expm1 log1p log2 log10 exp2 sin cos tan atan asin acos sinh cosh erf erfc erfinv}
rounds=${ROUNDS:-3}
. "$root/benchmarks/java_env.sh"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for ((k = 0; k < rounds; k++)); do
    # shellcheck disable=SC2086
    "${java[@]}" -cp "$cp" dev.torch4j.benchmarks.UnaryMathBench $ops 2>/dev/null | grep '^RESULT' >> "$out"
    # shellcheck disable=SC2086
    "$py" "$here/python/unary_bench.py" $ops | grep '^RESULT' >> "$out"
done
"$py" - "$out" <<'PY'
import collections, sys
best = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    _, op, who, b, _m = line.split()
    best[op][who] = min(float(b), best[op].get(who, float("inf")))
print("| op | torch4j (ms) | PyTorch (ms) | torch4j / PyTorch |")
print("|---|---:|---:|---:|")
for op, v in best.items():
    print("| %s | %.2f | %.2f | %.2f |" % (op, v["torch4j"], v["pytorch"], v["torch4j"] / v["pytorch"]))
PY
