#!/usr/bin/python3
"""Writes library/src/test/resources/goldens/print.txt: tensor repr() and torch.Size str() goldens from real PyTorch.

Run from the repository root with a Python that has torch (here /usr/bin/python3, PyTorch 1.13):
    /usr/bin/python3 scripts/goldens/print_goldens.py

torch4j follows PyTorch 2.x where 2.x prints differently from 1.13. Those few cases carry a hand-written 2.x
expectation (derived from 2.x's torch/_tensor_str.py) and a `note`; the file then also records what this
PyTorch printed, under `torch_actual`, for reference. Cases with device='cuda:0' are hand-written too when no
GPU is present (same rule: suffix added first, see _str_intern).

File format (UTF-8, '\n'):
    case <name>
    dtype <float32|...>
    shape <d0> <d1> ...            (nothing after 'shape' for a 0-d tensor)
    values <v> <v> ...             floats as float.hex() of the exact value (inf, -inf, nan), ints in decimal,
                                   bools as 0/1; or
    gen <A> <B> <C> <D>            element i (row-major) is float(((i*A) % B - C) / D) cast to dtype
    [device cuda:0]
    [requires_grad 1]
    [grad_fn <Name>]
    [options precision=4 threshold=1000 edgeitems=3 linewidth=80 sci_mode=None]
    [note <text>]
    expected <n>                   followed by n lines of repr
    [torch_actual <n>              followed by n lines]
    end
    size <name>
    shape <d0> ...
    expected 1
    <line>
    end
"""
import math
import os
import sys

import torch

torch.set_default_dtype(torch.float32)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "library", "src", "test", "resources", "goldens", "print.txt")

DTYPES = {
    torch.uint8: "uint8", torch.int8: "int8", torch.int16: "int16", torch.int32: "int32", torch.int64: "int64",
    torch.float16: "float16", torch.float32: "float32", torch.float64: "float64", torch.bool: "bool",
    torch.bfloat16: "bfloat16",
}
DEFAULT_OPTS = dict(precision=4, threshold=1000, edgeitems=3, linewidth=80, sci_mode=None)

out = []
names = set()


def fmt_value(v, dtype):
    if dtype == torch.bool:
        return "1" if v else "0"
    if dtype.is_floating_point:
        v = float(v)
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return v.hex()
    return str(int(v))


def gen_values(n, g):
    a, b, c, d = g
    return [((i * a) % b - c) / d for i in range(n)]


def block(tag, text):
    lines = text.split("\n")
    out.append(f"{tag} {len(lines)}")
    out.extend(lines)


def case(name, t, *, gen=None, requires_grad=False, grad_fn=None, opts=None, device=None,
         expected=None, note=None):
    """t: the tensor whose repr is the golden (already carrying requires_grad / grad_fn)."""
    assert name not in names, name
    names.add(name)
    o = dict(DEFAULT_OPTS)
    o.update(opts or {})
    torch.set_printoptions(**o)
    try:
        actual = repr(t)
    except RuntimeError as e:  # 1.13 cannot print some 2.x cases (edgeitems=0 on 2-D)
        if expected is None:
            raise
        actual = f"<torch {torch.__version__} raised RuntimeError: {e}>"
    finally:
        torch.set_printoptions(profile="default")
    if requires_grad or grad_fn:
        assert t.requires_grad
    if grad_fn:
        assert type(t.grad_fn).__name__ == grad_fn, type(t.grad_fn).__name__
    out.append(f"case {name}")
    out.append(f"dtype {DTYPES[t.dtype]}")
    out.append(("shape " + " ".join(str(s) for s in t.shape)).rstrip())
    if gen is not None:
        ref = torch.tensor(gen_values(t.numel(), gen), dtype=torch.float64).to(t.dtype).reshape(t.shape)
        assert torch.equal(ref, t.detach()), name
        out.append("gen " + " ".join(str(x) for x in gen))
    else:
        flat = t.detach().reshape(-1).tolist()
        out.append(("values " + " ".join(fmt_value(v, t.dtype) for v in flat)).rstrip())
    if device is not None:
        out.append(f"device {device}")
    if requires_grad:
        out.append("requires_grad 1")
    if grad_fn:
        out.append(f"grad_fn {grad_fn}")
    if opts:
        out.append("options " + " ".join(f"{k}={o[k]}" for k in
                                         ("precision", "threshold", "edgeitems", "linewidth", "sci_mode")))
    if note:
        out.append(f"note {note}")
    block("expected", expected if expected is not None else actual)
    if expected is not None and expected != actual:
        block("torch_actual", actual)
    out.append("end")


