"""Goldens for the view-copy functions and torch.as_strided_scatter -> goldens/view_copy.json.

Run: /usr/bin/python3 scripts/goldens/view_copy_goldens.py

Each case (common.weighted_grad_case): the outputs and the inputs' gradients of the weighted sum. PyTorch 1.13 has
all of these functions already (its *_copy results keep the view's strides where 2.x's are contiguous: the values,
which are all a golden holds, are the same).
"""
import torch

from common import weighted_grad_case, write

torch.manual_seed(0)
D = torch.float64
cases = []


def r(*shape):
    return torch.randn(*shape, dtype=D)


def case(fn, f, *inputs):
    weighted_grad_case(cases, fn, f, list(inputs))


case("view_copy", lambda x: torch.view_copy(x, (2, 6)), r(3, 4))
case("permute_copy", lambda x: torch.permute_copy(x, (2, 0, 1)), r(2, 3, 4))
case("t_copy", lambda x: torch.t_copy(x), r(3, 4))
case("transpose_copy", lambda x: torch.transpose_copy(x, 0, 2), r(2, 3, 4))
case("squeeze_copy", lambda x: torch.squeeze_copy(x), r(3, 1, 4, 1))
case("squeeze_copy_dim", lambda x: torch.squeeze_copy(x, 1), r(3, 1, 4))
case("squeeze_copy_dims", lambda x: torch.squeeze_copy(x.squeeze(-1), 1).unsqueeze(-1), r(3, 1, 4, 1))
case("unsqueeze_copy", lambda x: torch.unsqueeze_copy(x, -1), r(3, 4))
case("expand_copy", lambda x: torch.expand_copy(x, (3, 2, 4)), r(2, 1))
case("diagonal_copy", lambda x: torch.diagonal_copy(x, 1, 1, 2), r(2, 3, 4))
case("select_copy", lambda x: torch.select_copy(x, 1, -1), r(3, 4))
case("slice_copy", lambda x: torch.slice_copy(x, 1, 1, None, 2), r(3, 5))
case("split_copy", lambda x: torch.split_copy(x, 2, 1), r(3, 5))
case("split_with_sizes_copy", lambda x: torch.split_with_sizes_copy(x, [1, 3]), r(4, 2))
case("unbind_copy", lambda x: torch.unbind_copy(x, 1), r(2, 3))
case("unfold_copy", lambda x: torch.unfold_copy(x, 1, 3, 2), r(2, 7))
# 1.13 records no derivative for detach_copy (it refuses a grad-requiring input): the copy is taken of x.detach(),
# and the gradient flows only through the other factor, as through our detached copy
case("detach_copy", lambda x: torch.detach_copy(x.detach()) * x, r(3))
case("alias_copy", lambda x: torch.alias_copy(x), r(2, 3))
case("as_strided_copy", lambda x: torch.as_strided_copy(x, (2, 3), (1, 3), 2), r(3, 4))
case("view_as_real_copy", lambda a, b: torch.view_as_real_copy(torch.complex(a, b)), r(3), r(3))
# 1.13's view_as_complex_copy refuses autograd (2.x's differentiates it as view_as_complex): its value here, the
# gradient from view_as_complex, the op it copies
weighted_grad_case(cases, "view_as_complex_copy", lambda x: torch.view_as_real(torch.view_as_complex(x) * (1 + 2j)), [r(3, 2)],
                   note="gradient of view_as_complex (1.13's copy form is not differentiable)")
assert torch.equal(torch.view_as_complex_copy(torch.tensor(cases[-1]["inputs"][0]["data"], dtype=D).reshape(3, 2)),
                   torch.view_as_complex(torch.tensor(cases[-1]["inputs"][0]["data"], dtype=D).reshape(3, 2)))


def as_strided_scatter(x, s, size, stride, offset=None):
    """2.x's as_strided_scatter written out (clone, then copy_ into the clone's as_strided view): 1.13's backward
    leaves the input's gradient uninitialised. The value is checked against 1.13's function."""
    y = x.clone()
    y.as_strided(size, stride, offset).copy_(s)
    assert torch.equal(y.detach(), torch.as_strided_scatter(x.detach(), s.detach(), size, stride, offset))
    return y


weighted_grad_case(cases, "as_strided_scatter", lambda x, s: as_strided_scatter(x, s, (2, 2), (1, 3), 1), [r(3, 4), r(2, 2)],
                   note="gradient of the composite (1.13's AsStridedScatterBackward0 leaves grad uninitialised)")
case("as_strided_scatter_no_offset", lambda x, s: as_strided_scatter(x, s, (3,), (4,)), r(3, 4), r(3))
write("view_copy", cases)
