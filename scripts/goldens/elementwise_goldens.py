#!/usr/bin/python3
"""Writes library/src/test/resources/goldens/elementwise.json (unary ops; binary ops with Java scalars, mixed dtypes,
0-d operands and non-contiguous operands; in-place variants; where, clamp, masked_fill) and elementwise_binary.json
(every binary op on every dtype over a grid of special values, div rounding modes, alpha; split off to keep each
file under 300 KB) from real PyTorch, read by dev.torch4j.ops.ElementwiseGoldenTest.

Run from the repository root with a Python that has torch (here /usr/bin/python3, PyTorch 1.13):
    /usr/bin/python3 scripts/goldens/elementwise_goldens.py

File layout: cases[0] is {"inputs": {name: tensor}} (tensors as tensor_json.tj); every other case is
    {"name", "op", "args": [arg...], "kwargs"?: {...}, "inplace"?: true, then one of
     "out": tensor                       the result (for in-place ops: the written tensor afterwards),
     "base": tensor                      (in-place on a view) the first argument's base tensor afterwards,
     "error": msg, "expect": fragment    PyTorch raised msg; torch4j must raise a message containing fragment,
     "unsupported": msg                  PyTorch has no kernel for this dtype (not an error by design): skipped}
    "note"?: why the expectation is not plain PyTorch 1.13.
An arg is {"t": input name, "view"?: view spec (tensor_json.apply_view)} or a Java scalar {"int": n} / {"float": x}.

PyTorch 2.x differences followed here:
  - 1.13 has no CPU float16 kernels for most unary math ("exp_vml_cpu" not implemented for 'Half'); 2.x computes
    them in float32 and rounds to float16, which is what these goldens record for such cases (note "2.x-half").
  - 1.13's bfloat16 gelu(approximate='tanh') keeps bfloat16 intermediates (off by several ulps); 2.x computes
    reduced-precision floats in float32 (note "2.x-bf16").
  - clamp with a NaN bound: NaN everywhere (2.x), where 1.13 ignored a lone scalar NaN bound.
  - bitwise shifts by a negative count or by >= the width: 2.x gives 0 (left) or the sign fill (right); 1.13's
    results there are undefined behaviour (scripts/goldens/torch2x.py emulates 2.x; note "2.x: shifts ...").
Not covered (torch4j has no such overload): pow with an int scalar exponent that overflows the dtype (PyTorch checks
it), remainder_ with a scalar, where with a Java long scalar (a 0-d int64 tensor stands in).
"""
import math
import os
import sys
import warnings

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch2x  # noqa: E402
from common import write  # noqa: E402
from tensor_json import DTYPES, NAMES, apply_view, tj  # noqa: E402

warnings.filterwarnings("ignore")
torch.set_default_dtype(torch.float32)

NAN, INF = float("nan"), float("inf")
FLOATS = ["float32", "float64", "float16", "bfloat16"]
INTS = ["int64", "int32", "int16", "int8", "uint8"]
ALL = FLOATS + INTS + ["bool"]

inputs = {}
cases = []
section = ["elementwise"]  # which file the next cases go to


def inp(name, t):
    inputs[name] = tj(t)
    return t


# ---------------------------------------------------------------- input values per dtype

FLOAT_VALS = [NAN, INF, -INF, -0.0, 0.0, 1.0, -1.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 3.7, -3.7, 0.1, 1e-8, -1e-20,
              1e30, -1e30, 20.0, -20.0, 100.0, 1e-40, 700.0, 0.75]
INT_VALS = {
    "int64": [0, 1, -1, 2, -2, 7, -7, 100, -100, 127, -128, 2 ** 31, -2 ** 31 - 5, 2 ** 40 + 3, 2 ** 62, -2 ** 62],
    "int32": [0, 1, -1, 2, -2, 7, -7, 100, -100, 127, -128, 2 ** 31 - 1, -2 ** 31, 65537],
    "int16": [0, 1, -1, 2, -2, 7, -7, 100, -100, 127, -128, 32767, -32768, 300],
    "int8": [0, 1, -1, 2, -2, 7, -7, 100, -100, 127, -128],
    "uint8": [0, 1, 2, 7, 100, 127, 128, 200, 255],
}


def vals(dt):
    d = DTYPES[dt]
    if dt in FLOATS:
        return torch.tensor(FLOAT_VALS, dtype=torch.float64).to(d)
    if dt == "bool":
        return torch.tensor([False, True])
    return torch.tensor(INT_VALS[dt], dtype=d)


