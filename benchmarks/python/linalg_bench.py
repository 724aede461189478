"""torch.linalg and numpy.linalg timed as LinalgBench times torch4j: prints RESULT <op> <who> <median ms> n=... dtype=...

Usage: linalg_bench.py <n> <float32|float64> <threads>
"""
import sys
import time

import numpy as np
import torch

n, dt, threads = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
torch.set_num_threads(threads)
tdt = torch.float64 if dt == "float64" else torch.float32
torch.manual_seed(0)
a, b = torch.randn(n, n).to(tdt), torch.randn(n, 1).to(tdt)
spd, sym = a @ a.mT + n * torch.eye(n, dtype=tdt), a + a.mT
small = torch.randn(10000, 3, 3).to(tdt) + 3 * torch.eye(3, dtype=tdt)
reps = 3 if n >= 1024 else 7


def median_ms(f):
    for _ in range(2):
        f()
    t = []
    for _ in range(reps):
        s = time.perf_counter()
        f()
        t.append((time.perf_counter() - s) * 1e3)
    return sorted(t)[reps // 2]


L = torch.linalg
ops = {
    "solve": (lambda: L.solve(a, b), None),
    "inv": (lambda: L.inv(a), None),
    "det": (lambda: L.det(a), None),
    "cholesky": (lambda: L.cholesky(spd), None),
    "qr": (lambda: L.qr(a).R, None),
    "eigh": (lambda: L.eigh(sym).eigenvalues, None),
    "svd": (lambda: L.svd(a, full_matrices=False).S, None),
    "inv_batch3x3": (lambda: L.inv(small), None),
    "det_batch3x3": (lambda: L.det(small), None),
}
na, nb, nspd, nsym, nsmall = a.numpy(), b.numpy(), spd.numpy(), sym.numpy(), small.numpy()
numpy_ops = {
    "solve": lambda: np.linalg.solve(na, nb), "inv": lambda: np.linalg.inv(na), "det": lambda: np.linalg.det(na),
    "cholesky": lambda: np.linalg.cholesky(nspd), "qr": lambda: np.linalg.qr(na), "eigh": lambda: np.linalg.eigh(nsym),
    "svd": lambda: np.linalg.svd(na, full_matrices=False), "inv_batch3x3": lambda: np.linalg.inv(nsmall),
    "det_batch3x3": lambda: np.linalg.det(nsmall),
}
for op, (f, _) in ops.items():
    print("RESULT %s pytorch %.3f n=%d dtype=%s" % (op, median_ms(f), n, dt))
    print("RESULT %s numpy %.3f n=%d dtype=%s" % (op, median_ms(numpy_ops[op]), n, dt))
