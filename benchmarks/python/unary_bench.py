"""float32 unary math on 4M elements in (0.05, 0.95), as UnaryMathBench: RESULT op pytorch best_ms median_ms."""
import sys
import time

import torch

x = 0.05 + 0.9 * torch.rand(4 << 20, generator=torch.Generator().manual_seed(1))
for name in sys.argv[1:]:
    f = getattr(torch, name)
    for _ in range(4):
        f(x)
    ts = []
    for _ in range(21):
        s = time.perf_counter()
        f(x)
        ts.append((time.perf_counter() - s) * 1e3)
    ts.sort()
    print("RESULT %s pytorch %.3f %.3f" % (name, ts[0], ts[10]))