for dt in ALL:
    inp("v_" + dt, vals(dt))

# binary grids: a column against a row, so every pair meets (and broadcasting is exercised)
GA = [NAN, INF, -INF, -0.0, 0.0, 1.0, -1.0, 2.5, -2.5, 7.0, -7.0, 0.3, 1e30]
GB = [NAN, INF, -INF, -0.0, 0.0, 2.0, -2.0, 0.5, 3.0, -3.0, 0.7]
IA = {"int64": [0, 1, -1, 5, -5, 7, -7, 100, 127, -128, 2 ** 40 + 1, -2 ** 62],
      "uint8": [0, 1, 2, 5, 7, 100, 200, 255]}
IB = {"int64": [1, -1, 2, -2, 3, -3, 7, 0], "uint8": [1, 2, 3, 7, 255, 0]}
for dt in FLOATS:
    inp("ga_" + dt, torch.tensor(GA, dtype=torch.float64).to(DTYPES[dt]).reshape(-1, 1))
    inp("gb_" + dt, torch.tensor(GB, dtype=torch.float64).to(DTYPES[dt]).reshape(1, -1))
for dt in INTS:
    a = IA.get(dt, [v for v in IA["int64"] if -128 <= v <= 127])
    b = IB.get(dt, IB["int64"])
    inp("ga_" + dt, torch.tensor(a, dtype=DTYPES[dt]).reshape(-1, 1))
    inp("gb_" + dt, torch.tensor(b, dtype=DTYPES[dt]).reshape(1, -1))
    inp("gbnz_" + dt, torch.tensor(b[:-1], dtype=DTYPES[dt]).reshape(1, -1))  # no zero divisor
    inp("gbpos_" + dt, torch.tensor([v for v in b if v >= 0][:4], dtype=DTYPES[dt]).reshape(1, -1))
inp("ga_bool", torch.tensor([[False], [True]]))
inp("gb_bool", torch.tensor([[False, True]]))
# short vectors for scalar right-hand sides and mixed dtypes
SV = {"f": [-2.5, -1.0, 0.0, 0.5, 3.0, 7.25], "i": [-7, -1, 0, 1, 5, 100], "u": [0, 1, 3, 7, 100, 255],
      "b": [False, True, True, False, True, False]}
for dt in ALL:
    key = "b" if dt == "bool" else "u" if dt == "uint8" else "f" if dt in FLOATS else "i"
    inp("s_" + dt, torch.tensor(SV[key]).to(DTYPES[dt]))
inp("z_int16_neg", torch.tensor(-1, dtype=torch.int16))


# ---------------------------------------------------------------- case helpers

def arg_tensor(a):
    """(base, argument): the base tensor before the view (None for scalars) and the argument itself."""
    if "t" in a:
        base = _materialise(a["t"])
        return base, apply_view(base, a.get("view"))
    if "int" in a:
        return None, a["int"]
    return None, a["float"]


def _materialise(name):
    # a fresh tensor each time (in-place cases must not see each other's writes)
    j = inputs[name]
    d = DTYPES[j["dtype"]]
    if d == torch.bool:
        return torch.tensor(j["data"], dtype=torch.bool).reshape(j["shape"])
    if d.is_floating_point:
        return torch.tensor(j["data"], dtype=torch.float64).to(d).reshape(j["shape"])
    return torch.tensor(j["data"], dtype=torch.int64).to(d).reshape(j["shape"])


def T(name, view=None):
    a = {"t": name}
    if view:
        a["view"] = view
    return a


def I(v):
    return {"int": v}


def Fl(v):
    return {"float": v}


def half_fallback(fn, xs):
    """2.x computes float16 unary math in float32 and rounds once; 1.13 has no such CPU kernels."""
    up = [x.float() if isinstance(x, torch.Tensor) and x.dtype == torch.float16 else x for x in xs]
    r = fn(*up)
    return r.half() if r.dtype == torch.float32 else r


