"""torch.fft and numpy.fft timed as FftBench times torch4j: prints RESULT <op> <who> <median ms> n=... dtype=...

Usage: fft_bench.py <n> <float32|float64> <threads>
"""
import math
import sys
import time

import numpy as np
import torch

n, dt, threads = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
torch.set_num_threads(threads)
tdt = torch.float64 if dt == "float64" else torch.float32
torch.manual_seed(0)
batch = max(1, (1 << 20) // n)
x, y = torch.randn(batch, n).to(tdt), torch.randn(batch, n).to(tdt)
z = torch.complex(x, y)
spec = torch.fft.rfft(x)
side = round(math.sqrt(n * 64.0))
img = torch.complex(torch.randn(side, side).to(tdt), torch.randn(side, side).to(tdt))
signal = x.reshape(-1)[: min(1 << 18, x.numel())]
window = torch.hann_window(n).to(tdt)
reps = 7


def median_ms(f):
    for _ in range(10):  # as FftBench warms the JIT up
        f()
    t = []
    for _ in range(reps):
        s = time.perf_counter()
        f()
        t.append((time.perf_counter() - s) * 1e3)
    return sorted(t)[reps // 2]


ops = {
    "fft": lambda: torch.fft.fft(z),
    "rfft": lambda: torch.fft.rfft(x),
    "irfft": lambda: torch.fft.irfft(spec),
    "fft2_%d" % side: lambda: torch.fft.fft2(img),
    "stft": lambda: torch.stft(signal, n, window=window, return_complex=True),
}
nz, nx, nspec, nimg = z.numpy(), x.numpy(), spec.numpy(), img.numpy()
numpy_ops = {
    "fft": lambda: np.fft.fft(nz), "rfft": lambda: np.fft.rfft(nx), "irfft": lambda: np.fft.irfft(nspec),
    "fft2_%d" % side: lambda: np.fft.fft2(nimg), "stft": None,
}
for op, f in ops.items():
    print("RESULT %s pytorch %.3f n=%d dtype=%s" % (op, median_ms(f), n, dt))
    if numpy_ops[op] is not None:
        print("RESULT %s numpy %.3f n=%d dtype=%s" % (op, median_ms(numpy_ops[op]), n, dt))
