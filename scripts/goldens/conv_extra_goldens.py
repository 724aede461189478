"""Goldens for F.conv3d, F.conv_transpose1d/2d, F.interpolate and their modules -> conv_extra.json
(run with /usr/bin/python3).

Op cases store the float64 inputs, the output, an upstream gradient and the gradients of every input. PyTorch
1.13 and 2.x compute these ops alike; where 2.x differs the case follows 2.x's documented behaviour:
- nn.Upsample's repr uses repr() of its values in 2.x ("mode='nearest'"; 1.13 prints "mode=nearest"), so the
  reprs here are built with 2.x's extra_repr formula.
- Linear interpolation in 2.x clamps the source index to the input (guard_index_and_lambda); the cases here keep
  every source index inside the input, where 1.13 gives the same values.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F
from common import t2j, write

torch.manual_seed(0)
cases = []


def grads_case(kind, fn, tensors, extra, dtype=torch.float64):
    """Runs fn on leaf copies of tensors, backpropagates a random gradient and records everything."""
    leaves = {k: v.clone().to(dtype).requires_grad_(True) for k, v in tensors.items() if v is not None}
    y = fn(**leaves)
    g = r(*y.shape).to(y.dtype)
    y.backward(g)
    case = {"kind": kind, **extra, "out": t2j(y), "grad": t2j(g)}
    for k, v in leaves.items():
        case[k] = t2j(v)
        case["grad_" + k] = t2j(v.grad)
    cases.append(case)


def r(*shape):
    """Normal samples rounded to 2 decimals: short in JSON, still generic."""
    return (torch.randn(*shape, dtype=torch.float64) * 100).round() / 100


# ---- conv3d
def conv3d_case(n, c, size, o, k, stride=1, padding=0, dilation=1, groups=1, bias=True):
    t = {"input": r(n, c, *size), "weight": r(o, c // groups, *k), "bias": r(o) if bias else None}
    grads_case("conv3d", lambda input, weight, bias=None: F.conv3d(input, weight, bias, stride, padding, dilation, groups), t,
               {"stride": stride, "padding": padding, "dilation": dilation, "groups": groups})


conv3d_case(1, 2, (3, 4, 4), 3, (2, 3, 3))
conv3d_case(1, 2, (4, 5, 4), 2, (3, 2, 3), stride=[2, 1, 2], padding=[1, 0, 1])
conv3d_case(1, 4, (4, 4, 5), 4, (2, 2, 3), stride=1, padding=1, dilation=2, groups=2, bias=False)
conv3d_case(1, 2, (3, 4, 4), 2, (2, 3, 2), padding="same", dilation=[1, 2, 1])  # even kernels: asymmetric padding
conv3d_case(1, 1, (5, 4, 5), 2, (3, 2, 2), padding="valid", stride=[1, 2, 2])
conv3d_case(2, 2, (2, 3, 3), 2, (1, 3, 3), padding=[0, 1, 1], groups=2)         # depthwise, kD = 1


# ---- conv_transpose1d/2d
def convt_case(nd, n, cin, size, cout, k, stride=1, padding=0, output_padding=0, groups=1, dilation=1, bias=True):
    t = {"input": r(n, cin, *size), "weight": r(cin, cout // groups, *k), "bias": r(cout) if bias else None}
    f = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}[nd]
    grads_case("conv_transpose",
               lambda input, weight, bias=None: f(input, weight, bias, stride, padding, output_padding, groups, dilation), t,
               {"nd": nd, "stride": stride, "padding": padding, "output_padding": output_padding, "groups": groups,
                "dilation": dilation})


convt_case(1, 2, 3, (5,), 2, (3,))
convt_case(1, 1, 4, (5,), 6, (3,), stride=2, padding=1, output_padding=1, groups=2, dilation=2, bias=False)
convt_case(1, 1, 2, (4,), 3, (4,), stride=3, padding=2)
convt_case(2, 2, 3, (3, 4), 2, (3, 3))
convt_case(2, 1, 2, (3, 3), 2, (3, 2), stride=[2, 1], padding=[1, 0], output_padding=[1, 0])
convt_case(2, 1, 4, (2, 3), 4, (3, 3), stride=2, padding=1, output_padding=1, groups=2, dilation=2, bias=False)
convt_case(2, 1, 2, (3, 3), 2, (2, 3), stride=1, dilation=2, output_padding=1)  # output_padding < dilation only
convt_case(2, 1, 2, (3, 4), 3, (3, 3), stride=3, padding=2)


# ---- interpolate
def interp_case(shape, size=None, scale=None, mode="nearest", align=None, recompute=None, dtype=torch.float64):
    t = {"input": r(*shape)}
    grads_case("interpolate", lambda input: F.interpolate(input, size, scale, mode, align, recompute), t,
               {"size": size, "scale": scale, "mode": mode, "align": align, "recompute": recompute,
                "dtype": str(dtype).replace("torch.", "")}, dtype)


for mode in ["nearest", "nearest-exact"]:
    interp_case((2, 1, 5), size=8, mode=mode)
    interp_case((1, 2, 5), scale=1.7, mode=mode)
    interp_case((1, 1, 5), scale=0.6, mode=mode)
    interp_case((1, 1, 4, 5), size=[7, 3], mode=mode)
    interp_case((1, 1, 3, 4), scale=[2.0, 1.5], mode=mode)
    interp_case((1, 1, 2, 3, 2), scale=[1.5, 0.75, 2.0], mode=mode)
    interp_case((1, 1, 5), scale=2.3, mode=mode, recompute=True)
    interp_case((1, 1, 7), scale=1.7, mode=mode, dtype=torch.float32)
for align in [False, True]:
    interp_case((2, 1, 5), size=8, mode="linear", align=align)
    interp_case((1, 1, 5), scale=1.7, mode="linear", align=align)
    interp_case((1, 1, 5), size=3, mode="linear", align=align)
    interp_case((1, 1, 3), size=1, mode="linear", align=align)
    interp_case((1, 1, 4, 5), size=[7, 6], mode="bilinear", align=align)
    interp_case((1, 1, 3, 4), scale=[1.5, 2.3], mode="bilinear", align=align)
    interp_case((1, 1, 6, 5), scale=0.5, mode="bilinear", align=align)
    interp_case((1, 1, 4, 3), size=[6, 5], mode="bicubic", align=align)
    interp_case((1, 1, 3, 4), scale=1.7, mode="bicubic", align=align)
    interp_case((1, 1, 6, 7), size=[4, 3], mode="bicubic", align=align)
    interp_case((1, 1, 2, 3, 2), size=[3, 5, 4], mode="trilinear", align=align)
    interp_case((1, 1, 2, 3, 2), scale=1.5, mode="trilinear", align=align)
    interp_case((1, 1, 5, 7), scale=1.7, mode="bilinear", align=align, dtype=torch.float32)
    interp_case((1, 1, 5, 7), scale=1.3, mode="bicubic", align=align, dtype=torch.float32)
interp_case((1, 1, 5), scale=1.7, mode="linear", recompute=True)
interp_case((1, 1, 3, 4), scale=[1.5, 2.3], mode="bilinear", recompute=True)
interp_case((1, 2, 7), size=3, mode="area")
interp_case((1, 1, 7, 6), size=[3, 4], mode="area")
interp_case((1, 1, 7, 6), scale=0.5, mode="area")

# ---- modules: init after manual_seed, repr, a forward
for ctor, args, kw, shape in [("Conv3d", (2, 3, (2, 3, 3)), {}, (1, 2, 3, 4, 3)),
                              ("Conv3d", (2, 4, 3), {"padding": "same", "padding_mode": "reflect", "groups": 2}, (1, 2, 3, 3, 4)),
                              ("Conv3d", (2, 2, 2), {"padding": 1, "padding_mode": "circular", "bias": False}, (1, 2, 2, 3, 3)),
                              ("ConvTranspose1d", (3, 4, 3), {}, (2, 3, 5)),
                              ("ConvTranspose2d", (4, 6, (2, 3)), {"stride": 2, "padding": 1, "output_padding": 1, "groups": 2},
                               (1, 4, 2, 3)),
                              ("ConvTranspose2d", (2, 3, 3), {"stride": 2, "dilation": 2, "bias": False}, (2, 2, 3))]:
    torch.manual_seed(7)
    m = getattr(nn, ctor)(*args, **kw)
    x = torch.randn(*shape)
    case = {"kind": "module", "ctor": ctor, "repr": repr(m), "weight": t2j(m.weight), "input": t2j(x), "out": t2j(m(x))}
    if m.bias is not None:
        case["bias"] = t2j(m.bias)
    cases.append(case)
torch.manual_seed(7)
m = nn.ConvTranspose2d(2, 1, 3, stride=2)
x = torch.randn(1, 2, 3, 3)
cases.append({"kind": "output_size", "repr": repr(m), "input": t2j(x), "size": [8, 7], "out": t2j(m(x, output_size=[8, 7]))})


def upsample_repr(m):
    """PyTorch 2.x's Upsample.extra_repr (repr() of scale_factor, size and mode)."""
    info = "scale_factor=" + repr(m.scale_factor) if m.scale_factor is not None else "size=" + repr(m.size)
    return type(m).__name__ + "(" + info + ", mode=" + repr(m.mode) + ")"


