"""Goldens for the quantized modules beyond Linear/Conv2d (StaticQuantModulesTest): Conv1d/Conv3d and their fused
ConvReLU1d/ConvReLU3d (the same QNNPACK arithmetic as Conv2d; 1.13 runs Conv1d as a Conv2d of height 1), BatchNorm2d and the fused BNReLU2d,
Hardswish, LeakyReLU, ELU, Dropout, and sigmoid/tanh of quantized tensors, with PyTorch 1.13 on the QNNPACK engine.

  /usr/bin/python3 scripts/goldens/static_quant_modules_goldens.py
      writes library/src/test/resources/goldens/static_quant_modules.json
  /usr/bin/python3 scripts/goldens/static_quant_modules_goldens.py --verify
      loads interop/quantized/static_{modules,net1d,net_transpose,net_ln,net_norms,qat}.pt (the converted models' state dicts as
      torch4j writes them) into PyTorch's converted models and checks their outputs against the goldens (1.13's QNNPACK
      cannot load a quantized Conv3d, so net3d has none)

The arithmetic (QuantizedActivations in torch4j):
  * sigmoid, tanh, hardsigmoid, hardswish of quint8: QNNPACK's 256-entry tables in float32 (sigmoid: 256 / (1 + expf(-x)), output
    scale 1/256, zero point 0; tanh: 128 * tanh(x) + 128 in double, scale 2/256, zero point 128; hardswish:
    (1 / out_scale) * (x * min(max(x + 3, 0), 6) / 6) + out_zp), rounded half to even; every input integer is checked.
  * leaky_relu, elu: the generic kernels: blocks of 64 elements dequantized with an FMA (scale * q + (-scale * zp)), the
    tail as (q - zp) * scale; ELU's blocks take SLEEF's expf (AVX2: FMAs), its tail glibc's expf; the cases have tails.
  * layer_norm: per row, integer sums; m = sum / N, var = max(fma(-m, m, sumsq / N), 0), s = x_scale / sqrt((var *
    x_scale) * x_scale + eps) (sqrt in double); y = fma((q - zp - (m - zp)) * s, gamma, beta), rounded after / out_scale
    (AVX2: GCC contracts both loops into FMAs; the cases tell each form apart).
  * prelu: integers only: (max(q, zp) - zp) (w_one - w_zp) + (min(q, zp) - zp) (w - w_zp), requantized in float32.
    PReLU.from_float follows PyTorch 2.x (its weight observer sees the weight; 1.13 does not feed it).
  * group_norm, instance_norm: the same statistics per sample and group, then fma(q - zp - (m - zp), s * gamma, beta).
  * batch_norm2d(_relu): alpha = (1 / sqrt(var + eps)) * weight * (in_scale / out_scale), beta = (bias - mean * inv_sigma
    * weight) / out_scale, then rint(fma(alpha, q - zp, beta)) + out_zp (the vector and the scalar channel loops agree:
    GCC contracts the scalar one into an FMA as well); the output is channels-last.
The QAT case runs prepare_qat (QAT Linear/Conv2d and fused LinearReLU/ConvReLU2d, weights fake-quantized), a few SGD
steps and convert. The model case runs the same flow as static_quant_goldens.py (fuse, prepare, calibrate, convert); the test loads the
calibrated state ("prepared_state") before convert, for the reason given there.
"""
import os
import sys
import warnings

import torch
import torch.nn as nn
from torch.ao.quantization import (DeQuantStub, QuantStub, convert, default_qat_qconfig, fuse_modules, fuse_modules_qat,
                                   get_default_qat_qconfig, prepare, prepare_qat)
import torch.ao.nn.quantized as nnq

sys.path.insert(0, os.path.dirname(__file__))
from common import err, t2j, write  # noqa: E402
from static_quant_goldens import FBGEMM_QCONFIG, QNNPACK_QCONFIG, model_case, qt  # noqa: E402