def case(name, op, fn, args, kwargs=None, inplace=False, expect=None, base_of=None):
    bases, xs = zip(*[arg_tensor(a) for a in args])
    c = {"name": name, "op": op, "args": args, "file": section[0]}
    if kwargs:
        c["kwargs"] = kwargs
    if inplace:
        c["inplace"] = True
    try:
        r = fn(*xs)
        if base_of is not None:
            c["base"] = tj(bases[0])
        if r.dtype == torch.bfloat16 and len(xs) == 1 and not inplace:
            # 1.13 computes some bfloat16 math (gelu tanh) with bfloat16 intermediates; 2.x computes in float32
            # and rounds once. Where the two differ beyond bfloat16's tolerance, record 2.x's answer.
            emu = fn(xs[0].float()).bfloat16()
            if not torch.allclose(emu.float(), r.float(), rtol=1.6e-2, atol=1e-5, equal_nan=True):
                r = emu
                c["note"] = "2.x-bf16"
        c["out"] = tj(r)
    except (RuntimeError, ValueError, TypeError, IndexError, ZeroDivisionError) as e:
        msg = str(e)
        fallback = None
        if "not implemented for 'Half'" in msg and not inplace:
            try:
                fallback = half_fallback(fn, xs)
            except RuntimeError:  # no float32 kernel either (bitwise ops): unsupported for every floating dtype
                pass
        if fallback is not None:
            c["out"] = tj(fallback)
            c["note"] = "2.x-half"
        elif "not implemented for" in msg or "not supported for" in msg or "inputs not supported" in msg:
            c["unsupported"] = msg
        else:
            c["error"] = msg
            assert expect is not None, (name, msg)
            assert expect in msg, (name, expect, msg)
            c["expect"] = expect
    if expect is not None and "error" not in c:
        raise AssertionError("expected an error: " + name)
    cases.append(c)


# ---------------------------------------------------------------- unary ops on every dtype

UNARY = [
    ("neg", torch.neg), ("abs", torch.abs), ("exp", torch.exp), ("log", torch.log), ("log1p", torch.log1p),
    ("expm1", torch.expm1), ("sqrt", torch.sqrt), ("rsqrt", torch.rsqrt), ("sin", torch.sin), ("cos", torch.cos),
    ("tan", torch.tan), ("tanh", torch.tanh), ("sigmoid", torch.sigmoid), ("relu", torch.relu),
    ("gelu", F.gelu), ("gelu_tanh", lambda x: F.gelu(x, approximate="tanh")), ("silu", F.silu),
    ("erf", torch.erf), ("floor", torch.floor), ("ceil", torch.ceil), ("round", torch.round),
    ("trunc", torch.trunc), ("sign", torch.sign), ("reciprocal", torch.reciprocal), ("square", torch.square),
    ("isnan", torch.isnan), ("isinf", torch.isinf), ("isfinite", torch.isfinite), ("logicalNot", torch.logical_not),
    ("acos", torch.acos), ("asin", torch.asin), ("atan", torch.atan), ("acosh", torch.acosh), ("asinh", torch.asinh),
    ("atanh", torch.atanh), ("cosh", torch.cosh), ("sinh", torch.sinh), ("log2", torch.log2), ("log10", torch.log10),
    ("exp2", torch.exp2), ("erfc", torch.erfc), ("deg2rad", torch.deg2rad), ("rad2deg", torch.rad2deg),
    ("nanToNum", torch.nan_to_num), ("isposinf", torch.isposinf),
    ("isneginf", torch.isneginf), ("sgn", torch.sgn), ("fix", torch.fix), ("positive", torch.positive),
    ("lgamma", torch.lgamma), ("digamma", torch.digamma), ("erfinv", torch.erfinv),
    ("bitwiseNot", torch.bitwise_not),
]
# 1.13's vectorized nan_to_num for bfloat16/float16 writes float32's max, which rounds to inf; 2.x writes the
# dtype's own max (finfo), which these cases ask for explicitly so that both versions agree
REDUCED_FINFO = {"bfloat16": torch.bfloat16, "float16": torch.float16}
UNARY_ERRORS = {("neg", "bool"): "Negation, the `-` operator, on a bool tensor is not supported",
                ("positive", "bool"): "The `+` operator, on a bool tensor is not supported."}
for op, fn in UNARY:
    for dt in ALL:
        if op == "nanToNum" and dt in REDUCED_FINFO:
            m = torch.finfo(REDUCED_FINFO[dt]).max
            fn = lambda x, m=m: torch.nan_to_num(x, posinf=m, neginf=-m)
        case("%s/%s" % (op, dt), op, fn, [T("v_" + dt)], expect=UNARY_ERRORS.get((op, dt)))
