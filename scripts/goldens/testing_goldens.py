"""Goldens for torch.testing.assert_close and make_tensor -> goldens/testing.json.

Run: /usr/bin/python3 scripts/goldens/testing_goldens.py

"close" cases: actual and expected (tensors, Python numbers, booleans, lists or dicts of them), assert_close's
keyword arguments, and the error it raises ("type" and "message"; no "error" when it passes). PyTorch 2.x adds a
line "Expected <expected> but got <actual>." after the header of a scalar mismatch (make_scalar_mismatch_msg's
extra); 1.13 has no such line, so this script inserts it, the only difference from 1.13's messages here.

"make" cases: torch.testing.make_tensor as PyTorch 2.x (>= 2.2) draws it, written out below with 1.13's primitives
(randint, empty().uniform_()), because 2.x changed the algorithm: integer bounds are ceiled, noncontiguous draws a
last dim twice as long and takes [..., 1::2], exclude_zero puts 1 or finfo.tiny (a complex zero becomes tiny + 0j),
and the bounds and errors read as 2.x's. The seed, shape, dtype and options, and the tensor (values and strides).
"""
import math

import torch

from common import t2j, write

cases = []


def enc(v):
    if isinstance(v, torch.Tensor):
        return {"tensor": t2j(v), "stride": list(v.stride())}
    if isinstance(v, bool):
        return {"bool": v}
    if isinstance(v, int):
        return {"int": v}
    if isinstance(v, float):
        return {"float": v}
    if isinstance(v, complex):
        return {"complex": [v.real, v.imag]}
    if isinstance(v, (list, tuple)):
        return {"list": [enc(x) for x in v]}
    if isinstance(v, dict):
        return {"map": [[k, enc(x)] for k, x in v.items()]}
    raise TypeError(type(v))


def scalar_extra(actual, expected, msg):
    """1.13's scalar message in 2.x's form (see the module note)."""
    head = msg.split("\n\n", 1)
    return head[0] + "\n\nExpected " + repr(expected) + " but got " + repr(actual) + ".\n" + head[1]


def close(name, actual, expected, scalar=None, **kw):
    c = {"kind": "close", "name": name, "actual": enc(actual), "expected": enc(expected),
         "kw": {k: v for k, v in kw.items() if k != "msg"}}
    if "msg" in kw:
        c["msg"] = kw["msg"]
    try:
        torch.testing.assert_close(actual, expected, **kw)
    except Exception as e:
        m = str(e)
        if scalar is not None and "msg" not in kw:
            # the scalars as Python sees them after the promotion to float64 / int64 / complex128
            a, b = scalar
            m = scalar_extra(a, b, m) if "are not" in m else m
        c["error"] = {"type": type(e).__name__, "message": m}
    cases.append(c)


