#!/usr/bin/python3
"""Writes library/src/test/resources/goldens/print_complex.txt: repr() of complex tensors from real PyTorch.

Run from the repository root with a Python that has torch (here /usr/bin/python3, PyTorch 1.13):
    /usr/bin/python3 scripts/goldens/complex_print_goldens.py

PyTorch 1.13 and 2.x format complex tensors with the same code (_tensor_str's real and imaginary _Formatter pair,
_vector_str's _val_formatter, _str_intern's default complex dtype). The one 2.x change the real formatter has
(forced sci_mode sizing columns from the notation printed, see print_goldens.py) is avoided here: forced sci_mode
cases use values whose automatic mode is already the forced one, where 1.13 and 2.x agree. Cases with
device='cuda:0' are hand-written (no GPU here) and carry a note.

File format (UTF-8, '\n'), as print.txt but for complex values:
    case <name>
    dtype <complex64|complex128>
    shape <d0> <d1> ...            (nothing after 'shape' for a 0-d tensor)
    values <re> <im> <re> <im> ... each part as float.hex() of the exact value (inf, -inf, nan); or
    gen <A> <B> <C> <D> <E> <F> <G> <H>
                                   element i (row-major) is float(((i*A) % B - C) / D) + 1j * float(((i*E) % F - G) / H),
                                   each part cast to the dtype's part type
    [default_dtype float64]        torch.set_default_dtype in effect (float32 otherwise)
    [device cuda:0]
    [requires_grad 1]
    [grad_fn <Name>]
    [options precision=4 threshold=1000 edgeitems=3 linewidth=80 sci_mode=None]
    [note <text>]
    expected <n>                   followed by n lines of repr
    end
"""
import math
import os
import sys

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "library", "src", "test", "resources", "goldens", "print_complex.txt")
DEFAULT_OPTS = dict(precision=4, threshold=1000, edgeitems=3, linewidth=80, sci_mode=None)
DTYPES = {torch.complex64: "complex64", torch.complex128: "complex128"}
c64, c128 = torch.complex64, torch.complex128
nan, inf = float("nan"), float("inf")

out = []
names = set()


