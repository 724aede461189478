"""Goldens for nn.utils fusion, nn.init.sparse_ and nn.utils.skip_init -> goldens/nn_utils.json.

Run: /usr/bin/python3 scripts/goldens/nn_utils_goldens.py

fuse_*: 1.13's fusion formulas are 2.x's (2.x adds the dtype casts and requires_grad flags, which the Java test checks
on its own). Each fusion case: conv/linear made after manual_seed(seed), its BatchNorm trained on three random batches
(so the running statistics and, where affine, random weight/bias are not the defaults), both put in eval mode; the
fused weight and bias, and for an input x both bn(conv(x)) and fused(x).
sparse_: the tensor after manual_seed(seed) and sparse_, then one randn(3) (the stream's position afterwards).
skip_init: after manual_seed(seed), skip_init(Linear, 5, 3) then randn(4) (equal to randn(4) right after the seed).
"""
import torch
import torch.nn as nn
from torch.nn.utils import skip_init
from torch.nn.utils.fusion import fuse_conv_bn_eval, fuse_linear_bn_eval

from common import t2j, write

cases = []


def fusion(name, make_conv, make_bn, in_shape, transpose=False, seed=0):
    torch.manual_seed(seed)
    conv, bn = make_conv(), make_bn()
    if bn.affine:
        with torch.no_grad():
            bn.weight.uniform_(0.5, 1.5)
            bn.bias.uniform_(-0.5, 0.5)
    bn.train()
    with torch.no_grad():
        for _ in range(3):
            bn(conv(torch.randn(*in_shape)) * 2 + 1)
    conv.eval()
    bn.eval()
    fused = fuse_linear_bn_eval(conv, bn) if isinstance(conv, nn.Linear) else fuse_conv_bn_eval(conv, bn, transpose)
    x = torch.randn(*in_shape)
    c = {"name": name, "seed": seed, "conv_weight": t2j(conv.weight),
         "conv_bias": t2j(conv.bias) if conv.bias is not None else None,
         "bn_weight": t2j(bn.weight) if bn.weight is not None else None,
         "bn_bias": t2j(bn.bias) if bn.bias is not None else None,
         "running_mean": t2j(bn.running_mean), "running_var": t2j(bn.running_var), "eps": bn.eps,
         "fused_weight": t2j(fused.weight), "fused_bias": t2j(fused.bias),
         "input": t2j(x), "expected": t2j(bn(conv(x))), "output": t2j(fused(x))}
    cases.append(c)


fusion("conv2d", lambda: nn.Conv2d(2, 3, 3, padding=1), lambda: nn.BatchNorm2d(3), (2, 2, 5, 5))
fusion("conv2d_no_bias", lambda: nn.Conv2d(2, 4, 2, bias=False), lambda: nn.BatchNorm2d(4, eps=1e-3), (2, 2, 4, 4), seed=1)
fusion("conv1d_no_affine", lambda: nn.Conv1d(3, 2, 3, stride=2), lambda: nn.BatchNorm1d(2, affine=False), (3, 3, 9), seed=2)
fusion("conv_transpose2d", lambda: nn.ConvTranspose2d(3, 2, 2, stride=2), lambda: nn.BatchNorm2d(2), (2, 3, 3, 3),
       transpose=True, seed=3)
fusion("linear", lambda: nn.Linear(4, 3), lambda: nn.BatchNorm1d(3), (5, 4), seed=4)
fusion("linear_no_bias", lambda: nn.Linear(4, 3, bias=False), lambda: nn.BatchNorm1d(3), (5, 4), seed=5)

for name, shape, sparsity, std, seed in [("sparse_3x5", (3, 5), 0.1, 0.01, 0), ("sparse_6x4", (6, 4), 0.5, 1.0, 7),
                                         ("sparse_10x3_float64", (10, 3), 0.25, 0.3, 3)]:
    torch.manual_seed(seed)
    dtype = torch.float64 if name.endswith("float64") else torch.float32
    w = torch.empty(*shape, dtype=dtype)
    nn.init.sparse_(w, sparsity, std=std)
    cases.append({"name": name, "seed": seed, "sparsity": sparsity, "std": std, "tensor": t2j(w), "after": t2j(torch.randn(3))})

torch.manual_seed(11)
m = skip_init(nn.Linear, 5, 3)
cases.append({"name": "skip_init", "seed": 11, "weight_shape": list(m.weight.shape), "after": t2j(torch.randn(4))})

write("nn_utils", cases)
