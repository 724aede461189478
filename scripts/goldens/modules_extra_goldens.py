"""Goldens for nn.ParameterList / ParameterDict reprs and state-dict keys, and RMSNorm -> goldens/modules_extra.json.

Run: /usr/bin/python3 scripts/goldens/modules_extra_goldens.py

RMSNorm arrived in PyTorch 2.4, after Debian's 1.13: its values here come from 2.x's formula (ATen rms_norm) written
with 1.13's ops: x * rsqrt(pow(x, 2).mean(last dims, keepdim) + eps) in float32 for half inputs, cast back, times the
weight; eps defaults to the machine epsilon of that computation type. The gradient is autograd's through the same ops.
"""
import torch
import torch.nn as nn

from common import t2j, write

torch.manual_seed(0)
cases = []


class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.ps = nn.ParameterList([nn.Parameter(torch.zeros(3, 4)), nn.Parameter(torch.zeros(5, dtype=torch.float64))])
        self.pd = nn.ParameterDict({"a": nn.Parameter(torch.zeros(2)), "b": nn.Parameter(torch.zeros(1, 2, dtype=torch.int64), requires_grad=False)})
        self.fc = nn.Linear(2, 2)


m = M()
cases.append({"kind": "containers", "repr": repr(m), "keys": list(m.state_dict().keys()),
              "one": repr(nn.ParameterList([nn.Parameter(torch.zeros(2))])), "empty": repr(nn.ParameterList())})


def rms_norm_2x(x, shape, weight, eps):
    dims = [x.dim() - i - 1 for i in range(len(shape))]
    op = torch.float32 if x.dtype in (torch.float16, torch.bfloat16) else x.dtype
    e = eps if eps is not None else torch.finfo(op).eps
    up = x.to(op)
    r = up.mul(torch.rsqrt(torch.pow(up, 2).mean(dims, keepdim=True).add_(e))).type_as(x)
    return r if weight is None else r.mul(weight)


for shape, xshape, eps, affine, dtype in [((4,), (3, 4), None, True, torch.float32), ((2, 4), (3, 2, 4), 1e-3, True, torch.float32),
                                          ((4,), (2, 4), None, False, torch.float64), ((4,), (2, 4), 1e-5, True, torch.float16)]:
    x = (torch.randn(xshape) * 2).to(dtype)
    w = (torch.rand(shape) + 0.5).to(dtype) if affine else None
    xg = x.clone().requires_grad_(dtype != torch.float16)
    wg = w.clone().requires_grad_(dtype != torch.float16) if w is not None else None
    out = rms_norm_2x(xg, shape, wg, eps)
    c = {"kind": "rms_norm", "shape": list(shape), "eps": eps, "input": t2j(x), "weight": t2j(w) if w is not None else None,
         "out": t2j(out)}
    if dtype != torch.float16:
        g = torch.randn(out.shape, dtype=dtype)
        out.backward(g)
        c.update(g=t2j(g), grad=t2j(xg.grad), weight_grad=t2j(wg.grad) if wg is not None else None)
    cases.append(c)
# BatchNorm3d, InstanceNorm1d, InstanceNorm3d: two training steps, then one evaluation step
for name, make, shape in [("BatchNorm3d", lambda: nn.BatchNorm3d(3), (2, 3, 2, 3, 4)),
                          ("InstanceNorm1d", lambda: nn.InstanceNorm1d(3, affine=True, track_running_stats=True), (2, 3, 5)),
                          ("InstanceNorm1d_unbatched", lambda: nn.InstanceNorm1d(3), (3, 5)),
                          ("InstanceNorm3d", lambda: nn.InstanceNorm3d(3, affine=True, track_running_stats=True), (2, 3, 2, 3, 4))]:
    torch.manual_seed(5)
    mod = make()
    if getattr(mod, "weight", None) is not None:
        with torch.no_grad():
            mod.weight.uniform_(0.5, 1.5)
            mod.bias.uniform_(-0.5, 0.5)
    xs = [torch.randn(shape) * 2 + 1 for _ in range(3)]
    outs = [mod(xs[0]), mod(xs[1])]
    mod.eval()
    outs.append(mod(xs[2]))
    cases.append({"kind": "norm3", "name": name, "repr": repr(mod), "inputs": [t2j(x) for x in xs], "outs": [t2j(o) for o in outs],
                  "state": {k: t2j(v) for k, v in mod.state_dict().items()}})
