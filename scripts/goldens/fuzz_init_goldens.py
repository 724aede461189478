"""Differential fuzz of torch.nn.init: seeded random shapes (1-d to 5-d, empty dims, float32 and float64) through every
init function with random arguments (gains, fan modes, nonlinearities and their slopes, truncation bounds, dirac
groups, sparsity), each after torch.manual_seed, so the values must be PyTorch's draws exactly (to float rounding
of the scaled draws), or PyTorch's refusal (fan of a 1-d tensor, dirac of a 2-d one, ...) -> goldens/fuzz_init.json.
FuzzInitParityTest replays them through dev.torch4j.nn.Init.

Run: /usr/bin/python3 scripts/goldens/fuzz_init_goldens.py

Left out: orthogonal_ of rows > 1 (its QR's signs come from LAPACK; the single-row and ones-column forms are exact),
trunc_normal_ windows wholly in one tail (erfinv near +-1, see case()).
"""
import random

import torch
import torch.nn.init as I

from common import t2j, write

NONLIN = ["relu", "leaky_relu", "tanh", "linear", "sigmoid", "selu", "conv2d"]


def case(rng, k):
    nd = rng.choice([1, 2, 2, 3, 4, 5])
    shape = [rng.choice([1, 2, 3, 4, 6]) if rng.random() > 0.05 else 0 for _ in range(nd)]
    dt = rng.choice(["float32", "float32", "float64"])
    fn = rng.choice(["uniform_", "normal_", "constant_", "ones_", "zeros_", "eye_", "dirac_", "xavier_uniform_",
                     "xavier_normal_", "kaiming_uniform_", "kaiming_normal_", "trunc_normal_", "sparse_", "orthogonal_"])
    args = {}
    if fn == "uniform_":
        lo = rng.uniform(-2, 1)
        args = {"a": lo, "b": lo + rng.uniform(0, 3)}
    elif fn == "normal_":
        args = {"mean": rng.uniform(-1, 1), "std": rng.choice([0.0, 0.02, 1.0, 3.0])}
    elif fn == "constant_":
        args = {"val": rng.uniform(-5, 5)}
    elif fn == "dirac_":
        args = {"groups": rng.choice([1, 1, 2, 3])}
    elif fn.startswith("xavier"):
        args = {"gain": rng.choice([1.0, 0.5, 5.0 / 3])}
    elif fn.startswith("kaiming"):
        args = {"a": rng.choice([0.0, 0.01, 0.2, 5 ** 0.5]), "mode": rng.choice(["fan_in", "fan_out"]),
                "nonlinearity": rng.choice(NONLIN)}
    elif fn == "trunc_normal_":
        while True:
            lo = rng.uniform(-3, 0.5)
            args = {"mean": rng.uniform(-1, 1), "std": rng.choice([0.02, 1.0, 2.0]), "a": lo, "b": lo + rng.uniform(0.1, 4)}
            # a window wholly in one tail draws erfinv near +-1, where the last bits of the two erfinv
            # implementations are amplified (both then clamp into the window): left out
            if (args["a"] - args["mean"]) / args["std"] < 2.5 and (args["b"] - args["mean"]) / args["std"] > -2.5:
                break
    elif fn == "sparse_":
        args = {"sparsity": rng.choice([0.0, 0.1, 0.5, 0.9]), "std": rng.choice([0.01, 1.0])}
    elif fn == "orthogonal_":
        shape = rng.choice([[1, rng.randint(1, 6)], [rng.randint(1, 6), 1], [1, 2, 3]])
        args = {"gain": rng.choice([1.0, 2.0])}
    return {"fn": fn, "shape": shape, "dtype": dt, "seed": 1000 + k, "args": args}


def run(c):
    t = torch.empty(c["shape"], dtype=getattr(torch, c["dtype"]))
    torch.manual_seed(c["seed"])
    getattr(I, c["fn"])(t, **c["args"])
    return t


def main():
    rng = random.Random(20261129)
    cases = []
    for k in range(600):
        c = case(rng, k)
        try:
            c["out"] = t2j(run(c))
        except (RuntimeError, ValueError, ZeroDivisionError, IndexError) as e:
            c["error"] = type(e).__name__
        cases.append(c)
    write("fuzz_init", cases)


if __name__ == "__main__":
    main()