# signbit without NaN: a NaN's sign bit does not survive the JSON file (and conversions differ in the NaN they make)
for dt in ALL:
    inp("vs_" + dt, vals(dt)[1:] if dt in FLOATS else vals(dt))
    case("signbit/%s" % dt, "signbit", torch.signbit, [T("vs_" + dt)])

# unary on non-contiguous inputs: transposed, step-sliced, expanded
inp("m46", torch.linspace(-3, 3, 24).reshape(4, 6))
inp("r30", torch.linspace(-2, 5, 30, dtype=torch.float64))
inp("c31", torch.tensor([[-1.5], [0.25], [2.0]]))
inp("mi46", torch.arange(-12, 12).reshape(4, 6))
for op, fn in [("exp", torch.exp), ("neg", torch.neg), ("sigmoid", torch.sigmoid), ("abs", torch.abs),
               ("round", torch.round), ("isnan", torch.isnan)]:
    case(op + "/transposed", op, fn, [T("m46", [["t"]])])
    case(op + "/strided", op, fn, [T("r30", [["asStrided", [3, 4], [8, 2], 1]])])
    case(op + "/expanded", op, fn, [T("c31", [["expand", [3, 5]]])])
    case(op + "/narrowed_int", op, fn, [T("mi46", [["narrow", 1, 1, 4], ["t"]])])

# ---------------------------------------------------------------- binary ops (a file of their own: size)
section[0] = "elementwise_binary"

BINARY = [
    ("add", torch.add), ("sub", torch.sub), ("mul", torch.mul), ("div", torch.div),
    ("floorDivide", torch.floor_divide), ("pow", torch.pow), ("maximum", torch.maximum),
    ("minimum", torch.minimum), ("remainder", torch.remainder), ("atan2", torch.atan2), ("eq", torch.eq),
    ("ne", torch.ne), ("lt", torch.lt), ("le", torch.le), ("gt", torch.gt), ("ge", torch.ge),
    ("logicalAnd", torch.logical_and), ("logicalOr", torch.logical_or), ("logicalXor", torch.logical_xor),
    ("bitwiseAnd", torch.bitwise_and), ("bitwiseOr", torch.bitwise_or), ("bitwiseXor", torch.bitwise_xor),
    ("gcd", torch.gcd), ("lcm", torch.lcm),
]
SUB_BOOL = "Subtraction, the `-` operator, with two bool tensors is not supported"
for op, fn in BINARY:
    for dt in ALL:
        b = "gb_" + dt
        if dt in INTS and op in ("floorDivide", "remainder"):
            b = "gbnz_" + dt
        if dt in INTS and op == "pow":
            b = "gbpos_" + dt
        case("%s/%s" % (op, dt), op, fn, [T("ga_" + dt), T(b)],
             expect=SUB_BOOL if (op, dt) == ("sub", "bool") else None)


# shifts: 2.x's results (torch2x.shift), which differ from 1.13's for negative counts and counts >= the width
SHIFT_DIFFERS = [False]


def shift_2x(x, y, left):
    r, SHIFT_DIFFERS[0] = torch2x.shift(x, y, left)
    return r


for op, left in [("bitwiseLeftShift", True), ("bitwiseRightShift", False)]:
    for dt in ALL:
        case("%s/%s" % (op, dt), op, lambda x, y, lf=left: shift_2x(x, y, lf), [T("ga_" + dt), T("gb_" + dt)])
        if SHIFT_DIFFERS[0]:
            cases[-1]["note"] = "2.x: shifts by a negative count or >= the width are defined (1.13 masked the count)"
        SHIFT_DIFFERS[0] = False

# div rounding modes, add/sub alpha
for dt in ALL:
    b = "gbnz_" + dt if dt in INTS else "gb_" + dt
    for mode in ("trunc", "floor"):
        case("div_%s/%s" % (mode, dt), "div", lambda x, y, m=mode: torch.div(x, y, rounding_mode=m),
             [T("ga_" + dt), T(b)], kwargs={"rounding_mode": mode})
    alpha = 2.5 if dt in FLOATS else 2 if dt != "bool" else True
    if dt != "bool":
        case("add_alpha/" + dt, "add", lambda x, y, a=alpha: torch.add(x, y, alpha=a),
             [T("ga_" + dt), T("gb_" + dt)], kwargs={"alpha": alpha})
        case("sub_alpha/" + dt, "sub", lambda x, y, a=alpha: torch.sub(x, y, alpha=a),
             [T("ga_" + dt), T("gb_" + dt)], kwargs={"alpha": alpha})
