#!/usr/bin/python3
"""Writes library/src/test/resources/goldens/creation.json from real PyTorch, read by dev.torch4j.ops.CreationTest.

Each case is {"k": factory, ..., "out": tensor (tensor_json.tj) | "error": msg, "expect": fragment}:
    tensor      "java": the Java array type ("double[][]", "long", ...), "data": nested lists, "dtype"?: option
    full        "shape", "value" with "vkind" int / float / bool, "dtype"?
    zeros/ones  "shape", "dtype"?
    arange      "args": [start, end, step], "vkind": int / float, "dtype"?
    linspace    "start", "end", "steps", "dtype"?       (compared bit for bit: torch4j mirrors PyTorch's kernel)
    eye         "n", "m"?, "dtype"?
    like        "fn": zeros / ones / full / empty, "src": tensor, "value"?, "dtype"?

Run from the repository root: /usr/bin/python3 scripts/goldens/creation_goldens.py
"""
import os
import sys
import warnings

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import write  # noqa: E402
from tensor_json import DTYPES, NAMES, tj  # noqa: E402

warnings.filterwarnings("ignore")
torch.set_default_dtype(torch.float32)
cases = []


def run(c, fn, expect=None):
    try:
        c["out"] = tj(fn())
        assert expect is None, c
    except (RuntimeError, ValueError, TypeError) as e:
        if expect is None and str(e).startswith("value cannot be converted to type"):
            expect = str(e)  # a value the dtype cannot hold: refused, not wrapped
        assert expect is not None and expect in str(e), (c, str(e))
        c["error"] = str(e)
        c["expect"] = expect
    cases.append(c)


def leaf(java, v):
    """The Python value torch sees for a Java element: float[] elements are float32 values."""
    base = java.split("[")[0]
    if base == "float":
        return float(np.float32(v))
    if base in ("double",):
        return float(v)
    if base == "boolean":
        return bool(v)
    return int(v)


def mapleaf(java, d):
    return [mapleaf(java, x) for x in d] if isinstance(d, list) else leaf(java, d)


# ---------------------------------------------------------------- tensor(...) from Java arrays and scalars
DATA = {
    "double": [1.5, -2.25, 0.1, 1e300, float("nan"), float("-inf")],
    "float": [1.5, -2.25, 0.1, 3.4e38, float("inf")],
    "long": [1, -2, 2 ** 40, -2 ** 62, 0],
    "int": [1, -2, 2 ** 31 - 1, -2 ** 31],
    "short": [1, -2, 32767, -32768],
    "byte": [1, -2, 127, -128],
    "boolean": [True, False, True, True],
}
for java, vals in DATA.items():
    for shape_kind in ("1d", "2d", "3d", "scalar"):
        if shape_kind == "1d":
            d, jt = vals, java + "[]"
        elif shape_kind == "2d":
            d, jt = [vals[:2], vals[2:4]], java + "[][]"
        elif shape_kind == "3d":
            d, jt = [[vals[:2]], [vals[1:3]], [vals[2:4]]], java + "[][][]"
        else:
            d, jt = vals[0], java
        c = {"k": "tensor", "java": jt, "data": d}
        run(c, lambda d=d: torch.tensor(mapleaf(java, d)))
    for dt in ("float64", "int32", "bool", "float16", "uint8"):
        if java in ("double", "float") and dt in ("int32", "uint8"):
            continue  # NaN/inf/huge to integers: C++ undefined behaviour
        c = {"k": "tensor", "java": java + "[]", "data": vals[:4], "dtype": dt}
        run(c, lambda d=vals[:4]: torch.tensor(mapleaf(java, d), dtype=DTYPES[dt]))
run({"k": "tensor", "java": "double[][]", "data": [[]]}, lambda: torch.tensor([[]]))
run({"k": "tensor", "java": "long[][]", "data": [[], []]}, lambda: torch.tensor([[], []], dtype=torch.int64))
run({"k": "tensor", "java": "double[][]", "data": [[1.0, 2.0], [3.0]]}, lambda: torch.tensor([[1.0, 2.0], [3.0]]),
    expect="expected sequence of length 2 at dim 1 (got 1)")
run({"k": "tensor", "java": "long[][][]", "data": [[[1, 2]], [[3, 4], [5, 6]]]},
    lambda: torch.tensor([[[1, 2]], [[3, 4], [5, 6]]]), expect="expected sequence of length 1 at dim 1 (got 2)")

# ---------------------------------------------------------------- filled tensors
for shape in ([2, 3], [], [0, 4], [1, 1, 2]):
    run({"k": "zeros", "shape": shape}, lambda s=shape: torch.zeros(s))
    run({"k": "ones", "shape": shape}, lambda s=shape: torch.ones(s))
for dt in DTYPES:
    run({"k": "zeros", "shape": [2, 2], "dtype": dt}, lambda dt=dt: torch.zeros(2, 2, dtype=DTYPES[dt]))
    run({"k": "ones", "shape": [3], "dtype": dt}, lambda dt=dt: torch.ones(3, dtype=DTYPES[dt]))
    for value, vkind in ((2.5, "float"), (-7, "int"), (True, "bool")):
        # (a float value on an integer dtype truncates; -7 on uint8 is refused as an overflow)
        run({"k": "full", "shape": [2, 2], "value": value, "vkind": vkind, "dtype": dt},
            lambda v=value, dt=dt: torch.full((2, 2), v, dtype=DTYPES[dt]))
