#!/usr/bin/env bash
# Runs ON THE GPU MACHINE, from the repository root, with .gpu/ (made by scripts/gpu/pack.sh) carried:
# the CUDA tests (JUnit console launcher) and the GPU benchmark, torch4j (GpuBench) against PyTorch
# (benchmarks/python/gpu_bench.py). Every phase has its own time limit and a failing phase never stops the next.
#
#   bash scripts/gpu/run.sh          # device tool: carry [".gpu"]; results under $OUT (default /tmp/t4j-gpu-out)
#
# Files under $OUT (8 at most come back): env.log, tests.log, junit-reports.tar.gz, bench_torch4j.log,
# bench_torch.log, bench.md, summary.txt (with the tour's CPU-vs-GPU step). The end of stdout is a summary: test counts, failures, the table.
# Environment: T4J_TEST_TIMEOUT (default 180 s), T4J_BENCH_TIMEOUT (150 s, torch4j), T4J_PY_TIMEOUT (90 s), T4J_TOUR_TIMEOUT (90 s),
# T4J_TEST_PATTERN (class-name regex of the tests to run), T4J_BENCH_ARGS (e.g. --quick), PYTHON (python3),
# T4J_EXTRA_CUDA_LIBS (CUDA library folders searched first).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
OUT=${OUT:-/tmp/t4j-gpu-out}
mkdir -p "$OUT"
G=$root/.gpu
py=${PYTHON:-python3}
t_tests=${T4J_TEST_TIMEOUT:-180}
t_bench=${T4J_BENCH_TIMEOUT:-150}
t_py=${T4J_PY_TIMEOUT:-90}
t_tour=${T4J_TOUR_TIMEOUT:-90}
pattern=${T4J_TEST_PATTERN:-'^dev\.torch4j\.(backend\.)?cuda\..*|.*Cuda.*'}
bench_args=${T4J_BENCH_ARGS:-}
t0=$(date +%s)
phase() { echo; echo "=== [$(( $(date +%s) - t0 ))s] $*"; }

# --- 0. the machine
phase "environment" 
{
    echo "date: $(date -u)"; uname -a
    [ -f "$G/MANIFEST" ] && cat "$G/MANIFEST" || echo "NO .gpu/MANIFEST: was scripts/gpu/pack.sh run and .gpu carried?"
    timeout 30 nvidia-smi || echo "nvidia-smi failed"
    echo "python: $(command -v "$py") $("$py" --version 2>&1)"
    timeout 60 "$py" -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available())' 2>&1
} > "$OUT/env.log" 2>&1
head -c 3000 "$OUT/env.log"

# --- 1. Java: the carried runtime, else a java 25 on the machine
phase "java runtime"
jre=/tmp/t4j-jre
java=
if [ -f "$G/jre.tar.xz" ]; then
    rm -rf "$jre" && mkdir -p "$jre"
    if ! tar -C "$jre" -xJf "$G/jre.tar.xz" 2>/dev/null; then
        # no xz binary: Python's lzma
        "$py" -c 'import sys, tarfile; tarfile.open(sys.argv[1], "r:xz").extractall(sys.argv[2])' "$G/jre.tar.xz" "$jre"
    fi
    [ -x "$jre/bin/java" ] && java=$jre/bin/java
fi
if [ -z "$java" ] && command -v java >/dev/null && java -version 2>&1 | grep -q 'version "2[5-9]'; then java=$(command -v java); fi
if [ -z "$java" ]; then echo "NO JAVA 25: the Java phases are skipped" | tee -a "$OUT/env.log"; fi
[ -n "$java" ] && "$java" -version 2>&1 | tee -a "$OUT/env.log"
jflags=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED)

# --- 2. where the CUDA libraries are: the driver's folder first, then the pip nvidia/*/lib folders
phase "CUDA libraries"
libs=()
# T4J_EXTRA_CUDA_LIBS: folders searched first (a dry run here: library/target/cuda-emu, the CUDA emulator)
IFS=: read -r -a extra <<< "${T4J_EXTRA_CUDA_LIBS:-}"
for d in "${extra[@]}"; do [ -n "$d" ] && libs+=("$d"); done
drv=$(ldconfig -p 2>/dev/null | sed -n 's/.*libcuda\.so\.1 .*=> \(.*\)$/\1/p' | head -1)
[ -n "$drv" ] && libs+=("$(dirname "$(readlink -f "$drv")")")
for d in /usr/local/nvidia/lib64 /usr/lib/x86_64-linux-gnu /usr/lib64; do
    [ -e "$d/libcuda.so.1" ] && libs+=("$d")
