"""Goldens for torch.multinomial and Tensor.exponential_ after manual_seed (CPU generator).

Run: /usr/bin/python3 scripts/goldens/multinomial_goldens.py

torch4j follows PyTorch 2.x. Two differences from the torch 1.13 this runs on, both handled here:
- exponential_: 2.x computes -1/lambd * log1p(-u) from a 53-bit uniform u; 1.13 computed -1/lambd * log(1 - u),
  which differs in the last bit for a few percent of draws. The exponential_ goldens are therefore computed from
  2.x's formula (u from torch.rand float64 after the same seed: the same draws; math.log1p is glibc's, as in
  PyTorch's CPU kernel), and checked to be within 2 ulp of 1.13's exponential_.
- multinomial: both versions use the exponential race (argmax/topk of p / q, q = exponential_(1)) without
  replacement, and the same cumulative-distribution kernel with replacement for several samples. The indices are
  computed here from 2.x's algorithm by hand AND taken from 1.13's torch.multinomial; the script fails unless they
  agree (indices and the generator state after), so those goldens hold for both versions. One sample WITH
  replacement differs: 2.x takes the race there too, 1.13 the kernel. Those goldens ("*_one_replacement") are
  2.x's race computed by hand; for them the script only checks 1.13's result against 1.13's own kernel.
"""
import math

import numpy as np
import torch

from common import t2j, write

cases = []
F64 = torch.float64


def exponential_2x(seed, shape, dtype, lambd=1.0, transposed=False):
    """2.x's CPU exponential_ into a tensor of `shape` (filled in memory order; `transposed`: column-major)."""
    torch.manual_seed(seed)
    n = math.prod(shape)
    u = torch.rand(n, dtype=F64).tolist()
    vals = torch.tensor([-1.0 / lambd * math.log1p(-x) for x in u], dtype=F64).to(dtype)
    if transposed:
        return vals.reshape(shape[1], shape[0]).t()
    return vals.reshape(shape)


def race_2x(p, n, seed):
    transposed = p.dim() == 2 and not p.is_contiguous()
    q = exponential_2x(seed, list(p.shape), p.dtype, 1.0, transposed)
    keys = p / q
    if n == 1:
        return keys.argmax(-1, keepdim=True)
    return keys.topk(n).indices


def with_replacement_2x(p, n, seed):
    """PyTorch's CPU kernel: per row the cumulative distribution (in the weights' dtype), a binary search per draw."""
    torch.manual_seed(seed)
    rows = p.reshape(-1, p.shape[-1])
    u = torch.rand(rows.shape[0] * n, dtype=F64).tolist()
    ft = np.float64 if p.dtype == F64 else np.float32
    out = []
    k = 0
    for row in rows.tolist():
        s = ft(0)
        cum = []
        for v in row:
            s = ft(s + ft(v))
            cum.append(s)
        cum = [ft(c / s) for c in cum]
        cum[-1] = ft(1)
        idx = []
        for _ in range(n):
            x = u[k]
            k += 1
            lo, hi = 0, len(cum)
            while hi - lo > 0:
                mid = lo + (hi - lo) // 2
                if float(cum[mid]) < x:
                    lo = mid + 1
                else:
                    hi = mid
            idx.append(lo)
        out.append(idx)
    return torch.tensor(out, dtype=torch.int64).reshape(p.shape[:-1] + (n,))


def multinomial_case(name, p, n, replacement, seed):
    race = not replacement or n == 1
    want = race_2x(p, n, seed) if race else with_replacement_2x(p, n, seed)
    draws = p.numel() if race else p.numel() // p.shape[-1] * n
    torch.manual_seed(seed)
    torch.rand(draws, dtype=F64)
    after = torch.rand(1, dtype=F64)  # the generator moved on by one double draw per q element or per sample
    torch.manual_seed(seed)
    got = torch.multinomial(p, n, replacement)
    got_after = torch.rand(1, dtype=F64)
    if replacement and n == 1:
        # 1.13 sent this case to the replacement kernel; 2.x takes the race. Check 1.13 against its own algorithm.
        assert torch.equal(got, with_replacement_2x(p, n, seed)), (name, got)
    else:
        assert torch.equal(got, want) and torch.equal(got_after, after), (name, got, want)
    cases.append({"name": name, "kind": "multinomial", "seed": seed, "n": n, "replacement": replacement,
                  "transposed": p.dim() == 2 and not p.is_contiguous(),
                  "input": t2j(p.t() if p.dim() == 2 and not p.is_contiguous() else p),
                  "out": t2j(want), "rand_after": t2j(after)})