torch.manual_seed(0)
f32 = torch.tensor([1.0, 2.0, 3.0])
close("f32_one", f32 + torch.tensor([0.0, 1e-3, 0.0]), f32)
close("f32_pass", f32 + 1e-6, f32)
a = torch.randn(2, 3, dtype=torch.float64)
b = a.clone()
b[0, 2] += 1e-3
b[1, 1] -= 0.5
close("f64_two", a, b)
close("f64_index_3d", torch.zeros(2, 3, 4, dtype=torch.float64).index_put_((torch.tensor([1]), torch.tensor([2]), torch.tensor([3])), torch.tensor([2.0], dtype=torch.float64)), torch.zeros(2, 3, 4, dtype=torch.float64))
close("i64", torch.tensor([1, 2, 3]), torch.tensor([1, 5, 0]))
close("i64_rel", torch.tensor([1, 2]), torch.tensor([1, 3]))
close("i32_expected_zero", torch.tensor([4, 0], dtype=torch.int32), torch.tensor([0, 0], dtype=torch.int32))
close("bool", torch.tensor([True, False, True]), torch.tensor([True, True, True]))
close("u8", torch.tensor([200, 3], dtype=torch.uint8), torch.tensor([100, 3], dtype=torch.uint8))
close("f32_scalar", torch.tensor(1.5), torch.tensor(1.0), scalar=(1.5, 1.0))
close("i64_scalar", torch.tensor(3), torch.tensor(5), scalar=(3, 5))
close("f32_scalar_zero", torch.tensor(0.25), torch.tensor(0.0), scalar=(0.25, 0.0))
close("nan", torch.tensor([1.0, float("nan")]), torch.tensor([1.0, float("nan")]))
close("nan_equal", torch.tensor([1.0, float("nan")]), torch.tensor([1.0, float("nan")]), equal_nan=True)
close("nan_one_side", torch.tensor([float("nan"), 2.0, 7.0]), torch.tensor([1.0, 2.0, 3.0]))
close("inf", torch.tensor([float("inf"), 1.0]), torch.tensor([float("inf"), 1.0]))
close("inf_vs_finite", torch.tensor([float("inf"), 1.0]), torch.tensor([1e300, 1.0], dtype=torch.float64), check_dtype=False)
close("inf_signs", torch.tensor([float("inf")]), torch.tensor([float("-inf")]))
close("shape", torch.zeros(2, 3), torch.zeros(3, 2))
close("dtype", torch.zeros(2), torch.zeros(2, dtype=torch.float64))
close("dtype_unchecked", torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.0000001], dtype=torch.float64), check_dtype=False)
close("dtype_unchecked_fail", torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.001], dtype=torch.float64), check_dtype=False)
close("dtype_unchecked_int_float", torch.tensor([1, 2]), torch.tensor([1.0, 2.5]), check_dtype=False)
close("tolerances", torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.2]), rtol=0.05, atol=0.0)
close("tolerances_fail", torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.2]), rtol=0.01, atol=0.1)
close("tolerances_zero", torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.0000002]), rtol=0.0, atol=0.0)
close("rtol_only", torch.tensor([1.0]), torch.tensor([1.0]), rtol=0.1)
close("atol_only", torch.tensor([1.0]), torch.tensor([1.0]), atol=0.1)
t = torch.arange(6.0).reshape(2, 3)
close("stride_unchecked", t.t().contiguous(), t.t())
close("stride", t.t().contiguous(), t.t(), check_stride=True)
close("f16", torch.tensor([1.0, 2.0], dtype=torch.float16), torch.tensor([1.0, 2.004], dtype=torch.float16))
close("f16_pass", torch.tensor([1.0, 2.0], dtype=torch.float16), torch.tensor([1.0, 2.001], dtype=torch.float16))
close("bf16", torch.tensor([1.0, 3.0], dtype=torch.bfloat16), torch.tensor([1.0, 3.1], dtype=torch.bfloat16))
close("c64", torch.tensor([1 + 2j, 3 - 1j], dtype=torch.complex64), torch.tensor([1 + 2j, 3 - 1.5j], dtype=torch.complex64))
close("c128_scalar", torch.tensor(1 + 2j, dtype=torch.complex128), torch.tensor(1 + 2.5j, dtype=torch.complex128),
      scalar=(1 + 2j, 1 + 2.5j))
close("empty", torch.zeros(0, 3), torch.zeros(0, 3))
close("msg_str", torch.tensor([1.0]), torch.tensor([2.0]), msg="custom message")
close("list", [torch.tensor([1.0]), torch.tensor([2.0, 3.0])], [torch.tensor([1.0]), torch.tensor([2.0, 3.5])])
close("list_len", [torch.tensor([1.0])], [torch.tensor([1.0]), torch.tensor([2.0])])
close("list_nested", [[torch.tensor([1.0])], {"w": torch.tensor([2.0])}], [[torch.tensor([1.0])], {"w": torch.tensor([2.5])}])
close("dict", {"weight": torch.ones(2), "bias": torch.zeros(1)}, {"weight": torch.ones(2), "bias": torch.ones(1)})
close("dict_keys", {"a": torch.ones(1), "b": torch.ones(1), "c": torch.ones(1)},
      {"a": torch.ones(1), "d": torch.ones(1), "e": torch.ones(1)})
