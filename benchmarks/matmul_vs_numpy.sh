#!/usr/bin/env bash
# Matmul GFLOP/s side by side: torch4j (Gemm: OpenBLAS through FFM where it loads, and the Java kernel alone)
# against NumPy and PyTorch, timed the same way (1 s warm-up, then the best of ~2 ms samples over 2 s).
#
#   benchmarks/matmul_vs_numpy.sh              # float32 n=128..2048 and float64 n=1024, one markdown table
#   benchmarks/matmul_vs_numpy.sh --crossover  # small sizes: OpenBLAS path vs Java kernel (no Python)
#
# Environment: JAVA_HOME (a JDK 22+; else /usr/lib/jvm/temurin-25-jdk-amd64), PYTHON (default /usr/bin/python3,
# needs numpy; torch and threadpoolctl are used when present), ROUNDS (default 1: Java and Python runs alternate
# ROUNDS times and the best of the rounds is kept), KEEP_OPENBLAS_ENV=1 to keep OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
py=${PYTHON:-/usr/bin/python3}
rounds=${ROUNDS:-1}
mode=${1:-table}

# --- JDK 25, and a build of library + benchmarks when sources changed: sets java and cp
. "$root/benchmarks/java_env.sh"

# --- OpenBLAS environment: see the note in docs/PERFORMANCE.md. Unset for these commands only, for NumPy and
# torch4j alike, so both let OpenBLAS pick the kernel for this CPU; threadpoolctl / Gemm.describe() say which.
clean_env=(env)
if [ -z "${KEEP_OPENBLAS_ENV:-}" ]; then
    for v in OPENBLAS_CORETYPE OPENBLAS_L2_SIZE; do
        if [ -n "${!v:-}" ]; then echo "# $v=${!v} is unset for these benchmark commands only" >&2; fi
    done
    clean_env=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)
fi

# The JVM's stderr without its "Using incubator modules" notice.
run_java() { "${clean_env[@]}" "${java[@]}" "$@" 2> >(grep -v 'Using incubator modules' >&2); }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
threads=$(nproc)

if [ "$mode" = "--crossover" ]; then
    sizes="1 2 4 8 16 32 64 128 256"
    run_java -cp "$cp" dev.torch4j.benchmarks.MatmulSideBySide float32 $sizes float64 $sizes > "$tmp/auto.txt"
    run_java -Dtorch4j.blas=java -cp "$cp" dev.torch4j.benchmarks.MatmulSideBySide float32 $sizes float64 $sizes \
        > "$tmp/java.txt"
    grep '^#' "$tmp/auto.txt"
    "$py" - "$tmp/auto.txt" "$tmp/java.txt" <<'EOF'
import sys
def load(p):
    return {(f[1], int(f[2])): float(f[3]) for f in (l.split() for l in open(p)) if f and f[0] == "RESULT"}
auto, jk = load(sys.argv[1]), load(sys.argv[2])
print("| dtype | n | Gemm (OpenBLAS) GFLOP/s | Java kernel GFLOP/s | Java kernel / OpenBLAS |")
print("|---|---:|---:|---:|---:|")
for key in sorted(auto):
    print(f"| {key[0]} | {key[1]} | {auto[key]:.2f} | {jk[key]:.2f} | {jk[key] / auto[key]:.2f} |")
EOF
    exit 0
fi

cat > "$tmp/bench.py" <<'EOF'
import sys, time
import numpy as np
threads = int(sys.argv[1])
jobs = [("float32", n) for n in (128, 256, 512, 1024, 2048)] + [("float64", 1024)]

