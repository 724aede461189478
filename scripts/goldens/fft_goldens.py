"""Goldens for torch.fft -> goldens/fft.json, read by dev.torch4j.ops.FftGoldenTest.

Run: /usr/bin/python3 scripts/goldens/fft_goldens.py (PyTorch 1.13, pocketfft on the CPU).

Each case: {"name", "fn", "input" (complex inputs as view_as_real), "complex", "kwargs", "output" (complex outputs
as view_as_real), "outComplex", "gradOut"?, "grad"?} where grad is d sum(view_as_real(out) * gradOut) / d input (as
view_as_real for complex inputs), or {"name", "fn", "input", "complex", "kwargs", "error", "expect"}, or for the
frequencies {"name", "fn", "kwargs", "output"}.

kwargs are PyTorch's: n, s, dim, norm (fft functions); n, d, dtype (fftfreq, rfftfreq); dim (fftshift, ifftshift).

PyTorch 2.x: these functions, their results and messages are as in 1.13, with two exceptions recorded here.
  - fftfreq/rfftfreq with a complex dtype: 1.13 fails inside arange ("arange_cpu" not implemented for
    'ComplexFloat') although its own check admits complex dtypes; torch4j returns the real frequencies as complex
    (what the check intends). Not in the goldens.
  - a 0-d input: 1.13 reads its length as 0 ("Invalid number of data points (0) specified"); torch4j says the same.
  - fftn(x, dim=()): 1.13 returns uninitialised memory; torch4j returns the input as complex (what a transform over
    no dims is). Tested in FftGoldenTest, not here.
"""
import torch

from common import t2j, write

torch.manual_seed(7)
cases = []
F = torch.fft


def as_json(t):
    return t2j(torch.view_as_real(t.resolve_conj()) if t.is_complex() else t)


def run(name, fn, x, grad=False, **kw):
    xs = x.clone().requires_grad_(grad)
    out = getattr(F, fn)(xs, **kw)
    c = {"name": name, "fn": fn, "input": as_json(x), "complex": x.is_complex(), "kwargs": kw,
         "output": as_json(out), "outComplex": out.is_complex()}
    if grad:
        real = torch.view_as_real(out.resolve_conj()) if out.is_complex() else out
        w = torch.linspace(-1.0, 1.5, real.numel(), dtype=real.dtype).reshape(real.shape)
        (real * w).sum().backward()
        c["gradOut"] = t2j(w)
        c["grad"] = as_json(xs.grad)
    cases.append(c)


def error(name, fn, x, expect, **kw):
    try:
        getattr(F, fn)(x, **kw)
    except (RuntimeError, IndexError) as e:
        msg = str(e)
        assert expect in msg, (name, msg)
        cases.append({"name": name, "fn": fn, "input": as_json(x), "complex": x.is_complex(), "kwargs": kw,
                      "error": msg.splitlines()[0], "expect": expect})
        return
    raise AssertionError("expected an error: " + name)


def real(*shape, dtype=torch.float64):
    return torch.randn(*shape, dtype=dtype)


def cplx(*shape, dtype=torch.complex128):
    return torch.randn(*shape, dtype=dtype)


NORMS = (None, "backward", "forward", "ortho")

# ---- one dim: every function, every norm, odd/even/prime/power-of-two/Bluestein lengths, float32 and float64
for n in (1, 2, 5, 8, 12, 17, 64, 97, 100, 257):
    b, g = (3, True) if n <= 17 else (1, False)    # long signals: one row, gradients from the short ones
    for fn in ("fft", "ifft"):
        run(f"{fn}/len{n}/complex128", fn, cplx(b, n), grad=g)
        run(f"{fn}/len{n}/float64", fn, real(b, n), grad=g)
        run(f"{fn}/len{n}/complex64", fn, cplx(1, n, dtype=torch.complex64))
    for fn in ("rfft", "ihfft"):
        run(f"{fn}/len{n}/float64", fn, real(b, n), grad=g)
        run(f"{fn}/len{n}/float32", fn, real(1, n, dtype=torch.float32))
    m = n // 2 + 1
    for fn in ("irfft", "hfft"):
        # the default output length 2 (m - 1) and an odd one; DC and Nyquist have imaginary parts (ignored)
        run(f"{fn}/len{n}/complex128", fn, cplx(b, max(n, 2)), grad=g)
        run(f"{fn}/len{n}/odd/complex128", fn, cplx(b, m), grad=g, n=2 * m - 1)
        run(f"{fn}/len{n}/complex64", fn, cplx(1, max(n, 2), dtype=torch.complex64))
        run(f"{fn}/len{n}/real_input", fn, real(1, max(n, 2)), grad=g)
