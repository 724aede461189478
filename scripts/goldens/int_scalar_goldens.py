"""Goldens for ops given Python int scalars -> goldens/int_scalar.json.

Run: /usr/bin/python3 scripts/goldens/int_scalar_goldens.py

An integer tensor stays integer when the scalar is a Python int (clamp, clamp_min, clamp_max, fmod, multiply,
subtract and their in-place forms), and a floating tensor given ints is clamped as with floats (grad_fn
ClampBackward0). Java's long overloads stand for Python ints.
"""
import torch

from common import t2j, write

t = torch.tensor([1, 5, 9, -7])
cases = [
    {"name": "clamp", "out": t2j(t.clamp(2, 6))},
    {"name": "clamp_min", "out": t2j(t.clamp_min(4))},
    {"name": "clamp_max", "out": t2j(t.clamp_max(3))},
    {"name": "fmod", "out": t2j(t.fmod(-2))},
    {"name": "multiply", "out": t2j(t.multiply(3))},
    {"name": "subtract", "out": t2j(t.subtract(2))},
    {"name": "clamp_", "out": t2j(t.clone().clamp_(2, 6))},
    {"name": "fmod_", "out": t2j(t.clone().fmod_(4))},
    {"name": "clamp_u8", "out": t2j(torch.tensor([1, 200], dtype=torch.uint8).clamp(5, 100))},
]
x = torch.tensor([0.5, 3.0, 7.5], requires_grad=True)
y = x.clamp(1, 6)
cases.append({"name": "float_clamp", "out": t2j(y), "grad_fn": type(y.grad_fn).__name__})
write("int_scalar", cases)