case("add_alpha_float_on_int", "add", lambda x, y: torch.add(x, y, alpha=2.5), [T("s_int64"), T("s_int64")],
     kwargs={"alpha": 2.5}, expect="For integral input tensors, argument alpha must not be a floating point number.")
case("int_floor_divide_by_zero", "floorDivide", torch.floor_divide, [T("s_int32"), I(0)], expect="ZeroDivisionError")
case("int_remainder_by_zero", "remainder", torch.remainder, [T("s_int64"), T("s_int64")], expect="ZeroDivisionError")
case("int_pow_negative", "pow", torch.pow, [T("s_int64"), I(-1)],
     expect="Integers to negative integer powers are not allowed.")
# integer pow with a negative tensor exponent is 1/a^|b| truncated (0 unless a is 1 or -1); only a Python-number
# exponent is refused
case("pow/int_negative_tensor_exponent", "pow", torch.pow, [T("ga_int64"), T("gbnz_int64")])
case("pow/int8_negative_0d_exponent", "pow", torch.pow, [T("s_int8"), T("z_int16_neg")])
case("sub_bool_scalar", "sub", torch.sub, [T("s_bool"), I(1)],
     expect="Subtraction, the `-` operator, with a bool tensor is not supported")

# Java scalar right-hand sides: the scalar takes part in type promotion as a Python number does
section[0] = "elementwise"  # (balances the two files' sizes)
SCALAR_OPS = [("add", torch.add), ("sub", torch.sub), ("mul", torch.mul), ("div", torch.div),
              ("floorDivide", torch.floor_divide), ("remainder", torch.remainder), ("pow", torch.pow),
              ("eq", torch.eq), ("lt", torch.lt), ("ge", torch.ge)]
for dt in ALL:
    for op, fn in SCALAR_OPS:
        for s in (I(2), I(-3), Fl(2.5), Fl(-0.5), I(300)):
            v = s.get("int", s.get("float"))
            if dt == "bool" and op == "sub":
                continue
            if op == "pow" and dt not in FLOATS and v in (-3, 300):
                continue  # negative powers: int_pow_negative; pow checks a scalar exponent fits the dtype
            kind = "int" if "int" in s else "float"
            case("%s/%s/%s_%s" % (op, dt, kind, v), op, fn, [T("s_" + dt), s])

# mixed dtypes (promotion decides the result dtype)
MIXED = [("int64", "float32"), ("uint8", "int8"), ("bool", "float16"), ("int32", "int64"), ("float16", "bfloat16"),
         ("float32", "float64"), ("int8", "uint8"), ("bool", "int16"), ("uint8", "bool"), ("int16", "float16"),
         ("bfloat16", "int64")]
for a, b in MIXED:
    for op, fn in [("add", torch.add), ("mul", torch.mul), ("div", torch.div), ("maximum", torch.maximum),
                   ("lt", torch.lt), ("floorDivide", torch.floor_divide), ("atan2", torch.atan2),
                   ("logicalXor", torch.logical_xor)]:
        if op == "floorDivide" and b not in FLOATS:
            continue  # int // 0 in the vectors
        case("%s/%s_%s" % (op, a, b), op, fn, [T("s_" + a), T("s_" + b, [["narrow", 0, 0, 6]])])

# 0-d tensors (not wrapped numbers): a 0-d operand of a higher category still promotes
for a, b in [("int64", "float64"), ("uint8", "int64"), ("float16", "float64"), ("int8", "int16"), ("bool", "int64"),
             ("float32", "int64")]:
    name = "z_" + b
    inp(name, torch.tensor(3, dtype=DTYPES[b]) if b not in FLOATS else torch.tensor(1.7, dtype=DTYPES[b]))
    for op, fn in [("add", torch.add), ("mul", torch.mul), ("lt", torch.lt)]:
        case("%s/%s_0d_%s" % (op, a, b), op, fn, [T("s_" + a), T(name)])
        case("%s/0d_%s_%s" % (op, b, a), op, fn, [T(name), T("s_" + a)])