run("fft/bluestein_grad", "fft", cplx(1, 263), grad=True)
run("irfft/bluestein_grad", "irfft", cplx(1, 140), grad=True, n=278)
run("fft/mixed_grad", "fft", real(2, 60), grad=True)

for fn in ("fft", "ifft", "rfft", "ihfft", "irfft", "hfft"):
    x = cplx(4, 6) if fn in ("fft", "ifft", "irfft", "hfft") else real(4, 6)
    for norm in NORMS:
        kw = {} if norm is None else {"norm": norm}
        run(f"{fn}/norm/{norm}", fn, x, grad=True, **kw)
        run(f"{fn}/norm/{norm}/pad_dim0", fn, x, grad=True, n=7, dim=0, **kw)
    run(f"{fn}/trim", fn, x, grad=True, n=3)
    run(f"{fn}/pad", fn, x, grad=True, n=11, dim=-1)
    run(f"{fn}/dim0_pad", fn, x, grad=True, n=9, dim=0, norm="ortho")
    run(f"{fn}/3d_dim1", fn, (cplx if x.is_complex() else real)(2, 5, 3), grad=True, dim=1)
    run(f"{fn}/noncontiguous", fn, x.t(), grad=True, dim=0)
run("fft/int64_input", "fft", torch.arange(6))
run("fft/bool_input", "fft", torch.tensor([True, False, True]))
run("rfft/int_input", "rfft", torch.arange(7))
run("irfft/float32_real_input", "irfft", real(5, dtype=torch.float32))
run("fft/large_pow2/float32", "fft", real(1 << 11, dtype=torch.float32))
run("fft/len1000/complex128", "fft", cplx(1000))
run("irfft/len1000/complex128", "irfft", cplx(501))
run("fft/large_bluestein/complex64", "fft", cplx(1031, dtype=torch.complex64))
run("fft/large_mixed/float64", "fft", real(3 * 5 * 7 * 11))
run("fft/empty_batch", "fft", cplx(0, 4))

# ---- two and n dims
for fn in ("fft2", "ifft2", "fftn", "ifftn"):
    run(f"{fn}/complex", fn, cplx(3, 4, 5), grad=True)
    run(f"{fn}/real32", fn, real(4, 6, dtype=torch.float32))
    for norm in NORMS[1:]:
        run(f"{fn}/norm/{norm}", fn, cplx(3, 5), grad=True, norm=norm)
    run(f"{fn}/s_pad_trim", fn, cplx(2, 4, 5), grad=True, s=(6, 3))
    run(f"{fn}/s_minus1", fn, cplx(2, 4, 5), s=(-1, 7))
    run(f"{fn}/dims", fn, cplx(3, 4, 5), grad=True, dim=(0, 2))
    run(f"{fn}/s_dims", fn, cplx(3, 4, 5), grad=True, s=(5, 2), dim=(2, 0))
run("fftn/s_only_last", "fftn", cplx(3, 4, 5), s=(6,))
run("fftn/all_dims_3d", "fftn", real(2, 3, 4), grad=True)
for fn in ("rfft2", "rfftn", "ihfft2", "ihfftn"):
    run(f"{fn}/real", fn, real(3, 4, 6), grad=True)
    run(f"{fn}/float32", fn, real(4, 5, dtype=torch.float32))
    for norm in NORMS[1:]:
        run(f"{fn}/norm/{norm}", fn, real(5, 6), grad=True, norm=norm)
    run(f"{fn}/s", fn, real(2, 4, 5), grad=True, s=(3, 8))
    run(f"{fn}/dims", fn, real(3, 4, 5), grad=True, dim=(2, 0))
