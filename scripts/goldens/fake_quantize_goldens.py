"""Goldens for fake quantization and the torch.ao.quantization observers / FakeQuantize module
(FakeQuantizeTest, ObserverTest). Run with /usr/bin/python3 (torch 1.13).

torch 1.13 and 2.x agree on the float32 CPU kernels (x * (1/scale) in float, nearbyint, clamp; the fused
multiply-add in zp + x * inv_scale), the LSQ backward, the min/max observers' qparams arithmetic, FakeQuantize,
FusedMovingAvgObsFakeQuantize and their reprs. HistogramObserver's forward changed in 2.x: its cases come from
Histogram2x below, 2.x's algorithm run on 1.13's ops (the search for min/max is unchanged).
"""
import torch
import warnings
from torch.ao.quantization import (FusedMovingAvgObsFakeQuantize, HistogramObserver, MinMaxObserver, MovingAverageMinMaxObserver, PerChannelMinMaxObserver,
                                   MovingAveragePerChannelMinMaxObserver, FakeQuantize)

from common import err, t2j, write
from histogram2x import Histogram2x

warnings.filterwarnings("ignore")
torch.manual_seed(0)
cases = []


def fq_case(name, x, args, f, w=None):
    x = x.clone().requires_grad_(True)
    y = f(x)
    w = torch.randn(y.shape, dtype=y.dtype) if w is None else w
    (y * w).sum().backward()
    cases.append({"kind": name, "x": t2j(x), "args": args, "out": t2j(y), "w": t2j(w), "grad": t2j(x.grad),
                  "grad_fn": type(y.grad_fn).__name__})


# per tensor: random values, exact halfway points (ties round to even) and values past both ends
for scale, zp, qmin, qmax in [(0.1, 0, 0, 255), (0.037, 13, 0, 255), (0.25, 0, -128, 127), (1 / 3, -3, -8, 7)]:
    x = torch.cat([torch.randn(20) * 3, torch.arange(-12, 13, dtype=torch.float32) * 0.5 * scale,
                   torch.tensor([1e4, -1e4, 0.0])])
    fq_case("per_tensor", x, [scale, zp, qmin, qmax],
            lambda x: torch.fake_quantize_per_tensor_affine(x, scale, zp, qmin, qmax))
    fq_case("per_tensor", x.double(), [scale, zp, qmin, qmax],
            lambda x: torch.fake_quantize_per_tensor_affine(x, scale, zp, qmin, qmax))
    sc, z = torch.tensor(scale), torch.tensor(zp, dtype=torch.int32)
    fq_case("per_tensor_tensor_qparams", x, [scale, zp, qmin, qmax],
            lambda x: torch.fake_quantize_per_tensor_affine(x, sc, z, qmin, qmax))

# per channel: int32 and float zero points, axes 0 and 1 and -1, float32 and float64
x = torch.randn(3, 4, 5) * 2
for axis in [0, 1, 2]:
    n = x.shape[axis]
    scale = torch.rand(n) * 0.2 + 0.01
    for zp in [torch.randint(-5, 6, (n,), dtype=torch.int32), torch.rand(n) * 10 - 5]:
        for dt in [torch.float32, torch.float64]:
            xs = x.to(dt)
            fq_case("per_channel", xs, {"scale": t2j(scale), "zero_point": t2j(zp), "axis": axis, "qmin": -8, "qmax": 7},
                    lambda x: torch.fake_quantize_per_channel_affine(x, scale, zp, axis, -8, 7))

# learnable (LSQ) forms: the gradients of x, scale and zero point, grad_factor included
def lsq_case(name, x, scale, zp, args, f):
    x, scale, zp = (t.clone().requires_grad_(True) for t in (x, scale, zp))
    y = f(x, scale, zp)
    w = torch.randn(y.shape)
    (y * w).sum().backward()
    cases.append({"kind": name, "x": t2j(x), "scale": t2j(scale), "zero_point": t2j(zp), "args": args, "out": t2j(y),
                  "w": t2j(w), "grad": t2j(x.grad), "grad_scale": t2j(scale.grad), "grad_zero_point": t2j(zp.grad),
                  "grad_fn": type(y.grad_fn).__name__})


