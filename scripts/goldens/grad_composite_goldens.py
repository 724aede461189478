#!/usr/bin/python3
"""Writes library/src/test/resources/goldens/grad_composite.json: gradients of composite expressions from real PyTorch.

Run from the repository root with a Python that has torch (here /usr/bin/python3, PyTorch 1.13):
    /usr/bin/python3 scripts/goldens/grad_composite_goldens.py

Each case: {"name": ..., "inputs": {leaf: tensor}, "out": tensor, "grad_fn": name of out's grad_fn,
"grad_output": tensor (when out is not a scalar), "grads": {leaf: .grad}, plus named extras}. The expression of
each case is written twice, here and in CompositeGradTest (keyed by name); leaves are float64 and require grad.
The "copyslices_view_mul" case is read by EngineTest (an in-place op on a view of a non-leaf).
"""
import torch

from common import t2j, write

torch.manual_seed(3)
cases = []


def leaves(**shapes):
    return {k: torch.randn(*s, dtype=torch.float64).requires_grad_() for k, s in shapes.items()}


def case(name, xs, f, extras=None):
    out = f(**xs)
    c = {"name": name, "inputs": {k: t2j(v) for k, v in xs.items()}, "out": t2j(out),
         "grad_fn": type(out.grad_fn).__name__}
    if out.dim() == 0:
        out.backward()
    else:
        go = torch.randn(out.shape, dtype=torch.float64)
        c["grad_output"] = t2j(go)
        out.backward(go)
    c["grads"] = {k: t2j(v.grad) for k, v in xs.items()}
    if extras:
        c.update(extras(**xs))
    cases.append(c)


# an MLP-like step: linear, relu, linear, log_softmax, mean (a negative log-likelihood without the targets)
case("mlp", leaves(x=(4, 3), w1=(3, 5), b1=(5,), w2=(5, 2), b2=(2,)),
     lambda x, w1, b1, w2, b2: (x @ w1 + b1).relu().matmul(w2).add(b2).log_softmax(1).mean())

# polynomial chain: 3x^3 - 2x^2 + x - 5, summed
case("polynomial", leaves(x=(5,)), lambda x: (x.pow(3) * 3 - x.pow(2) * 2 + x - 5).sum())

# broadcasting chain: [3,1] with [1,4] with [4], reduced over dim 0 (non-scalar output)
case("broadcast_chain", leaves(a=(3, 1), b=(1, 4), c=(4,)),
     lambda a, b, c: ((a + b) * c - a / (b.square() + 2)).exp().sum(0))

# where / masked_fill chain
case("where_masked", leaves(x=(3, 4), y=(3, 4)),
     lambda x, y: torch.where(x > 0, x * y, y.sin()).masked_fill(y < -0.5, 0.0).square().sum(1))


def inplace(x):
    t = x * 1
    t.mul_(2)
    t.add_(x)
    t.sin_()
    t[1].mul_(3)   # in place on a view: CopySlices
    t.exp_()
    return t.sum()


# in-place chain on a non-leaf, including a view
case("inplace_chain", leaves(x=(3, 4)), inplace)

# attention-like: batched matmul with a transposed operand, softmax, matmul
case("attention", leaves(q=(2, 3, 4), k=(2, 3, 4), v=(2, 3, 4)),
     lambda q, k, v: (q @ k.transpose(-1, -2) / 2.0).softmax(-1).matmul(v).tanh().sum())

# layer-norm-like normalisation, plus norm / amax / logsumexp reductions
case("normalize_reduce", leaves(x=(3, 4), g=(4,), b=(4,)),
     lambda x, g, b: ((x - x.mean(1, keepdim=True)) / (x.var(1, unbiased=False, keepdim=True) + 1e-5).sqrt() * g + b)
     .square().mean() + x.norm() + x.amax(0).sum() + x.logsumexp(1).sum())

# indexing, gather, cat, max over a dim
case("index_gather_cat", leaves(x=(4, 3)),
     lambda x: x[torch.tensor([0, 2, 2])].sum() + x.gather(1, torch.tensor([[0], [2], [1], [1]])).prod()
     + torch.cat([x, x * 2], 0).max(0).values.sum())

# clamp, sort values, topk values
case("clamp_sort_topk", leaves(x=(6,)),
     lambda x: (x.clamp(-0.5, 0.5).sort().values * torch.arange(6, dtype=torch.float64)).sum()
     + x.topk(2).values.prod())

# an in-place multiply on a column view of a non-leaf (EngineTest)
base = torch.tensor([[1., 2., 3.], [4., 5., 6.]], dtype=torch.float64, requires_grad=True)
factor = torch.tensor([10., 20.], dtype=torch.float64)
weight = torch.arange(6., dtype=torch.float64).view(2, 3)
t = base * 2
v = t[:, 1]
v.mul_(factor)
assert type(t.grad_fn).__name__ == "CopySlices" and type(v.grad_fn).__name__ == "AsStridedBackward0"
(t * weight).sum().backward()
cases.append({"name": "copyslices_view_mul", "base": t2j(base), "factor": t2j(factor), "weight": t2j(weight),
              "t": t2j(t), "base_grad": t2j(base.grad)})

write("grad_composite", cases)
