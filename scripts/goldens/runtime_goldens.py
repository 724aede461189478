"""Goldens for torch.frombuffer, torch.from_file, torch.fill and Tensor.map2_ -> goldens/runtime.json.

Run: /usr/bin/python3 scripts/goldens/runtime_goldens.py

"buffer" cases: the bytes (0..255 each), the dtype, count and offset given to torch.frombuffer, and its result
(or its error). "file" cases: torch.from_file over a file holding those bytes (shared=False). "fn" cases
(common.weighted_grad_case): torch.fill's value and gradients; map2_'s result.
"""
import os
import tempfile

import torch

from common import t2j, weighted_grad_case, write

torch.manual_seed(0)
cases = []
BYTES = bytes((i * 37 + 11) % 256 for i in range(24))


def buffer_case(name, dtype, count=-1, offset=0, data=BYTES):
    c = {"fn": "frombuffer", "name": name, "bytes": list(data), "dtype": str(dtype).replace("torch.", ""), "count": count,
         "offset": offset}
    try:
        c["output"] = t2j(torch.frombuffer(bytearray(data), dtype=dtype, count=count, offset=offset))
    except ValueError as e:
        c["error"] = str(e)
    cases.append(c)


buffer_case("float32_all", torch.float32)
buffer_case("float64_all", torch.float64)
buffer_case("int64_count", torch.int64, count=2)
buffer_case("int32_offset", torch.int32, count=3, offset=4)
buffer_case("int16_odd_offset", torch.int16, count=4, offset=1)
buffer_case("uint8_offset", torch.uint8, count=5, offset=3)
buffer_case("int8_all", torch.int8)
buffer_case("float16", torch.float16, count=6)
buffer_case("bfloat16", torch.bfloat16, offset=2)
buffer_case("complex64", torch.complex64, count=2, offset=8)
buffer_case("bool", torch.bool, data=bytes([0, 1, 1, 0, 1]))
buffer_case("err_multiple", torch.float32, offset=2 + 4)
buffer_case("err_too_long", torch.float32, count=6, offset=4)
buffer_case("err_offset", torch.int16, offset=24)
buffer_case("err_negative_offset", torch.int16, offset=-1)
buffer_case("err_empty", torch.int16, data=b"")
buffer_case("err_count_zero", torch.int16, count=0)

path = tempfile.mktemp()
with open(path, "wb") as f:
    f.write(BYTES)
for name, dtype, size in [("file_float32", torch.float32, 5), ("file_int16", torch.int16, 12), ("file_uint8_empty", torch.uint8, 0)]:
    cases.append({"fn": "from_file", "name": name, "bytes": list(BYTES), "dtype": str(dtype).replace("torch.", ""), "size": size,
                  "output": t2j(torch.from_file(path, False, size, dtype=dtype))})
try:
    torch.from_file(path, False, 7, dtype=torch.float32)
except RuntimeError as e:
    cases.append({"fn": "from_file", "name": "file_too_short", "bytes": list(BYTES), "dtype": "float32", "size": 7,
                  "error": str(e).replace(path, "PATH")})
os.remove(path)

D = torch.float64
weighted_grad_case(cases, "fill_scalar", lambda x: torch.fill(x, 2.5), [torch.randn(3, 4, dtype=D)])
weighted_grad_case(cases, "fill_tensor", lambda x, v: torch.fill(x, v), [torch.randn(2, 3, dtype=D), torch.tensor(-1.25, dtype=D)])
weighted_grad_case(cases, "fill_int", lambda x: torch.fill(x, 7), [torch.arange(6).reshape(2, 3)], grad=False)


def map2(a, x, y):
    a = a.clone()
    return a.map2_(x, y, lambda p, q, r: p * q - r)


weighted_grad_case(cases, "map2_", map2, [torch.randn(2, 3, dtype=D), torch.randn(3, dtype=D), torch.randn(2, 1, dtype=D)],
                   grad=False)
write("runtime", cases)