def size_case(name, shape):
    out.append(f"size {name}")
    out.append(("shape " + " ".join(str(s) for s in shape)).rstrip())
    block("expected", str(torch.Size(shape)))
    out.append("end")


def g(shape, gen, dtype=torch.float32):
    n = 1
    for s in shape:
        n *= s
    return torch.tensor(gen_values(n, gen), dtype=torch.float64).to(dtype).reshape(shape)


T = torch.tensor
f32, f64, f16, bf16 = torch.float32, torch.float64, torch.float16, torch.bfloat16
i64, i32, i16, i8, u8, b = torch.int64, torch.int32, torch.int16, torch.int8, torch.uint8, torch.bool
nan, inf = float("nan"), float("inf")

# --- the contract examples
case("contract_f32_3x2", T([[0.1, 1.2], [2.2, 3.1], [4.9, 5.2]]))
case("contract_f64_ones_2x2", torch.ones(2, 2, dtype=f64))
case("contract_f64_5_1_1_1_1", T([5., 1., 1., 1., 1.], dtype=f64))

# --- 0-d
case("scalar_f32", T(3.5))
case("scalar_f32_int", T(3.))
case("scalar_f64_neg", T(-2.25, dtype=f64))
case("scalar_f16", T(0.1, dtype=f16))
case("scalar_bf16", T(3.14159, dtype=bf16))
case("scalar_i64", T(7))
case("scalar_i32_neg", T(-42, dtype=i32))
case("scalar_u8", T(255, dtype=u8))
case("scalar_bool", T(True))
case("scalar_nan", T(nan))
case("scalar_neg_inf", T(-inf))
case("scalar_neg_zero", T(-0.))
case("scalar_zero", T(0.))
case("scalar_tiny_sci", T(1e-5))
case("scalar_huge_sci", T(123456789.0))
case("scalar_f64_1e8", T(1e8, dtype=f64))

# --- empty
case("empty_f32", torch.zeros(0))
case("empty_f32_0x3", torch.zeros(0, 3))
case("empty_f32_2x0x4", torch.zeros(2, 0, 4))
case("empty_i64", torch.zeros(0, dtype=i64))
case("empty_i64_3x0", torch.zeros(3, 0, dtype=i64))
case("empty_bool", torch.zeros(0, dtype=b))
case("empty_f64", torch.zeros(0, dtype=f64))
case("empty_f16_0x2", torch.zeros(0, 2, dtype=f16))
case("empty_u8", torch.zeros(0, dtype=u8))
case("empty_requires_grad", torch.zeros(0, 3, requires_grad=True), requires_grad=True)

# --- every dtype, 1-D
case("u8_extremes", T([0, 255, 7, 128], dtype=u8))
case("i8_extremes", T([-128, 127, 0, -1], dtype=i8))
case("i16_extremes", T([-32768, 32767, 5], dtype=i16))
case("i32_extremes", T([-2147483648, 2147483647, 0], dtype=i32))
case("i64_extremes", T([-9223372036854775808, 9223372036854775807, 1], dtype=i64))
case("i64_small", T([1, 2, 3]))
case("i64_negative_mix", T([[-1, 20], [300, -4000]]))
case("bool_1d", T([True, False, True]))
case("bool_2d", T([[True, True], [False, True]]))
case("f16_rounding", T([0.1, 1 / 3, 1000.1, 65504., -2.0009765625], dtype=f16))
case("f16_ints", T([1., 2048., 2049., -3.], dtype=f16))
case("bf16_rounding", T([0.1, 1 / 3, 3.14159, 100.5, -7.77], dtype=bf16))
case("bf16_big", T([1e20, 3.0e38, 1.0], dtype=bf16))
case("f64_plain", T([0.1, 0.2, 0.30000000000000004], dtype=f64))