close("dict_pass", {"a": torch.ones(1)}, {"a": torch.ones(1)})
close("float", 1.0, 1.5, scalar=(1.0, 1.5))
close("float_pass", 1.0, 1.0 + 1e-9)
close("float_zero", 0.5, 0.0, scalar=(0.5, 0.0))
close("float_nan", float("nan"), float("nan"), scalar=(float("nan"), float("nan")))
close("float_nan_equal", float("nan"), float("nan"), equal_nan=True)
close("int", 3, 4, scalar=(3, 4))
close("int_float", 1, 1.0)
close("int_float_unchecked", 1, 1.0, check_dtype=False)
close("int_float_unchecked_fail", 1, 1.5, check_dtype=False, scalar=(1, 1.5))
close("bool_scalar", True, False)
close("bool_scalar_pass", True, True)
close("list_numbers", [1.0, 2.0], [1.0, 2.5], scalar=(2.0, 2.5))

# ------------------------------------------------------------------ make_tensor, PyTorch 2.x's algorithm
INTEGRAL = [torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64]
FLOATING = [torch.float16, torch.bfloat16, torch.float32, torch.float64]
COMPLEX = [torch.complex64, torch.complex128]


def make_2x(shape, dtype, low=None, high=None, requires_grad=False, noncontiguous=False, exclude_zero=False,
            memory_format=None):
    def bounds(low, high, lowest, highest, dlow, dhigh):
        low = dlow if low is None else low
        high = dhigh if high is None else high
        if any(isinstance(v, float) and math.isnan(v) for v in (low, high)):
            raise ValueError(f"`low` and `high` cannot be NaN, but got {low=} and {high=}")
        elif low == high and dtype in FLOATING + COMPLEX:
            pass  # 2.1-2.2 warn (FutureWarning) and go on: uniform_(low, low) is low everywhere
        elif low >= high:
            raise ValueError(f"`low` must be less than `high`, but got {low} >= {high}")
        elif high < lowest or low >= highest:
            raise ValueError(f"The value interval specified by `low` and `high` is [{low}, {high}), "
                             f"but {dtype} only supports [{lowest}, {highest})")
        low = min(max(low, lowest), highest)
        high = min(max(high, lowest), highest)
        if dtype == torch.bool or dtype in INTEGRAL:
            return math.ceil(low), math.ceil(high)
        return low, high

    if noncontiguous and memory_format is not None:
        raise ValueError("The parameters `noncontiguous` and `memory_format` are mutually exclusive, "
                         f"but got {noncontiguous=} and {memory_format=}")
    if requires_grad and (dtype == torch.bool or dtype in INTEGRAL):
        raise ValueError(f"`requires_grad=True` is not supported for boolean and integral dtypes, but got {dtype=}")
    numel = 1
    for s in shape:
        numel *= s
    noncontiguous = noncontiguous and numel > 1
    if noncontiguous:
        shape = (*shape[:-1], 2 * shape[-1])
    if dtype == torch.bool:
        low, high = bounds(low, high, 0, 2, 0, 2)
        result = torch.randint(low, high, shape, dtype=dtype)
    elif dtype in INTEGRAL:
        info = torch.iinfo(dtype)
        low, high = bounds(low, high, info.min, info.max + (1 if dtype is not torch.int64 else 0), -9, 10)
        result = torch.randint(low, high, shape, dtype=dtype)
    else:
        fi = torch.finfo(dtype)
        low, high = bounds(low, high, fi.min, fi.max, -9, 9)
        result = torch.empty(shape, dtype=dtype)
        target = torch.view_as_real(result) if dtype in COMPLEX else result
        if high - low >= torch.finfo(target.dtype).max:
            target.uniform_(low / 2, high / 2).mul_(2)
        else:
            target.uniform_(low, high)
    if noncontiguous:
        result = result[..., 1::2]
    elif memory_format is not None:
        result = result.clone(memory_format=memory_format)
    if exclude_zero:
        result[result == 0] = 1 if (dtype == torch.bool or dtype in INTEGRAL) else torch.finfo(dtype).tiny
    if dtype in FLOATING + COMPLEX:
        result.requires_grad = requires_grad
    return result