for value, vkind in ((2.5, "float"), (-7, "int"), (2 ** 60 + 1, "int"), (True, "bool"), (False, "bool"),
                     (float("nan"), "float"), (1e300, "float")):
    run({"k": "full", "shape": [3], "value": value, "vkind": vkind}, lambda v=value: torch.full((3,), v))
run({"k": "zeros", "shape": [2, -1]}, lambda: torch.zeros(2, -1), expect="Trying to create tensor with negative dimension -1")
run({"k": "full", "shape": [-3], "value": 1.0, "vkind": "float"}, lambda: torch.full((-3,), 1.0),
    expect="Trying to create tensor with negative dimension -3")

# ---------------------------------------------------------------- arange: PyTorch's length is ceil((end - start) / step)
ARANGE_INT = [[0, 5, 1], [1, 10, 3], [10, 1, -3], [-5, 5, 2], [3, 3, 1], [0, 2 ** 40, 2 ** 38], [5, -5, -1]]
ARANGE_FLOAT = [[0.0, 1.0, 0.1], [1.0, 2.5, 0.5], [2.5, -1.0, -0.7], [-1.5, 2.5, 1.0], [0.0, 1.0, 0.3],
                [0.0, 10.0, 1.0 / 3], [1e-3, 2e-3, 1e-4], [0.0, 0.95, 0.05], [-3.0, 3.0, 0.25], [0.0, 5.0, 1.0]]
for a in ARANGE_INT:
    run({"k": "arange", "args": a, "vkind": "int"}, lambda a=a: torch.arange(*a))
    run({"k": "arange", "args": a, "vkind": "int", "dtype": "float32"}, lambda a=a: torch.arange(*a, dtype=torch.float32))
for a in ARANGE_FLOAT:
    run({"k": "arange", "args": a, "vkind": "float"}, lambda a=a: torch.arange(*a))
    run({"k": "arange", "args": a, "vkind": "float", "dtype": "float64"}, lambda a=a: torch.arange(*a, dtype=torch.float64))
run({"k": "arange", "args": [0, 5, 0], "vkind": "int"}, lambda: torch.arange(0, 5, 0), expect="step must be nonzero")
run({"k": "arange", "args": [0, 5, -1], "vkind": "int"}, lambda: torch.arange(0, 5, -1),
    expect="upper bound and larger bound inconsistent with step sign")
run({"k": "arange", "args": [0.0, 1.0, -0.5], "vkind": "float"}, lambda: torch.arange(0.0, 1.0, -0.5),
    expect="upper bound and larger bound inconsistent with step sign")

# ---------------------------------------------------------------- linspace
LIN = [(0.0, 1.0, 0), (0.0, 1.0, 1), (-2.0, 3.0, 1), (0.0, 1.0, 2), (0.0, 1.0, 5), (-1.0, 1.0, 7), (0.0, 1.0, 100),
       (3.0, -7.5, 33), (0.1, 0.7, 11), (-1e3, 1e-3, 64), (1.0, 1.0, 4), (0.0, 10.0, 257)]
for start, end, steps in LIN:
    for dt in ("float32", "float64"):
        run({"k": "linspace", "start": start, "end": end, "steps": steps, "dtype": dt},
            lambda s=start, e=end, n=steps, dt=dt: torch.linspace(s, e, n, dtype=DTYPES[dt]))
run({"k": "linspace", "start": 0.0, "end": 1.0, "steps": -1}, lambda: torch.linspace(0.0, 1.0, -1),
    expect="number of steps must be non-negative")

# ---------------------------------------------------------------- eye
for n, m in ((3, None), (1, None), (0, None), (2, 4), (4, 2), (3, 0)):
    run({"k": "eye", "n": n, "m": m}, lambda n=n, m=m: torch.eye(n) if m is None else torch.eye(n, m))
run({"k": "eye", "n": 3, "m": 3, "dtype": "int64"}, lambda: torch.eye(3, 3, dtype=torch.int64))
run({"k": "eye", "n": 2, "m": 3, "dtype": "bool"}, lambda: torch.eye(2, 3, dtype=torch.bool))

# ---------------------------------------------------------------- *_like
SRC = {"i": torch.tensor([[1, 2, 3], [4, 5, 6]], dtype=torch.int32), "f": torch.tensor([1.5, -2.0], dtype=torch.float64),
       "b": torch.tensor([True, False])}
for key, src in SRC.items():
    run({"k": "like", "fn": "zeros", "src": tj(src)}, lambda s=src: torch.zeros_like(s))
    run({"k": "like", "fn": "ones", "src": tj(src)}, lambda s=src: torch.ones_like(s))
    run({"k": "like", "fn": "full", "src": tj(src), "value": 2.5}, lambda s=src: torch.full_like(s, 2.5))
    run({"k": "like", "fn": "ones", "src": tj(src), "dtype": "float16"}, lambda s=src: torch.ones_like(s, dtype=torch.float16))
    run({"k": "like", "fn": "full", "src": tj(src), "value": -3.75, "dtype": "float32"},
        lambda s=src: torch.full_like(s, -3.75, dtype=torch.float32))
    run({"k": "like", "fn": "empty", "src": tj(src)}, lambda s=src: torch.zeros_like(s))  # shape/dtype only

write("creation", cases)