# --- float formatting modes
case("seven_digits", T([1234567.0, 0.5]))
case("seven_digits_f64", T([1234567.125, 7654321.5], dtype=f64))
case("seven_digits_f32_rounded", T([1234567.8]))
case("int_floats", T([1., 2., 3.]))
case("int_floats_ratio_1000", T([1., -100., 1000.]))
case("int_floats_ratio_over_1000_sci", T([1., 10000.]))
case("int_floats_1e8", T([100000000., 3.]))
case("int_floats_over_1e8_sci", T([1e9, 2.]))
case("sci_small_and_one", T([1e-5, 1.0]))
case("sci_big_and_one", T([1e10, 1.5]))
case("sci_ratio", T([0.001, 10.]))
case("sci_min_1e-4_boundary", T([1e-4, 0.5], dtype=f64))
case("mixed_negatives", T([-1.5, 2.25, -0.001]))
case("negatives_2d", T([[-1.0, 2.5], [3.25, -4.125]]))
case("nan_inf_only", T([nan, inf, -inf]))
case("nan_inf_frac", T([1.5, nan, -inf]))
case("nan_inf_int", T([1., nan, inf]))
case("nan_inf_sci", T([1e-6, nan, inf, -2.0]))
case("zero_nan", T([0., nan]))
case("zeros", T([0., 0.]))
case("neg_zero_int", T([0., -0.]))
case("neg_zero_frac", T([-0., 1.5]))
case("neg_rounds_to_zero", T([-0.00001, 1.5, 2.0], dtype=f64))
case("half_even_ties_f64", T([0.125, 0.375, 2.5, 1.00005], dtype=f64))
case("half_even_ties_precision2", T([0.125, 0.375, 1.005], dtype=f64), opts=dict(precision=2))
case("subnormal_f64", T([5e-324, 1.0], dtype=f64))
case("sci_3digit_exponent", T([1e-300, 1e300], dtype=f64))

# --- multi-dim
case("shape_2x3", T([[1.5, 2.5, 3.5], [4.5, 5.5, 6.5]]))
case("shape_2x2x2_int", torch.arange(8).reshape(2, 2, 2))
case("shape_2x2x2x2", g((2, 2, 2, 2), (7, 23, 11, 4)))
case("shape_1x1x1", T([[[2.5]]]))
case("shape_3x1", T([[1.], [2.], [3.]]))
case("shape_2x3x4_f64", g((2, 3, 4), (5, 17, 8, 3), f64))

# --- wrapping at linewidth
case("wrap_1d_f32_30", g((30,), (13, 101, 50, 7)))
case("wrap_1d_i64_50", torch.arange(50) * 1234567)
case("wrap_2d_3x20", g((3, 20), (11, 97, 48, 5)))
case("wrap_3d_2x2x15", g((2, 2, 15), (3, 31, 15, 2)))
case("wrap_1d_f64_suffix", g((20,), (7, 41, 20, 3), f64))
case("wrap_2d_f64_suffix_newline", T([[1.12345678, 2.5, 3.25, 4.125, 5.0625, 6.5, 7.25, 8.125, 9.5, 1.25]] * 2,
                                      dtype=f64))
case("wrap_bool_40", T([i % 3 == 0 for i in range(40)]))
case("wrap_sci_1d", g((15,), (9, 1000, 1, 1)) * T(1e-6))

# --- summarisation past 1000 elements
case("summ_1d_i64_1001", torch.arange(1001))
case("summ_1d_f32_2000", g((2000,), (37, 1009, 500, 17)), gen=(37, 1009, 500, 17))
case("summ_2d_f32_100x100", g((100, 100), (7919, 1000, 500, 37)), gen=(7919, 1000, 500, 37))
case("summ_2d_i64_100x100", g((100, 100), (7919, 100000, 50000, 1), i64), gen=(7919, 100000, 50000, 1))
case("summ_2d_2x1000", g((2, 1000), (31, 977, 400, 8)), gen=(31, 977, 400, 8))
case("summ_3d_10x10x20", g((10, 10, 20), (101, 5003, 2500, 64)), gen=(101, 5003, 2500, 64))
case("summ_4d_5x5x5x10", g((5, 5, 5, 10), (13, 211, 100, 4)), gen=(13, 211, 100, 4))
case("summ_f64_1001", g((1001,), (17, 401, 200, 9), f64), gen=(17, 401, 200, 9))
case("summ_bool_1001", g((1001,), (1, 3, 1, 1), b), gen=(1, 3, 1, 1))
case("summ_sci_2d", g((40, 30), (7, 997, 0, 1)) * T(1e-7), gen=None)