for fn in ("irfft2", "irfftn", "hfft2", "hfftn"):
    run(f"{fn}/complex", fn, cplx(3, 4, 4), grad=True)
    run(f"{fn}/complex64", fn, cplx(4, 5, dtype=torch.complex64))
    for norm in NORMS[1:]:
        run(f"{fn}/norm/{norm}", fn, cplx(5, 4), grad=True, norm=norm)
    run(f"{fn}/s_odd", fn, cplx(2, 4, 5), grad=True, s=(3, 7))
    run(f"{fn}/s_minus1_last", fn, cplx(2, 4, 5), s=(6, -1))
    run(f"{fn}/dims", fn, cplx(3, 4, 5), grad=True, dim=(2, 0))
    run(f"{fn}/s_dims", fn, cplx(3, 4, 5), grad=True, s=(4, 9), dim=(0, 1))

# ---- frequencies and shifts
for n in (0, 1, 2, 5, 8, 11):
    for fn in ("fftfreq", "rfftfreq"):
        for d, dt in ((1.0, None), (0.3, "float64"), (2.5, "float32")):
            kw = {"n": n, "d": d}
            if dt is not None:
                kw["dtype"] = dt
            out = getattr(F, fn)(n, d, dtype=None if dt is None else getattr(torch, dt))
            cases.append({"name": f"{fn}/{n}/{d}", "fn": fn, "kwargs": kw, "output": t2j(out)})
for fn in ("fftshift", "ifftshift"):
    run(f"{fn}/all", fn, real(4, 5), grad=True)
    run(f"{fn}/dim1", fn, real(4, 5), dim=1)
    run(f"{fn}/dims", fn, cplx(3, 4, 5), grad=True, dim=(0, -1))
    run(f"{fn}/int", fn, torch.arange(7))

# ---- errors (PyTorch's messages)
x = real(4, 5)
error("fft/norm", "fft", x, 'Invalid normalization mode: "foo"', norm="foo")
error("fft/n0", "fft", x, "Invalid number of data points (0) specified", n=0)
error("fft/dim", "fft", x, "Dimension out of range (expected to be in range of [-2, 1], but got 2)", dim=2)
error("fft/empty", "fft", torch.zeros(0), "Invalid number of data points (0) specified")
error("fft/0d", "fft", torch.tensor(1.0), "Invalid number of data points (0) specified")
error("fft/half", "fft", x.half(), "Unsupported dtype Half")
error("fft/bfloat16", "fft", x.bfloat16(), "Unsupported dtype BFloat16")
error("rfft/complex", "rfft", x.to(torch.complex64), "rfft expects a real input tensor, but got ComplexFloat")
error("ihfft/complex", "ihfft", x.to(torch.complex128), "ihfft expects a real input tensor, but got ComplexDouble")
error("irfft/length1", "irfft", torch.randn(1, dtype=torch.complex64), "Invalid number of data points (0) specified")
error("fft2/unique", "fft2", x, "FFT dims must be unique", dim=(0, 0))
error("fftn/s_dim_length", "fftn", x, "When given, dim and shape arguments must have the same length", s=(3, 3), dim=(0,))
error("fftn/s_too_long", "fftn", x, "Got shape with 3 values but input tensor only has 2 dimensions.", s=(3, 3, 3))
error("fftn/s_zero", "fftn", x, "Invalid number of data points (0) specified", s=(0, 3))
error("rfftn/complex", "rfftn", x.to(torch.complex64), "rfftn expects a real-valued input tensor, but got ComplexFloat")
error("irfftn/length1", "irfftn", torch.randn(3, 1, dtype=torch.complex64), "Invalid number of data points (0) specified")
error("rfftn/no_dims", "rfftn", x, "rfftn must transform at least one axis", dim=())
error("irfftn/no_dims", "irfftn", x, "irfftn must transform at least one axis", dim=())
error("fftshift/dim", "fftshift", x, "Dimension out of range (expected to be in range of [-2, 1], but got 5)", dim=(0, 5))
for fn, expect in (("fftfreq", "fftfreq requires a floating point or complex dtype"),
                   ("rfftfreq", "rfftfreq requires a floating point or complex dtype")):
    try:
        getattr(F, fn)(4, dtype=torch.int64)
        raise AssertionError("expected an error")
    except RuntimeError as e:
        assert expect in str(e), str(e)
        cases.append({"name": fn + "/int_dtype", "fn": fn, "kwargs": {"n": 4, "d": 1.0, "dtype": "int64"},
                      "error": str(e).splitlines()[0], "expect": expect})

write("fft", cases)