done
while IFS= read -r d; do [ -n "$d" ] && libs+=("$d"); done < <("$py" - 2>/dev/null <<'EOF'
import glob, os
try:
    import nvidia
    roots = list(nvidia.__path__)
except Exception:
    roots = []
seen = []
for r in roots:
    for d in [os.path.join(r, "cu13", "lib")] + sorted(glob.glob(os.path.join(r, "*", "lib"))):
        if os.path.isdir(d) and d not in seen:
            seen.append(d)
print("\n".join(seen))
EOF
)
TORCH4J_CUDA_LIBS=$(printf '%s\n' "${libs[@]}" | awk '!seen[$0]++' | paste -sd: -)
export TORCH4J_CUDA_LIBS
echo "TORCH4J_CUDA_LIBS=$TORCH4J_CUDA_LIBS" | tee -a "$OUT/env.log"
for n in libcuda.so.1 libcublas.so.13 libcublasLt.so.13 libnvrtc.so.13; do
    hit=$(for d in "${libs[@]}"; do [ -e "$d/$n" ] && echo "$d/$n" && break; done)
    echo "  $n: ${hit:-NOT FOUND}"
done | tee -a "$OUT/env.log"

# --- 3. CUDA tests
phase "CUDA tests (timeout ${t_tests}s), class names matching $pattern"
rep=/tmp/t4j-junit-reports
rm -rf "$rep" /tmp/t4j-jqwik && mkdir -p /tmp/t4j-jqwik
test_rc=skipped
tc=$G/test-classes
if [ -f "$G/test-classes.tar.xz" ]; then
    tc=/tmp/t4j-test-classes
    rm -rf "$tc" && mkdir -p "$tc"
    tar -C "$tc" -xJf "$G/test-classes.tar.xz" 2>/dev/null \
        || "$py" -c 'import sys, tarfile; tarfile.open(sys.argv[1], "r:xz").extractall(sys.argv[2])' "$G/test-classes.tar.xz" "$tc"
fi
if [ -n "$java" ] && [ -d "$tc" ]; then
    # the library as a classes folder, as under Maven: some tests list the package's class files as paths
    cls=/tmp/t4j-classes
    rm -rf "$cls" && "$py" -m zipfile -e "$G/lib/torch4j.jar" "$cls" || cls="$G/lib/torch4j.jar"
    tcp="$tc:$cls:$(ls "$G"/lib/*.jar | grep -v 'torch4j' | paste -sd: -)"
    (cd "$root/library" && timeout -k 10 "$t_tests" "$java" "${jflags[@]}" -Xmx8g -Djqwik.database=/tmp/t4j-jqwik/db -Dbasedir="$root/library" \
        -cp "$tcp" org.junit.platform.console.ConsoleLauncher execute \
        --disable-banner --details=tree --details-theme=ascii --disable-ansi-colors \
        --scan-classpath "$tc" --include-classname "$pattern" \
        --config=junit.jupiter.execution.timeout.default=90s \
        --reports-dir "$rep") > "$OUT/tests.log" 2>&1
    test_rc=$?
    [ "$test_rc" = 124 ] && echo "TIMED OUT after ${t_tests}s" >> "$OUT/tests.log"
    [ -d "$rep" ] && tar -C /tmp -czf "$OUT/junit-reports.tar.gz" "$(basename "$rep")"
else
    echo "skipped: no java or no test classes (.gpu/test-classes.tar.xz)" > "$OUT/tests.log"
fi
echo "tests exit code: $test_rc"
tail -n 25 "$OUT/tests.log"

# --- 4. benchmarks: torch4j, then PyTorch (same workloads, same method)
phase "benchmark: torch4j (timeout ${t_bench}s)"
if [ -n "$java" ]; then
    # shellcheck disable=SC2086
    timeout -k 10 "$t_bench" "$java" "${jflags[@]}" -Xmx24g -cp "$G/lib/torch4j-benchmarks.jar:$G/lib/torch4j.jar" \
        dev.torch4j.benchmarks.GpuBench $bench_args > "$OUT/bench_torch4j.log" 2>&1
    rc=$?
    [ "$rc" = 0 ] || echo "# GpuBench exit code $rc$([ "$rc" = 124 ] && echo ' (TIMED OUT)')" >> "$OUT/bench_torch4j.log"
else
    echo "# skipped: no java" > "$OUT/bench_torch4j.log"
fi
grep -v '^\s*at \|^WARNING: Using incubator' "$OUT/bench_torch4j.log" | tail -n 30
phase "benchmark: PyTorch (timeout ${t_py}s)"
# shellcheck disable=SC2086
PYTHONUNBUFFERED=1 timeout -k 10 "$t_py" "$py" benchmarks/python/gpu_bench.py $bench_args > "$OUT/bench_torch.log" 2>&1
rc=$?
[ "$rc" = 0 ] || echo "# gpu_bench.py exit code $rc$([ "$rc" = 124 ] && echo ' (TIMED OUT)')" >> "$OUT/bench_torch.log"
tail -n 20 "$OUT/bench_torch.log"
"$py" benchmarks/python/gpu_bench_table.py "$OUT/bench_torch4j.log" "$OUT/bench_torch.log" > "$OUT/bench.md" 2>&1