for scale, zp, qmin, qmax, gf in [(0.1, 3.3, 0, 255, 1.0), (0.05, -2.5, -8, 7, 0.5), (0.2, 0.5, 0, 15, 2.0),
                                  (0.07, 300.0, 0, 255, 1.0)]:
    x = torch.cat([torch.randn(30) * 2, torch.arange(-6, 7, dtype=torch.float32) * 0.5 * scale])
    lsq_case("learnable_per_tensor", x, torch.tensor([scale]), torch.tensor([zp]), [qmin, qmax, gf],
             lambda x, s, z: torch._fake_quantize_learnable_per_tensor_affine(x, s, z, qmin, qmax, gf))
x = torch.randn(3, 4, 5) * 2
for axis, gf in [(0, 1.0), (1, 0.25), (2, 1.0)]:
    n = x.shape[axis]
    lsq_case("learnable_per_channel", x, torch.rand(n) * 0.2 + 0.02, torch.rand(n) * 8 - 4, [axis, -8, 7, gf],
             lambda x, s, z: torch._fake_quantize_learnable_per_channel_affine(x, s, z, axis, -8, 7, gf))

# halfway cases that PyTorch's fused multiply-add decides: -0.3f * 5 + 1 is -0.50000006, not -0.5
fq_case("per_channel", torch.full((2, 3), -0.3), {"scale": t2j(torch.tensor([0.2, 0.2])),
        "zero_point": t2j(torch.tensor([1.0, 1.0])), "axis": 0, "qmin": -5, "qmax": 15},
        lambda x: torch.fake_quantize_per_channel_affine(x, torch.tensor([0.2, 0.2]), torch.tensor([1.0, 1.0]), 0, -5, 15))
lsq_case("learnable_per_channel", torch.full((2, 3), -0.3), torch.tensor([0.2, 0.2]), torch.tensor([1.0, 1.0]),
         [0, 0, 15, 1.0], lambda x, s, z: torch._fake_quantize_learnable_per_channel_affine(x, s, z, 0, 0, 15, 1.0))

X = torch.randn(2, 3)
s2, z2 = torch.tensor([0.1, 0.2]), torch.tensor([0, 1], dtype=torch.int32)
cases.append({"kind": "errors", "messages": {
    "per_tensor_qrange": err(lambda: torch.fake_quantize_per_tensor_affine(X, 0.1, 0, 5, 2)),
    "per_tensor_zp": err(lambda: torch.fake_quantize_per_tensor_affine(X, 0.1, 300, 0, 255)),
    "per_channel_axis": err(lambda: torch.fake_quantize_per_channel_affine(X, s2, z2, 2, 0, 255)),
    "per_channel_axis_negative": err(lambda: torch.fake_quantize_per_channel_affine(X, s2, z2, -1, 0, 255)),
    "per_channel_zp_dtype": err(lambda: torch.fake_quantize_per_channel_affine(X, s2, z2.long(), 0, 0, 255)),
    "per_channel_sizes": err(lambda: torch.fake_quantize_per_channel_affine(X, s2[:1], z2, 0, 0, 255)),
    "per_channel_qrange": err(lambda: torch.fake_quantize_per_channel_affine(X, s2, z2, 0, 5, 2)),
    "per_channel_zp": err(lambda: torch.fake_quantize_per_channel_affine(
        X, s2, torch.tensor([0, 300], dtype=torch.int32), 0, 0, 255)),
    "per_channel_scale_len": err(lambda: torch.fake_quantize_per_channel_affine(
        X, torch.tensor([0.1, 0.2, 0.3]), torch.tensor([0, 1, 2], dtype=torch.int32), 0, 0, 255)),
}})

# observers: the state after each of three inputs
inputs = [torch.randn(4, 6) * 2 + 0.5, torch.randn(4, 6) * 0.5 - 1, torch.randn(4, 6) * 3 + 2]
QS = {"quint8": torch.quint8, "qint8": torch.qint8, "qint32": torch.qint32}
SCHEMES = {"per_tensor_affine": torch.per_tensor_affine, "per_tensor_symmetric": torch.per_tensor_symmetric,
           "per_channel_affine": torch.per_channel_affine, "per_channel_symmetric": torch.per_channel_symmetric}
