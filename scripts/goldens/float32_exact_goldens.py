"""Goldens for float32 ops PyTorch's CPU kernels round exactly one way -> goldens/float32_exact.json.

Run: /usr/bin/python3 scripts/goldens/float32_exact_goldens.py

Inputs over many magnitudes (subnormals, zeros, infinities, NaN included); the Java test (Float32ExactTest) asks for
the same bits. rsqrt is PyTorch's 1 / sqrtf in float (two roundings), not the correctly rounded reciprocal square root.
"""
import torch

from common import t2j, write

torch.manual_seed(0)
mant = torch.rand(1200) + 0.5
expo = torch.randint(-140, 120, (1200,)).float()
x = (mant * torch.pow(2.0, expo)).float()
x = torch.cat([x, torch.tensor([0.0, -0.0, 1.0, 4.0, float("inf"), float("nan"), 1e-45, 1.17549435e-38, 3.4028235e38])])
y = (torch.rand(x.numel()) * 4 - 2).float()
cases = [{"name": "inputs", "x": t2j(x), "y": t2j(y)}]
for name, f in [("rsqrt", torch.rsqrt), ("sqrt", torch.sqrt), ("reciprocal", torch.reciprocal),
                ("div", lambda a: a / y), ("mul", lambda a: a * y), ("add", lambda a: a + y)]:
    cases.append({"name": name, "out": t2j(f(x))})
write("float32_exact", cases)
