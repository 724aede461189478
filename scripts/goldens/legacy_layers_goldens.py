"""Goldens for nn.CrossMapLRN2d, torch.conv_tbc and torch.native_channel_shuffle -> goldens/legacy_layers.json.

Run: /usr/bin/python3 scripts/goldens/legacy_layers_goldens.py

Each case (common.weighted_grad_case): the output and the inputs' gradients of the weighted sum. CrossMapLRN2d's
gradients are its legacy backward's (not the derivative of its forward), the "repr" case holds module reprs.
"""
import torch
import torch.nn as nn

from common import weighted_grad_case, write

torch.manual_seed(0)
D = torch.float64
cases = []


def r(*shape):
    return torch.randn(*shape, dtype=D)


weighted_grad_case(cases, "cross_map_lrn2d_5", lambda x: nn.CrossMapLRN2d(5, alpha=0.1, beta=0.75, k=1)(x), [r(2, 7, 3, 2)])
weighted_grad_case(cases, "cross_map_lrn2d_4", lambda x: nn.CrossMapLRN2d(4, alpha=0.2, beta=0.5, k=2.0)(x), [r(1, 6, 2, 3)])
weighted_grad_case(cases, "cross_map_lrn2d_3_default", lambda x: nn.CrossMapLRN2d(3)(x), [r(2, 5, 2, 2) * 10])
weighted_grad_case(cases, "cross_map_lrn2d_2", lambda x: nn.CrossMapLRN2d(2, alpha=0.5, beta=1.5, k=0.5)(x), [r(1, 4, 3, 3)])
weighted_grad_case(cases, "cross_map_lrn2d_wide", lambda x: nn.CrossMapLRN2d(9, alpha=0.3)(x), [r(1, 3, 2, 2)])
weighted_grad_case(cases, "conv_tbc", lambda x, w, b: torch.conv_tbc(x, w, b), [r(6, 2, 3), r(3, 3, 4), r(4)])
weighted_grad_case(cases, "conv_tbc_pad", lambda x, w, b: torch.conv_tbc(x, w, b, 2), [r(5, 3, 2), r(4, 2, 3), r(3)])
weighted_grad_case(cases, "conv_tbc_wide_pad", lambda x, w, b: torch.conv_tbc(x, w, b, 4), [r(3, 1, 2), r(2, 2, 2), r(2)])


def native_channel_shuffle(x, groups):
    """PyTorch 2.x's native_channel_shuffle (CompositeImplicitAutograd math_channel_shuffle), written out: 1.13's
    has no derivative. Its value is checked against 1.13's torch.native_channel_shuffle here."""
    b, c = x.shape[0], x.shape[1]
    y = x.view(b, groups, c // groups, -1).permute(0, 2, 1, 3).contiguous().reshape(x.shape)
    assert torch.equal(y.detach(), torch.native_channel_shuffle(x.detach(), groups))
    return y


weighted_grad_case(cases, "native_channel_shuffle", lambda x: native_channel_shuffle(x, 3), [r(2, 6, 2, 2)],
                   note="2.x's composite, written out (1.13's has no derivative)")
weighted_grad_case(cases, "native_channel_shuffle_3d", lambda x: native_channel_shuffle(x, 2), [r(1, 6, 5)])
weighted_grad_case(cases, "native_channel_shuffle_2d", lambda x: native_channel_shuffle(x, 2), [r(3, 4)])
cases.append({"fn": "repr", "reprs": [repr(nn.CrossMapLRN2d(5)), repr(nn.CrossMapLRN2d(3, 0.1, 0.5, 2.0))]})
write("legacy_layers", cases)
