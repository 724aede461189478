"""Compact tensor encoding and view specs shared by the tensor-core golden scripts (elementwise, type promotion,
creation, views). Same format as common.t2j ({"dtype", "shape", "data"}, read by dev.torch4j.testing.Golden),
but float32/float16/bfloat16 values are written as the shortest decimal that parses back (decimal -> double ->
float, the path Golden.tensor takes) to the exact same value, which keeps the files small.
"""
import math

import numpy as np
import torch

DTYPES = {
    "float32": torch.float32, "float64": torch.float64, "float16": torch.float16, "bfloat16": torch.bfloat16,
    "int64": torch.int64, "int32": torch.int32, "int16": torch.int16, "int8": torch.int8, "uint8": torch.uint8,
    "bool": torch.bool,
}
NAMES = {v: k for k, v in DTYPES.items()}


def short(v):
    """A Python float equal to a float32-representable v whose repr is the shortest that round-trips via float32."""
    if math.isnan(v) or math.isinf(v) or v == 0:
        return v
    s = float(repr(np.float32(v)))
    return s if float(np.float32(s)) == v else v


def tj(t):
    t = t.detach().cpu().contiguous()
    flat = t.reshape(-1)
    if t.dtype == torch.float64:
        data = [float(v) for v in flat.tolist()]
    elif t.dtype.is_floating_point:
        data = [short(float(v)) for v in flat.float().tolist()]
    elif t.dtype == torch.bool:
        data = [bool(v) for v in flat.tolist()]
    else:
        data = [int(v) for v in flat.tolist()]
    return {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data": data}


def apply_view(t, spec):
    """Applies a view spec (a list of [name, args...]) exactly as the Java tests do (GoldenArgs.applyView)."""
    for step in spec or []:
        name, *a = step
        if name == "t":
            t = t.t()
        elif name == "transpose":
            t = t.transpose(a[0], a[1])
        elif name == "permute":
            t = t.permute(*a[0])
        elif name == "narrow":
            t = t.narrow(a[0], a[1], a[2])
        elif name == "select":
            t = t.select(a[0], a[1])
        elif name == "asStrided":
            t = t.as_strided(a[0], a[1], a[2])
        elif name == "expand":
            t = t.expand(*a[0])
        elif name == "unsqueeze":
            t = t.unsqueeze(a[0])
        else:
            raise ValueError(name)
    return t