# non-contiguous operands
inp("m64", torch.linspace(-1, 4, 24).reshape(6, 4))
inp("i64c", torch.arange(1, 25).reshape(6, 4))
inp("r1x5", torch.tensor([[0.5, -1.0, 2.0, 3.5, -0.25]]))
inp("r34", torch.linspace(-2, 2, 12).reshape(3, 4))
inp("b3d", torch.linspace(-1, 1, 8).reshape(1, 2, 4))
inp("c3d", torch.tensor([0.5, 1.75, 3.0]).reshape(3, 1, 1))
for op, fn in [("add", torch.add), ("mul", torch.mul), ("div", torch.div), ("maximum", torch.maximum),
               ("eq", torch.eq), ("pow", torch.pow), ("remainder", torch.remainder), ("atan2", torch.atan2)]:
    case(op + "/transposed_both", op, fn, [T("m46", [["t"]]), T("m64")])
    case(op + "/transposed_int", op, fn, [T("mi46", [["t"]]), T("i64c")])
    case(op + "/strided", op, fn, [T("r30", [["asStrided", [3, 4], [8, 2], 1]]), T("r34", [["t"], ["t"]])])
    case(op + "/expanded", op, fn, [T("c31", [["expand", [3, 5]]]), T("r1x5")])
    case(op + "/broadcast_3d", op, fn, [T("b3d"), T("c3d")])
    case(op + "/scalar_tensor_row", op, fn, [T("c31"), T("r1x5")])

# ---------------------------------------------------------------- in-place variants
section[0] = "elementwise"

INPLACE = [("add_", lambda x, y: x.add_(y)), ("sub_", lambda x, y: x.sub_(y)), ("mul_", lambda x, y: x.mul_(y)),
           ("div_", lambda x, y: x.div_(y)), ("pow_", lambda x, y: x.pow_(y)),
           ("remainder_", lambda x, y: x.remainder_(y))]
CAST_ERR = "can't be cast to the desired output type"
for op, fn in INPLACE:
    for a, b in [("float32", "float32"), ("float32", "float64"), ("float64", "int64"), ("int64", "int64"),
                 ("int8", "int8"), ("float16", "float32"), ("int64", "float32"), ("int32", "bool")]:
        if op == "remainder_" and (b in INTS or b == "bool"):
            continue
        expect = None
        res = torch.result_type(_materialise("s_" + a), _materialise("s_" + b))
        if op == "div_" and not res.is_floating_point:
            res = torch.float32
        if res.is_floating_point and not DTYPES[a].is_floating_point:
            expect = CAST_ERR
        if op == "pow_" and b in INTS:
            continue  # negative integer powers
        if op == "sub_" and b == "bool":
            expect = "with a bool tensor is not supported"
        case("%s/%s_%s" % (op, a, b), op, fn, [T("s_" + a), T("s_" + b)], inplace=True, expect=expect)
    for a in ["float32", "int64", "uint8", "int8"]:
        for s in (I(2), Fl(1.5)):
            if op == "remainder_" or op == "pow_" and a != "float32":
                continue  # (no remainder_(scalar) overload in torch4j)
            expect = CAST_ERR if "float" in s and a != "float32" or op == "div_" and a != "float32" else None
            fnS = fn
            case("%s/%s_%s" % (op, a, s), op, fnS, [T("s_" + a), s], inplace=True, expect=expect)
case("add_/int64_float_scalar_message", "add_", lambda x, y: x.add_(y), [T("s_int64"), Fl(1.5)], inplace=True,
     expect="result type Float can't be cast to the desired output type Long")
case("add_/bool_int", "add_", lambda x, y: x.add_(y), [T("s_bool"), I(1)], inplace=True,
     expect="result type Long can't be cast to the desired output type Bool")
case("add_/broadcast_shape", "add_", lambda x, y: x.add_(y), [T("r1x5"), T("c31")], inplace=True,
     expect="output with shape [1, 5] doesn't match the broadcast shape [3, 5]")
case("add_/broadcast_ok", "add_", lambda x, y: x.add_(y), [T("r34"), T("c31")], inplace=True)
case("add_/expanded_self", "add_", lambda x, y: x.add_(y), [T("c31", [["expand", [3, 5]]]), I(1)], inplace=True,
     expect="unsupported operation: more than one element of the written-to tensor refers to a single memory location")
case("mul_/transposed_self", "mul_", lambda x, y: x.mul_(y), [T("m46", [["t"]]), T("m64")], inplace=True,
     base_of=0)
case("add_/narrowed_self", "add_", lambda x, y: x.add_(y), [T("m46", [["narrow", 1, 2, 3]]), Fl(10.0)],
     inplace=True, base_of=0)
case("add_/alpha", "add_", lambda x, y: x.add_(y, alpha=-2), [T("s_float32"), T("s_float32")],
     kwargs={"alpha": -2}, inplace=True)
