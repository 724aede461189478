"""Goldens for the quantized ConvTranspose3d (QuantizedConvTranspose3dTest), with PyTorch 1.13 on the oneDNN engine.

  /usr/bin/python3 scripts/goldens/quantized_conv_transpose3d_goldens.py
      writes library/src/test/resources/goldens/quantized_conv_transpose3d.json and
      library/src/test/resources/interop/quantized/pytorch_static_net_transpose3d.pt (PyTorch's checkpoint of the model)
  /usr/bin/python3 scripts/goldens/quantized_conv_transpose3d_goldens.py --verify
      loads interop/quantized/static_net_transpose3d.pt (the converted model's state dict as torch4j writes it) into
      PyTorch's converted model and checks its output against the golden

Which engine: 1.13's QNNPACK cannot run a 3-d transposed convolution (it cannot unpack, so print or save, the weight:
"QNNPACK only supports Conv2d now", and its forward gives outputs of a wrong shape); 2.x's QNNPACK refuses it at run
time as well. oneDNN runs it, in 1.13 and in 2.x, but refuses a nonzero output_padding ("ONEDNN only supports zero
output_padding", 2.x too); FBGEMM (2.x's x86 engine; not built into Debian's 1.13) runs both.

The arithmetic: torch4j's ConvTranspose3d is QNNPACK's, as its 1-d and 2-d ones: the bias quantized to qint32 with scale
x_scale * w_scale, exact int32 sums, rint((float) acc * ((w_scale * x_scale) * (1 / out_scale))) + out_zp in float32.
oneDNN adds the float bias in float32 after scaling the sums (rint(acc * (x_scale * w_scale / out_scale) + bias /
out_scale)), so the two differ by one step where the bias's rounding to qint32 tips the result (about 1% of the
elements here; never by more). Each case therefore holds:
  * "onednn": PyTorch's output on the oneDNN engine, which the test matches within one step of the output's integers;
  * "qnnpack": QNNPACK's arithmetic computed here (qnnpack_arith), which the test matches bit for bit. The emulation is
    checked against 1.13's real QNNPACK on 2-d transposed convolutions of the same shapes (check_emulation: every
    element equal), and against oneDNN in 3-d within one step.
output_padding cases: oneDNN refuses them, so their "onednn" golden is oneDNN's output at padding 0, cut to the window
the padding and output_padding keep (output index o is full index o + padding; with output_padding <= padding every
kept index lies inside the full output). Requantization is per element, so the cut is exactly the padded output.
The model (NetT3, prepare / calibrate / convert with QNNPACK's qconfig, converted and run on oneDNN): "onednn" outputs
per module, which the test checks layer by layer (each layer fed oneDNN's input) within one step, and "qnnpack" outputs
(the model run with each transposed convolution's output replaced by qnnpack_arith's), checked bit for bit.
Repr: 1.13 prints QuantizedConvTranpose3d (its spelling, kept by torch4j for all three; 2.x prints QuantizedConvTranspose3d).
"""
import os
import sys
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.ao.quantization import DeQuantStub, QuantStub, convert, prepare
import torch.ao.nn.quantized as nnq

sys.path.insert(0, os.path.dirname(__file__))
from common import err, t2j, write  # noqa: E402
from static_quant_goldens import FBGEMM_QCONFIG, QNNPACK_QCONFIG, model_case, qt  # noqa: E402

warnings.filterwarnings("ignore")
torch.backends.quantized.engine = "onednn"


def qnnpack_arith(x, w, b, stride, padding, output_padding, dilation, groups, scale, zero_point):
    """QNNPACK's transposed convolution of quint8 x with the per-tensor qint8 weight w (float bias b or None)."""
    nd = w.dim() - 2
    xc = x.int_repr().double() - x.q_zero_point()
    wc = w.int_repr().double() - w.q_zero_point()
    f = {2: F.conv_transpose2d, 3: F.conv_transpose3d}[nd]
    acc = f(xc, wc, None, stride, padding, output_padding, groups, dilation)  # exact: integers far below 2**53
    if b is not None:
        qb = torch.quantize_per_tensor(b.float(), x.q_scale() * w.q_scale(), 0, torch.qint32).int_repr().double()
        acc = acc + qb.reshape([-1] + [1] * nd)
    f32 = lambda v: torch.tensor(v, dtype=torch.float32)  # noqa: E731
    m = (f32(w.q_scale()) * f32(x.q_scale())) * (f32(1.0) / f32(scale))
    ints = (torch.round(acc.float() * m) + zero_point).clamp(0, 255).to(torch.uint8)
    return torch._make_per_tensor_quantized_tensor(ints, scale, zero_point)


