"""Goldens for the lazy modules -> goldens/lazy.json.

Run: /usr/bin/python3 scripts/goldens/lazy_goldens.py

After manual_seed, a lazy module's repr, then its first forward (which materializes and initialises the parameters
in PyTorch's order), the parameters, the output and the repr of the module it has become; and a state dict loaded
into a fresh lazy module.
"""
import warnings

import torch
import torch.nn as nn

from common import t2j, write

warnings.filterwarnings("ignore")
cases = []


def case(name, make, in_shape, seed):
    torch.manual_seed(seed)
    m = make()
    before = repr(m)
    x = torch.randn(*in_shape)
    y = m(x)
    cases.append({"name": name, "seed": seed, "repr_before": before, "repr_after": repr(m), "input": t2j(x), "out": t2j(y),
                  "params": [[k, t2j(v)] for k, v in m.named_parameters()]})


case("linear", lambda: nn.LazyLinear(4), (2, 3), 0)
case("linear_nobias_3d", lambda: nn.LazyLinear(2, bias=False), (2, 3, 5), 1)
case("linear_in_sequential", lambda: nn.Sequential(nn.LazyLinear(6), nn.ReLU(), nn.LazyLinear(2)), (4, 3), 2)
case("conv1d", lambda: nn.LazyConv1d(3, 2, padding=1), (2, 4, 6), 3)
case("conv2d_groups", lambda: nn.LazyConv2d(4, 3, stride=2, groups=2), (1, 6, 7, 7), 4)
case("conv2d_unbatched_reflect", lambda: nn.LazyConv2d(2, (2, 3), padding=1, padding_mode="reflect", bias=False), (3, 5, 5), 5)
case("conv3d", lambda: nn.LazyConv3d(2, 2), (1, 2, 3, 4, 4), 6)


def bn_case(name, make, in_shape, seed):
    torch.manual_seed(seed)
    m = make()
    before = repr(m)
    x = torch.randn(*in_shape)
    y = m(x)
    m.eval()
    x2 = torch.randn(*in_shape)
    cases.append({"name": name, "seed": seed, "repr_before": before, "repr_after": repr(m), "input": t2j(x), "out": t2j(y),
                  "input_eval": t2j(x2), "out_eval": t2j(m(x2)),
                  "buffers": [[k, t2j(v)] for k, v in m.named_buffers()], "params": [[k, t2j(v)] for k, v in m.named_parameters()]})


bn_case("batchnorm1d", lambda: nn.LazyBatchNorm1d(), (4, 3), 7)
bn_case("batchnorm2d_momentum", lambda: nn.LazyBatchNorm2d(eps=1e-3, momentum=0.3), (2, 3, 4, 4), 8)
bn_case("batchnorm3d_no_affine", lambda: nn.LazyBatchNorm3d(affine=False), (2, 2, 2, 3, 3), 9)
case("conv_transpose1d", lambda: nn.LazyConvTranspose1d(3, 2, stride=2), (2, 4, 5), 10)
case("conv_transpose2d_groups", lambda: nn.LazyConvTranspose2d(4, 3, stride=2, padding=1, output_padding=1, groups=2),
     (1, 6, 3, 3), 11)
case("conv_transpose3d", lambda: nn.LazyConvTranspose3d(2, 2, bias=False), (1, 3, 2, 2, 2), 12)
bn_case("instancenorm2d_default", lambda: nn.LazyInstanceNorm2d(), (2, 3, 4, 4), 13)
bn_case("instancenorm1d_affine_tracked", lambda: nn.LazyInstanceNorm1d(affine=True, track_running_stats=True), (2, 3, 5), 14)
bn_case("instancenorm3d_affine", lambda: nn.LazyInstanceNorm3d(affine=True), (1, 2, 2, 3, 3), 15)
bn_case("batchnorm1d_bare", lambda: nn.LazyBatchNorm1d(affine=False, track_running_stats=False), (4, 3), 16)
write("lazy", cases)