def timeit(op):
    start, calls = time.perf_counter(), 0
    while time.perf_counter() - start < 1.0 or calls < 3:
        op(); calls += 1
    per_call = (time.perf_counter() - start) / calls
    inner = max(1, int(2e-3 / per_call + 0.999))
    samples, start = [], time.perf_counter()
    while time.perf_counter() - start < 2.0 or len(samples) < 5:
        t = time.perf_counter()
        for _ in range(inner):
            op()
        samples.append((time.perf_counter() - t) / inner)
    samples.sort()
    return samples[0], samples[len(samples) // 2]

def report(lib, dtype, n, s):
    flop = 2.0 * n ** 3
    print(f"RESULT {lib} {dtype} {n} {flop / s[0] / 1e9:.2f} {flop / s[1] / 1e9:.2f}", flush=True)

rng = np.random.default_rng(42)
print(f"# numpy {np.__version__}")
for dtype, n in jobs:
    a, b = rng.random((n, n)).astype(dtype), rng.random((n, n)).astype(dtype)
    c = np.empty((n, n), dtype=dtype)
    report("numpy", dtype, n, timeit(lambda: np.matmul(a, b, out=c)))
try:
    import torch
except ImportError:
    torch = None
    print("# torch not installed: no PyTorch column")
if torch is not None:
    torch.set_num_threads(threads)
    print(f"# torch {torch.__version__}, torch.get_num_threads()={torch.get_num_threads()}")
    for dtype, n in jobs:
        dt = getattr(torch, dtype)
        a, b = torch.rand(n, n, dtype=dt), torch.rand(n, n, dtype=dt)
        c = torch.empty(n, n, dtype=dt)
        report("torch", dtype, n, timeit(lambda: torch.mm(a, b, out=c)))
try:
    from threadpoolctl import threadpool_info
    for info in threadpool_info():
        print("# threadpoolctl: " + ", ".join(f"{k}={info.get(k)}" for k in
              ("internal_api", "version", "architecture", "threading_layer", "num_threads", "filepath")))
except ImportError:
    print("# threadpoolctl not installed: kernel of NumPy's OpenBLAS not shown (np.show_config() instead)")
EOF

for ((r = 0; r < rounds; r++)); do
    run_java -cp "$cp" dev.torch4j.benchmarks.MatmulSideBySide >> "$tmp/auto.txt"
    run_java -Dtorch4j.blas=java -cp "$cp" dev.torch4j.benchmarks.MatmulSideBySide >> "$tmp/java.txt"
    "${clean_env[@]}" "$py" "$tmp/bench.py" "$threads" >> "$tmp/py.txt"
done

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(lscpu | sed -n 's/^Model name: *//p' | head -1), $threads cores"
grep -h '^#' "$tmp/auto.txt" "$tmp/java.txt" "$tmp/py.txt" | sort -u
"$py" - "$tmp/auto.txt" "$tmp/java.txt" "$tmp/py.txt" <<'EOF'
import sys
def load(path, lib=None):
    best = {}
    for line in open(path):
        f = line.split()
        if not f or f[0] != "RESULT":
            continue
        if lib is None:
            key, g = (f[1], int(f[2])), float(f[3])
        else:
            key, g = (f[1], f[2], int(f[3])), float(f[4])
        best[key] = max(best.get(key, 0.0), g)
    return best
auto, jk, py = load(sys.argv[1]), load(sys.argv[2]), load(sys.argv[3], lib=True)
def cell(v):
    return f"{v:.1f}" if v else "-"
def ratio(a, b):
    return f"{a / b:.2f}" if a and b else "-"
print("| dtype | n | torch4j | torch4j Java kernel | NumPy | PyTorch | torch4j / NumPy | torch4j / PyTorch "
      "| Java kernel / NumPy |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for key in auto:
    t, j = auto[key], jk.get(key)
    n_, p_ = py.get(("numpy",) + key), py.get(("torch",) + key)
    print(f"| {key[0]} | {key[1]} | {cell(t)} | {cell(j)} | {cell(n_)} | {cell(p_)} | {ratio(t, n_)} "
          f"| {ratio(t, p_)} | {ratio(j, n_)} |")
print("\nGFLOP/s = 2 n^3 / best time (higher is better).")
EOF