def rand_case(shape, cin, cout, kernel, groups, bias, stride, padding, output_padding, dilation):
    x = torch.quantize_per_tensor(torch.randn([2, cin] + shape) * 1.5, 0.02 + 0.03 * torch.rand(()).item(),
                                  int(torch.randint(40, 200, ())), torch.quint8)
    w = torch.quantize_per_tensor(torch.randn([cin, cout // groups] + kernel), 0.01 + 0.04 * torch.rand(()).item(), 0, torch.qint8)
    b = torch.randn(cout) * 0.5 if bias else None
    scale, zp = 0.05 + 0.1 * torch.rand(()).item(), int(torch.randint(60, 200, ()))
    return x, w, b, scale, zp


def onednn_out(x, w, b, stride, padding, output_padding, dilation, groups, scale, zp):
    """oneDNN's output; with output_padding, its padding-0 output cut to the padded window (see the docstring)."""
    m = nnq.ConvTranspose3d(w.shape[0], w.shape[1] * groups, list(w.shape[2:]), stride=stride,
                            padding=padding if not any(output_padding) else 0, groups=groups, dilation=dilation)
    m.set_weight_bias(w, b)
    m.scale, m.zero_point = scale, zp
    y = m(x)
    if any(output_padding):
        assert all(op <= p for op, p in zip(output_padding, padding))
        ints = y.int_repr()
        for d, (p, op) in enumerate(zip(padding, output_padding)):
            ints = ints.narrow(2 + d, p, ints.shape[2 + d] - 2 * p + op)
        y = torch._make_per_tensor_quantized_tensor(ints.contiguous(), scale, zp)
    return y


CONFIGS = [  # shape, cin, cout, kernel, groups, bias, stride, padding, output_padding, dilation
    ([2, 3, 3], 2, 3, [3, 3, 3], 1, True, [2, 2, 2], [1, 1, 1], [0, 0, 0], [1, 1, 1]),
    ([3, 2, 4], 3, 2, [2, 3, 2], 1, True, [1, 2, 3], [0, 1, 1], [0, 0, 0], [1, 1, 1]),
    ([2, 3, 2], 4, 6, [2, 2, 3], 2, True, [1, 1, 2], [1, 0, 1], [0, 0, 0], [2, 1, 2]),
    ([2, 2, 3], 3, 3, [3, 2, 2], 3, False, [2, 1, 1], [0, 0, 0], [0, 0, 0], [1, 3, 1]),
    ([2, 3, 3], 2, 4, [3, 3, 3], 2, True, [2, 2, 2], [1, 1, 1], [1, 1, 1], [1, 1, 1]),
    ([3, 2, 2], 2, 3, [2, 3, 3], 1, True, [2, 3, 2], [1, 2, 1], [1, 2, 0], [1, 1, 2]),
    ([2, 2, 2], 3, 3, [3, 2, 2], 3, False, [1, 2, 1], [2, 1, 1], [1, 1, 0], [2, 1, 1]),
]


def op_cases():
    torch.manual_seed(31)
    cases = []
    for shape, cin, cout, kernel, groups, bias, stride, padding, output_padding, dilation in CONFIGS:
        x, w, b, scale, zp = rand_case(shape, cin, cout, kernel, groups, bias, stride, padding, output_padding, dilation)
        args = (stride, padding, output_padding, dilation, groups, scale, zp)
        y = onednn_out(x, w, b, *args)
        e = qnnpack_arith(x, w, b, *args)
        d = (y.int_repr().int() - e.int_repr().int()).abs()
        assert d.max() <= 1, "oneDNN and QNNPACK's arithmetic more than one step apart"
        cases.append({"x": qt(x), "weight": qt(w), "bias": t2j(b) if b is not None else None, "stride": stride, "padding": padding,
                      "output_padding": output_padding, "dilation": dilation, "groups": groups, "scale": scale, "zero_point": zp,
                      "onednn": qt(y), "qnnpack": qt(e), "differing": int((d > 0).sum())})
    return cases


def check_emulation():
    """qnnpack_arith against 1.13's real QNNPACK on 2-d transposed convolutions (the CONFIGS' last two dimensions)."""
    torch.backends.quantized.engine = "qnnpack"
    torch.manual_seed(32)
    n = 0
    for _ in range(3):
        for shape, cin, cout, kernel, groups, bias, stride, padding, output_padding, dilation in CONFIGS:
            x, w, b, scale, zp = rand_case(shape[1:], cin, cout, kernel[1:], groups, bias, 0, 0, 0, 0)
            m = nnq.ConvTranspose2d(cin, cout, kernel[1:], stride=stride[1:], padding=padding[1:], output_padding=output_padding[1:],
                                    groups=groups, dilation=dilation[1:])
            m.set_weight_bias(w, b)
            m.scale, m.zero_point = scale, zp
            e = qnnpack_arith(x, w, b, stride[1:], padding[1:], output_padding[1:], dilation[1:], groups, scale, zp)
            assert torch.equal(m(x).int_repr(), e.int_repr()), "qnnpack_arith differs from QNNPACK"
            n += e.numel()
    torch.backends.quantized.engine = "onednn"
    print("qnnpack_arith equals QNNPACK on", n, "elements")


class NetT3(nn.Module):
    """ConvTranspose3d strided, padded and grouped, a ReLU, then one dilated, strided unevenly, without bias."""
    def __init__(self):
        super().__init__()
        self.quant = QuantStub()
        self.ct1 = nn.ConvTranspose3d(2, 4, 3, stride=2, padding=1, groups=2)
        self.relu = nn.ReLU()
        self.ct2 = nn.ConvTranspose3d(4, 2, (2, 3, 2), stride=(1, 2, 1), dilation=(2, 1, 2), bias=False)
        self.dequant = DeQuantStub()

    def forward(self, x):
        return self.dequant(self.ct2(self.relu(self.ct1(self.quant(x)))))


def transpose3d_model():
    torch.manual_seed(33)
    c = model_case("net_transpose3d", NetT3(), [], QNNPACK_QCONFIG, [torch.randn(2, 2, 2, 3, 3) for _ in range(3)],
                   torch.randn(2, 2, 2, 3, 3))
    # the converted model again, each transposed convolution's output replaced by QNNPACK's arithmetic
    model = NetT3()
    model.load_state_dict({k: torch.tensor(v["data"]).reshape(v["shape"]) for k, v in c["float_state"].items()})
    model.eval().qconfig = QNNPACK_QCONFIG
    p = prepare(model)
    p.load_state_dict({k: torch.tensor(v["data"], dtype=getattr(torch, v["dtype"])).reshape(v["shape"])
                       for k, v in c["prepared_state"].items()})
    q = convert(p)
    outs = {}

    def hook(mod, i, o, n):
        if isinstance(mod, nnq.ConvTranspose3d):
            o = qnnpack_arith(i[0], mod.weight(), mod.bias(), mod.stride, mod.padding, mod.output_padding, mod.dilation, mod.groups,
                              mod.scale, mod.zero_point)
        outs[n] = qt(o)
        return o
    for n, m in q.named_modules():
        if n and n != "dequant":
            m.register_forward_hook(lambda mod, i, o, n=n: hook(mod, i, o, n))
    c["qnnpack_module_outputs"] = outs
    c["qnnpack_out"] = t2j(q(torch.tensor(c["x"]["data"]).reshape(c["x"]["shape"])))
    return c


def main():
    check_emulation()
    reprs = {"plain": repr(nnq.ConvTranspose3d(2, 3, (1, 2, 3))),
             "options": repr(nnq.ConvTranspose3d(2, 4, 3, stride=(1, 2, 2), padding=(0, 1, 1), groups=2, bias=False, dilation=(2, 1, 1)))}
    qx4 = torch.quantize_per_tensor(torch.randn(1, 2, 3, 3), 0.1, 3, torch.quint8)
    ct = nn.ConvTranspose3d(2, 2, 2)
    ct.qconfig = FBGEMM_QCONFIG
    errors = {"input_4d": err(lambda: nnq.ConvTranspose3d(2, 3, 2)(qx4)),
              "from_float_type": err(lambda: nnq.ConvTranspose3d.from_float(nn.ConvTranspose2d(2, 2, 2))),
              "per_channel": err(lambda: prepare(nn.Sequential(ct)))}
    ops = op_cases()
    print("differing elements per op case:", [c["differing"] for c in ops])
    write("quantized_conv_transpose3d", [{"name": "ops", "cases": ops}, transpose3d_model(),
                                         {"name": "reprs", "reprs": reprs, "errors": errors}])
    print(reprs)
    print(errors)


def verify():
    """Loads the checkpoint torch4j wrote (interop/quantized/static_net_transpose3d.pt) into PyTorch's converted model,
    calibrated on other data, and compares its oneDNN output with the golden."""
    import json
    root = os.path.join(os.path.dirname(__file__), "..", "..", "library", "src", "test", "resources")
    with open(os.path.join(root, "goldens", "quantized_conv_transpose3d.json")) as f:
        c = next(c for c in json.load(f)["cases"] if c["name"] == "net_transpose3d")
    x = torch.tensor(c["x"]["data"], dtype=torch.float32).reshape(c["x"]["shape"])
    model = NetT3().eval()
    model.qconfig = QNNPACK_QCONFIG
    prepared = prepare(model)
    prepared(x * 3)  # other statistics: the checkpoint must replace them
    q = convert(prepared)
    q.load_state_dict(torch.load(os.path.join(root, "interop", "quantized", "static_net_transpose3d.pt")))
    want = torch.tensor(c["out"]["data"], dtype=torch.float32).reshape(c["out"]["shape"])
    assert torch.equal(q(x), want), "PyTorch's output from torch4j's checkpoint differs"
    print("verified static_net_transpose3d.pt with torch", torch.__version__)


if __name__ == "__main__":
    verify() if "--verify" in sys.argv else main()
