#!/usr/bin/env bash
# torch4j side by side with PyTorch and NumPy on this machine, in one run: the workloads of the CPU-performance
# issue (matmul, elementwise on 10M floats, reductions, softmax, per-op overhead, a small backward, MLP training
# steps). torch4j (dev.torch4j.benchmarks.SideBySide) and Python (benchmarks/python/side_by_side.py) runs
# alternate; each reports medians; the table of medians and ratios is printed and written between the
# side-by-side markers of docs/PERFORMANCE.md.
#
#   benchmarks/side_by_side.sh            # ~12 minutes a round (4 of them the 10000x10000 matmul), + ~5 minutes
#   benchmarks/side_by_side.sh --quick    # fewer, shorter samples, no 10000x10000 matmul (~8 minutes)
#   benchmarks/side_by_side.sh --no-doc   # print only, leave docs/PERFORMANCE.md alone
#
# Each side runs with 1 thread, then with nproc: torch4j with Torch.setNumThreads(t), PyTorch with
# torch.set_num_threads(t) and OPENBLAS_NUM_THREADS=t (NumPy's BLAS too); torch4j and Python processes alternate.
# For each workload the best torch4j setting is compared with the best of PyTorch's and NumPy's. The 10000x10000
# matmul runs with all cores only (20 s a call with one). Environment: JAVA_HOME
# (JDK 22+; else /usr/lib/jvm/temurin-25-jdk-amd64), PYTHON (default /usr/bin/python3, needs torch and numpy),
# ROUNDS (default 1: the alternation is repeated; each is paired in the table), EXTRA (default 4, 1 with
# --quick: further alternations of the noisiest rows, see below).
# When torch, numpy or libopenblas0-pthread is missing and this runs as root on Debian/Ubuntu, it installs
# python3-torch python3-numpy libopenblas0-pthread with apt (without libopenblas0-pthread Debian's NumPy and
# PyTorch fall back to the reference BLAS, ~3 GFLOP/s, and the comparison would be meaningless).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
py=${PYTHON:-/usr/bin/python3}
rounds=${ROUNDS:-1}
extra=${EXTRA:-}
jargs=() pargs=() doc=1
for a in "$@"; do
    case "$a" in
        --quick) jargs+=(--quick); pargs+=(--quick); extra=${extra:-1} ;;
        --no-doc) doc=0 ;;
        *) echo "side_by_side.sh: unknown argument $a" >&2; exit 2 ;;
    esac
done
extra=${extra:-4}

# --- Python side: PyTorch, NumPy and a threaded OpenBLAS
have_py() { "$py" -c 'import torch, numpy' 2>/dev/null; }
have_blas() { ! command -v dpkg >/dev/null || dpkg -s libopenblas0-pthread >/dev/null 2>&1; }
if ! have_py || ! have_blas; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "# installing python3-torch python3-numpy libopenblas0-pthread with apt ..." >&2
        apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            python3-torch python3-numpy libopenblas0-pthread >&2
        py=/usr/bin/python3
    fi
    have_py || { echo "side_by_side.sh: $py cannot import torch and numpy (install python3-torch python3-numpy)" >&2; exit 1; }
    have_blas || echo "# WARNING: libopenblas0-pthread is not installed: NumPy/PyTorch may use the reference BLAS" >&2
fi

# --- JDK 25, and a build of library + benchmarks when sources changed: sets java and cp
. "$root/benchmarks/java_env.sh"

tmp=$(mktemp -d)
run_java() {   # threads, then SideBySide's arguments; RESULT lines tagged torch4j@threads
    local t=$1; shift
    "${java[@]}" -cp "$cp" dev.torch4j.benchmarks.SideBySide --threads "$t" "$@" \
        2> >(grep -v 'Using incubator modules' >&2) | sed "s/^RESULT \([a-z0-9]*\) /RESULT \1@$t /" \
        | tee -a "$tmp/results.txt" >&2
}
run_python() { # threads, then side_by_side.py's arguments; RESULT lines tagged torch@threads / numpy@threads
    local t=$1; shift
    OPENBLAS_NUM_THREADS=$t "$py" "$here/python/side_by_side.py" "$t" "$@" \
        | sed "s/^RESULT \([a-z]*\) /RESULT \1@$t /" | tee -a "$tmp/results.txt" >&2
}
trap 'rm -rf "$tmp"' EXIT
cores=$(nproc)
start=$(date -u '+%Y-%m-%d %H:%M')
big() { [ "$1" = "$cores" ] || echo --no-10000; }   # the 10000x10000 matmul only with all cores, on both sides
for ((r = 0; r < rounds; r++)); do
    echo "ALT round$((r + 1))" >> "$tmp/results.txt"   # the table pairs the two sides within each alternation
    # the same thread settings on both sides, alternating: a torch4j process, then the Python process with the
    # same count; the memory bandwidth of this shared VM drifts by up to 2x over minutes, so each side gets as
    # many processes as the other, next to each other in time
    for t in $(printf '%s\n' 1 "$cores" | sort -u); do
        echo "# round $((r + 1))/$rounds: torch4j, Torch.setNumThreads($t) ..." >&2
        run_java "$t" "${jargs[@]}" $(big "$t")
        echo "# round $((r + 1))/$rounds: PyTorch/NumPy, torch.set_num_threads($t), OPENBLAS_NUM_THREADS=$t ..." >&2
        run_python "$t" "${pargs[@]}" $(big "$t")
    done
