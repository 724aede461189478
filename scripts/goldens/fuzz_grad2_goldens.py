"""Second derivatives against PyTorch: the float64 cases of fuzz_goldens.py's seeded run (every op it draws with a
gradient), each with finite inputs, differentiated twice: g = d(sum_k out_k * w_k)/d inputs with create_graph, then
the gradients of sum_i (g_i * u_i).sum() for seeded weights u_i -> goldens/fuzz_grad2.json ("grads2", "weights2").
FuzzParityTest replays the first derivative with createGraph and compares the second.

Run: /usr/bin/python3 scripts/goldens/fuzz_grad2_goldens.py

Left out: cases with NaN or infinite inputs (a second derivative there is mostly PyTorch's formula at a point where
both are NaN or inf by different routes), inputs below 1e-30 or above 1e15 in magnitude (PyTorch's double backward of
prod, cumprod and copysign divides by them and cancels) and ops whose first derivative PyTorch does not differentiate again. A first derivative
that does not depend on the input (relu, remainder in its divisor, ...) still requires grad in both (its second
derivative is zeros).
"""
import torch

import fuzz_goldens as fg
from common import t2j, write


def second(c, fn, inputs, seed):
    if "grads" not in c or not all(bool(t.isfinite().all()) for t in inputs if t.dtype.is_floating_point):
        return False
    if any(bool((((t.abs() < 1e-30) & (t != 0)) | (t.abs() > 1e15)).any()) for t in inputs if t.dtype.is_floating_point):
        return False  # PyTorch's prod/cumprod/copysign double backward divides by such values: cancellation of 1e24s
    g = torch.Generator().manual_seed(seed)
    ins = [t.detach().clone().requires_grad_(t.dtype == torch.float64) for t in inputs]
    try:
        out = fn(ins)
    except (RuntimeError, NotImplementedError):
        return False
    outs = list(out) if isinstance(out, tuple) else [out]
    loss = None
    for o, w in zip(outs, c["weights"]):
        if w is None:
            continue
        term = (o * fg_tensor(w)).sum()
        loss = term if loss is None else loss + term
    leaves = [t for t in ins if t.requires_grad]
    if loss is None or not leaves:
        return False
    try:
        first = torch.autograd.grad(loss, leaves, create_graph=True, allow_unused=True)
        us, loss2 = [], None
        for d in first:
            if d is None or not d.requires_grad:
                us.append(None)
                continue
            u = torch.randn(d.shape, dtype=torch.float64, generator=g)
            us.append(t2j(u))
            term = (d * u).sum()
            loss2 = term if loss2 is None else loss2 + term
        if loss2 is None:
            return False
        got = torch.autograd.grad(loss2, leaves, allow_unused=True)
    except (RuntimeError, NotImplementedError):
        return False  # no double backward in PyTorch for this op
    if any(v is not None and not bool(v.isfinite().all()) for v in got):
        return False  # inf/NaN second derivatives: formula-dependent
    c["weights2"] = us
    it = iter(got)
    # zeros(...).add(v): some second derivatives are ZeroTensors without storage
    c["grads2"] = [(lambda v: None if v is None else t2j(torch.zeros(v.shape, dtype=torch.float64).add(v.detach())))(next(it)) if t.requires_grad else None for t in ins]
    return True


def fg_tensor(j):
    return torch.tensor(j["data"], dtype=torch.float64).reshape(j["shape"])


def main():
    rng = fg.random.Random(20261129)
    kept = []
    n = 0
    while len(kept) < 1200 and n < 60000:
        name, inputs, args, fn = fg.case(rng)
        n += 1
        if not any(t.dtype == torch.float64 for t in inputs) or any(t.dtype == torch.float32 for t in inputs):
            continue
        if any(t.numel() == 0 for t in inputs):
            continue  # nothing to differentiate (and fuzz_goldens.generate's 2.x rules for empty inputs are not applied here)
        c = {"java": name, "static": name in fg.STATIC, "args": args, "inputs": [t2j(t) for t in inputs]}
        if not fg.record(c, fn, inputs, n) or "error" in c:
            continue
        if second(c, fn, inputs, n):
            kept.append(c)
    write("fuzz_grad2", kept)


if __name__ == "__main__":
    main()