# 3-d pooling: values and input gradients for (out * w).sum(); module reprs
torch.manual_seed(6)
x3 = torch.randn(2, 3, 7, 8, 9)
pool_cases = [
    ("max_pool3d", dict(kernel_size=3, stride=2)),
    ("max_pool3d", dict(kernel_size=(2, 3, 2), stride=(1, 2, 3), padding=(1, 1, 0), dilation=(1, 2, 1), ceil_mode=True)),
    ("avg_pool3d", dict(kernel_size=3, stride=2)),
    ("avg_pool3d", dict(kernel_size=(3, 2, 3), stride=(2, 1, 2), padding=(1, 0, 1), ceil_mode=True, count_include_pad=False)),
    ("avg_pool3d", dict(kernel_size=2, stride=3, padding=1, ceil_mode=True)),
    ("adaptive_avg_pool3d", dict(output_size=(3, 4, 5))),
    ("adaptive_max_pool3d", dict(output_size=(2, 3, 4))),
    ("adaptive_avg_pool3d", dict(output_size=1)),
]
for name, kw in pool_cases:
    xi = x3.clone().requires_grad_(True)
    out = getattr(torch.nn.functional, name)(xi, **kw)
    w = torch.randn(out.shape)
    (out * w).sum().backward()
    cases.append({"kind": "pool3d", "name": name, "kwargs": {k: list(v) if isinstance(v, tuple) else v for k, v in kw.items()},
                  "input": t2j(x3), "out": t2j(out), "w": t2j(w), "grad": t2j(xi.grad)})
cases.append({"kind": "pool3d_repr", "reprs": {"MaxPool3d(3,2)": repr(nn.MaxPool3d(3, 2)), "AvgPool3d(3)": repr(nn.AvgPool3d(3)),
                                              "AdaptiveAvgPool3d(2,3,4)": repr(nn.AdaptiveAvgPool3d((2, 3, 4))),
                                              "AdaptiveMaxPool3d(2)": repr(nn.AdaptiveMaxPool3d(2))}})
# embedding_bag: modes, offsets (an empty bag included), include_last_offset, per_sample_weights, padding_idx, 2-d input
torch.manual_seed(8)
table = torch.randn(10, 3)
inp = torch.tensor([1, 2, 4, 5, 4, 3, 2, 9, 0, 0])
for kw in [dict(offsets=torch.tensor([0, 4]), mode="mean"), dict(offsets=torch.tensor([0, 2, 2, 5]), mode="sum"),
           dict(offsets=torch.tensor([0, 2, 2, 5]), mode="max"), dict(offsets=torch.tensor([0, 3, 10]), mode="mean", include_last_offset=True),
           dict(offsets=torch.tensor([0, 4]), mode="sum", per_sample_weights=torch.rand(10)),
           dict(offsets=torch.tensor([0, 4, 7]), mode="mean", padding_idx=2), dict(offsets=torch.tensor([0, 4, 7]), mode="max", padding_idx=4)]:
    w = table.clone().requires_grad_(True)
    psw = kw.get("per_sample_weights")
    if psw is not None:
        kw["per_sample_weights"] = psw.clone().requires_grad_(True)
    out = torch.nn.functional.embedding_bag(inp, w, **kw)
    g = torch.randn(out.shape)
    out.backward(g)
    c = {"kind": "embedding_bag", "input": t2j(inp), "weight": t2j(table), "mode": kw["mode"], "offsets": t2j(kw["offsets"]),
         "include_last_offset": kw.get("include_last_offset", False), "padding_idx": kw.get("padding_idx"),
         "out": t2j(out), "g": t2j(g), "weight_grad": t2j(w.grad)}
    if psw is not None:
        c.update(per_sample_weights=t2j(psw), psw_grad=t2j(kw["per_sample_weights"].grad))
    cases.append(c)
inp2 = torch.tensor([[1, 2, 4], [4, 3, 9]])
w = table.clone().requires_grad_(True)
out = torch.nn.functional.embedding_bag(inp2, w, mode="sum")
g = torch.randn(out.shape)
out.backward(g)
cases.append({"kind": "embedding_bag", "input": t2j(inp2), "weight": t2j(table), "mode": "sum", "offsets": None,
              "include_last_offset": False, "padding_idx": None, "out": t2j(out), "g": t2j(g), "weight_grad": t2j(w.grad)})
