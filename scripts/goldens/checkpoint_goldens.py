"""Goldens for torch.utils.checkpoint -> goldens/checkpoint.json.

Run: /usr/bin/python3 scripts/goldens/checkpoint_goldens.py

Each case builds a small network after manual_seed(seed), draws an input, and runs one forward and backward with
part of it checkpointed (dropout inside, so the replayed random draws matter): the output, the printed grad_fn,
the input's gradient (if it requires one) and every parameter's gradient, then the next draw of the generator (a
checkpoint must leave it where the unchecked run leaves it). PyTorch 1.13 and 2.x agree on these.
"""
import torch
import torch.nn as nn
from torch.utils.checkpoint import checkpoint, checkpoint_sequential

from common import t2j, write

cases = []
inner = []  # the grad_fn of the checkpointed call's own output, when a case records it


def net():
    return nn.Sequential(nn.Linear(6, 8), nn.Tanh(), nn.Dropout(0.3), nn.Linear(8, 8), nn.ReLU(), nn.Dropout(0.2),
                         nn.Linear(8, 3))


def record(name, seed, run, x_requires_grad, dtype=torch.float64):
    torch.manual_seed(seed)
    m = net().to(dtype)
    x = torch.randn(4, 6, dtype=dtype, requires_grad=x_requires_grad)
    inner.clear()
    y = run(m, x)
    c = {"name": name, "seed": seed, "dtype": str(dtype).replace("torch.", ""), "x_requires_grad": x_requires_grad,
         "output": t2j(y), "grad_fn": str(y.grad_fn.name()) if y.grad_fn is not None else None}
    c["checkpoint_grad_fn"] = inner[0] if inner else None
    (y * y).sum().backward()
    c["x_grad"] = t2j(x.grad) if x.grad is not None else None
    c["grads"] = [[k, t2j(p.grad) if p.grad is not None else None] for k, p in m.named_parameters()]
    c["next_draw"] = t2j(torch.rand(3, dtype=torch.float64))
    cases.append(c)


def head_tail(reentrant):
    def run(m, x):
        h = checkpoint(lambda t: m[2](m[1](m[0](t))), x, use_reentrant=reentrant)
        inner.append(h.grad_fn.name() if h.grad_fn is not None else None)
        return m[6](m[5](m[4](m[3](h))))
    return run


def plain(m, x):
    return m(x)


def sequential(segments, reentrant):
    if reentrant:
        return lambda m, x: checkpoint_sequential(m, segments, x)

    def run(m, x):
        # 2.x's checkpoint_sequential(..., use_reentrant=False); 1.13's takes no use_reentrant, so its segmentation
        # is written out here: segments of len // segments, every one but the last checkpointed
        size = len(m) // segments
        end = -1
        for start in range(0, size * (segments - 1), size):
            end = start + size - 1
            x = checkpoint(lambda t, s=start, e=end: m[s:e + 1](t), x, use_reentrant=False)
        return m[end + 1:](x)
    return run


def two_inputs(reentrant):
    # two inputs, two outputs, one output unused by the loss except through a sum
    def f(a, b):
        return torch.tanh(a) * b, (a - b).relu()

    def run(m, x):
        h = m[0](x)
        p, q = checkpoint(f, h, h.flip(0), use_reentrant=reentrant)
        return m[6](m[5](m[4](m[3](p + 0.5 * q))))
    return run


record("plain", 0, plain, True)
for r in (False, True):
    tag = "reentrant" if r else "nonreentrant"
    record("head_" + tag, 0, head_tail(r), True)
    record("head_no_input_grad_" + tag, 1, head_tail(r), False)
    record("sequential2_" + tag, 2, sequential(2, r), True)
    record("sequential3_" + tag, 3, sequential(3, r), True)
    record("two_inputs_" + tag, 4, two_inputs(r), True)
record("head_nonreentrant_float32", 5, head_tail(False), True, torch.float32)
write("checkpoint", cases)