def make(name, seed, shape, dtype, **kw):
    c = {"kind": "make", "name": name, "seed": seed, "shape": list(shape), "dtype": str(dtype).replace("torch.", ""),
         "kw": {k: (str(v).replace("torch.", "") if k == "memory_format" else v) for k, v in kw.items()}}
    torch.manual_seed(seed)
    try:
        r = make_2x(shape, dtype, **kw)
        c["out"] = t2j(r)
        c["stride"] = list(r.stride())
        c["requires_grad"] = r.requires_grad
        c["next"] = int(torch.randint(0, 2 ** 30, ()))
    except ValueError as e:
        c["error"] = str(e)
    cases.append(c)


for i, dt in enumerate([torch.float32, torch.float64, torch.float16, torch.bfloat16, torch.complex64, torch.complex128,
                        torch.int64, torch.int32, torch.int16, torch.int8, torch.uint8, torch.bool]):
    make("default_" + str(dt), 10 + i, (3, 4), dt)
make("f16_low_high", 28, (40,), torch.float16, low=-1.1, high=2.3)
make("bf16_low_high", 29, (40,), torch.bfloat16, low=-60000.0, high=5000.0)
make("low_high", 1, (5,), torch.float32, low=-1.0, high=1.0)
make("low_high_int", 2, (20,), torch.int64, low=-2.5, high=3.5)
make("uint8_low_clamped", 3, (20,), torch.uint8, low=-5, high=4)
make("int8_wide", 4, (20,), torch.int8, low=-1000, high=1000)
make("float_wide", 5, (6,), torch.float32, low=-3e38, high=3e38)
make("f64_wide", 6, (6,), torch.float64, low=-1.7e308, high=1.7e308)
make("noncontiguous", 7, (2, 3), torch.float32, noncontiguous=True)
make("noncontiguous_int", 8, (3, 2), torch.int64, noncontiguous=True)
make("noncontiguous_one", 9, (1,), torch.float32, noncontiguous=True)
make("exclude_zero_int", 20, (30,), torch.int64, low=0, high=2, exclude_zero=True)
make("exclude_zero_bool", 21, (10,), torch.bool, exclude_zero=True)
make("exclude_zero_float", 22, (4,), torch.float32, low=0.0, high=0.0, exclude_zero=True)
make("exclude_zero_complex", 23, (3,), torch.complex64, low=0.0, high=0.0, exclude_zero=True)
make("requires_grad", 24, (2,), torch.float64, requires_grad=True)
make("channels_last", 25, (2, 3, 2, 2), torch.float32, memory_format=torch.channels_last)
make("scalar", 26, (), torch.float32)
make("empty", 27, (0, 3), torch.float32)
make("err_nan", 0, (2,), torch.float32, low=float("nan"))
make("err_order", 0, (2,), torch.float32, low=2.0, high=1.0)
make("err_order_int", 0, (2,), torch.int64, low=3, high=3)
make("err_interval", 0, (2,), torch.uint8, low=-10, high=-1)
make("err_interval_bool", 0, (2,), torch.bool, low=2, high=5)
make("err_requires_grad", 0, (2,), torch.int32, requires_grad=True)
make("err_noncontiguous_format", 0, (2, 3, 2, 2), torch.float32, noncontiguous=True, memory_format=torch.channels_last)

write("testing", cases)