done
# The rows that swing most between processes get more alternations, all cores only (one thread never wins them):
# reductions of 64 MiB follow the VM's memory bandwidth (sum_all 0.87-2.4 ms within one run, swapping sides between
# rounds), products the per-process OpenBLAS draw (n=256: 180-200 or 285-320 us; float64 n=1024 and float32
# n=2048 met in one run and missed by 5-13% in the next). With two draws a side, a row compared bandwidth windows,
# not libraries. The table pairs the processes of each alternation (ALT lines) and takes the median of the ratios.
noisy=matmul_f32_256,matmul_f32_512,matmul_f32_1024,matmul_f32_2048,matmul_f64_1024,sum_all,mean_all,max_all,sum_dim1,mean_dim1
for ((x = 0; x < extra; x++)); do
    echo "# extra alternation $((x + 1))/$extra of $noisy ($cores threads) ..." >&2
    echo "ALT extra$((x + 1))" >> "$tmp/results.txt"
    run_java "$cores" "${jargs[@]}" --only "$noisy"
    run_python "$cores" "${pargs[@]}" --only "$noisy"
done
# peak resident memory of one MLP training run per process (fresh JVM with default heap settings, fresh Python)
rss_steps=300
echo "# peak resident memory: $rss_steps MLP 784 training steps per process ..." >&2
rss=peak_rss_mlp_784_${rss_steps}steps
echo "ALT rss" >> "$tmp/results.txt"
"${java[@]}" -cp "$cp" dev.torch4j.benchmarks.SideBySide --rss "$rss_steps" \
    2> >(grep -v 'Using incubator modules' >&2) | tee -a "$tmp/results.txt" >&2
# the same run with the serial collector: the JVM's own choice on small machines, and no eden of 1/64 of RAM
"${java[@]}" -XX:+UseSerialGC -cp "$cp" dev.torch4j.benchmarks.SideBySide --rss "$rss_steps" \
    2> >(grep -v 'Using incubator modules' >&2) | sed "s/ $rss / ${rss}_serialgc /" | tee -a "$tmp/results.txt" >&2
for t in $(printf '%s\n' 1 "$cores" | sort -u); do
    OPENBLAS_NUM_THREADS=$t "$py" "$here/python/side_by_side.py" --rss "$rss_steps" "$t" \
        | sed "s/^RESULT \([a-z]*\) /RESULT \1@$t /" | tee -a "$tmp/results.txt" \
        | sed "s/ $rss / ${rss}_serialgc /" >> "$tmp/results.txt"   # PyTorch's figure for both rows
done
end=$(date -u '+%H:%M')

{
    echo "- Run: $start-$end UTC, \`benchmarks/side_by_side.sh${*:+ $*}\`, ROUNDS=$rounds, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- Machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $cores cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
    echo "- torch4j: $(grep -m1 '^# torch4j' "$tmp/results.txt" | sed 's/^# torch4j: //; s/ for m\*n\*k.*//') ($JAVA_HOME)"
    echo "- Python: $("$py" --version 2>&1), $(grep -m1 '^# torch ' "$tmp/results.txt" | sed 's/^# //; s/ (set_num_threads([0-9]*), get_num_threads()=[0-9]*)//'), python3-torch $(dpkg-query -W -f '${Version}' python3-torch 2>/dev/null || echo '?'), OpenBLAS $(dpkg-query -W -f '${Version}' libopenblas0-pthread 2>/dev/null || echo '?') (libopenblas0-pthread)"
    echo "- Threads: for t in {1, $cores}, alternating: torch4j with Torch.setNumThreads(t) (its pool; OpenBLAS set to the same count), then PyTorch with set_num_threads(t) and OPENBLAS_NUM_THREADS=t and NumPy with OPENBLAS_NUM_THREADS=t; each row compares torch4j's best setting with the best of those"
} > "$tmp/header.md"
mkdir -p "$here/target" && cp "$tmp/results.txt" "$here/target/side_by_side_results.txt"   # every median, for a closer look
"$py" "$here/python/side_by_side_table.py" "$tmp/results.txt" "$tmp/header.md" "$root/docs/PERFORMANCE.md" "$doc" \
    "$tmp/ratios.tsv"
# the chart of the ratios, drawn by Java (no plotting library needed on the Python side)
chart=$root/docs/side_by_side.png
[ "$doc" = 1 ] || chart=$tmp/side_by_side.png
"${java[@]}" -cp "$cp" dev.torch4j.benchmarks.RatioChart "$tmp/ratios.tsv" "$chart" "torch4j vs PyTorch/NumPy, $start UTC" \
    2> >(grep -v 'Using incubator modules' >&2)
[ "$doc" = 1 ] && echo "# chart: $chart" >&2