cases.append({"kind": "repr", "repr": [
    repr(nn.Conv3d(2, 4, 3, stride=2, padding=1, dilation=2, groups=2, bias=False)),
    repr(nn.Conv3d(2, 4, (1, 2, 3), padding="valid")),
    repr(nn.ConvTranspose2d(2, 4, 3, stride=2, padding=1, output_padding=1, groups=2, bias=False, dilation=2)),
    repr(nn.ConvTranspose1d(2, 4, 3)),
    upsample_repr(nn.Upsample(scale_factor=2)),
    upsample_repr(nn.Upsample(size=(3, 4), mode="bilinear")),
    upsample_repr(nn.Upsample(scale_factor=(2, 1.5), mode="bicubic", align_corners=True)),
    upsample_repr(nn.Upsample(size=5, mode="linear")),
    upsample_repr(nn.UpsamplingNearest2d(scale_factor=2)),
    upsample_repr(nn.UpsamplingBilinear2d(size=(4, 6))),
]})
x = torch.randn(1, 1, 3, 4)
cases.append({"kind": "upsampling2d", "input": t2j(x), "nearest": t2j(nn.UpsamplingNearest2d(scale_factor=2)(x)),
              "bilinear": t2j(nn.UpsamplingBilinear2d(size=(5, 7))(x))})

# ---- conv_transpose3d and its module (appended, so the cases above keep their random draws)
convt_case(3, 1, 2, (2, 3, 3), 3, (2, 3, 2))
convt_case(3, 2, 4, (3, 2, 3), 4, (3, 2, 3), stride=[2, 1, 2], padding=[1, 0, 1], output_padding=[1, 0, 1], groups=2,
           dilation=[1, 2, 1])
convt_case(3, 1, 2, (2, 2, 2), 2, (2, 2, 2), stride=2, output_padding=1, dilation=2, bias=False)  # past the taps' span
convt_case(3, 1, 1, (3, 3, 3), 2, (3, 3, 3), stride=3, padding=2)
torch.manual_seed(7)
m = nn.ConvTranspose3d(4, 6, (2, 3, 2), stride=2, padding=1, output_padding=1, groups=2)
x = torch.randn(1, 4, 2, 3, 2)
cases.append({"kind": "module", "ctor": "ConvTranspose3d", "repr": repr(m), "weight": t2j(m.weight), "input": t2j(x),
              "out": t2j(m(x)), "bias": t2j(m.bias)})
write("conv_extra", cases)