# --- autograd suffixes
x = T([1.5, 2.5, 3.5], requires_grad=True)
case("requires_grad_leaf", x, requires_grad=True)
case("grad_fn_mul", x * 2, requires_grad=True, grad_fn="MulBackward0")
xd = T([[1.25, 2.5], [3.75, 5.0]], dtype=f64, requires_grad=True)
case("grad_fn_add_f64", xd + 1, requires_grad=True, grad_fn="AddBackward0")
case("grad_fn_sum_scalar", x.sum(), requires_grad=True, grad_fn="SumBackward0")
xw = g((4, 9), (13, 101, 50, 7), f64).requires_grad_()
case("grad_fn_f64_wrapped", xw * 3, requires_grad=True, grad_fn="MulBackward0")
case("requires_grad_f16", T([0.5, 1.0], dtype=f16, requires_grad=True), requires_grad=True)

# --- devices (no GPU here: hand-written, device suffix comes first)
case("device_cuda_f32", T([1., 2.]), device="cuda:0",
     expected="tensor([1., 2.], device='cuda:0')",
     note="hand-written (no CUDA here); device= is the first suffix")
case("device_cuda_f64_grad", T([0.5, 1.5], dtype=f64, requires_grad=True), device="cuda:1", requires_grad=True,
     expected="tensor([0.5000, 1.5000], device='cuda:1', dtype=torch.float64,\n       requires_grad=True)",
     note="hand-written (no CUDA here); device=, dtype=, requires_grad= in that order, wrapped past linewidth 80")
case("device_cuda_empty_i64", torch.zeros(0, 2, dtype=i64), device="cuda:0",
     expected="tensor([], device='cuda:0', size=(0, 2), dtype=torch.int64)",
     note="hand-written (no CUDA here)")

# --- print options
case("opt_short_profile", T([1.23456, 2.5, 3.14159]), opts=dict(precision=2, edgeitems=2))
case("opt_precision_0", T([0.5, 1.5, 2.5, 3.25], dtype=f64), opts=dict(precision=0))
case("opt_precision_10", T([1 / 3, 2 / 3]), opts=dict(precision=10))
case("opt_threshold_5", torch.arange(10), opts=dict(threshold=5))
case("opt_edgeitems_1", g((4, 5), (3, 7, 3, 2)), opts=dict(threshold=5, edgeitems=1))
case("opt_linewidth_40", g((3, 12), (11, 97, 48, 5)), opts=dict(linewidth=40))
case("opt_linewidth_40_suffix", T([1.5, 2.5, 3.5], dtype=f64, requires_grad=True), requires_grad=True,
     opts=dict(linewidth=40))
case("opt_linewidth_tiny", T([1.5, 2.5, 3.5]), opts=dict(linewidth=5))
case("opt_full_1001", torch.arange(1001), opts=dict(threshold=inf))
case("opt_sci_true_already_sci", T([1e-5, 1.0]), opts=dict(sci_mode=True))
case("opt_sci_false_already_fixed", T([1.5, -2.25]), opts=dict(sci_mode=False))
case("opt_sci_true_zeros_only", T([0., -0., nan]), opts=dict(sci_mode=True))
case("opt_sci_true", T([1.5, -2.25, 100.0]), opts=dict(sci_mode=True),
     expected="tensor([ 1.5000e+00, -2.2500e+00,  1.0000e+02])",
     note="PyTorch 2.x sizes columns from the forced scientific strings; 1.13 sized them from fixed strings")
case("opt_sci_true_int", T([1., 20., 300.]), opts=dict(sci_mode=True),
     expected="tensor([1.0000e+00, 2.0000e+01, 3.0000e+02])",
     note="PyTorch 2.x sizes columns from the forced scientific strings; 1.13 sized them from '{:.0f}.'")
case("opt_sci_false", T([1e-5, 1.0, -250.0]), opts=dict(sci_mode=False),
     expected="tensor([   0.0000,    1.0000, -250.0000])",
     note="PyTorch 2.x sizes columns from the forced fixed strings; 1.13 sized them from scientific strings")