configs = [
    ("MinMaxObserver", {}),
    ("MinMaxObserver", {"dtype": "qint8", "qscheme": "per_tensor_symmetric"}),
    ("MinMaxObserver", {"dtype": "quint8", "qscheme": "per_tensor_symmetric"}),
    ("MinMaxObserver", {"dtype": "qint8", "reduce_range": True}),
    ("MinMaxObserver", {"dtype": "quint8", "quant_min": 0, "quant_max": 15}),
    ("MinMaxObserver", {"dtype": "quint8", "qscheme": "per_tensor_symmetric", "quant_min": 0, "quant_max": 15}),
    ("MinMaxObserver", {"dtype": "qint32"}),
    ("MinMaxObserver", {"eps": 0.5}),
    ("MovingAverageMinMaxObserver", {}),
    ("MovingAverageMinMaxObserver", {"averaging_constant": 0.25, "dtype": "qint8", "qscheme": "per_tensor_symmetric"}),
    ("PerChannelMinMaxObserver", {}),
    ("PerChannelMinMaxObserver", {"ch_axis": 1, "dtype": "qint8", "qscheme": "per_channel_symmetric"}),
    ("PerChannelMinMaxObserver", {"ch_axis": -1, "reduce_range": True}),
    ("MovingAveragePerChannelMinMaxObserver", {"averaging_constant": 0.5}),
    ("MovingAveragePerChannelMinMaxObserver", {"ch_axis": 1, "dtype": "qint8", "qscheme": "per_channel_symmetric"}),
]
CLS = {c.__name__: c for c in [MinMaxObserver, MovingAverageMinMaxObserver, PerChannelMinMaxObserver,
                               MovingAveragePerChannelMinMaxObserver]}


def py_kw(kw):
    k = dict(kw)
    if "dtype" in k:
        k["dtype"] = QS[k["dtype"]]
    if "qscheme" in k:
        k["qscheme"] = SCHEMES[k["qscheme"]]
    return k


for cls, kw in configs:
    o = CLS[cls](**py_kw(kw))
    steps = [{"repr": repr(o)}]
    s, z = o.calculate_qparams()
    steps[0].update({"scale": t2j(s), "zero_point": t2j(z)})
    for x in inputs:
        o(x)
        s, z = o.calculate_qparams()
        steps.append({"min_val": t2j(o.min_val), "max_val": t2j(o.max_val), "scale": t2j(s), "zero_point": t2j(z),
                      "repr": repr(o)})
    cases.append({"kind": "observer", "cls": cls, "kw": kw, "inputs": [t2j(x) for x in inputs], "steps": steps,
                  "quant_min": o.quant_min, "quant_max": o.quant_max, "state_keys": list(o.state_dict().keys())})



hist_inputs = [torch.randn(500) * 2 + 0.3, torch.randn(300) * 4 - 1, torch.randn(400)]
for kw, xs in [({}, hist_inputs),
               ({"bins": 256, "dtype": "qint8", "qscheme": "per_tensor_symmetric"}, hist_inputs),
               ({"bins": 64}, [torch.full((10,), 0.5), torch.tensor([-1.0, float("inf"), 2.0, 0.25]), torch.randn(50)])]:
    o = Histogram2x(**py_kw(kw))
    steps = []
    for x in xs:
        o(x)
        s_, z_ = o.calculate_qparams()
        steps.append({"min_val": t2j(o.min_val), "max_val": t2j(o.max_val), "histogram": t2j(o.histogram),
                      "scale": t2j(s_), "zero_point": t2j(z_), "repr": repr(o).replace("Histogram2x", "HistogramObserver")})
    cases.append({"kind": "histogram", "kw": kw, "inputs": [t2j(x) for x in xs], "steps": steps,
                  "state_keys": list(o.state_dict().keys())})

cases.append({"kind": "observer_errors", "messages": {
    "minmax_per_channel": err(lambda: MinMaxObserver(qscheme=torch.per_channel_affine)),
    "per_channel_per_tensor": err(lambda: PerChannelMinMaxObserver(qscheme=torch.per_tensor_affine)),
    "histogram_per_channel": err(lambda: HistogramObserver(qscheme=torch.per_channel_affine)),
    "symmetric_reduce_quint8": err(lambda: MinMaxObserver(qscheme=torch.per_tensor_symmetric, reduce_range=True)),
    "qrange_zero": err(lambda: MinMaxObserver(quant_min=1, quant_max=10)),
    "qrange_order": err(lambda: MinMaxObserver(quant_min=0, quant_max=0)),
    "qrange_len": err(lambda: MinMaxObserver(dtype=torch.qint8, quant_min=-200, quant_max=100)),
}})