warnings.filterwarnings("ignore")
torch.backends.quantized.engine = "qnnpack"


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.quant = QuantStub()
        self.conv = nn.Conv2d(2, 4, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(4)
        self.relu1 = nn.ReLU()
        self.hs = nn.Hardswish()
        self.bn2 = nn.BatchNorm2d(4)
        self.lr = nn.LeakyReLU(0.1)
        self.elu = nn.ELU(0.7)
        self.drop = nn.Dropout(0.2)
        self.sig = nn.Sigmoid()
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(64, 5)
        self.tanh = nn.Tanh()
        self.dequant = DeQuantStub()

    def forward(self, x):
        x = self.hs(self.relu1(self.bn1(self.conv(self.quant(x)))))
        x = self.sig(self.drop(self.elu(self.lr(self.bn2(x)))))
        return self.dequant(self.tanh(self.fc(self.flatten(x))))


FUSE = [["bn1", "relu1"]]


class Net1d(nn.Module):
    """Conv1d+BatchNorm1d+ReLU fused into ConvReLU1d, a strided dilated grouped Conv1d, and Conv1d+ReLU."""
    def __init__(self):
        super().__init__()
        self.quant = QuantStub()
        self.conv1 = nn.Conv1d(3, 4, 3, padding=1)
        self.bn1 = nn.BatchNorm1d(4)
        self.relu1 = nn.ReLU()
        self.conv2 = nn.Conv1d(4, 4, 3, stride=2, padding=2, dilation=2, groups=2)
        self.conv3 = nn.Conv1d(4, 2, 2, bias=False)
        self.relu3 = nn.ReLU()
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(8, 3)
        self.dequant = DeQuantStub()

    def forward(self, x):
        x = self.conv2(self.relu1(self.bn1(self.conv1(self.quant(x)))))
        return self.dequant(self.fc(self.flatten(self.relu3(self.conv3(x)))))


class Net3d(nn.Module):
    """Conv3d+BatchNorm3d+ReLU fused into ConvReLU3d, a strided Conv3d, BatchNorm3d+ReLU fused into BNReLU3d, a BatchNorm3d."""
    def __init__(self):
        super().__init__()
        self.quant = QuantStub()
        self.conv1 = nn.Conv3d(2, 3, 3, padding=1)
        self.bn1 = nn.BatchNorm3d(3)
        self.relu1 = nn.ReLU()
        self.conv2 = nn.Conv3d(3, 2, (2, 3, 2), stride=(1, 2, 2))
        self.bn2 = nn.BatchNorm3d(2)
        self.relu2 = nn.ReLU()
        self.bn3 = nn.BatchNorm3d(2)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(16, 3)
        self.dequant = DeQuantStub()

    def forward(self, x):
        x = self.conv2(self.relu1(self.bn1(self.conv1(self.quant(x)))))
        x = self.bn3(self.relu2(self.bn2(x)))
        return self.dequant(self.fc(self.flatten(x)))


FUSE_1D = [["conv1", "bn1", "relu1"], ["conv3", "relu3"]]
FUSE_3D = [["conv1", "bn1", "relu1"], ["bn2", "relu2"]]


def with_bn_stats(m, c):
    with torch.no_grad():
        for bn in [m.bn1] + [getattr(m, n) for n in ("bn2", "bn3") if hasattr(m, n)]:
            c = bn.num_features
            bn.running_mean.copy_(torch.randn(c) * 0.2)
            bn.running_var.copy_(torch.rand(c) + 0.5)
            bn.weight.copy_(torch.rand(c) + 0.5)
            bn.bias.copy_(torch.randn(c) * 0.2)
    return m


def conv_models():
    """Net1d with QNNPACK's default qconfig, Net3d with per-channel weights (the fbgemm-style qconfig)."""
    torch.manual_seed(15)
    m1 = with_bn_stats(Net1d(), 4)
    one = model_case("net1d", m1, FUSE_1D, QNNPACK_QCONFIG, [torch.randn(4, 3, 9) for _ in range(3)], torch.randn(2, 3, 9))
    m3 = with_bn_stats(Net3d(), 3)
    three = forward_case("net3d", m3, FUSE_3D, FBGEMM_QCONFIG, [torch.randn(2, 2, 3, 5, 4) for _ in range(3)], torch.randn(2, 2, 3, 5, 4))
    return [one, three]


def forward_case(name, model, fuse, qconfig, calib, x):
    """model_case without what 1.13's QNNPACK cannot give for a quantized Conv3d: its weight, repr and state dict (it
    unpacks only 2-d convolutions: 'QNNPACK only supports conv2d_unpack right now')."""
    model.eval()
    float_state = {k: t2j(v) for k, v in model.state_dict().items()}
    fused = fuse_modules(model, fuse)
    fused.qconfig = qconfig
    prepared = prepare(fused)
    for b in calib:
        prepared(b)
    q = convert(prepared)
    outs = {}
    hooks = [m.register_forward_hook(lambda mod, i, o, n=n: outs.__setitem__(n, qt(o)))
             for n, m in q.named_modules() if n and n != "dequant"]
    out = q(x)
    for h in hooks:
        h.remove()
    return {"name": name, "fuse": fuse, "float_state": float_state, "calib": [t2j(b) for b in calib], "x": t2j(x),
            "float_out": t2j(model(x)), "fused_repr": repr(fused),
            "prepared_state": {k: t2j(v) for k, v in prepared.state_dict().items()}, "module_outputs": outs, "out": t2j(out)}


def net():
    torch.manual_seed(11)
    model = Net()
    with torch.no_grad():
        for bn in (model.bn1, model.bn2):
            bn.running_mean.copy_(torch.randn(4) * 0.2)
            bn.running_var.copy_(torch.rand(4) + 0.5)
            bn.weight.copy_(torch.rand(4) + 0.5)
            bn.bias.copy_(torch.randn(4) * 0.2)
    return model


def model():
    m = net()
    calib = [torch.randn(4, 2, 4, 4) for _ in range(3)]
    return model_case("net", m, FUSE, QNNPACK_QCONFIG, calib, torch.randn(3, 2, 4, 4))


def rand_q(shape, dtype=torch.quint8):
    lo, hi = (-128, 128) if dtype == torch.qint8 else (0, 256)
    s = 0.002 + 0.08 * torch.rand(()).item()
    zp = int(torch.randint(lo, hi, ()))
    ints = torch.randint(lo, hi, shape, dtype=torch.int8 if dtype == torch.qint8 else torch.uint8)
    return torch._make_per_tensor_quantized_tensor(ints, s, zp)


def lut_cases():
    """Every input integer (a 4 x 64 tensor, and a channels-last view of it), with random input and output parameters."""
    torch.manual_seed(12)
    cases = []
    for i in range(24):
        s = 0.002 + 0.08 * torch.rand(()).item()
        zp = int(torch.randint(0, 256, ()))
        x = torch._make_per_tensor_quantized_tensor(torch.randperm(256).to(torch.uint8).reshape(1, 4, 8, 8), s, zp)
        if i % 3 == 2:
            x = x.contiguous(memory_format=torch.channels_last)
        os_, ozp = 0.005 + 0.05 * torch.rand(()).item(), int(torch.randint(0, 256, ()))
        cases.append({"x": qt(x), "channels_last": i % 3 == 2, "scale": os_, "zero_point": ozp,
                      "sigmoid": qt(torch.sigmoid(x)), "tanh": qt(torch.tanh(x)),
                      "hardsigmoid": qt(torch.nn.functional.hardsigmoid(x)),
                      "hardswish": qt(torch.ops.quantized.hardswish(x, os_, ozp)),
                      "hardswish_channels_last": torch.ops.quantized.hardswish(x, os_, ozp).is_contiguous(memory_format=torch.channels_last)})
    return cases


def leaky_cases():
    """Lengths with and without a tail past the 64-element blocks; quint8 and qint8; ELU with alpha 1 + slope."""
    torch.manual_seed(13)
    cases = []
    for i, n in enumerate([1, 37, 64, 100, 200, 257, 1000, 1001]):
        dtype = torch.qint8 if i % 4 == 3 else torch.quint8
        x = rand_q((n,), dtype)
        slope = 0.01 + 0.5 * torch.rand(()).item()
        lo, hi = (-128, 127) if dtype == torch.qint8 else (0, 255)
        os_, ozp = 0.002 + 0.08 * torch.rand(()).item(), int(torch.randint(lo, hi, ()))
        cases.append({"x": qt(x), "slope": slope, "scale": os_, "zero_point": ozp,
                      "leaky_relu": qt(torch.ops.quantized.leaky_relu(x, slope, False, os_, ozp)),
                      "elu": qt(torch.ops.quantized.elu(x, os_, ozp, 1 + slope)),
                      "functional": qt(torch.nn.functional.leaky_relu(x, slope))})
    return cases


def batch_norm_cases():
    """Channel counts below 8 (the scalar loop), from 8 to 32 and past 32 (the vector loops); 2-d, then 3-d."""
    torch.manual_seed(14)
    cases = []
    for i, c in enumerate([1, 3, 7, 8, 13, 32, 40, 70]):
        x = rand_q((2, c, 3, 2))
        w, b, m, v = torch.rand(c) + 0.3, torch.randn(c), torch.randn(c) * 0.5, torch.rand(c) + 0.2
        eps = [1e-5, 1e-3][i % 2]
        os_, ozp = 0.005 + 0.08 * torch.rand(()).item(), int(torch.randint(0, 256, ()))
        y = torch.ops.quantized.batch_norm2d(x, w, b, m, v, eps, os_, ozp)
        cases.append({"x": qt(x), "weight": t2j(w), "bias": t2j(b), "mean": t2j(m), "var": t2j(v), "eps": eps, "scale": os_,
                      "zero_point": ozp, "y": qt(y), "y_relu": qt(torch.ops.quantized.batch_norm2d_relu(x, w, b, m, v, eps, os_, ozp)),
                      "stride": list(y.stride())})
    for i, c in enumerate([3, 12, 33]):
        x = rand_q((2, c, 2, 3, 2))
        w, b, m, v = torch.rand(c) + 0.3, torch.randn(c), torch.randn(c) * 0.5, torch.rand(c) + 0.2
        os_, ozp = 0.005 + 0.08 * torch.rand(()).item(), int(torch.randint(0, 256, ()))
        y = torch.ops.quantized.batch_norm3d(x, w, b, m, v, 1e-5, os_, ozp)
        cases.append({"x": qt(x), "weight": t2j(w), "bias": t2j(b), "mean": t2j(m), "var": t2j(v), "eps": 1e-5, "scale": os_,
                      "zero_point": ozp, "y": qt(y), "y_relu": qt(torch.ops.quantized.batch_norm3d_relu(x, w, b, m, v, 1e-5, os_, ozp)),
                      "stride": list(y.stride())})
    return cases


def avg_pool_cases():
    """avg_pool2d where 1.13 leaves QNNPACK (ceil_mode, qint8): the plain kernel and the channels-last one (an input
    contiguous in that format, one channel included), with count_include_pad, divisor_override and 3-d inputs."""
    torch.manual_seed(16)
    cases = []
    for i in range(36):
        dtype = torch.qint8 if i % 2 else torch.quint8
        ceil = dtype == torch.quint8 or i % 4 == 1
        h, w = 2 + i % 6, 3 + (i * 5) % 5
        k = [1 + i % min(h, w), 1 + (i // 2) % min(h, w)]
        if k == [1, 1]:
            k = [2, 1]
        st, pd = [1 + i % 2, 1 + (i // 3) % 3], [min(k[0] // 2, i % 2), min(k[1] // 2, (i // 2) % 2)]
        layout = ["plain", "channels_last", "one_channel", "3d"][i % 4]
        c = {"plain": 3, "channels_last": 20, "one_channel": 1, "3d": 3}[layout]
        x = rand_q((c, h, w) if layout == "3d" else (2, c, h, w), dtype)
        if layout == "channels_last":
            x = x.contiguous(memory_format=torch.channels_last)
        cip, div = bool(i % 3), (None if i % 5 else 1 + i % 4)
        y = torch.nn.functional.avg_pool2d(x, k, st, pd, ceil, cip, div)
        cases.append({"x": qt(x), "channels_last": layout == "channels_last", "kernel": k, "stride": st, "padding": pd,
                      "ceil_mode": ceil, "count_include_pad": cip, "divisor_override": div, "y": qt(y),
                      "y_channels_last": y.dim() == 4 and not y.is_contiguous()})
    return cases


class NetT(nn.Module):
    """ConvTranspose2d (strided, padded, output_padding, grouped; then dilated) and ConvTranspose1d, per-tensor weights."""
    def __init__(self):
        super().__init__()
        self.quant = QuantStub()
        self.ct1 = nn.ConvTranspose2d(2, 4, 3, stride=2, padding=1, output_padding=1, groups=2)
        self.relu = nn.ReLU()
        self.ct2 = nn.ConvTranspose2d(4, 2, 2, dilation=2, bias=False)
        self.flatten = nn.Flatten(2)
        self.ct3 = nn.ConvTranspose1d(2, 3, 3, stride=2, padding=1, output_padding=1)
        self.dequant = DeQuantStub()

    def forward(self, x):
        x = self.flatten(self.ct2(self.relu(self.ct1(self.quant(x)))))
        return self.dequant(self.ct3(x))


def transpose_model():
    torch.manual_seed(18)
    return model_case("net_transpose", NetT(), [], QNNPACK_QCONFIG, [torch.randn(2, 2, 3, 3) for _ in range(3)],
                      torch.randn(2, 2, 3, 3))


class NetLN(nn.Module):
    """LayerNorm after Linears, with and without elementwise_affine, and over two dimensions."""
    def __init__(self):
        super().__init__()
        self.quant = QuantStub()
        self.fc1 = nn.Linear(6, 40)
        self.ln1 = nn.LayerNorm(40)
        self.fc2 = nn.Linear(40, 6)
        self.ln2 = nn.LayerNorm(6, elementwise_affine=False)
        self.ln3 = nn.LayerNorm([3, 6], eps=1e-3)
        self.dequant = DeQuantStub()

    def forward(self, x):
        return self.dequant(self.ln3(self.ln2(self.fc2(self.ln1(self.fc1(self.quant(x)))))))


def layer_norm_model():
    torch.manual_seed(19)
    m = NetLN()
    with torch.no_grad():
        for ln in (m.ln1, m.ln3):
            ln.weight.copy_(torch.rand(ln.weight.shape) + 0.5)
            ln.bias.copy_(torch.randn(ln.bias.shape) * 0.3)
    return model_case("net_ln", m, [], QNNPACK_QCONFIG, [torch.randn(4, 3, 6) * 2 for _ in range(3)], torch.randn(2, 3, 6) * 2)


def layer_norm_cases():
    """Rows of 31 to 100 elements (the 32-element vector blocks and the scalar tail), with and without affine."""
    torch.manual_seed(20)
    cases = []
    for i, shape in enumerate([(200, 31), (100, 64), (150, 70), (60, 100), (40, 3, 11)]):
        x = rand_q(shape)
        ns = list(shape[1:])
        g, b = (torch.rand(ns) + 0.5, torch.randn(ns) * 0.3) if i % 2 == 0 else (None, None)
        os_, ozp = 0.005 + 0.02 * torch.rand(()).item(), int(torch.randint(0, 256, ()))
        eps = [1e-5, 1e-3][i % 2]
        y = torch.ops.quantized.layer_norm(x, ns, g, b, eps, os_, ozp)
        cases.append({"x": qt(x), "normalized_shape": ns, "weight": None if g is None else t2j(g), "bias": None if b is None else t2j(b),
                      "eps": eps, "scale": os_, "zero_point": ozp, "y": qt(y)})
    return cases + [layer_norm_telling_rows(31), layer_norm_telling_rows(64)]


def layer_norm_telling_rows(n):
    """Rows of n elements (31: the scalar loop only; 64: the vector loop only) on which the FMA and the plain forms of the kernel round apart (about one output in 10^6): picked from
    random rows with a float32 model of each form (numpy), so that the goldens tell them apart; the outputs are
    PyTorch's."""
    import numpy as np
    f32 = np.float32
    torch.manual_seed(21 + n)
    xs, zp, os_, ozp = 0.0371, 117, 0.0093, 131
    g, b = torch.rand(n) + 0.5, torch.randn(n) * 0.3
    q = torch.randint(0, 256, (2000000 // n, n), dtype=torch.uint8)
    qi = q.numpy().astype(np.int64)
    m = (qi.sum(1).astype(f32) / f32(n)).astype(f32)
    a = ((qi ** 2).sum(1).astype(f32) / f32(n)).astype(f32)
    var_fma = np.maximum((a.astype(np.float64) - m.astype(np.float64) ** 2).astype(f32), 0)
    var_plain = np.maximum((a - (m * m).astype(f32)).astype(f32), 0)
    rows = set()
    for var in (var_fma, var_plain):
        s = (np.float64(f32(xs)) / np.sqrt(((var * f32(xs)).astype(f32) * f32(xs)).astype(f32).astype(np.float64) + 1e-5)).astype(f32)
        t = (((qi.astype(f32) - f32(zp)) - (m - f32(zp))[:, None]).astype(f32) * s[:, None]).astype(f32)
        y_fma = (t.astype(np.float64) * g.numpy() + b.numpy()).astype(f32)
        y_plain = ((t * g.numpy()).astype(f32) + b.numpy()).astype(f32)
        inv = f32(1) / f32(os_)
        r1, r2 = np.rint((y_fma * inv).astype(f32)), np.rint((y_plain * inv).astype(f32))
        rows |= set(np.nonzero((r1 != r2).any(1))[0].tolist())
    r3 = np.nonzero(np.abs(var_fma - var_plain) > 0)[0][:10].tolist()
    pick = sorted(rows)[:20] + r3
    x = torch._make_per_tensor_quantized_tensor(q[pick].contiguous(), xs, zp)
    y = torch.ops.quantized.layer_norm(x, [n], g, b, 1e-5, os_, ozp)
    return {"x": qt(x), "normalized_shape": [n], "weight": t2j(g), "bias": t2j(b), "eps": 1e-5, "scale": os_, "zero_point": ozp,
            "y": qt(y)}


class NetNorms(nn.Module):
    """GroupNorm, an affine InstanceNorm2d and a plain InstanceNorm1d after a conv."""
    def __init__(self):
        super().__init__()
        self.quant = QuantStub()
        self.conv = nn.Conv2d(2, 4, 3, padding=1)
        self.gn = nn.GroupNorm(2, 4)
        self.in2 = nn.InstanceNorm2d(4, affine=True)
        self.flatten = nn.Flatten(2)
        self.in1 = nn.InstanceNorm1d(4)
        self.dequant = DeQuantStub()

    def forward(self, x):
        return self.dequant(self.in1(self.flatten(self.in2(self.gn(self.conv(self.quant(x)))))))


def norms_model():
    """(PyTorch 1.13's InstanceNorm from_float passes affine where momentum goes, so its repr says momentum=True,
    affine=False; torch4j keeps the float module's momentum and affine, and the test reads the repr that way.)"""
    torch.manual_seed(22)
    m = NetNorms()
    with torch.no_grad():
        for n in (m.gn, m.in2):
            n.weight.copy_(torch.rand(4) + 0.5)
            n.bias.copy_(torch.randn(4) * 0.3)
    return model_case("net_norms", m, [], QNNPACK_QCONFIG, [torch.randn(3, 2, 5, 5) for _ in range(3)], torch.randn(2, 2, 5, 5))


def group_norm_cases():
    """group_norm and instance_norm over ranks 3 to 5, affine or not; then samples picked (by a numpy model of each form)
    where fma(x - mean, s * gamma, beta) rounds apart from its unfused and reassociated forms."""
    import numpy as np
    torch.manual_seed(23)
    cases = []
    for i, (shape, groups) in enumerate([((3, 6, 10), 3), ((2, 4, 5, 7), 2), ((2, 8, 3, 4, 5), 4), ((2, 3, 40), 3), ((2, 4, 3, 3), 4)]):
        x = rand_q(shape)
        c = shape[1]
        g, b = (torch.rand(c) + 0.5, torch.randn(c) * 0.3) if i % 2 == 0 else (None, None)
        os_, ozp = 0.005 + 0.02 * torch.rand(()).item(), int(torch.randint(0, 256, ()))
        y = torch.ops.quantized.group_norm(x, groups, g, b, 1e-5, os_, ozp)
        yi = torch.ops.quantized.instance_norm(x, g, b, 1e-5, os_, ozp)
        cases.append({"x": qt(x), "groups": groups, "weight": None if g is None else t2j(g), "bias": None if b is None else t2j(b),
                      "eps": 1e-5, "scale": os_, "zero_point": ozp, "y": qt(y), "instance": qt(yi)})
    f32 = np.float32
    nb, c, groups, hw, xs, zp, os_, ozp = 20000, 4, 2, 9, 0.0371, 117, 0.0093, 131
    q = torch.randint(0, 256, (nb, c, 3, 3), dtype=torch.uint8)
    g, b = torch.rand(c) + 0.5, torch.randn(c) * 0.3
    qi = q.numpy().reshape(nb * groups, -1).astype(np.int64)
    n = qi.shape[1]
    m = (qi.sum(1).astype(f32) / f32(n)).astype(f32)
    a = ((qi ** 2).sum(1).astype(f32) / f32(n)).astype(f32)
    var = np.maximum((a.astype(np.float64) - m.astype(np.float64) ** 2).astype(f32), 0)
    sd = (np.float64(f32(xs)) / np.sqrt(((var * f32(xs)).astype(f32) * f32(xs)).astype(f32).astype(np.float64) + 1e-5)).astype(f32)
    cen = ((qi.astype(f32) - f32(zp)).astype(f32) - (m - f32(zp))[:, None]).astype(f32)
    ch = (np.arange(nb * groups)[:, None] % groups) * (c // groups) + np.arange(n)[None, :] // hw
    gg, bb = g.numpy()[ch], b.numpy()[ch]
    gp = (sd[:, None] * gg).astype(f32)
    forms = [(cen.astype(np.float64) * gp + bb).astype(f32), ((cen * gp).astype(f32) + bb).astype(f32),
             ((cen * sd[:, None]).astype(f32).astype(np.float64) * gg + bb).astype(f32)]
    inv = f32(1) / f32(os_)
    r = [np.rint((y * inv).astype(f32)) for y in forms]
    rows = np.nonzero(((r[0] != r[1]) | (r[0] != r[2])).any(1))[0] // groups
    pick = sorted(set(rows.tolist()))[:12]
    x = torch._make_per_tensor_quantized_tensor(q[pick].contiguous(), xs, zp)
    y = torch.ops.quantized.group_norm(x, groups, g, b, 1e-5, os_, ozp)
    cases.append({"x": qt(x), "groups": groups, "weight": t2j(g), "bias": t2j(b), "eps": 1e-5, "scale": os_, "zero_point": ozp,
                  "y": qt(y), "instance": qt(torch.ops.quantized.instance_norm(x, g, b, 1e-5, os_, ozp))})
    return cases


class NetPReLU(nn.Module):
    def __init__(self):
        super().__init__()
        self.quant = QuantStub()
        self.conv = nn.Conv2d(2, 4, 3, padding=1)
        self.prelu = nn.PReLU(4)
        self.flatten = nn.Flatten()
        self.prelu1 = nn.PReLU()
        self.dequant = DeQuantStub()

    def forward(self, x):
        return self.dequant(self.prelu1(self.flatten(self.prelu(self.conv(self.quant(x))))))


def _prelu_from_float_2x(cls, mod):
    """PyTorch 2.x's PReLU.from_float: the weight observer sees the weight before calculate_qparams (1.13 forgets to
    feed it, so its weights quantize with scale 1 and zero point 0); torch4j follows 2.x."""
    scale, zero_point = mod.activation_post_process.calculate_qparams()
    qprelu = cls(float(scale), int(zero_point), mod.num_parameters)
    float_wt = mod.weight.float()
    observer = mod.qconfig.weight()
    observer(float_wt)
    wt_scale, wt_zp = observer.calculate_qparams()
    qprelu.set_weight(torch.quantize_per_tensor(float_wt, float(wt_scale), int(wt_zp), torch.quint8))
    return qprelu


def prelu_model():
    torch.manual_seed(25)
    nnq.PReLU.from_float = classmethod(_prelu_from_float_2x)
    m = NetPReLU()
    with torch.no_grad():
        m.prelu.weight.copy_(torch.rand(4) * 0.5)
    return model_case("net_prelu", m, [], QNNPACK_QCONFIG, [torch.randn(3, 2, 4, 4) for _ in range(3)], torch.randn(2, 2, 4, 4))


def prelu_cases():
    torch.manual_seed(26)
    cases = []
    for i in range(8):
        c = [1, 3, 5][i % 3]
        x = rand_q((2, c, 4, 5) if i % 2 else (3, c, 7))
        w = rand_q((c,))
        os_, ozp = 0.005 + 0.1 * torch.rand(()).item(), int(torch.randint(0, 256, ()))
        cases.append({"x": qt(x), "weight": qt(w), "scale": os_, "zero_point": ozp, "y": qt(torch.ops.quantized.prelu(x, w, os_, ozp))})
    return cases


def scalar_cases():
    """QFunctional's add_scalar/mul_scalar (and the _relu ops): scalars that keep the zero point in range, push it out
    at either end, zero, negative; quint8 and qint8."""
    torch.manual_seed(24)
    f = nnq.QFunctional()
    cases = []
    for i, c in enumerate([0.3, -0.7, 25.0, -25.0, 0.0, 3.1, -4.2, 1e-3]):
        x = rand_q((3, 70), torch.qint8 if i % 2 else torch.quint8)
        cases.append({"x": qt(x), "c": c, "add": qt(f.add_scalar(x, c)), "mul": qt(f.mul_scalar(x, c)),
                      "add_relu": qt(torch.ops.quantized.add_scalar_relu(x, c)), "mul_relu": qt(torch.ops.quantized.mul_scalar_relu(x, c))})
    return cases


class QatNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.quant = QuantStub()
        self.conv = nn.Conv2d(2, 4, 3, padding=1)
        self.relu1 = nn.ReLU()
        self.pool = nn.MaxPool2d(2)
        self.flatten = nn.Flatten()
        self.fc1 = nn.Linear(16, 8)
        self.relu2 = nn.ReLU()
        self.fc2 = nn.Linear(8, 3)
        self.dequant = DeQuantStub()

    def forward(self, x):
        x = self.flatten(self.pool(self.relu1(self.conv(self.quant(x)))))
        return self.dequant(self.fc2(self.relu2(self.fc1(x))))


QAT_FUSE = [["conv", "relu1"], ["fc1", "relu2"]]


class QatBnNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.quant = QuantStub()
        self.conv1 = nn.Conv2d(2, 4, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(4)
        self.relu1 = nn.ReLU()
        self.conv2 = nn.Conv2d(4, 4, 3, bias=False)
        self.bn2 = nn.BatchNorm2d(4)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(16, 3)
        self.dequant = DeQuantStub()

    def forward(self, x):
        x = self.bn2(self.conv2(self.relu1(self.bn1(self.conv1(self.quant(x))))))
        return self.dequant(self.fc(self.flatten(x)))


QAT_BN_FUSE = [["conv1", "bn1", "relu1"], ["conv2", "bn2"]]


class QatBn1dNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.quant = QuantStub()
        self.conv1 = nn.Conv1d(2, 4, 3, padding=1)
        self.bn1 = nn.BatchNorm1d(4)
        self.relu1 = nn.ReLU()
        self.conv2 = nn.Conv1d(4, 4, 3, bias=False)
        self.bn2 = nn.BatchNorm1d(4)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(8, 6)
        self.bn3 = nn.BatchNorm1d(6)
        self.fc2 = nn.Linear(6, 3)
        self.dequant = DeQuantStub()

    def forward(self, x):
        x = self.bn2(self.conv2(self.relu1(self.bn1(self.conv1(self.quant(x))))))
        return self.dequant(self.fc2(self.bn3(self.fc(self.flatten(x)))))


QAT_BN1D_FUSE = [["conv1", "bn1", "relu1"], ["conv2", "bn2"], ["fc", "bn3"]]


class QatBn3dNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.quant = QuantStub()
        self.conv1 = nn.Conv3d(2, 4, 3, padding=1)
        self.bn1 = nn.BatchNorm3d(4)
        self.relu1 = nn.ReLU()
        self.conv2 = nn.Conv3d(4, 4, (1, 2, 2), bias=False)
        self.bn2 = nn.BatchNorm3d(4)
        self.conv3 = nn.Conv3d(4, 2, 1)
        self.relu3 = nn.ReLU()
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(16, 3)
        self.dequant = DeQuantStub()

    def forward(self, x):
        x = self.relu3(self.conv3(self.bn2(self.conv2(self.relu1(self.bn1(self.conv1(self.quant(x))))))))
        return self.dequant(self.fc(self.flatten(x)))


QAT_BN3D_FUSE = [["conv1", "bn1", "relu1"], ["conv2", "bn2"], ["conv3", "relu3"]]


def qat_model_case(name, model, fuse, shape=(2, 4, 4)):
    """fuse_modules_qat, prepare_qat with default_qat_qconfig, three SGD steps, convert: the trained state
    ("prepared_state") is what the test loads before convert, so the converted model is compared bit for bit.
    shape: one sample's. (1.13's QNNPACK can neither print nor save a quantized Conv3d: no repr or state keys then.)"""
    model.train()
    float_state = {k: t2j(v) for k, v in model.state_dict().items()}
    fused = fuse_modules_qat(model, fuse)
    fused_repr = repr(fused)
    fused.qconfig = default_qat_qconfig
    prepared = prepare_qat(fused)
    prepared_repr = repr(prepared)
    opt = torch.optim.SGD(prepared.parameters(), lr=0.05)
    for x, t in [(torch.randn(4, *shape), torch.randn(4, 3)) for _ in range(3)]:
        opt.zero_grad()
        torch.nn.functional.mse_loss(prepared(x), t).backward()
        opt.step()
    state = {k: t2j(v) for k, v in prepared.state_dict().items()}
    params = [n for n, _ in prepared.named_parameters()]
    q = convert(prepared.eval())
    outs = {}
    hooks = [m.register_forward_hook(lambda mod, i, o, n=n: outs.__setitem__(n, qt(o)))
             for n, m in q.named_modules() if n and n != "dequant"]
    x = torch.randn(3, *shape)
    out = q(x)
    for h in hooks:
        h.remove()
    case = {"name": name, "fuse": fuse, "float_state": float_state, "fused_repr": fused_repr, "prepared_repr": prepared_repr,
            "prepared_keys": list(state.keys()), "prepared_state": state, "param_names": params, "x": t2j(x), "module_outputs": outs,
            "out": t2j(out)}
    if len(shape) < 4:
        case.update({"repr": repr(q), "state_keys": list(q.state_dict().keys())})
    return case


def qat_case():
    """QAT Linear/Conv2d and fused LinearReLU/ConvReLU2d (weights fake-quantized)."""
    torch.manual_seed(17)
    return qat_model_case("qat", QatNet(), QAT_FUSE)


def qat_bn_case():
    """ConvBnReLU2d and a bias-free ConvBn2d: training moves the BatchNorm statistics, convert folds them into the convs."""
    torch.manual_seed(27)
    return qat_model_case("qat_bn", QatBnNet(), QAT_BN_FUSE)



def qat_bn_1d_3d_cases():
    """ConvBn1d/ConvBnReLU1d, LinearBn1d, ConvBn3d/ConvBnReLU3d and a QAT ConvReLU3d: trained, then folded by convert."""
    torch.manual_seed(37)
    one = qat_model_case("qat_bn1d", QatBn1dNet(), QAT_BN1D_FUSE, (2, 4))
    torch.manual_seed(47)
    three = qat_model_case("qat_bn3d", QatBn3dNet(), QAT_BN3D_FUSE, (2, 2, 3, 3))
    return [one, three]


def fuse_linear_bn_case():
    """fuse_modules in eval: linear+bn1d folded into one Linear (fuse_linear_bn_eval), with and without a bias."""
    torch.manual_seed(57)
    out = {"name": "fuse_linear_bn"}
    for bias in (True, False):
        m = nn.Sequential(nn.Linear(5, 4, bias=bias), nn.BatchNorm1d(4))
        with torch.no_grad():
            m[1].running_mean.copy_(torch.randn(4))
            m[1].running_var.copy_(torch.rand(4) + 0.5)
            m[1].weight.copy_(torch.randn(4))
            m[1].bias.copy_(torch.randn(4))
        m.eval()
        f = fuse_modules(m, [["0", "1"]])
        out["bias" if bias else "no_bias"] = {"float_state": {k: t2j(v) for k, v in m.state_dict().items()},
                                              "weight": t2j(f[0].weight), "fused_bias": t2j(f[0].bias), "repr": repr(f)}
    return out


def with_qconfig(m, qconfig):
    m.qconfig = qconfig
    return m


def main():
    reprs = {"batch_norm": repr(nnq.BatchNorm2d(3)), "hardswish": repr(nnq.Hardswish(0.1, 3)),
             "leaky_relu": repr(nnq.LeakyReLU(0.1, 3, 0.2)), "elu": repr(nnq.ELU(0.1, 3, 0.5)),
             "conv1d": repr(nnq.Conv1d(2, 4, 3, stride=2, padding=1, dilation=2, groups=2, bias=False)),
             "dropout": repr(nnq.Dropout(0.3)), "prelu": repr(nnq.PReLU(0.1, 3, 4)),
             "layer_norm": repr(nnq.LayerNorm([4, 5], nn.Parameter(torch.ones(4, 5)), nn.Parameter(torch.zeros(4, 5)), 0.1, 3)),
             "group_norm": repr(nnq.GroupNorm(2, 4, nn.Parameter(torch.ones(4)), nn.Parameter(torch.zeros(4)), 0.1, 3)),
             "instance_norm": repr(nnq.InstanceNorm3d(3, None, None, 0.1, 3, affine=False))}
    for backend in ("qnnpack", "onednn", "fbgemm", "x86"):
        q = get_default_qat_qconfig(backend)
        reprs["qat_qconfig_" + backend] = [repr(q.activation()), repr(q.weight())]
    # 1.13's QNNPACK cannot print a quantized Conv3d (its repr unpacks the weight): oneDNN's prints the same format
    torch.backends.quantized.engine = "onednn"
    reprs["conv3d"] = repr(nnq.Conv3d(2, 3, (1, 2, 3), stride=(1, 1, 2), padding=(0, 1, 0)))
    torch.backends.quantized.engine = "qnnpack"
    qx3 = torch.quantize_per_tensor(torch.randn(2, 3, 4), 0.1, 3, torch.quint8)
    qx = torch.quantize_per_tensor(torch.randn(2, 3), 0.1, 3, torch.quint8)
    errors = {"batch_norm_3d": err(lambda: torch.ops.quantized.batch_norm2d(qx3, torch.ones(3), torch.zeros(3), torch.zeros(3),
                                                                            torch.ones(3), 1e-5, 0.1, 0)),
              "conv1d_2d_input": err(lambda: nnq.Conv1d(3, 2, 2)(torch.quantize_per_tensor(torch.randn(3, 4), 0.1, 3, torch.quint8))),
              "conv3d_4d_input": err(lambda: nnq.Conv3d(3, 2, 2)(torch.quantize_per_tensor(torch.randn(1, 3, 4, 4), 0.1, 3, torch.quint8))),
              "conv_transpose_per_channel": err(lambda: prepare(with_qconfig(nn.Sequential(nn.ConvTranspose2d(2, 2, 2)), FBGEMM_QCONFIG))),
              "layer_norm_shape": err(lambda: torch.ops.quantized.layer_norm(qx3, [5], None, None, 1e-5, 0.1, 0)),
              "instance_norm_2d": err(lambda: torch.ops.quantized.instance_norm(qx, None, None, 1e-5, 0.1, 0)),
              "batch_norm_float": err(lambda: nnq.BatchNorm2d(3)(torch.randn(1, 3, 2, 2)))}
    write("static_quant_modules", [model(), *conv_models(), qat_case(), qat_bn_case(), *qat_bn_1d_3d_cases(), fuse_linear_bn_case(), transpose_model(), layer_norm_model(), norms_model(), prelu_model(), {"name": "ops", "lut": lut_cases(), "leaky_relu": leaky_cases(),
                                             "batch_norm": batch_norm_cases(),
                                             "avg_pool2d": avg_pool_cases(), "layer_norm": layer_norm_cases(),
                                             "group_norm": group_norm_cases(), "scalar": scalar_cases(),
                                             "prelu": prelu_cases()},
                                   {"name": "reprs", "reprs": reprs, "errors": errors}])
    print(reprs)
    print(errors)


def verify():
    """Loads each checkpoint torch4j wrote (interop/quantized/static_<case>.pt) into PyTorch's converted model, calibrated
    on other data, and compares its output with the golden."""
    import json
    root = os.path.join(os.path.dirname(__file__), "..", "..", "library", "src", "test", "resources")
    with open(os.path.join(root, "goldens", "static_quant_modules.json")) as f:
        cases = {c["name"]: c for c in json.load(f)["cases"]}

    def tensor(j):
        return torch.tensor(j["data"], dtype=torch.float32).reshape(j["shape"])

    models = {"net": (Net, FUSE, QNNPACK_QCONFIG, "static_modules.pt"), "net1d": (Net1d, FUSE_1D, QNNPACK_QCONFIG, "static_net1d.pt"),
              "net_transpose": (NetT, [], QNNPACK_QCONFIG, "static_net_transpose.pt"), "net_ln": (NetLN, [], QNNPACK_QCONFIG, "static_net_ln.pt"),
              "net_norms": (NetNorms, [], QNNPACK_QCONFIG, "static_net_norms.pt"),
              "qat": (QatNet, QAT_FUSE, default_qat_qconfig, "static_qat.pt")}
    for name, (cls, fuse, qconfig, file) in models.items():
        c = cases[name]
        if name == "qat":
            model = fuse_modules_qat(cls().train(), fuse)
            model.qconfig = qconfig
            prepared = prepare_qat(model)
        else:
            model = fuse_modules(cls().eval(), fuse) if fuse else cls().eval()
            model.qconfig = qconfig
            prepared = prepare(model)
        prepared(tensor(c["x"]) * 3)  # other statistics: the checkpoint must replace them
        q = convert(prepared.eval())
        q.load_state_dict(torch.load(os.path.join(root, "interop", "quantized", file)))
        # a quantized Hardswish or ELU keeps its scale and zero point as plain attributes, outside the state dict
        for n in ("hs", "elu"):
            if hasattr(q, n):
                getattr(q, n).scale, getattr(q, n).zero_point = c["module_outputs"][n]["scale"], c["module_outputs"][n]["zero_point"]
        assert torch.equal(q(tensor(c["x"])), tensor(c["out"])), name + ": PyTorch's output from torch4j's checkpoint differs"
        print("verified", file, "with torch", torch.__version__)


if __name__ == "__main__":
    verify() if "--verify" in sys.argv else main()