case("opt_sci_false_int", T([1., 1e9]), opts=dict(sci_mode=False),
     expected="tensor([         1., 1000000000.])",
     note="PyTorch 2.x sizes columns from the forced '{:.0f}.' strings; 1.13 sized them from scientific strings")
case("opt_edgeitems_0_1d", torch.arange(2000), opts=dict(edgeitems=0),
     expected="tensor([...], size=(2000,))",
     note="PyTorch 2.x prints [...] plus size= when edgeitems=0; 1.13 printed ' ...' then every element")
case("opt_edgeitems_0_2d", g((50, 40), (3, 7, 3, 2)), gen=(3, 7, 3, 2), opts=dict(edgeitems=0),
     expected="tensor([...], size=(50, 40))",
     note="PyTorch 2.x prints [...] plus size= when edgeitems=0; 1.13 raised 'stack expects a non-empty TensorList'")
case("opt_edgeitems_0_small", T([1.5, 2.5]), opts=dict(edgeitems=0),
     expected="tensor([1.5000, 2.5000], size=(2,))",
     note="PyTorch 2.x adds size= whenever edgeitems=0, even without summarisation")

# --- random tensors and options (seeded): value mixes that switch between integer, fixed and scientific formats,
# NaN/inf/-0.0, every dtype, summarised shapes; sci_mode stays automatic and edgeitems >= 1 (2.x differs from 1.13
# for forced modes and edgeitems=0, see the cases above)
import random as _random

_rng = _random.Random(20261129)
_PRINT_DTYPES = [torch.float32, torch.float32, torch.float64, torch.float16, torch.bfloat16, torch.int64, torch.int32,
                 torch.int8, torch.uint8, torch.bool]


def _value(rng, dtype, scale):
    if dtype == torch.bool:
        return rng.random() < 0.5
    if not dtype.is_floating_point:
        lo, hi = (0, 255) if dtype == torch.uint8 else (-128, 127) if dtype == torch.int8 else (-10 ** 9, 10 ** 9)
        return rng.choice([rng.randint(lo, hi), rng.randint(max(lo, -9), 9)])
    r = rng.random()
    if r < 0.06:
        return rng.choice([math.nan, math.inf, -math.inf, -0.0])
    if r < 0.3:
        return float(rng.randint(-20, 20)) * scale
    return rng.gauss(0, 1) * scale


for _i in range(120):
    _dt = _rng.choice(_PRINT_DTYPES)
    _nd = _rng.choice([0, 1, 1, 2, 2, 3])
    _shape = [_rng.choice([0, 1, 2, 3, 5, 8]) if _rng.random() < 0.9 else _rng.choice([12, 40]) for _ in range(_nd)]
    _scale = _rng.choice([1.0, 1.0, 1e-3, 1e-6, 1e3, 1e6, 1e9, 1e12, 1e-9])
    _n = 1
    for _d in _shape:
        _n *= _d
    _vals = [_value(_rng, _dt, _scale) for _ in range(_n)]
    _t = torch.tensor(_vals, dtype=torch.float64 if _dt.is_floating_point else torch.int64 if _dt != torch.bool else torch.bool)
    _t = _t.to(_dt).reshape(_shape)
    _opts = None
    if _rng.random() < 0.5:
        _opts = dict(precision=_rng.choice([0, 1, 2, 4, 6, 8]), threshold=_rng.choice([5, 20, 1000]),
                     edgeitems=_rng.choice([1, 2, 3]), linewidth=_rng.choice([20, 40, 80, 120]))
    case("fuzz_%d" % _i, _t, opts=_opts)

# --- torch.Size
size_case("size_3d", (20, 5, 50))
size_case("size_0d", ())
size_case("size_1d", (7,))
size_case("size_with_zero", (0, 3))
size_case("size_4d", (1, 2, 3, 4))

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w", encoding="utf-8", newline="\n") as f:
    f.write(f"# Generated by scripts/goldens/print_goldens.py with torch {torch.__version__}; do not edit.\n")
    f.write("\n".join(out) + "\n")
print(f"wrote {len(names)} tensor cases to {os.path.normpath(OUT)}", file=sys.stderr)