# FakeQuantize: default (MovingAverageMinMaxObserver, quint8) and per channel (qint8 symmetric), with gradients
for name, mk in [
    ("default", lambda: FakeQuantize()),
    ("per_channel", lambda: FakeQuantize(observer=MovingAveragePerChannelMinMaxObserver, quant_min=-128,
                                         quant_max=127, dtype=torch.qint8, qscheme=torch.per_channel_symmetric,
                                         ch_axis=0)),
    ("custom_range", lambda: FakeQuantize(observer=MinMaxObserver, quant_min=0, quant_max=15)),
]:
    fq = mk()
    steps = [{"repr": repr(fq)}]
    for i, x in enumerate(inputs):
        if i == 2:
            fq.disable_observer()
        xr = x.clone().requires_grad_(True)
        y = fq(xr)
        w = torch.randn(y.shape)
        (y * w).sum().backward()
        steps.append({"out": t2j(y), "w": t2j(w), "grad": t2j(xr.grad), "scale": t2j(fq.scale),
                      "zero_point": t2j(fq.zero_point), "repr": repr(fq)})
    fq.disable_fake_quant()
    y = fq(inputs[0])
    steps.append({"out": t2j(y), "repr": repr(fq)})
    cases.append({"kind": "fake_quantize", "name": name, "inputs": [t2j(x) for x in inputs], "steps": steps,
                  "state_keys": list(fq.state_dict().keys())})

# FusedMovingAvgObsFakeQuantize: torch.fused_moving_avg_obs_fake_quant's own qparams (C++ ChooseQuantizationParams)
fused_inputs = [torch.randn(4, 6) * 2 + 0.5, torch.randn(4, 6) * 0.5 - 1, torch.randn(4, 6) * 3 + 2,
                torch.zeros(4, 6), torch.full((4, 6), 1e-6) + torch.arange(24.).reshape(4, 6) * 1e-7]
for name, mk in [
    ("default", lambda: FusedMovingAvgObsFakeQuantize()),
    ("symmetric", lambda: FusedMovingAvgObsFakeQuantize(qscheme=torch.per_tensor_symmetric, dtype=torch.qint8,
                                                        quant_min=-128, quant_max=127)),
    ("per_channel", lambda: FusedMovingAvgObsFakeQuantize(observer=MovingAveragePerChannelMinMaxObserver,
                                                          quant_min=-128, quant_max=127, dtype=torch.qint8,
                                                          qscheme=torch.per_channel_symmetric, ch_axis=0)),
    ("tiny", lambda: FusedMovingAvgObsFakeQuantize(averaging_constant=1.0)),
]:
    xs = fused_inputs[3:] if name == "tiny" else fused_inputs[:3]
    fq = mk()
    steps = [{"repr": repr(fq)}]
    for i, x in enumerate(xs + [xs[0]]):
        if i == len(xs):
            fq.disable_fake_quant()
        xr = x.clone().requires_grad_(True)
        y = fq(xr)
        w = torch.randn(y.shape)
        (y * w).sum().backward()
        steps.append({"out": t2j(y), "w": t2j(w), "grad": t2j(xr.grad), "scale": t2j(fq.scale),
                      "zero_point": t2j(fq.zero_point), "min_val": t2j(fq.activation_post_process.min_val),
                      "max_val": t2j(fq.activation_post_process.max_val), "repr": repr(fq),
                      "grad_fn": type(y.grad_fn).__name__})
    cases.append({"kind": "fused", "name": name, "inputs": [t2j(x) for x in xs], "steps": steps,
                  "state_keys": list(fq.state_dict().keys())})
cases.append({"kind": "fused_errors", "messages": {"axis": err(lambda: FusedMovingAvgObsFakeQuantize(
    observer=MovingAveragePerChannelMinMaxObserver, quant_min=-128, quant_max=127, dtype=torch.qint8,
    qscheme=torch.per_channel_symmetric, ch_axis=1)(torch.randn(3, 4)))}})

cases.append({"kind": "fake_quantize_errors", "messages": {
    "order": err(lambda: FakeQuantize(quant_min=10, quant_max=5)),
    "min_bound": err(lambda: FakeQuantize(quant_min=-1, quant_max=5)),
    "max_bound": err(lambda: FakeQuantize(dtype=torch.qint8, quant_min=0, quant_max=200)),
}})

from torch.ao.quantization import observer as obs_mod, fake_quantize as fq_mod  # noqa: E402

cases.append({"kind": "presets", "reprs": {n: repr(getattr(m, n)()) for m, n in [
    (obs_mod, "default_observer"), (obs_mod, "default_weight_observer"), (obs_mod, "default_histogram_observer"),
    (obs_mod, "default_per_channel_weight_observer"), (fq_mod, "default_fake_quant"),
    (fq_mod, "default_weight_fake_quant"), (fq_mod, "default_per_channel_weight_fake_quant"),
    (fq_mod, "default_histogram_fake_quant")]}})

write("fake_quantize", cases)
