"""Exports torchvision models to ONNX for benchmarks/onnx_torchvision.sh, with an input, PyTorch's output and its time.

usage: onnx_torchvision.py OUTDIR THREADS REPS MODEL...
Writes OUTDIR/<model>.onnx, <model>_x.npy, <model>_y.npy and prints "RESULT <model> pytorch <best ms>" (eager, eval,
no_grad, batch 1). Random weights (no downloads); parameters torchvision initialises to zero (heads, some biases) are
drawn from N(0, 0.02) so that every output depends on every layer.
"""
import os
import sys
import time

import numpy as np
import torch
import torchvision

out, threads, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(threads)
for name in sys.argv[4:]:
    torch.manual_seed(0)
    m = getattr(torchvision.models, name)().eval()
    with torch.no_grad():
        for p in m.parameters():
            if p.abs().max() == 0:
                p.normal_(0, 0.02)
    x = torch.randn(1, 3, 224, 224)
    torch.onnx.export(m, x, os.path.join(out, name + ".onnx"), opset_version=14, input_names=["x"])
    best = float("inf")
    with torch.no_grad():
        for _ in range(3):
            m(x)
        for _ in range(reps):
            t = time.perf_counter()
            y = m(x)
            best = min(best, time.perf_counter() - t)
    np.save(os.path.join(out, name + "_x.npy"), x.numpy())
    np.save(os.path.join(out, name + "_y.npy"), y.numpy())
    print(f"RESULT {name} pytorch {best * 1e3:.2f}", flush=True)
