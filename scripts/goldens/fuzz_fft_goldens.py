"""Differential fuzz of torch.fft: seeded random calls of fft/ifft/rfft/irfft/hfft/ihfft and their 2-D and n-D forms
over real and complex inputs of both precisions (integers promoted), 1-3 dims of sizes 1..17 (primes, odd and even
lengths; at most 125 elements), n/s that pad or trim, negative dims, every norm mode, and the refusals PyTorch makes (an output size
below 1, repeated dims, complex input to rfft) -> goldens/fuzz_fft.json, with the gradients of float64/complex128
cases. FuzzParityTest replays them through Torch.fft() ("ns": "fft").

Run: /usr/bin/python3 scripts/goldens/fuzz_fft_goldens.py
"""
import random

import torch

from common import t2j, write
from fuzz_goldens import record

FFT = torch.fft
NORMS = [None, "backward", "forward", "ortho"]


def tensor(rng, shape, kind):
    g = torch.Generator().manual_seed(rng.randrange(1 << 30))
    if kind == "int":
        return torch.randint(-5, 6, shape, generator=g)
    x = torch.randn(shape, dtype=torch.float64, generator=g)
    if kind in ("complex64", "complex128"):
        x = torch.complex(x, torch.randn(shape, dtype=torch.float64, generator=g))
        return x.to(getattr(torch, kind))
    return x.to(getattr(torch, kind))


def case(rng):
    nd = rng.randint(1, 3)
    sizes = {1: [1, 2, 3, 4, 5, 7, 8, 11, 16, 17], 2: [1, 2, 3, 4, 5, 7, 8], 3: [1, 2, 3, 4, 5]}[nd]
    shape = [rng.choice(sizes) for _ in range(nd)]  # at most 125 elements: the golden file stays small
    fn = rng.choice(["fft", "ifft", "rfft", "irfft", "hfft", "ihfft"])
    real_in = fn in ("rfft", "ihfft")
    kind = rng.choice(["float64", "float32", "int"] if real_in else ["complex128", "complex64", "float64", "int"])
    if rng.random() < 0.05:
        kind = "complex128" if real_in else kind  # rfft/ihfft of complex input: refused
    x = tensor(rng, shape, kind)
    norm = rng.choice(NORMS)
    form = rng.choice(["1d", "1d", "2d", "nd"])
    if form == "1d" or nd == 1 and form == "2d":
        dim = rng.randrange(-nd, nd)
        n = rng.choice([None, None, 1, 2, 5, 8, 9, 20, 0])
        args = [{"t": 0}, {"L": n}, {"l": dim}, {"s": norm}]
        return fn, [x], args, lambda a: getattr(FFT, fn)(a[0], n, dim, norm)
    if form == "2d":
        dims = sorted(rng.sample(range(-nd, 0), 2)) if rng.random() < 0.9 else [-1, -1]
        s = None if rng.random() < 0.5 else [rng.choice([1, 3, 4, 9]) for _ in dims]
        args = [{"t": 0}, {"la": s}, {"la": dims}, {"s": norm}]
        return fn + "2", [x], args, lambda a: getattr(FFT, fn + "2")(a[0], s, dims, norm)
    k = rng.randint(1, nd)
    dims = sorted(rng.sample(range(nd), k))
    s = None if rng.random() < 0.5 else [rng.choice([1, 2, 6, 10]) for _ in dims]
    args = [{"t": 0}, {"la": s}, {"la": dims}, {"s": norm}]
    return fn + "n", [x], args, lambda a: getattr(FFT, fn + "n")(a[0], s, dims, norm)


def main():
    rng = random.Random(20261129)
    cases = []
    while len(cases) < 1000:
        name, inputs, args, fn = case(rng)
        c = {"java": name, "static": False, "ns": "fft", "args": args, "inputs": [t2j(t) for t in inputs]}
        record(c, fn, inputs, len(cases))
        if "outputs" in c and c["outputs"][0]["dtype"] in ("float32", "complex64") and c["outputs"][0]["data"]:
            # float32 FFTs: each output sums the whole input, so its rounding scales with the largest output
            c["atol"] = 2e-6 * max(1.0, max(abs(v) for v in c["outputs"][0]["data"]))
        cases.append(c)
    write("fuzz_fft", cases)


if __name__ == "__main__":
    main()