def exponential_case(name, seed, shape, dtype, lambd=1.0, transposed=False):
    want = exponential_2x(seed, shape, dtype, lambd, transposed)
    torch.manual_seed(seed)
    t = torch.empty(shape[::-1] if transposed else shape, dtype=dtype)
    if transposed:
        t = t.t()
    got_113 = t.exponential_(lambd)
    assert torch.allclose(got_113.double(), want.double(), rtol=4.5e-16 if dtype == F64 else 1.2e-7, atol=0), name
    cases.append({"name": name, "kind": "exponential", "seed": seed, "lambd": lambd, "transposed": transposed,
                  "out": t2j(want)})


w1 = torch.tensor([0.1, 0.0, 2.0, 0.5, 1.4, 0.0, 3.0], dtype=F64)
multinomial_case("1d_f64_one", w1, 1, False, 0)
multinomial_case("1d_f64_three", w1, 3, False, 1)
multinomial_case("1d_f64_five_all_nonzero", w1, 5, False, 2)
multinomial_case("1d_f64_one_replacement", w1, 1, True, 3)
multinomial_case("1d_f64_ten_replacement", w1, 10, True, 4)

w2 = torch.tensor([3.0, 1.0, 0.25, 0.0, 7.5], dtype=torch.float32)
multinomial_case("1d_f32_four", w2, 4, False, 5)
multinomial_case("1d_f32_twelve_replacement", w2, 12, True, 6)

w3 = torch.tensor([[1.0, 0.0, 2.0, 4.0, 0.5, 0.0],
                   [0.0, 0.0, 0.0, 1.0, 0.0, 0.0],
                   [0.2, 0.3, 0.1, 0.9, 0.7, 0.4]], dtype=torch.float32)
multinomial_case("2d_f32_one", w3, 1, False, 7)
multinomial_case("2d_f32_one_replacement", w3, 1, True, 8)
multinomial_case("2d_f32_eight_replacement", w3, 8, True, 9)
w3b = w3.clone()
w3b[1] = torch.tensor([0.0, 5.0, 0.0, 1.0, 0.0, 2.0])
multinomial_case("2d_f32_three", w3b, 3, False, 10)

w4 = torch.tensor([[0.5, 1.5, 2.5, 0.1], [3.0, 0.2, 0.7, 1.1], [0.9, 0.9, 0.3, 2.0],
                   [1.0, 2.0, 3.0, 4.0], [0.6, 0.0, 0.8, 0.4]], dtype=F64).t()  # [4, 5], column-major
multinomial_case("2d_f64_transposed_two", w4, 2, False, 11)
multinomial_case("2d_f64_transposed_six_replacement", w4, 6, True, 12)

wz = torch.tensor([0.0, 1.0, 0.0, 2.0, 3.0, 0.0], dtype=F64)
multinomial_case("zeros_all_nonzero_drawn", wz, 3, False, 13)
multinomial_case("zeros_fifty_replacement", wz, 50, True, 14)

exponential_case("exp_f64_7", 0, [7], F64)
exponential_case("exp_f32_2x5", 1, [2, 5], torch.float32)
exponential_case("exp_f64_lambda_2_5", 2, [4], F64, 2.5)
exponential_case("exp_f32_transposed", 3, [3, 4], torch.float32, 1.0, True)
exponential_case("exp_f64_40", 4, [40], F64)

write("multinomial", cases)
