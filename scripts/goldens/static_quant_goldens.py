"""Goldens for eager-mode post-training static quantization (StaticQuantTest): fuse_modules, prepare, calibration,
convert, and the quantized modules' outputs, with PyTorch 1.13 on the QNNPACK engine.

  /usr/bin/python3 scripts/goldens/static_quant_goldens.py
      writes library/src/test/resources/goldens/static_quant.json
  /usr/bin/python3 scripts/goldens/static_quant_goldens.py --verify
      loads interop/quantized/static_{cnn,mlp,cnn_per_channel}.pt (the converted models' state dicts as torch4j writes them,
      StaticQuantTest) into PyTorch's converted models with load_state_dict and checks their outputs against the goldens

Debian's PyTorch 1.13 has no FBGEMM (supported engines: qnnpack, onednn): the goldens set
torch.backends.quantized.engine = 'qnnpack' and use get_default_qconfig('qnnpack') (activations: HistogramObserver with
reduce_range=False; weights: MinMaxObserver, qint8, per_tensor_symmetric). HistogramObserver's forward changed in 2.x
(see histogram2x.py): the CNN's activation observer is Histogram2x, 2.x's algorithm, which torch4j follows. The MLP uses
default_qconfig (MinMaxObserver over [0, 127]), whose arithmetic 1.13 and 2.x share.

Calibration runs the float model, whose float32 sums torch4j adds in another order (the CNN's conv2 output max
differs in the last bit): the test compares the observers' statistics within 1e-6 and then loads "prepared_state"
(the calibrated model's state dict: fused weights and observer buffers) before convert, so that everything after
calibration is compared bit for bit.

QNNPACK's arithmetic, which torch4j reproduces bit for bit (the "ops" cases check it on random operands):
  * linear / conv: the bias quantized to qint32 with scale input_scale * weight_scale; int32 sums
    bias + sum (x - x_zp) * (w - w_zp); then rint((float) acc * ((w_scale * x_scale) * (1 / out_scale))) + out_zp
    clamped (to [out_zp, 255] with a fused ReLU), all in float32, rounding half to even.
  * add (add_relu): QNNPACK's fixed-point add: multipliers lrintf(scale_ratio * 2**(21 - exponent of the larger ratio)),
    a shift of 21 - that exponent, rounding half away from zero.
  * mul: no QNNPACK kernel in 1.13: (x - x_zp) * (y - y_zp) times x_scale * y_scale * (1 / out_scale) in float32,
    lrintf, plus the zero point.
  * relu, relu6, max_pool2d, flatten: on the integers, the input's scale and zero point kept.
  * adaptive_avg_pool2d: three kernels, chosen by dtype, shape and layout, each rounding its own way (adaptive_cases);
    avg_pool2d of quint8: QNNPACK's, dividing by the kernel area whatever count_include_pad says (avg_pool_cases).
  * cat: the inputs dequantized, concatenated, quantized with the output's scale and zero point.
"""
import os
import sys
import warnings

import torch
import torch.nn as nn
from torch.ao.quantization import (DeQuantStub, QConfig, QuantStub, convert, default_per_channel_weight_observer, default_qconfig,
                                   default_weight_observer, fuse_modules, prepare)
import torch.ao.nn.quantized as nnq

sys.path.insert(0, os.path.dirname(__file__))
from common import err, t2j, write  # noqa: E402
from histogram2x import Histogram2x  # noqa: E402

warnings.filterwarnings("ignore")
torch.backends.quantized.engine = "qnnpack"
QNNPACK_QCONFIG = QConfig(activation=Histogram2x.with_args(reduce_range=False), weight=default_weight_observer)
# get_default_qconfig('fbgemm') / ('x86'): reduce_range activations, per-channel weights (run here on QNNPACK)
FBGEMM_QCONFIG = QConfig(activation=Histogram2x.with_args(reduce_range=True), weight=default_per_channel_weight_observer)


