"""Goldens for torch.stft and torch.istft -> goldens/stft.json, read by dev.torch4j.ops.StftGoldenTest.

Run: /usr/bin/python3 scripts/goldens/stft_goldens.py (PyTorch 1.13).

Each case: {"name", "inputs": [signal or spectrum (complex as view_as_real), window or null], "kwargs",
"output" (complex outputs as view_as_real), "grads"?: d sum(|out|^2 weighted) / d inputs} or {"name", "inputs",
"kwargs", "error", "expect"}.

PyTorch 2.x differences followed here (1.13 only warns):
  - stft of a real input needs return_complex to be given;
  - istft needs a complex input.
"""
import torch

from common import t2j, write

torch.manual_seed(3)
cases = []


def as_json(t):
    return t2j(torch.view_as_real(t) if t.is_complex() else t)


def run(name, fn, x, window, kw, grad=False):
    xs = x.clone().requires_grad_(grad)
    ws = None if window is None else window.clone().requires_grad_(grad)
    out = fn(xs, window=ws, **kw)
    c = {"name": name, "inputs": [as_json(x), None if window is None else t2j(window)], "kwargs": kw,
         "output": as_json(out)}
    if grad:
        real = torch.view_as_real(out) if out.is_complex() else out
        w = torch.linspace(-1.0, 1.5, real.numel(), dtype=torch.float64).reshape(real.shape)
        (real * w).sum().backward()
        c["gradOut"] = t2j(w)
        c["grads"] = [as_json(xs.grad), None if ws is None else t2j(ws.grad)]
    cases.append(c)


def error(name, fn, x, window, kw, expect):
    try:
        fn(x, window=window, **kw)
    except RuntimeError as e:
        msg = str(e)
        assert expect in msg, (name, msg)
        cases.append({"name": name, "inputs": [as_json(x), None if window is None else t2j(window)], "kwargs": kw,
                      "error": msg.splitlines()[0], "expect": expect})
        return
    raise AssertionError("expected an error: " + name)


x1 = torch.randn(100, dtype=torch.float64)
x2 = torch.randn(3, 64, dtype=torch.float64)
hann16 = torch.hann_window(16, dtype=torch.float64)
ham6 = torch.hamming_window(6, dtype=torch.float64)
S = torch.stft
run("stft/1d_hann_center", S, x1, hann16, {"n_fft": 16, "return_complex": True}, grad=True)
run("stft/batch_short_window_no_center", S, x2, ham6, {"n_fft": 8, "hop_length": 2, "win_length": 6, "center": False,
                                                        "return_complex": True}, grad=True)
run("stft/constant_pad_normalized_twosided", S, x1, hann16, {"n_fft": 16, "hop_length": 5, "pad_mode": "constant",
                                                             "normalized": True, "onesided": False, "return_complex": True})
run("stft/no_window", S, x1, None, {"n_fft": 10, "hop_length": 3, "return_complex": True}, grad=True)
run("stft/odd_nfft_replicate", S, x2, None, {"n_fft": 9, "pad_mode": "replicate", "return_complex": True})
run("stft/float32", S, x1.float(), hann16.float(), {"n_fft": 16, "return_complex": True})
run("stft/return_real", S, x1, hann16, {"n_fft": 16, "hop_length": 8, "return_complex": False})
xc = torch.randn(40, dtype=torch.complex128)
run("stft/complex_input", S, xc, None, {"n_fft": 8, "return_complex": True}, grad=True)

spec = torch.stft(x1, 16, window=hann16, return_complex=True)
I = torch.istft
run("istft/roundtrip_hann", I, spec, hann16, {"n_fft": 16}, grad=True)
run("istft/length_longer", I, spec, hann16, {"n_fft": 16, "length": 110})
run("istft/length_shorter", I, spec, hann16, {"n_fft": 16, "length": 90})
ham8 = torch.hamming_window(8, dtype=torch.float64)
spec2 = torch.stft(x2, 8, hop_length=2, window=ham8, center=False, return_complex=True)
run("istft/batch_no_center", I, spec2, ham8, {"n_fft": 8, "hop_length": 2, "center": False}, grad=True)
spec4 = torch.stft(x2, 8, hop_length=2, win_length=6, window=ham6, return_complex=True)
run("istft/short_window_center", I, spec4, ham6, {"n_fft": 8, "hop_length": 2, "win_length": 6}, grad=True)
rnd = torch.randn(9, 7, dtype=torch.complex128)
run("istft/arbitrary_spectrum", I, rnd, torch.hann_window(16, dtype=torch.float64), {"n_fft": 16, "hop_length": 4},
    grad=True)
spec3 = torch.stft(x1, 16, window=hann16, normalized=True, onesided=False, return_complex=True)
run("istft/twosided_normalized_complex_out", I, spec3, hann16, {"n_fft": 16, "normalized": True, "onesided": False,
                                                               "return_complex": True})
run("istft/no_window", I, torch.stft(x1, 10, hop_length=3, return_complex=True), None, {"n_fft": 10, "hop_length": 3})

xf = torch.randn(20)
# stft of a real input without return_complex: 1.13 warns, 2.x refuses; the Java test checks 2.x's message
error("stft/n_fft_too_large", S, xf, None, {"n_fft": 40, "center": False, "return_complex": True},
      expect="expected 0 < n_fft < 20, but got n_fft=40")
error("stft/hop_zero", S, xf, None, {"n_fft": 8, "hop_length": 0, "return_complex": True},
      expect="expected hop_length > 0, but got hop_length=0")
error("stft/win_length", S, xf, None, {"n_fft": 8, "win_length": 9, "return_complex": True},
      expect="expected 0 < win_length <= n_fft, but got win_length=9")
error("stft/window_size", S, xf, torch.ones(5), {"n_fft": 8, "return_complex": True},
      expect="expected a 1D window tensor of size equal to win_length=8, but got window with size [5]")
error("stft/3d", S, torch.randn(2, 2, 20), None, {"n_fft": 8, "return_complex": True}, expect="expected a 1D or 2D tensor")
sx = torch.stft(xf, 8, return_complex=True, window=torch.hann_window(8))
error("istft/nola", I, sx, torch.hann_window(8), {"n_fft": 8, "center": False}, expect="window overlap add min: 1")

write("stft", cases)