# self aliasing: x.add_(x.t()) would read elements after they were written; PyTorch refuses, and so does torch4j
inp("sq3", torch.arange(9.0).reshape(3, 3))
case("add_/self_transposed", "add_", lambda x, y: x.add_(x.t()), [T("sq3"), T("sq3", [["t"]])],
     inplace=True, kwargs={"self_alias": True},
     expect="some elements of the input tensor and the written-to tensor refer to a single memory location")
UNARY_INPLACE = [("neg_", lambda x: x.neg_()), ("exp_", lambda x: x.exp_()), ("sqrt_", lambda x: x.sqrt_()),
                 ("sigmoid_", lambda x: x.sigmoid_()), ("round_", lambda x: x.round_()), ("abs_", lambda x: x.abs_()),
                 ("relu_", lambda x: x.relu_()), ("logicalNot_", lambda x: x.logical_not_()),
                 ("floor_", lambda x: x.floor_()), ("square_", lambda x: x.square_())]
for op, fn in UNARY_INPLACE:
    for dt in ["float32", "float64", "int64", "int8", "bfloat16", "bool"]:
        if op == "neg_" and dt == "bool":
            continue
        expect = CAST_ERR if op in ("exp_", "sqrt_", "sigmoid_") and dt not in FLOATS else None
        if op == "square_" and dt == "bool":
            expect = "Bool"  # square(bool) is int64 (pow(x, 2)); PyTorch words it "Found dtype Bool but expected Long"
        case("%s/%s" % (op, dt), op, fn, [T("s_" + dt)], inplace=True, expect=expect)
    case(op + "/transposed", op, fn, [T("m46", [["t"]])], inplace=True, base_of=0)

# ---------------------------------------------------------------- where, clamp, masked_fill

inp("cond31", torch.tensor([[True], [False], [True]]))
inp("cond34", torch.tensor([[True, False, False, True], [False, True, False, True], [True, True, False, False]]))
inp("a14", torch.tensor([[1.5, -2.0, NAN, 4.0]]))
inp("ai14", torch.tensor([[1, -2, 3, 4]], dtype=torch.int32))
inp("b34_f64", torch.linspace(-5, 5, 12, dtype=torch.float64).reshape(3, 4))
inp("bool14", torch.tensor([[True, False, True, False]]))
WHERE = lambda c, x, y: torch.where(c, x, y)  # noqa: E731
case("where/broadcast_f32_f64", "where", WHERE, [T("cond31"), T("a14"), T("b34_f64")])
case("where/int_float", "where", WHERE, [T("cond34"), T("ai14"), T("a14")])
case("where/int_scalar_float", "where", WHERE, [T("cond31"), T("ai14"), Fl(2.5)])
case("where/int_scalar_int", "where", WHERE, [T("cond31"), T("ai14"), I(7)])
case("where/bool_bool", "where", WHERE, [T("cond34"), T("bool14"), T("cond31")])
case("where/uint8_int8", "where", WHERE, [T("cond31"), T("s_uint8", [["narrow", 0, 0, 4]]),
                                          T("s_int8", [["narrow", 0, 2, 4]])])
case("where/transposed_cond", "where", WHERE, [T("cond34", [["t"]]), T("m64", [["narrow", 0, 0, 3], ["t"]]),
                                               Fl(-1.0)])
case("where/f16_scalar", "where", WHERE, [T("cond31"), T("s_float16", [["narrow", 0, 1, 4]]), Fl(0.1)])
inp("cond_i64", torch.tensor([1, 0, 1]))
case("where/long_condition", "where", WHERE, [T("cond_i64"), T("c31", [["t"], ["select", 0, 0]]), Fl(0.0)],
     expect="where expected condition to be a boolean tensor, but got a tensor with dtype Long")

for dt in ALL:
    if dt == "bool":
        continue
    case("clamp/%s" % dt, "clamp", lambda x: torch.clamp(x, -1.0, 2.0), [T("v_" + dt)], kwargs={"min": -1.0, "max": 2.0})
    case("clampMin/%s" % dt, "clamp", lambda x: torch.clamp(x, min=0.5), [T("v_" + dt)], kwargs={"min": 0.5})
    case("clampMax/%s" % dt, "clamp", lambda x: torch.clamp(x, max=-0.5), [T("v_" + dt)], kwargs={"max": -0.5})
    case("clamp_minGtMax/%s" % dt, "clamp", lambda x: torch.clamp(x, 3.0, 1.0), [T("v_" + dt)],
         kwargs={"min": 3.0, "max": 1.0})