class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.quant = QuantStub()
        self.conv1 = nn.Conv2d(2, 4, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(4)
        self.relu1 = nn.ReLU()
        self.pool = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(4, 6, 3)
        self.relu2 = nn.ReLU()
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(24, 5)
        self.dequant = DeQuantStub()

    def forward(self, x):
        x = self.pool(self.relu1(self.bn1(self.conv1(self.quant(x)))))
        x = self.flatten(self.relu2(self.conv2(x)))
        return self.dequant(self.fc(x))


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.quant = QuantStub()
        self.fc1 = nn.Linear(6, 8)
        self.relu1 = nn.ReLU()
        self.fc2 = nn.Linear(8, 8)
        self.skip = nnq.FloatFunctional()
        self.fc3 = nn.Linear(8, 3)
        self.dequant = DeQuantStub()

    def forward(self, x):
        h = self.relu1(self.fc1(self.quant(x)))
        return self.dequant(self.fc3(self.skip.add(h, self.fc2(h))))


def qt(t):
    return {"int_repr": t2j(t.int_repr()), "scale": t.q_scale(), "zero_point": t.q_zero_point(), "dtype": str(t.dtype)}


def qt_pc(t):
    return {"int_repr": t2j(t.int_repr()), "scales": t2j(t.q_per_channel_scales()), "zero_points": t2j(t.q_per_channel_zero_points()),
            "axis": t.q_per_channel_axis(), "dtype": str(t.dtype)}


FIXTURES = os.path.join(os.path.dirname(__file__), "..", "..", "library", "src", "test", "resources", "interop", "quantized")


def model_case(name, model, fuse, qconfig, calib, x):
    model.eval()
    float_state = {k: t2j(v) for k, v in model.state_dict().items()}
    float_out = model(x)
    fused = fuse_modules(model, fuse) if fuse else model
    fused_out = fused(x)
    fused.qconfig = qconfig
    prepared = prepare(fused)
    prepared_repr = repr(prepared)
    for b in calib:
        prepared(b)
    observers = {}
    for n, m in prepared.named_modules():
        if hasattr(m, "activation_post_process") and not isinstance(m.activation_post_process, nn.Identity):
            o = m.activation_post_process
            s, z = o.calculate_qparams()
            observers[n] = {"min_val": float(o.min_val), "max_val": float(o.max_val), "scale": t2j(s), "zero_point": t2j(z),
                            "type": type(o).__name__.replace("Histogram2x", "HistogramObserver")}
    q = convert(prepared)
    # PyTorch's own checkpoint of the converted model (packed (weight, bias) tuples, dtypes, _metadata), which torch4j loads
    torch.save(q.state_dict(), os.path.join(FIXTURES, "pytorch_static_" + name + ".pt"))
    layers = {}
    for n, m in q.named_modules():
        if hasattr(m, "weight") and callable(m.weight):
            w = m.weight()
            layers[n] = {"type": type(m).__name__, "weight": qt(w) if w.qscheme() == torch.per_tensor_affine else qt_pc(w), "bias": None if m.bias() is None else t2j(m.bias()), "scale": m.scale,
                         "zero_point": m.zero_point}
    outs = {}
    hooks = [m.register_forward_hook(lambda mod, i, o, n=n: outs.__setitem__(n, qt(o)))
             for n, m in q.named_modules() if n and n != "dequant"]
    out = q(x)
    for h in hooks:
        h.remove()
    sd = q.state_dict()
    return {"name": name, "fuse": fuse, "float_state": float_state, "calib": [t2j(b) for b in calib], "x": t2j(x),
            "float_out": t2j(float_out), "fused_out": t2j(fused_out), "fused_repr": repr(fused), "prepared_repr": prepared_repr.replace("Histogram2x", "HistogramObserver"), "prepared_keys": list(prepared.state_dict().keys()),
            "prepared_state": {k: t2j(v) for k, v in prepared.state_dict().items()},
            "observers": observers, "layers": layers, "module_outputs": outs, "out": t2j(out), "repr": repr(q),
            "state_keys": list(sd.keys())}


def cnn_case(name="cnn", qconfig=QNNPACK_QCONFIG):
    torch.manual_seed(1)
    model = CNN()
    with torch.no_grad():
        model.bn1.running_mean.copy_(torch.randn(4) * 0.1)
        model.bn1.running_var.copy_(torch.rand(4) + 0.5)
        model.bn1.weight.copy_(torch.rand(4) + 0.5)
        model.bn1.bias.copy_(torch.randn(4) * 0.1)
    calib = [torch.randn(4, 2, 8, 8) for _ in range(3)]
    return model_case(name, model, [["conv1", "bn1", "relu1"], ["conv2", "relu2"]], qconfig, calib, torch.randn(2, 2, 8, 8))


def mlp_case():
    torch.manual_seed(2)
    calib = [torch.randn(16, 6) * 2 for _ in range(2)]
    return model_case("mlp", MLP(), [["fc1", "relu1"]], default_qconfig, calib, torch.randn(5, 6))


def ops_cases():
    torch.manual_seed(3)
    cases = []
    for i in range(6):
        a = torch.quantize_per_tensor(torch.randn(2, 3, 4, 5) * 2, 0.01 + 0.03 * torch.rand(()).item(), int(torch.randint(0, 256, ())), torch.quint8)
        b = torch.quantize_per_tensor(torch.randn(2, 3, 4, 5), 0.01 + 0.03 * torch.rand(()).item(), int(torch.randint(0, 256, ())), torch.quint8)
        scale, zp = 0.02 + 0.05 * torch.rand(()).item(), int(torch.randint(0, 255, ()))
        f = nnq.QFunctional()
        f.scale, f.zero_point = scale, zp
        c = {"a": qt(a), "b": qt(b), "scale": scale, "zero_point": zp,
             "add": qt(f.add(a, b)), "add_relu": qt(f.add_relu(a, b)), "mul": qt(f.mul(a, b)), "cat": qt(f.cat([a, b], dim=1)),
             "relu": qt(torch.relu(a)), "relu6": qt(nnq.ReLU6()(a)), "max_pool2d": qt(nn.MaxPool2d(2, 1)(a)),
             "flatten": qt(torch.flatten(a, 1))}
        cases.append(c)
    return cases


def adaptive_cases():
    """adaptive_avg_pool2d on random shapes: QNNPACK's kernel (quint8, output dividing the input), the channels-last
    kernel (one channel or a 1x1 plane: contiguous in both formats) and the plain one, each with its own rounding."""
    torch.manual_seed(4)
    cases = []
    for i in range(40):
        n, c, h, w = 1 + i % 2, [1, 3, 2][i % 3], 1 + (i * 7) % 9, 1 + (i * 5) % 8
        oh, ow = 1 + (i * 3) % h, 1 + (i * 11) % w
        if i % 4 == 0:
            oh, ow = 1, 1
        dtype = torch.qint8 if i % 5 == 4 else torch.quint8
        lo, hi = (-128, 128) if dtype == torch.qint8 else (0, 256)
        x = torch.quantize_per_tensor(torch.randn(n, c, h, w) * 2, 0.01 + 0.05 * torch.rand(()).item(), int(torch.randint(lo + 1, hi - 1, ())), dtype)
        cases.append({"x": qt(x), "output_size": [oh, ow], "y": qt(torch.nn.functional.adaptive_avg_pool2d(x, (oh, ow)))})
    return cases


def avg_pool_cases():
    """avg_pool2d on quint8 inputs, which 1.13 always sends to QNNPACK: it divides by the kernel area whatever
    count_include_pad says (ceil_mode, whose windows QNNPACK cuts its own way, is left out)."""
    torch.manual_seed(5)
    cases = []
    for i in range(24):
        h, w = 2 + i % 7, 3 + (i * 5) % 6
        k = [1 + i % min(h, w), 1 + (i // 2) % min(h, w)]
        if k == [1, 1]:
            k = [2, 1]
        s, p = [1 + i % 2, 1 + (i // 3) % 2], [min(k[0] // 2, i % 2), min(k[1] // 2, (i // 2) % 2)]
        x = torch.quantize_per_tensor(torch.randn(2, 3, h, w) * 2, 0.01 + 0.05 * torch.rand(()).item(), int(torch.randint(1, 255, ())), torch.quint8)
        y = torch.nn.functional.avg_pool2d(x, k, s, p, count_include_pad=bool(i % 3))
        cases.append({"x": qt(x), "kernel": k, "stride": s, "padding": p, "count_include_pad": bool(i % 3), "y": qt(y)})
    return cases


def main():
    cnn, mlp, cnn_pc = cnn_case(), mlp_case(), cnn_case("cnn_per_channel", FBGEMM_QCONFIG)
    # reprs of single modules and the errors PyTorch gives
    lin = nnq.Linear(4, 3)
    reprs = {"linear": repr(lin), "conv": repr(nnq.Conv2d(2, 3, (3, 2), stride=2, padding=1, dilation=(1, 2), groups=1, bias=False)),
             "quantize": repr(nnq.Quantize(0.5, 3, torch.quint8)), "dequantize": repr(nnq.DeQuantize()),
             "qfunctional": repr(nnq.QFunctional()), "float_functional": repr(nnq.FloatFunctional()), "relu6": repr(nnq.ReLU6()),
             "quant_stub": repr(QuantStub()), "dequant_stub": repr(DeQuantStub())}
    qx = torch.quantize_per_tensor(torch.randn(2, 4), 0.1, 3, torch.quint8)
    errors = {"linear_float_input": err(lambda: lin(torch.randn(2, 4))),
              "conv_float_input": err(lambda: nnq.Conv2d(2, 3, 3)(torch.randn(1, 2, 5, 5))),
              "conv_3d_input": err(lambda: nnq.Conv2d(2, 3, 3)(torch.quantize_per_tensor(torch.randn(2, 5, 5), 0.1, 3, torch.quint8))),
              "add_shape": err(lambda: torch.ops.quantized.add(qx, torch.quantize_per_tensor(torch.randn(4, 4), 0.1, 3, torch.quint8), 0.1, 0)),
              "float_functional_converted": err(lambda: nnq.QFunctional().forward(qx))}
    write("static_quant", [cnn, mlp, cnn_pc, {"name": "ops", "ops": ops_cases(), "adaptive_avg_pool2d": adaptive_cases(), "avg_pool2d": avg_pool_cases()}, {"name": "reprs", "reprs": reprs, "errors": errors}])
    print(cnn["repr"])
    print(mlp["repr"])
    print(reprs)
    print(errors)
    print(cnn["state_keys"], mlp["state_keys"], cnn["prepared_keys"])


def verify():
    import json
    root = os.path.join(os.path.dirname(__file__), "..", "..", "library", "src", "test", "resources")
    with open(os.path.join(root, "goldens", "static_quant.json")) as f:
        cases = {c["name"]: c for c in json.load(f)["cases"]}

    def tensor(j):
        return torch.tensor(j["data"], dtype=torch.float32).reshape(j["shape"])

    cnn_fuse = [["conv1", "bn1", "relu1"], ["conv2", "relu2"]]
    for name, model, fuse, qconfig in [("cnn", CNN(), cnn_fuse, QNNPACK_QCONFIG), ("mlp", MLP(), [["fc1", "relu1"]], default_qconfig),
                                       ("cnn_per_channel", CNN(), cnn_fuse, FBGEMM_QCONFIG)]:
        c = cases[name]
        model = fuse_modules(model.eval(), fuse)
        model.qconfig = qconfig
        prepared = prepare(model)
        prepared(tensor(c["x"]) * 3)  # other statistics: the checkpoint must replace them
        q = convert(prepared)
        q.load_state_dict(torch.load(os.path.join(root, "interop", "quantized", "static_" + name + ".pt")))
        assert torch.equal(q(tensor(c["x"])), tensor(c["out"])), name + ": PyTorch's output from torch4j's checkpoint differs"
        print("verified static_" + name + ".pt with torch", torch.__version__)


if __name__ == "__main__":
    verify() if "--verify" in sys.argv else main()
