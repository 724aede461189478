"""Goldens for the window functions and the modified Bessel functions -> goldens/windows.json, read by
dev.torch4j.ops.WindowsGoldenTest.

Run: /usr/bin/python3 scripts/goldens/windows_goldens.py (PyTorch 1.13; these functions are unchanged in 2.x).

Each case: {"name", "args" (the call's arguments), "output"} for a window, or {"name", "inputs", "output",
"grads"?} for a Bessel function (the gradient of the sum in float64), or {"name", "args", "error", "expect"}.
"""
import torch

from common import t2j, write

torch.manual_seed(0)
cases = []

WINDOWS = {
    "hann": lambda n, p, dt, **kw: torch.hann_window(n, p, dtype=dt),
    "hamming": lambda n, p, dt, alpha=0.54, beta=0.46: torch.hamming_window(n, p, alpha, beta, dtype=dt),
    "blackman": lambda n, p, dt, **kw: torch.blackman_window(n, p, dtype=dt),
    "bartlett": lambda n, p, dt, **kw: torch.bartlett_window(n, p, dtype=dt),
    "kaiser": lambda n, p, dt, beta=12.0: torch.kaiser_window(n, p, beta, dtype=dt),
}
DT = {"float32": torch.float32, "float64": torch.float64}

for name in WINDOWS:
    for n in (0, 1, 2, 5, 8, 33):
        for periodic in (True, False):
            for dt in ("float32", "float64"):
                args = {"n": n, "periodic": periodic, "dtype": dt}
                cases.append({"name": name, "args": args, "output": t2j(WINDOWS[name](n, periodic, DT[dt]))})
cases.append({"name": "hamming", "args": {"n": 7, "periodic": False, "dtype": "float64", "alpha": 0.6, "beta": 0.3},
              "output": t2j(torch.hamming_window(7, False, 0.6, 0.3, dtype=torch.float64))})
cases.append({"name": "kaiser", "args": {"n": 10, "periodic": True, "dtype": "float64", "beta": 5.0},
              "output": t2j(torch.kaiser_window(10, True, 5.0, dtype=torch.float64))})
for name in WINDOWS:
    for args, expect in (({"n": -1, "periodic": True, "dtype": "float32"}, "requires non-negative window_length"),
                         ({"n": 3, "periodic": True, "dtype": "int64"}, "expects floating point dtypes")):
        try:
            WINDOWS[name](args["n"], args["periodic"], getattr(torch, args["dtype"]))
            raise AssertionError("expected an error")
        except RuntimeError as e:
            assert expect in str(e), (name, str(e))
            cases.append({"name": name, "args": args, "error": str(e).splitlines()[0], "expect": expect})

BESSEL = {"i0": torch.i0, "i0e": torch.special.i0e, "i1": torch.special.i1, "i1e": torch.special.i1e}
x = torch.tensor([-30.0, -9.5, -8.0, -2.5, -0.3, 0.0, 0.7, 1.0, 4.0, 7.99, 8.0, 8.5, 20.0, 100.0], dtype=torch.float64)
for name, f in BESSEL.items():
    xi = x.clone().requires_grad_(True)
    y = f(xi)
    y.sum().backward()
    cases.append({"name": name, "inputs": [t2j(x)], "output": t2j(y), "grads": [t2j(xi.grad)]})
    cases.append({"name": name, "inputs": [t2j(x.float())], "output": t2j(f(x.float()))})
cases.append({"name": "i0", "inputs": [t2j(torch.tensor([0, 1, 3]))], "output": t2j(torch.i0(torch.tensor([0, 1, 3])))})

write("windows", cases)
