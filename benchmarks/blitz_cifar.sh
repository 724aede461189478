#!/usr/bin/env bash
# The 60 Minute Blitz's CIFAR-10 training loop (batch 4, data loading included), torch4j (BlitzCifar) and PyTorch
# (python/blitz_cifar.py) in processes that alternate, with 1 thread and with nproc. The data is CIFAR-10's layout
# with random images (made once under $T4J_BLITZ_DATA, default /tmp/t4j-blitz-cifar, by scripts/goldens/py2pickle.py
# as the real batches are pickled): the timing does not depend on what the pictures show.
#
#   benchmarks/blitz_cifar.sh              # ALTS=2 alternations of ROUNDS=3 rounds of STEPS=5000 steps, ~4 minutes
# Needs JDK 25 (as side_by_side.sh) and PYTHON (default /usr/bin/python3) with torch, torchvision and numpy.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
py=${PYTHON:-/usr/bin/python3}
data=${T4J_BLITZ_DATA:-/tmp/t4j-blitz-cifar}
steps=${STEPS:-5000}
rounds=${ROUNDS:-3}
alts=${ALTS:-2}
. "$root/benchmarks/java_env.sh"
if [ ! -f "$data/cifar-10-batches-py/test_batch" ]; then
    "$py" - "$data" "$root/scripts/goldens" <<'PY'
import os, sys
import numpy as np
sys.path.insert(0, sys.argv[2])
import py2pickle
folder = os.path.join(sys.argv[1], "cifar-10-batches-py")
os.makedirs(folder, exist_ok=True)
rng = np.random.RandomState(0)
names = [b"airplane", b"automobile", b"bird", b"cat", b"deer", b"dog", b"frog", b"horse", b"ship", b"truck"]
with open(os.path.join(folder, "batches.meta"), "wb") as f:
    f.write(py2pickle.dumps({b"num_cases_per_batch": 10000, b"label_names": names, b"num_vis": 3072}, 2))
for name in ["data_batch_%d" % k for k in range(1, 6)] + ["test_batch"]:
    batch = {b"batch_label": name.encode(), b"labels": [int(v) for v in rng.randint(0, 10, 10000)],
             b"data": rng.randint(0, 256, (10000, 3072)).astype(np.uint8),
             b"filenames": [b"img_%05d.png" % i for i in range(10000)]}
    with open(os.path.join(folder, name), "wb") as f:
        f.write(py2pickle.dumps(batch, 2))
print("wrote random CIFAR-10 batches to", folder)
PY
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for ((a = 1; a <= alts; a++)); do
    for t in 1 "$(nproc)"; do
        "${java[@]}" -cp "$cp" dev.torch4j.benchmarks.BlitzCifar "$data" "$t" "$steps" "$rounds" 2>/dev/null | grep '^RESULT' | tee -a "$out"
        "$py" "$here/python/blitz_cifar.py" "$data" "$t" "$steps" "$rounds" | grep '^RESULT' | tee -a "$out"
    done
done
"$py" - "$out" "$steps" <<'PY'
import collections, sys
best = collections.defaultdict(list)
for line in open(sys.argv[1]):
    f = line.split()
    if int(f[4].split("=")[1]) == 0:
        continue  # the first round of each process warms up (the JIT on torch4j's side)
    best[(f[2], f[5])].append(float(f[3]))
print("steps per second after the first round (best / median of the later rounds, all processes):")
for (who, threads), v in sorted(best.items()):
    v.sort()
    print("  %-8s %-10s best %7.1f  median %7.1f" % (who, threads, int(sys.argv[2]) / v[0], int(sys.argv[2]) / v[len(v) // 2]))
PY
