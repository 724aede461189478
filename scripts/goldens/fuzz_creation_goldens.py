"""Differential fuzz of the creation functions: arange (float and integer forms, fractional and negative steps, every
dtype), linspace and logspace (steps 0..12, reversed ranges, integer dtypes), eye, tril_indices/triu_indices with
offsets past the matrix, full with values that need casting -> goldens/fuzz_creation.json. FuzzParityTest replays
them as static Torch calls ({"o": dtype} is a TensorOptions with that dtype).

Run: /usr/bin/python3 scripts/goldens/fuzz_creation_goldens.py
"""
import random

import torch

from common import write
from fuzz_goldens import record

DT = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64, "int32": torch.int32,
      "int16": torch.int16, "int8": torch.int8, "uint8": torch.uint8}


def num(rng):
    return rng.choice([0.0, 1.0, -1.0, 2.5, -3.25, 10.0, 0.1, 7.0, round(rng.uniform(-20, 20), 2)])


def case(rng):
    k = rng.choice(["arange_f", "arange_f", "arange_l", "linspace", "linspace", "logspace", "eye", "tril", "triu", "full"])
    dn = rng.choice(list(DT))
    dt = DT[dn]
    if k == "arange_f":
        start, end = num(rng), num(rng)
        step = rng.choice([0.1, 0.3, 1.0, 2.5, -0.5, -1.0, 0.7, -0.25, 1e-3 if abs(end - start) < 1 else 0.9])
        return "arange", [{"d": start}, {"d": end}, {"d": step}, {"o": dn}], lambda a: torch.arange(start, end, step, dtype=dt)
    if k == "arange_l":
        start, end = rng.randint(-20, 20), rng.randint(-20, 20)
        step = rng.choice([1, 2, 3, -1, -2, 7])
        return "arange", [{"l": start}, {"l": end}, {"l": step}, {"o": dn}], lambda a: torch.arange(start, end, step, dtype=dt)
    if k == "linspace":
        start, end, steps = num(rng), num(rng), rng.randint(0, 12)
        if dn == "int64" and steps >= 8:
            # 1.13's vector loop for int64 casts the step to an integer (pytorch/pytorch#81996: its last value is not
            # even `end`); torch4j computes every element as the scalar loop does, as 1.13 does for the other integer
            # types and for int64 below 8 steps, and as 2.x's kernel does
            steps = 7
        return "linspace", [{"d": start}, {"d": end}, {"l": steps}, {"o": dn}], \
            lambda a: torch.linspace(start, end, steps, dtype=dt)
    if k == "logspace":
        start, end, steps = rng.uniform(-3, 3), rng.uniform(-3, 3), rng.randint(0, 10)
        base = rng.choice([10.0, 2.0, 0.5, 3.0])
        dn = rng.choice(["float32", "float64"])
        dt = DT[dn]
        return "logspace", [{"d": start}, {"d": end}, {"l": steps}, {"d": base}, {"o": dn}], \
            lambda a: torch.logspace(start, end, steps, base, dtype=dt)
    if k == "eye":
        n, m = rng.randint(0, 5), rng.randint(0, 5)
        return "eye", [{"l": n}, {"l": m}, {"o": dn}], lambda a: torch.eye(n, m, dtype=dt)
    if k in ("tril", "triu"):
        r, c, off = rng.randint(0, 6), rng.randint(0, 6), rng.randint(-7, 7)
        f = torch.tril_indices if k == "tril" else torch.triu_indices
        return k + "Indices", [{"l": r}, {"l": c}, {"l": off}], lambda a: f(r, c, off)
    shape = [rng.randint(0, 3) for _ in range(rng.randint(0, 3))]
    v = rng.choice([2.7, -1.5, 300.0, -129.0, 0.0, 1e10, float("inf"), float("nan")])
    return "full", [{"la": shape}, {"d": v}, {"o": dn}], lambda a: torch.full(shape, v, dtype=dt)


def main():
    rng = random.Random(20261129)
    cases = []
    while len(cases) < 1500:
        name, args, fn = case(rng)
        c = {"java": name, "static": True, "args": args, "inputs": []}
        record(c, fn, [], 0)
        cases.append(c)
    write("fuzz_creation", cases)


if __name__ == "__main__":
    main()