# --- 5. the tour's CPU-vs-GPU step (10000 x 10000 float32 matmul)
phase "tour: CPU vs GPU matmul (timeout ${t_tour}s)"
tour_log=/tmp/t4j-tour.log # in summary.txt: $OUT brings back 8 files at most
if [ -n "$java" ]; then
    timeout -k 10 "$t_tour" "$java" "${jflags[@]}" -Xmx8g -cp "$G/lib/torch4j-examples.jar:$G/lib/torch4j.jar" \
        dev.torch4j.examples.Tour gpu > "$tour_log" 2>&1
    rc=$?
    [ "$rc" = 0 ] || echo "# Tour gpu exit code $rc$([ "$rc" = 124 ] && echo ' (TIMED OUT)')" >> "$tour_log"
else
    echo "# skipped: no java" > "$tour_log"
fi
grep -v '^WARNING' "$tour_log" | tail -n 8

# --- 5b. the CNN example trained on the GPU (3 epochs), appended to the tour's log
phase "examples: ShapesCnn and CharLstm on the GPU (timeout ${t_tour}s each)"
if [ -n "$java" ]; then
    echo "# ShapesCnn (3 epochs, device cuda:0 when available)" >> "$tour_log"
    timeout -k 10 "$t_tour" "$java" "${jflags[@]}" -Xmx8g -cp "$G/lib/torch4j-examples.jar:$G/lib/torch4j.jar" \
        dev.torch4j.examples.ShapesCnn /tmp/t4j-examples 3 2>&1 | grep -E '^(data|epoch|test|#)' >> "$tour_log"
    rc=${PIPESTATUS[0]}
    [ "$rc" = 0 ] || echo "# ShapesCnn exit code $rc$([ "$rc" = 124 ] && echo ' (TIMED OUT)')" >> "$tour_log"
    echo "# CharLstm (150 steps)" >> "$tour_log"
    timeout -k 10 "$t_tour" "$java" "${jflags[@]}" -Xmx8g -cp "$G/lib/torch4j-examples.jar:$G/lib/torch4j.jar" \
        dev.torch4j.examples.CharLstm /tmp/t4j-examples 150 2>&1 | grep -E '^(text|step|#)' >> "$tour_log"
    rc=${PIPESTATUS[0]}
    [ "$rc" = 0 ] || echo "# CharLstm exit code $rc$([ "$rc" = 124 ] && echo ' (TIMED OUT)')" >> "$tour_log"
fi
grep -v '^WARNING' "$tour_log" | tail -n 8

# --- 6. summary (the tool returns only the end of stdout)
phase "SUMMARY"
{
    echo "tests (exit code $test_rc):"
    grep -E '^\[ *[0-9]+ (tests|containers) (found|successful|failed|aborted|skipped)' "$OUT/tests.log" \
        || echo "  no launcher summary (see tests.log)"
    if [ -d "$rep" ]; then
        "$py" - "$rep" <<'EOF'
import glob, sys, xml.etree.ElementTree as ET
bad, skipped = [], []
for f in glob.glob(sys.argv[1] + "/*.xml"):
    try:
        root = ET.parse(f).getroot()
    except ET.ParseError as e:
        print(f"  unreadable report {f}: {e}"); continue
    for tc in root.iter("testcase"):
        sk = tc.find("skipped")
        if sk is not None:
            skipped.append(f"  SKIPPED: {tc.get('classname')}.{tc.get('name')}: "
                           f"{(sk.get('message') or (sk.text or '').strip().split(chr(10))[0])[:200]}")
        for kind in ("failure", "error"):
            el = tc.find(kind)
            if el is not None:
                msg = (el.get("message") or (el.text or "").strip().split("\n")[0])[:240]
                bad.append(f"  {kind.upper()}: {tc.get('classname')}.{tc.get('name')}: {msg}")
print(f"  skipped/aborted: {len(skipped)}" + (" (first: " + skipped[0].strip() + ")" if skipped else ""))
print(f"  failures/errors: {len(bad)}")
for b in bad[:25]:
    print(b)
if len(bad) > 25:
    print(f"  ... {len(bad) - 25} more (tests.log)")
EOF
    fi
    echo
    echo "tour (Tour gpu), ShapesCnn and CharLstm:"
    grep -v '^WARNING' "$tour_log" | tail -n 30
    echo
    echo "benchmark (bench.md):"
    cat "$OUT/bench.md"
    echo
    echo "total $(( $(date +%s) - t0 ))s; files in \$OUT: $(ls "$OUT" | paste -sd' ' -)"
} > "$OUT/summary.txt" 2>&1
cat "$OUT/summary.txt"
exit 0
