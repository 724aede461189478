"""Goldens for fractional max pooling -> goldens/fractional_pool.json.

Run: /usr/bin/python3 scripts/goldens/fractional_pool_goldens.py

F.fractional_max_pool2d/3d with given _random_samples (values, indices, and the input's gradient of (out * w).sum()),
float32 and float64, output sizes and ratios, unbatched input, NaN; and the modules drawing their samples from the
default generator after manual_seed (the input drawn first).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from common import t2j, write

torch.manual_seed(0)
cases = []


def case(nd, x, kernel, samples, output_size=None, output_ratio=None):
    x = x.clone().requires_grad_(True)
    f = F.fractional_max_pool2d if nd == 2 else F.fractional_max_pool3d
    out, idx = f(x, kernel, output_size=output_size, output_ratio=output_ratio, return_indices=True, _random_samples=samples)
    w = torch.randn(out.shape, dtype=out.dtype)
    (out * w).sum().backward()
    cases.append({"kind": "functional", "nd": nd, "input": t2j(x), "kernel": list(kernel) if isinstance(kernel, tuple) else [kernel],
                  "output_size": None if output_size is None else (list(output_size) if isinstance(output_size, tuple) else [output_size]),
                  "output_ratio": None if output_ratio is None else (list(output_ratio) if isinstance(output_ratio, tuple) else [output_ratio]),
                  "samples": t2j(samples), "out": t2j(out), "indices": t2j(idx), "w": t2j(w), "grad": t2j(x.grad)})


D = torch.float64
case(2, torch.randn(2, 3, 7, 9, dtype=D), 2, torch.rand(2, 3, 2, dtype=D), output_size=(4, 5))
case(2, torch.randn(1, 2, 10, 10), (3, 2), torch.rand(1, 2, 2), output_size=5)
case(2, torch.randn(2, 11, 8, dtype=D), 2, torch.rand(1, 2, 2, dtype=D), output_ratio=(0.5, 0.7))
case(2, torch.randn(1, 1, 5, 5, dtype=D), 2, torch.rand(1, 1, 2, dtype=D), output_size=4)
nan = torch.randn(1, 1, 4, 4, dtype=D)
nan[0, 0, 1, 1] = float("nan")
nan[0, 0, 1, 2] = float("nan")
case(2, nan, 2, torch.tensor([[[0.3, 0.6]]], dtype=D), output_size=3)
case(3, torch.randn(1, 2, 6, 7, 5, dtype=D), 2, torch.rand(1, 2, 3, dtype=D), output_size=(3, 4, 2))
case(3, torch.randn(2, 5, 5, 6), (2, 2, 3), torch.rand(1, 2, 3), output_ratio=0.6)


def module_case(make, shape, seed):
    torch.manual_seed(seed)
    m = make()
    x = torch.randn(*shape)
    out, idx = m(x)
    cases.append({"kind": "module", "seed": seed, "repr": repr(m), "input": t2j(x), "out": t2j(out), "indices": t2j(idx)})


module_case(lambda: nn.FractionalMaxPool2d(3, output_size=4, return_indices=True), (2, 3, 9, 9), 1)
module_case(lambda: nn.FractionalMaxPool3d(2, output_ratio=0.5, return_indices=True), (1, 2, 6, 6, 6), 2)
write("fractional_pool", cases)
