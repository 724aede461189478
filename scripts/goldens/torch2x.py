"""PyTorch 2.x behaviours that the 1.13 on this machine (/usr/bin/python3) lacks, emulated on top of it for the
golden scripts. Each function asserts that it agrees with 1.13 wherever 1.13's behaviour is defined."""
import torch


def shift(a, b, left):
    """torch.bitwise_left_shift / bitwise_right_shift as in 2.x: (result, differs_from_1_13).

    2.x defines every shift count: a negative count (the count's bits read as signed), or one of at least the width,
    gives 0 when shifting left and the sign fill when shifting right (max_shift is width - 1 for signed dtypes, so
    uint8 gives 0). 1.13 shifted by the raw count, which C++ leaves undefined (x86 masks it). Where the count is in
    range the two agree, which is asserted. Result dtype, broadcasting and errors are 1.13's (unchanged in 2.x)."""
    r = (torch.bitwise_left_shift if left else torch.bitwise_right_shift)(a, b)
    info = torch.iinfo(r.dtype)
    bits, signed = info.bits, info.min < 0
    as_t = lambda v: v.to(r.dtype) if isinstance(v, torch.Tensor) else torch.tensor(v, dtype=r.dtype)  # noqa: E731
    x, y = torch.broadcast_tensors(as_t(a), as_t(b))
    out = []
    for v, n in zip(x.reshape(-1).tolist(), y.reshape(-1).tolist()):
        negative = n < 0 or (not signed and n >= 2 ** (bits - 1))  # static_cast<make_signed_t<T>>(b) < 0
        if left:
            w = 0 if negative or n >= bits else (v << n) & (2 ** bits - 1)
            out.append(w - 2 ** bits if signed and w >= 2 ** (bits - 1) else w)
        else:
            most = bits - (1 if signed else 0)
            out.append(v >> most if negative or n >= most else v >> n)
    e = torch.tensor(out, dtype=r.dtype).reshape(r.shape)
    in_range = ((y >= 0) & (y < bits)).expand(r.shape)
    assert torch.equal(e[in_range], r[in_range]), "2.x shift emulation disagrees with 1.13 on an in-range count"
    return e, not torch.equal(e, r)


def module_list_repr(self):
    """nn.ModuleList.__repr__ as in 2.1+: runs of children with equal reprs print once, as "(i-j): n x <repr>"
    (1.13 prints every child). Install with torch.nn.ModuleList.__repr__ = module_list_repr."""
    from torch.nn.modules.module import _addindent
    reprs = [repr(m) for m in self]
    if not reprs:
        return self._get_name() + "()"
    runs = []  # [first index, last index, repr]
    for i, r in enumerate(reprs):
        if runs and runs[-1][2] == r:
            runs[-1][1] = i
        else:
            runs.append([i, i, r])
    lines = [_addindent(f"({a}): {r}" if a == b else f"({a}-{b}): {b - a + 1} x {r}", 2) for a, b, r in runs]
    return self._get_name() + "(\n  " + "\n  ".join(lines) + "\n)"
