"""Goldens for the less common layers -> goldens/extra_layers.json.

Run: /usr/bin/python3 scripts/goldens/extra_layers_goldens.py

Each case: a name (the Java test holds the matching call), inputs, the output and the gradients of (out * w).sum();
dropout cases draw after manual_seed(seed); "repr" holds module reprs.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from common import t2j, write

torch.manual_seed(0)
D = torch.float64
cases = []


def case(name, f, *inputs, seed=None, grad=True):
    xs = [x.clone().requires_grad_(grad and x.dtype.is_floating_point) for x in inputs]
    if seed is not None:
        torch.manual_seed(seed)
    out = f(*xs)
    c = {"name": name, "seed": seed, "inputs": [t2j(x) for x in inputs], "out": t2j(out)}
    if grad:
        w = torch.randn(out.shape, dtype=out.dtype)
        (out * w).sum().backward()
        c["w"] = t2j(w)
        c["grads"] = [t2j(x.grad) if x.grad is not None else None for x in xs]
    cases.append(c)


case("local_response_norm", lambda x: F.local_response_norm(x, 3), torch.randn(2, 5, 3, 3, dtype=D))
case("local_response_norm_3d", lambda x: F.local_response_norm(x, 2, alpha=0.01, beta=0.5, k=2.0), torch.randn(2, 4, 6, dtype=D))
case("lp_pool2d", lambda x: F.lp_pool2d(x, 2, 2), torch.randn(1, 2, 4, 6, dtype=D))
case("lp_pool2d_stride_ceil", lambda x: F.lp_pool2d(x, 1.5, (2, 3), stride=1, ceil_mode=True), torch.rand(1, 2, 4, 5, dtype=D) + 0.1)
case("lp_pool1d", lambda x: F.lp_pool1d(x, 3, 2), torch.rand(2, 3, 7, dtype=D) + 0.1)
x = torch.randn(1, 2, 4, 6, dtype=D)
_, idx = F.max_pool2d(x, 2, return_indices=True)
case("max_unpool2d", lambda v, i: F.max_unpool2d(v, i, 2), F.max_pool2d(x, 2), idx)
_, idx2 = F.max_pool2d(torch.randn(1, 1, 5, 5, dtype=D), 2, return_indices=True)
case("max_unpool2d_output_size", lambda v, i: F.max_unpool2d(v, i, 2, output_size=[5, 5]), torch.randn(1, 1, 2, 2, dtype=D), idx2)
case("alpha_dropout", lambda x: F.alpha_dropout(x, 0.3, True), torch.randn(4, 5, dtype=D), seed=3)
case("feature_alpha_dropout", lambda x: F.feature_alpha_dropout(x, 0.4, True), torch.randn(2, 3, 2, 2, dtype=D), seed=4)
case("alpha_dropout_eval", lambda x: F.alpha_dropout(x, 0.3, False), torch.randn(3, dtype=D))
case("channel_shuffle", lambda x: F.channel_shuffle(x, 2), torch.randn(1, 6, 2, 2, dtype=D), grad=False)
case("adaptive_max_pool1d", lambda x: F.adaptive_max_pool1d(x, 3), torch.randn(2, 3, 8, dtype=D))
case("triplet_with_distance", lambda a, p, n: F.triplet_margin_with_distance_loss(a, p, n), torch.randn(4, 5, dtype=D),
     torch.randn(4, 5, dtype=D), torch.randn(4, 5, dtype=D))
case("triplet_with_cosine_swap", lambda a, p, n: F.triplet_margin_with_distance_loss(
    a, p, n, distance_function=lambda u, v: 1 - F.cosine_similarity(u, v), margin=0.5, swap=True, reduction="sum"),
    torch.randn(4, 5, dtype=D), torch.randn(4, 5, dtype=D), torch.randn(4, 5, dtype=D))
# appended: max_unpool1d/3d, gumbel_softmax, rrelu, pdist
x1 = torch.randn(2, 3, 8, dtype=D)
_, i1 = F.max_pool1d(x1, 2, return_indices=True)
case("max_unpool1d", lambda v, i: F.max_unpool1d(v, i, 2), F.max_pool1d(x1, 2), i1)
x3 = torch.randn(1, 2, 4, 4, 6, dtype=D)
_, i3 = F.max_pool3d(x3, 2, return_indices=True)
case("max_unpool3d", lambda v, i: F.max_unpool3d(v, i, 2), F.max_pool3d(x3, 2), i3)
case("gumbel_softmax", lambda x: F.gumbel_softmax(x, tau=0.5), torch.randn(3, 5, dtype=D), seed=7)
case("gumbel_softmax_hard", lambda x: F.gumbel_softmax(x, hard=True, dim=0), torch.randn(4, 3, dtype=D), seed=8)
case("rrelu_train", lambda x: F.rrelu(x, 0.1, 0.3, training=True), torch.randn(3, 6, dtype=D), seed=9)
case("rrelu_train_f32", lambda x: F.rrelu(x, training=True), torch.randn(2, 5), seed=10)
case("rrelu_eval", lambda x: F.rrelu(x), torch.randn(7, dtype=D))
case("pdist", lambda x: F.pdist(x), torch.randn(5, 3, dtype=D))
case("pdist_p1", lambda x: F.pdist(x, 1), torch.randn(4, 6, dtype=D))
case("pdist_repeated_rows", lambda x: F.pdist(x), torch.tensor([[1.0, 2.0], [1.0, 2.0], [0.0, -1.0]], dtype=D))
# appended: RReLU(inplace=True) in training writes its random slopes into the (non-leaf) input
case("rrelu_module_inplace_train", lambda x: nn.RReLU(0.1, 0.3, inplace=True).train()(x * 1), torch.randn(3, 5, dtype=D), seed=11)
reprs = [repr(m) for m in [nn.LocalResponseNorm(2), nn.LPPool2d(2, 2), nn.LPPool2d(1.5, (2, 3), stride=1, ceil_mode=True),
                           nn.LPPool1d(3, 2), nn.MaxUnpool2d(2), nn.MaxUnpool2d((2, 3), stride=1, padding=1), nn.AlphaDropout(0.2),
                           nn.FeatureAlphaDropout(), nn.ChannelShuffle(2), nn.AdaptiveMaxPool1d(3), nn.TripletMarginWithDistanceLoss(),
                           nn.Unfold(2), nn.Unfold((2, 3), dilation=2, padding=1, stride=(1, 2)), nn.Fold((4, 5), 2),
                           nn.MaxUnpool1d(2), nn.MaxUnpool3d(2, stride=1), nn.RReLU(), nn.RReLU(0.1, 0.3),
                           nn.RReLU(0.2, 0.4, inplace=True)]]
cases.append({"name": "repr", "reprs": reprs})
write("extra_layers", cases)
