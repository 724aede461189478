#!/usr/bin/python3
"""Writes library/src/test/resources/goldens/type_promotion.json from real PyTorch, read by
dev.torch4j.core.TypePromotionTest:

    {"k": "promote", "a": dtype, "b": dtype, "o": dtype}            torch.promote_types(a, b)
    {"k": "can_cast", "a": dtype, "b": dtype, "o": bool}            torch.can_cast(a, b)
    {"k": "result_type", "a": operand, "b": operand, "o": dtype}    torch.result_type(a, b)
    {"k": <op name>, "a": operand, "b": operand, "o": dtype}        the dtype torch.<op>(a, b) returns
An operand is "dim:<dtype>" (a 1-d tensor of 2 elements), "zero:<dtype>" (a 0-d tensor) or "int" / "float" /
"bool" (a Python number: a Java long / double / boolean for torch4j).

Run from the repository root: /usr/bin/python3 scripts/goldens/type_promotion_goldens.py
"""
import os
import sys
import warnings

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import write  # noqa: E402
from tensor_json import DTYPES, NAMES  # noqa: E402

warnings.filterwarnings("ignore")
torch.set_default_dtype(torch.float32)

ALL = list(DTYPES)
SCALARS = {"int": 3, "float": 1.5, "bool": True}
cases = []


def make(o):
    if o in SCALARS:
        return SCALARS[o]
    f, d = o.split(":")
    return torch.ones(2, dtype=DTYPES[d]) if f == "dim" else torch.ones((), dtype=DTYPES[d])


for a in ALL:
    for b in ALL:
        cases.append({"k": "promote", "a": a, "b": b, "o": NAMES[torch.promote_types(DTYPES[a], DTYPES[b])]})
        cases.append({"k": "can_cast", "a": a, "b": b, "o": torch.can_cast(DTYPES[a], DTYPES[b])})

pairs = []
for a in ALL:
    for b in ALL:
        for fa, fb in [("dim", "zero"), ("zero", "dim"), ("zero", "zero"), ("dim", "dim")]:
            pairs.append((fa + ":" + a, fb + ":" + b))
    for s in SCALARS:
        pairs.append(("dim:" + a, s))
        pairs.append(("zero:" + a, s))
for oa, ob in pairs:
    cases.append({"k": "result_type", "a": oa, "b": ob, "o": NAMES[torch.result_type(make(oa), make(ob))]})

# the dtype real ops return: add (promotion), div (true division floats integers), eq (bool), atan2 (floating),
# floor_divide (no float promotion of integers), maximum (no scalar overload: tensors only)
OPS = {"add": torch.add, "div": torch.div, "eq": torch.eq, "atan2": torch.atan2, "floorDivide": torch.floor_divide,
       "mul": torch.mul, "maximum": torch.maximum}
for oa, ob in pairs:
    for op, fn in OPS.items():
        if ob == "bool" or ob in SCALARS and op in ("atan2", "maximum"):
            continue  # torch4j has no boolean-scalar or scalar overloads for these
        if oa.startswith("zero") and ob.startswith("zero") and op != "add" or oa.startswith("zero") and op != "add":
            continue  # (size: the rules are covered by result_type; add shows the op follows them)
        try:
            cases.append({"k": op, "a": oa, "b": ob, "o": NAMES[fn(make(oa), make(ob)).dtype]})
        except RuntimeError as e:
            if "not implemented for" not in str(e) and "bool tensor" not in str(e):
                raise

write("type_promotion", cases)