def hexf(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return float(v).hex()


def parts(n, g):
    a, b, c, d, e, f, gg, h = g
    return ([((i * a) % b - c) / d for i in range(n)], [((i * e) % f - gg) / h for i in range(n)])


def C(re, im, dtype=c64, shape=None):
    """torch.complex of two real lists (keeps -0.0, nan and inf parts exactly as given)."""
    real = torch.float32 if dtype == c64 else torch.float64
    z = torch.complex(torch.tensor(re, dtype=torch.float64).to(real), torch.tensor(im, dtype=torch.float64).to(real))
    return z.reshape(shape) if shape is not None else z


def G(shape, g, dtype=c64):
    n = math.prod(shape)
    re, im = parts(n, g)
    return C(re, im, dtype, shape)


def case(name, t, *, gen=None, default_dtype=None, requires_grad=False, grad_fn=None, opts=None, device=None,
         expected=None, note=None):
    assert name not in names, name
    names.add(name)
    o = dict(DEFAULT_OPTS)
    o.update(opts or {})
    if default_dtype is not None:
        torch.set_default_dtype(default_dtype)
    torch.set_printoptions(**o)
    try:
        actual = repr(t)
    finally:
        torch.set_printoptions(profile="default")
        torch.set_default_dtype(torch.float32)
    if grad_fn:
        assert type(t.grad_fn).__name__ == grad_fn, type(t.grad_fn).__name__
    if requires_grad:
        assert t.requires_grad
    out.append(f"case {name}")
    out.append(f"dtype {DTYPES[t.dtype]}")
    out.append(("shape " + " ".join(str(s) for s in t.shape)).rstrip())
    d = t.detach()
    if gen is not None:
        assert torch.equal(G(tuple(t.shape), gen, t.dtype), d), name
        out.append("gen " + " ".join(str(x) for x in gen))
    else:
        flat = torch.view_as_real(d.reshape(-1)).reshape(-1).tolist()
        out.append(("values " + " ".join(hexf(v) for v in flat)).rstrip())
    if default_dtype is not None:
        out.append("default_dtype " + str(default_dtype).replace("torch.", ""))
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
    text = expected if expected is not None else actual
    lines = text.split("\n")
    out.append(f"expected {len(lines)}")
    out.extend(lines)
    out.append("end")


# --- the contract examples and int mode
case("ints", C([1., 3.], [2., -1.]))
case("fixed", C([1., -3.], [0.5, -2.]))
case("ints_f64", C([1., 3.], [2., -1.], c128))
case("real_int_imag_frac", C([1., 20., -300.], [0.25, -1.5, 2.]))
case("real_frac_imag_int", C([0.5, 1.25], [7., -70.]))
case("widths_differ", C([-123.5, 1.0], [0.5, 1000.25]))

# --- 0-d
case("scalar", torch.tensor(1.5 - 2j))
case("scalar_int", torch.tensor(3 + 4j))
case("scalar_zero", torch.tensor(0j))
case("scalar_neg_zero_parts", C(-0.0, -0.0))
case("scalar_pos_real_neg_zero_imag", C(1.0, -0.0))
case("scalar_nan_inf", C(nan, inf))
case("scalar_neg_inf_nan", C(-inf, nan))
case("scalar_f64", torch.tensor(2.25 + 1e-7j, dtype=c128))
case("scalar_sci", torch.tensor(1e10 + 1j))

# --- nan / inf / zeros
case("nan_inf_parts", C([nan, 1.5, -inf], [inf, nan, -2.25]))
case("nan_inf_only", C([nan, inf], [-inf, nan]))
case("zeros", torch.zeros(3, dtype=c64))
case("neg_zero_imag", C([1., 2.], [-0.0, 0.0]))
case("imag_all_zero_frac_real", C([0.5, -1.25], [0., 0.]))

# --- scientific mode, per part
case("sci_real_only", C([1e-5, 1.0], [1., 2.]))
case("sci_imag_only", C([1.5, 2.5], [1e-6, 3.]))
case("sci_both", C([1e10, -2.0], [1e-8, 5.5]))
case("sci_big_ratio", C([0.001, 10.], [1., 2.]))
case("sci_f64_3digit_exp", C([1e-300, 1.0], [1e300, -1.0], c128))
case("rounding_f32", C([0.1, 1 / 3], [2 / 3, -0.7]))
case("half_even_f64", C([0.125, 2.5], [0.375, 1.00005], c128))

# --- empty
case("empty", torch.zeros(0, dtype=c64))
case("empty_c128", torch.zeros(0, dtype=c128))
case("empty_0x3", torch.zeros(0, 3, dtype=c64))
case("empty_c128_default_f64", torch.zeros(0, dtype=c128), default_dtype=torch.float64)

# --- dtype suffix and the default dtype
case("c128_suffix", C([0.5, 1.5], [-1., 2.], c128))
case("c64_default_f64_suffix", C([0.5, 1.5], [-1., 2.], c64), default_dtype=torch.float64)
case("c128_default_f64_no_suffix", C([0.5, 1.5], [-1., 2.], c128), default_dtype=torch.float64)

# --- multi-dim and wrapping
case("shape_2x2", C([1., 2., 3., 4.], [-1., 0.5, 2., -3.], shape=(2, 2)))
case("shape_2x1x3", G((2, 1, 3), (7, 23, 11, 4, 5, 19, 9, 8)))
case("wrap_1d_20", G((20,), (13, 101, 50, 7, 11, 97, 48, 5)))
case("wrap_2d_3x10", G((3, 10), (11, 97, 48, 5, 3, 31, 15, 2)))
case("wrap_1d_c128_suffix", G((12,), (7, 41, 20, 3, 5, 37, 18, 7), c128))
case("wrap_sci", G((10,), (9, 1000, 1, 1, 7, 13, 6, 1)) * 1e-6)

# --- summarisation
case("summ_1d_2000", G((2000,), (37, 1009, 500, 17, 41, 997, 480, 13)), gen=(37, 1009, 500, 17, 41, 997, 480, 13))
case("summ_2d_40x30", G((40, 30), (7919, 1000, 500, 37, 13, 211, 100, 4)), gen=(7919, 1000, 500, 37, 13, 211, 100, 4))
case("summ_3d_10x10x20_c128", G((10, 10, 20), (101, 5003, 2500, 64, 17, 401, 200, 9), c128),
     gen=(101, 5003, 2500, 64, 17, 401, 200, 9))
case("summ_imag_sci_in_kept_only", G((1001,), (1, 1001, 0, 1, 1, 7, 3, 1)), gen=(1, 1001, 0, 1, 1, 7, 3, 1))

# --- autograd suffixes
z = C([1.5, -2.], [0.5, 3.]).requires_grad_()
case("requires_grad_leaf", z, requires_grad=True)
case("grad_fn_mul", z * 2, requires_grad=True, grad_fn="MulBackward0")
zw = G((3, 7), (13, 101, 50, 7, 11, 97, 48, 5), c128).requires_grad_()
case("grad_fn_c128_wrapped", zw * 3, requires_grad=True, grad_fn="MulBackward0")

# --- devices (hand-written: no CUDA here; the device= suffix comes first, see _str_intern)
case("device_cuda", C([1., 3.], [2., -1.]), device="cuda:0",
     expected="tensor([1.+2.j, 3.-1.j], device='cuda:0')", note="hand-written (no CUDA here); device= is the first suffix")
case("device_cuda_c128_grad", C([0.5], [1.5], c128).requires_grad_(), device="cuda:0", requires_grad=True,
     expected="tensor([0.5000+1.5000j], device='cuda:0', dtype=torch.complex128,\n       requires_grad=True)",
     note="hand-written (no CUDA here); device=, dtype=, requires_grad= in that order, wrapped past linewidth 80")

# --- print options
case("opt_precision_2", C([1 / 3, -2.5], [0.125, 1.005], c128), opts=dict(precision=2))
case("opt_precision_0", C([0.5, 1.5], [2.5, -3.25], c128), opts=dict(precision=0))
case("opt_precision_8", C([1 / 3], [2 / 3]), opts=dict(precision=8))
case("opt_threshold_5", G((10,), (3, 7, 3, 2, 5, 11, 5, 4)), opts=dict(threshold=5))
case("opt_edgeitems_1", G((4, 5), (3, 7, 3, 2, 5, 11, 5, 4)), opts=dict(threshold=5, edgeitems=1))
case("opt_linewidth_40", G((2, 8), (11, 97, 48, 5, 3, 31, 15, 2)), opts=dict(linewidth=40))
case("opt_linewidth_tiny", C([1.5, 2.5], [-1., 0.25]), opts=dict(linewidth=5))
case("opt_sci_true_already_sci", C([1e-5, 1.0], [1e6, 2e-6]), opts=dict(sci_mode=True))
case("opt_sci_false_already_fixed", C([1.5, -2.25], [0.5, 3.]), opts=dict(sci_mode=False))
case("opt_full_1001", G((1001,), (1, 1001, 0, 1, 1, 7, 3, 1)), gen=(1, 1001, 0, 1, 1, 7, 3, 1),
     opts=dict(threshold=inf))

# --- random complex tensors (seeded): parts mixing integers, fractions and scales 1e-9..1e12 (each part chooses its
# own format), NaN/inf/-0.0, 0-d to 3-d and summarised shapes, random precision/threshold/edgeitems/linewidth;
# sci_mode stays automatic (see the docstring)
import random as _random

_rng = _random.Random(20261129)


def _part(scale):
    r = _rng.random()
    if r < 0.06:
        return _rng.choice([nan, inf, -inf, -0.0])
    if r < 0.3:
        return float(_rng.randint(-20, 20)) * scale
    return _rng.gauss(0, 1) * scale


for _i in range(80):
    _nd = _rng.choice([0, 1, 1, 2, 2, 3])
    _shape = [_rng.choice([0, 1, 2, 3, 5]) if _rng.random() < 0.9 else _rng.choice([12, 40]) for _ in range(_nd)]
    _n = 1
    for _d in _shape:
        _n *= _d
    _sr, _si = _rng.choice([1.0, 1e-3, 1e3, 1e6, 1e-9, 1e12]), _rng.choice([1.0, 1e-3, 1e3, 1e6, 1e-9, 1e12])
    _t = C([_part(_sr) for _ in range(_n)], [_part(_si) for _ in range(_n)], _rng.choice([c64, c128]), _shape)
    _opts = None
    if _rng.random() < 0.5:
        _opts = dict(precision=_rng.choice([0, 1, 2, 4, 6]), threshold=_rng.choice([5, 20, 1000]),
                     edgeitems=_rng.choice([1, 2, 3]), linewidth=_rng.choice([30, 80, 120]))
    case("fuzz_%d" % _i, _t, opts=_opts)

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w", encoding="utf-8", newline="\n") as f:
    f.write(f"# Generated by scripts/goldens/complex_print_goldens.py with torch {torch.__version__}; do not edit.\n")
    f.write("\n".join(out) + "\n")
print(f"wrote {len(names)} complex cases to {os.path.normpath(OUT)}", file=sys.stderr)