cases.append({"kind": "embedding_bag_repr", "reprs": [repr(nn.EmbeddingBag(10, 3)), repr(nn.EmbeddingBag(10, 3, mode="sum", padding_idx=2))]})
# channel dropout in 1-d and 3-d (the mask drawn after manual_seed), pixel_unshuffle, Softmax2d
for name, shape in [("dropout1d", (2, 3, 5)), ("dropout1d", (3, 5)), ("dropout3d", (2, 3, 2, 2, 2)), ("dropout3d", (3, 2, 2, 2))]:
    x = torch.randn(shape)
    torch.manual_seed(11)
    y = getattr(torch.nn.functional, name)(x, 0.4, True)
    cases.append({"kind": "dropout", "name": name, "input": t2j(x), "out": t2j(y)})
x = torch.randn(2, 3, 4, 6)
cases.append({"kind": "pixel_unshuffle", "input": t2j(x), "out": t2j(torch.nn.functional.pixel_unshuffle(x, 2)),
              "repr": repr(nn.PixelUnshuffle(2))})
cases.append({"kind": "softmax2d", "input": t2j(x), "out": t2j(nn.Softmax2d()(x)), "repr": repr(nn.Softmax2d()),
              "reprs": [repr(nn.Dropout1d(0.3)), repr(nn.Dropout3d())]})
# padding modules in 1-d and 3-d (ZeroPad1d/3d and CircularPad arrived in 2.1: their values are F.pad's, their reprs
# written as 2.x prints them)
x1 = torch.randn(2, 3, 5)
x3 = torch.randn(1, 2, 3, 4, 5)
for cls, x, pad, mode, value in [("ConstantPad1d", x1, (1, 2), "constant", 3.5), ("ZeroPad1d", x1, (2, 0), "constant", 0.0),
                                  ("ReflectionPad1d", x1, (2, 3), "reflect", 0.0), ("ReplicationPad1d", x1, (3, 1), "replicate", 0.0),
                                  ("CircularPad1d", x1, (2, 1), "circular", 0.0), ("CircularPad2d", x3[0], (1, 2, 2, 1), "circular", 0.0),
                                  ("ConstantPad3d", x3, (1, 0, 2, 1, 0, 1), "constant", -1.0), ("ZeroPad3d", x3, (1, 1, 1, 1, 1, 1), "constant", 0.0),
                                  ("ReflectionPad3d", x3, (1, 2, 1, 2, 1, 2), "reflect", 0.0),
                                  ("ReplicationPad3d", x3, (2, 1, 0, 3, 1, 1), "replicate", 0.0), ("CircularPad3d", x3, (1, 1, 2, 0, 1, 2), "circular", 0.0)]:
    out = torch.nn.functional.pad(x, pad, mode=mode, value=value) if mode == "constant" else torch.nn.functional.pad(x, pad, mode=mode)
    if hasattr(nn, cls):
        m = nn.__dict__[cls](pad, value) if cls.startswith("Constant") else nn.__dict__[cls](pad)
        assert torch.equal(m(x), out), cls
        r = repr(m)
    else:
        r = "%s(%s)" % (cls, tuple(pad))
    cases.append({"kind": "pad_module", "cls": cls, "pad": list(pad), "value": value, "input": t2j(x), "out": t2j(out), "repr": r})
# nn.init: trunc_normal_, dirac_, orthogonal_ after manual_seed
torch.manual_seed(3)
w = torch.empty(5, 7)
torch.nn.init.trunc_normal_(w)
w2 = torch.empty(1000)
torch.nn.init.trunc_normal_(w2, 0.5, 2.0, -1.0, 3.0)
cases.append({"kind": "init", "name": "trunc_normal", "out": t2j(w), "out2": t2j(w2)})
d = torch.empty(4, 2, 3, 3)
torch.nn.init.dirac_(d, 2)
d1 = torch.empty(3, 5, 4)
torch.nn.init.dirac_(d1)
cases.append({"kind": "init", "name": "dirac", "out": t2j(d), "out2": t2j(d1)})
for shape, gain in [((3, 5), 1.0), ((6, 4), 2.0), ((4, 2, 3), 0.5)]:
    torch.manual_seed(4)
    o = torch.empty(shape)
    torch.nn.init.orthogonal_(o, gain)
    cases.append({"kind": "init", "name": "orthogonal", "shape": list(shape), "gain": gain, "out": t2j(o)})
write("modules_extra", cases)
