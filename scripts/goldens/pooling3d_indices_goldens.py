"""Goldens for 3-d max pooling with indices -> goldens/pooling3d_indices.json.

Run: /usr/bin/python3 scripts/goldens/pooling3d_indices_goldens.py

Each case (common.weighted_grad_case): F.max_pool3d_with_indices / F.adaptive_max_pool3d_with_indices, the values and
int64 indices, and the input's gradient of (values * w).sum(); the "_ties" cases pool small integers so that windows
hold equal maxima (the index is the first in (d, h, w) order); "_unpool" round-trips the indices through max_unpool3d.
"""
import torch
import torch.nn.functional as F

from common import weighted_grad_case, write

torch.manual_seed(0)
D = torch.float64
cases = []


def ties(*shape):
    return torch.randint(0, 3, shape).to(D)


weighted_grad_case(cases, "max_pool3d", lambda x: F.max_pool3d_with_indices(x, 2), [torch.randn(2, 3, 4, 5, 6, dtype=D)])
weighted_grad_case(cases, "max_pool3d_strided", lambda x: F.max_pool3d_with_indices(
    x, (2, 3, 2), stride=(2, 2, 3), padding=(1, 1, 0), dilation=(1, 1, 2)), [torch.randn(2, 2, 5, 6, 7, dtype=D)])
weighted_grad_case(cases, "max_pool3d_ceil_unbatched", lambda x: F.max_pool3d_with_indices(
    x, 3, stride=2, padding=1, ceil_mode=True), [torch.randn(2, 6, 5, 7, dtype=D)])
weighted_grad_case(cases, "max_pool3d_ties", lambda x: F.max_pool3d_with_indices(x, (3, 2, 2), stride=1), [ties(1, 2, 5, 4, 4)])
weighted_grad_case(cases, "max_pool3d_unpool", lambda x: F.max_unpool3d(*F.max_pool3d_with_indices(x, 2, stride=2), 2, stride=2,
                                                                         output_size=x.shape[-3:]),
                   [torch.randn(1, 2, 5, 4, 5, dtype=D)])
weighted_grad_case(cases, "adaptive_max_pool3d", lambda x: F.adaptive_max_pool3d_with_indices(x, (2, 3, 4)),
                   [torch.randn(2, 3, 5, 7, 6, dtype=D)])
weighted_grad_case(cases, "adaptive_max_pool3d_divisible", lambda x: F.adaptive_max_pool3d_with_indices(x, 2),
                   [torch.randn(1, 2, 4, 6, 4, dtype=D)])
weighted_grad_case(cases, "adaptive_max_pool3d_unbatched", lambda x: F.adaptive_max_pool3d_with_indices(x, (3, 1, 2)),
                   [torch.randn(2, 4, 3, 5, dtype=D)])
weighted_grad_case(cases, "adaptive_max_pool3d_ties", lambda x: F.adaptive_max_pool3d_with_indices(x, (3, 2, 3)),
                   [ties(2, 1, 5, 5, 4)])
weighted_grad_case(cases, "adaptive_max_pool3d_unpool", lambda x: F.max_unpool3d(*F.adaptive_max_pool3d_with_indices(x, 2), 2,
                                                                                   output_size=x.shape[-3:]),
                   [torch.randn(1, 1, 4, 4, 4, dtype=D)])
write("pooling3d_indices", cases)
