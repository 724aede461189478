"""Goldens for F.conv1d/conv2d, F.unfold/fold and nn.Conv1d/Conv2d init -> conv.json (run with /usr/bin/python3).

Each conv case stores input, weight, bias, the output, an upstream gradient and the gradients of all three.
padding="same"/"valid" exist since PyTorch 1.9 and behave the same in 2.x.
"""
import torch
import torch.nn.functional as F
from common import t2j, write

torch.manual_seed(0)
cases = []


def conv_case(nd, n, c, size, o, k, stride=1, padding=0, dilation=1, groups=1, bias=True):
    x = torch.randn(n, c, *size, dtype=torch.float64, requires_grad=True)
    w = torch.randn(o, c // groups, *k, dtype=torch.float64, requires_grad=True)
    b = torch.randn(o, dtype=torch.float64, requires_grad=True) if bias else None
    f = F.conv1d if nd == 1 else F.conv2d
    y = f(x, w, b, stride=stride, padding=padding, dilation=dilation, groups=groups)
    g = torch.randn_like(y)
    y.backward(g)
    case = {"kind": "conv", "nd": nd, "stride": stride, "padding": padding, "dilation": dilation, "groups": groups,
            "input": t2j(x), "weight": t2j(w), "out": t2j(y), "grad": t2j(g), "gradInput": t2j(x.grad),
            "gradWeight": t2j(w.grad)}
    if bias:
        case["bias"] = t2j(b)
        case["gradBias"] = t2j(b.grad)
    cases.append(case)


conv_case(2, 2, 3, (5, 6), 4, (3, 3))
conv_case(2, 2, 3, (7, 6), 4, (3, 2), stride=[2, 1], padding=[1, 2])
conv_case(2, 1, 4, (7, 7), 6, (3, 3), stride=2, padding=1, dilation=2, groups=2, bias=False)
conv_case(2, 2, 4, (6, 5), 4, (3, 3), padding=1, groups=4)  # depthwise
conv_case(2, 2, 2, (5, 6), 3, (2, 4), padding="same")        # even kernel: asymmetric padding
conv_case(2, 1, 2, (6, 6), 3, (3, 3), padding="same", dilation=2)
conv_case(2, 2, 2, (4, 5), 3, (2, 2), padding="valid", stride=[1, 2])
conv_case(1, 2, 3, (9,), 4, (3,))
conv_case(1, 2, 4, (10,), 6, (2,), stride=2, padding=1, dilation=3, groups=2)
conv_case(1, 1, 2, (7,), 2, (4,), padding="same", bias=False)

for (n, c, h, w, k, d, p, s) in [(2, 3, 5, 6, (2, 3), 1, 0, 1), (1, 2, 6, 5, 3, (2, 1), 1, 2)]:
    x = torch.randn(n, c, h, w, dtype=torch.float64)
    u = F.unfold(x, k, dilation=d, padding=p, stride=s)
    cases.append({"kind": "unfold", "kernel": list(k) if isinstance(k, tuple) else [k],
                  "dilation": list(d) if isinstance(d, tuple) else [d], "padding": [p], "stride": [s],
                  "size": [h, w], "input": t2j(x), "out": t2j(u), "folded": t2j(F.fold(u, (h, w), k, dilation=d,
                                                                                        padding=p, stride=s))})

for ctor, args in [("Conv2d", (1, 32, 3)), ("Conv2d", (4, 6, (2, 3))), ("Conv1d", (3, 5, 4))]:
    torch.manual_seed(7)
    m = getattr(torch.nn, ctor)(*args)
    cases.append({"kind": "module", "ctor": ctor, "args": [list(a) if isinstance(a, tuple) else a for a in args],
                  "repr": repr(m), "weight": t2j(m.weight), "bias": t2j(m.bias)})
cases.append({"kind": "repr", "repr": [repr(torch.nn.Conv2d(2, 4, 3, stride=2, padding=1, dilation=2, groups=2, bias=False)),
                                       repr(torch.nn.Conv1d(2, 4, 3, padding="same", padding_mode="zeros")),
                                       repr(torch.nn.Conv2d(2, 4, (1, 3), padding="valid"))]})
for ctor, args, kw in [("Conv2d", (2, 3, 3), {"padding": 1, "padding_mode": "reflect"}),
                       ("Conv2d", (2, 3, (2, 3)), {"padding": (1, 2), "padding_mode": "replicate"}),
                       ("Conv1d", (2, 3, 4), {"padding": "same", "padding_mode": "circular"}),
                       ("Conv2d", (2, 4, 3), {"padding": "same", "padding_mode": "reflect", "dilation": 2, "groups": 2})]:
    torch.manual_seed(11)
    m = getattr(torch.nn, ctor)(*args, **kw)
    x = torch.randn(2, 2, *((7,) if ctor == "Conv1d" else (5, 6)))
    cases.append({"kind": "padding_mode", "ctor": ctor, "repr": repr(m), "input": t2j(x), "out": t2j(m(x))})
write("conv", cases)