# A NaN bound gives NaN everywhere in current PyTorch (pytorch#77371, #172200); 1.13 ignored a lone scalar NaN bound.
case("clamp/nan_bound", "clamp", lambda x: torch.full_like(x, NAN), [T("s_float32")], kwargs={"min": NAN})
cases[-1]["note"] = "2.x: a NaN bound propagates"
inp("lo", torch.tensor([[-1.0], [0.0], [NAN]]))
inp("hi", torch.tensor([[0.5, 2.0, -3.0, 10.0, 1.0]]))
inp("lo_i", torch.tensor([[-1], [0], [2]]))
CLAMP_T = lambda x, lo, hi: torch.clamp(x, min=lo, max=hi)  # noqa: E731
case("clamp/tensor_bounds", "clampTensor", CLAMP_T, [T("m46", [["narrow", 0, 0, 3], ["narrow", 1, 0, 5]]), T("lo"),
                                                      T("hi")])
case("clamp/tensor_bounds_int_float", "clampTensor", CLAMP_T, [T("mi46", [["narrow", 0, 1, 3], ["narrow", 1, 0, 5]]),
                                                                T("lo_i"), T("hi")])
case("clamp/tensor_min_only", "clampTensor", lambda x, lo: torch.clamp(x, min=lo), [T("r34"), T("lo_i")])
case("clamp/tensor_max_only", "clampTensor", lambda x, hi: torch.clamp(x, max=hi), [T("r1x5"), T("hi")],
     kwargs={"maxOnly": True})
case("clamp_/float32", "clamp_", lambda x: x.clamp_(-1.0, 1.0), [T("s_float32")], kwargs={"min": -1.0, "max": 1.0},
     inplace=True)

for dt in ALL:
    fill = 2.5 if dt in FLOATS else 1.0 if dt == "bool" else 7.9
    case("maskedFill/%s" % dt, "maskedFill", lambda x, m, v=fill: x.masked_fill(m, v),
         [T("s_" + dt), T("s_bool")], kwargs={"value": fill})
case("maskedFill/broadcast_mask", "maskedFill", lambda x, m: x.masked_fill(m, -9.0), [T("r34"), T("cond31")],
     kwargs={"value": -9.0})
case("maskedFill/broadcast_self", "maskedFill", lambda x, m: x.masked_fill(m, -9.0), [T("r1x5"), T("cond31")],
     kwargs={"value": -9.0})
case("maskedFill/nan", "maskedFill", lambda x, m: x.masked_fill(m, NAN), [T("s_float64"), T("s_bool")],
     kwargs={"value": NAN})
case("maskedFill/inf_f16", "maskedFill", lambda x, m: x.masked_fill(m, -INF), [T("s_float16"), T("s_bool")],
     kwargs={"value": -INF})
case("maskedFill/tensor_value", "maskedFillTensor", lambda x, m, v: x.masked_fill(m, v),
     [T("s_int32"), T("s_bool"), T("z_float64")])
case("maskedFill/overflow_int8", "maskedFill", lambda x, m: x.masked_fill(m, 300.0), [T("s_int8"), T("s_bool")],
     kwargs={"value": 300.0}, expect="value cannot be converted to type int8_t without overflow")
case("maskedFill/overflow_uint8", "maskedFill", lambda x, m: x.masked_fill(m, -1.0), [T("s_uint8"), T("s_bool")],
     kwargs={"value": -1.0}, expect="value cannot be converted to type uint8_t without overflow")
case("maskedFill_/transposed", "maskedFill_", lambda x, m: x.masked_fill_(m, 0.0),
     [T("m64", [["narrow", 0, 0, 3], ["t"]]), T("cond34", [["t"]])], kwargs={"value": 0.0}, inplace=True, base_of=0)
case("maskedFill_/mask_too_big", "maskedFill_", lambda x, m: x.masked_fill_(m, 0.0), [T("r1x5"), T("cond31")],
     kwargs={"value": 0.0}, inplace=True, expect="doesn't match the broadcast shape")

files = {"elementwise": [], "elementwise_binary": []}
for c in cases:
    files[c.pop("file")].append(c)
for f, mine in files.items():
    write(f, [{"inputs": inputs}] + mine)
print("unsupported:", sorted({c["name"] for c in cases if "unsupported" in c}))
