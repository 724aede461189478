#!/usr/bin/python3
"""Writes library/src/test/resources/goldens/gradcheck.json: torch.autograd.gradcheck's error messages.

Run from the repository root with a Python that has torch (here /usr/bin/python3, PyTorch 1.13):
    /usr/bin/python3 scripts/goldens/gradcheck_goldens.py

Each case: {"name": ..., "x": input tensor, "message": str(GradcheckError or RuntimeError)}. The functions, with
deliberately wrong derivatives, are rebuilt in GradCheckTest (keyed by name).
"""
import torch

from common import t2j, write

cases = []


def record(name, fn, x):
    try:
        torch.autograd.gradcheck(fn, (x,))
        raise AssertionError(name + " passed")
    except (RuntimeError, ValueError) as e:
        cases.append({"name": name, "x": t2j(x), "message": str(e)})


class TwiceWithTripleDerivative(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, g):
        return g * 3


class SinWithIdentityDerivative(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x.sin()

    @staticmethod
    def backward(ctx, g):
        return g * 1.0


record("wrong_scale", TwiceWithTripleDerivative.apply, torch.tensor([1., 2.], dtype=torch.float64, requires_grad=True))
record("wrong_formula", SinWithIdentityDerivative.apply,
       torch.tensor([[0.5, -1.0, 2.0]], dtype=torch.float64, requires_grad=True))
record("no_input_requires_grad", lambda x: x * 2, torch.ones(2, dtype=torch.float64))
record("stride_zero_input", lambda x: x * 2, torch.ones(1, dtype=torch.float64).expand(3).requires_grad_())
record("no_differentiable_output", lambda x: x.detach() * 2, torch.ones(2, dtype=torch.float64).requires_grad_())

write("gradcheck", cases)
