"""Goldens for the torch.* forms of nn functions added in the sweep -> goldens/nn_forms.json.

Run: /usr/bin/python3 scripts/goldens/nn_forms_goldens.py

Each case (common.weighted_grad_case): torch.<name>'s outputs and the inputs' gradients of a weighted sum. Covers
the losses with integer reduction codes, torch.convolution, adaptive_max_pool1d / max_pool1d_with_indices, the
in-place activations (on a non-leaf copy), grid_sampler's integer modes, affine_grid_generator, native_layer_norm /
native_batch_norm / native_group_norm, frobenius_norm, norm_except_dim, batch_norm_update_stats (outputs and the
running statistics after), lstm / gru / rnn_tanh / rnn_relu and their cells, segment_reduce. "sync_bn" holds
F.batch_norm's training output and gradients, which the Java test rebuilds from SyncBatchNorm's building blocks
(batch_norm_stats / gather / elemt / backward_reduce / backward_elemt have no CPU kernels in PyTorch).
"""
import torch
import torch.nn.functional as F

from common import weighted_grad_case, write

torch.manual_seed(0)
D = torch.float64
cases = []


def r(*shape):
    return torch.randn(*shape, dtype=D)


def sign(*shape):
    return torch.randint(0, 2, shape).to(D) * 2 - 1


# losses: reduction codes 0 none, 1 mean, 2 sum
weighted_grad_case(cases, "kl_div_0", lambda x, t: torch.kl_div(x, t, 0, log_target=False), [r(3, 4).log_softmax(1), r(3, 4).softmax(1)])
weighted_grad_case(cases, "kl_div_2_log", lambda x, t: torch.kl_div(x, t, 2, log_target=True), [r(3, 4).log_softmax(1), r(3, 4).log_softmax(1)])
# the schema's default reduction is Mean (1); 1.13's Python binding reads every torch.* loss's "Mean" default as 0
# ('none'), so the default case passes 1 explicitly and torch4j follows the schema
weighted_grad_case(cases, "kl_div_default", lambda x, t: torch.kl_div(x, t, 1), [r(2, 5), r(2, 5).softmax(1)],
                   note="torch.kl_div(x, t) with the schema's default reduction, Mean")
lp = r(6, 2, 4).log_softmax(2)
weighted_grad_case(cases, "ctc_loss", lambda x, tg: torch.ctc_loss(x, tg, [6, 5], [3, 2], 0, 1, False),
                   [lp, torch.tensor([[1, 2, 2], [3, 1, 0]])])
weighted_grad_case(cases, "ctc_loss_sum", lambda x, tg, il, tl: torch.ctc_loss(x, tg, il, tl, 0, 2, True),
                   [lp, torch.tensor([[1, 2, 2], [3, 1, 0]]), torch.tensor([6, 5]), torch.tensor([3, 2])])
weighted_grad_case(cases, "cosine_embedding_loss", lambda a, b, y: torch.cosine_embedding_loss(a, b, y, 0.2, 0),
                   [r(4, 3), r(4, 3), sign(4)])
weighted_grad_case(cases, "hinge_embedding_loss", lambda x, y: torch.hinge_embedding_loss(x, y, 1.5, 2), [r(5), sign(5)])
weighted_grad_case(cases, "margin_ranking_loss", lambda a, b, y: torch.margin_ranking_loss(a, b, y, 0.1, 1), [r(5), r(5), sign(5)])
weighted_grad_case(cases, "poisson_nll_loss", lambda x, t: torch.poisson_nll_loss(x, t, True, True, 1e-8, 0),
                   [r(3, 2), r(3, 2).abs() * 3])
weighted_grad_case(cases, "triplet_margin_loss", lambda a, p, n: torch.triplet_margin_loss(a, p, n, 1.0, 1.5, 1e-6, True, 1),
                   [r(4, 3), r(4, 3), r(4, 3)])
weighted_grad_case(cases, "bce_with_logits", lambda x, t, w, pw: torch.binary_cross_entropy_with_logits(x, t, w.detach(), pw.detach(), 0),
                   [r(3, 4), r(3, 4).sigmoid(), r(4).abs(), r(4).abs()])

# convolution
weighted_grad_case(cases, "convolution_1d", lambda x, w, b: torch.convolution(x, w, b, [2], [1], [1], False, [0], 1),
                   [r(2, 2, 7), r(3, 2, 3), r(3)])
weighted_grad_case(cases, "convolution_2d_t", lambda x, w: torch.convolution(x, w, None, [2, 1], [1, 0], [1, 2], True, [1, 0], 2),
                   [r(1, 4, 3, 4), r(4, 1, 2, 3)])
weighted_grad_case(cases, "convolution_3d", lambda x, w, b: torch.convolution(x, w, b, [1, 1, 1], [0, 1, 0], [1, 1, 1], False, [0, 0, 0], 1),
                   [r(1, 2, 3, 3, 3), r(2, 2, 2, 2, 2), r(2)])

# pooling with indices
weighted_grad_case(cases, "adaptive_max_pool1d", lambda x: torch.adaptive_max_pool1d(x, 3), [r(2, 3, 7)])
weighted_grad_case(cases, "max_pool1d_with_indices", lambda x: torch.max_pool1d_with_indices(x, 3, 2, 1, 1, True), [r(2, 2, 8)])

# in-place activations, on a non-leaf copy
# PyTorch's in-place celu_/selu_ take their gradient from the result (CeluBackward1, EluBackward1), which loses
# ~1e-8 against the input-based formula; torch4j's in-place forms copy the out-of-place result, so their gradients are
# celu's and selu's: the cases hold those, after checking that the in-place values are the out-of-place ones (1.13's
# celu gradient itself is ~1e-8 off the exact w * exp(x / alpha) here, hence the Java test's 1e-7)
xc, xs = r(3, 4), r(3, 4)
assert torch.equal(torch.celu_(xc.clone(), 0.7), torch.celu(xc, 0.7)) and torch.equal(torch.selu_(xs.clone()), torch.selu(xs))
weighted_grad_case(cases, "celu_", lambda x: torch.celu(x, 0.7), [xc], note="celu_'s values; celu's (exact) gradient")
weighted_grad_case(cases, "selu_", lambda x: torch.selu(x), [xs], note="selu_'s values; selu's (exact) gradient")
weighted_grad_case(cases, "rrelu_eval", lambda x: torch.rrelu_(x * 1, 0.1, 0.3, False), [r(3, 4)])
weighted_grad_case(cases, "threshold_", lambda x: torch.threshold_(x * 1, 0.1, -2.0), [r(3, 4)])

# grid sampling with integer codes
grid = torch.rand(2, 3, 4, 2, dtype=D) * 2.2 - 1.1
weighted_grad_case(cases, "grid_sampler_bilinear_zeros", lambda x, g: torch.grid_sampler(x, g, 0, 0, False), [r(2, 2, 4, 5), grid])
weighted_grad_case(cases, "grid_sampler_2d_nearest_border", lambda x, g: torch.grid_sampler_2d(x, g, 1, 1, True), [r(2, 2, 4, 5), grid],
                   note="nearest: no gradient to the grid")
weighted_grad_case(cases, "grid_sampler_reflection_aligned", lambda x, g: torch.grid_sampler(x, g, 0, 2, True), [r(2, 2, 4, 5), grid])
weighted_grad_case(cases, "affine_grid_generator", lambda t: torch.affine_grid_generator(t, [2, 3, 4, 5], False), [r(2, 2, 3)])

# native_* with their statistics
weighted_grad_case(cases, "native_layer_norm", lambda x, w, b: torch.native_layer_norm(x, [3, 4], w, b, 1e-5),
                   [r(2, 5, 3, 4), r(3, 4), r(3, 4)])
weighted_grad_case(cases, "native_batch_norm_train", lambda x, w, b: torch.native_batch_norm(x, w, b, None, None, True, 0.1, 1e-5),
                   [r(4, 3, 5), r(3), r(3)])
weighted_grad_case(cases, "native_batch_norm_eval",
                   lambda x, w, b, m, v: torch.native_batch_norm(x, w, b, m.detach(), v.detach(), False, 0.1, 1e-5),
                   [r(4, 3, 5), r(3), r(3), r(3), r(3).abs() + 0.5])
weighted_grad_case(cases, "native_group_norm", lambda x, w, b: torch.native_group_norm(x, w, b, 2, 6, 4, 3, 1e-5),
                   [r(2, 6, 2, 2), r(6), r(6)])
weighted_grad_case(cases, "native_dropout_eval", lambda x: torch.native_dropout(x, 0.3, False), [r(3, 4)])


def update_stats(x):
    rm, rv = torch.zeros(3, dtype=D), torch.ones(3, dtype=D)
    m, v = torch.batch_norm_update_stats(x, rm, rv, 0.2)
    return m, v, rm, rv


weighted_grad_case(cases, "batch_norm_update_stats", update_stats, [r(4, 3, 5)], grad=False)
weighted_grad_case(cases, "sync_bn", lambda x, w, b: F.batch_norm(x, None, None, w, b, True, 0.1, 1e-5), [r(4, 3, 5), r(3), r(3)])

# norms
weighted_grad_case(cases, "frobenius_norm", lambda x: torch.frobenius_norm(x, [1, 2], False), [r(2, 3, 4)])
weighted_grad_case(cases, "frobenius_norm_keepdim", lambda x: torch.frobenius_norm(x, [0], True), [r(3, 4)])
weighted_grad_case(cases, "norm_except_dim_0", lambda x: torch.norm_except_dim(x, 2, 0), [r(3, 2, 4)])
weighted_grad_case(cases, "norm_except_dim_1_p3", lambda x: torch.norm_except_dim(x, 3, 1), [r(3, 2, 4)])
weighted_grad_case(cases, "norm_except_dim_last", lambda x: torch.norm_except_dim(x, 2, 2), [r(3, 2, 4)])
weighted_grad_case(cases, "norm_except_dim_all", lambda x: torch.norm_except_dim(x, 2, -1), [r(3, 2, 4)])

# recurrences over flat parameter lists
H, I = 3, 2


def params(gates, layers, dirs, bias, proj=0):
    ps = []
    for l in range(layers):
        for d in range(dirs):
            inp = I if l == 0 else (proj or H) * dirs
            ps += [r(gates * H, inp) * 0.5, r(gates * H, proj or H) * 0.5]
            if bias:
                ps += [r(gates * H) * 0.5, r(gates * H) * 0.5]
            if proj:
                ps += [r(proj, H) * 0.5]
    return ps


ps = params(4, 2, 2, True)
weighted_grad_case(cases, "lstm_2l_bi", lambda x, h, c, *p: torch.lstm(x, (h, c), p, True, 2, 0.0, True, True, False),
                   [r(5, 2, I), r(4, 2, H), r(4, 2, H)] + ps)
ps = params(4, 1, 1, False, proj=2)
weighted_grad_case(cases, "lstm_proj_batch_first", lambda x, h, c, *p: torch.lstm(x, (h, c), p, False, 1, 0.0, False, False, True),
                   [r(2, 4, I), r(1, 2, 2), r(1, 2, H)] + ps)
ps = params(3, 2, 1, True)
weighted_grad_case(cases, "gru_2l", lambda x, h, *p: torch.gru(x, h, p, True, 2, 0.0, True, False, False), [r(4, 3, I), r(2, 3, H)] + ps)
ps = params(1, 1, 2, True)
weighted_grad_case(cases, "rnn_tanh_bi", lambda x, h, *p: torch.rnn_tanh(x, h, p, True, 1, 0.0, False, True, True), [r(2, 3, I), r(2, 2, H)] + ps)
ps = params(1, 1, 1, False)
weighted_grad_case(cases, "rnn_relu", lambda x, h, *p: torch.rnn_relu(x, h, p, False, 1, 0.0, False, False, False), [r(3, 2, I), r(1, 2, H)] + ps)
weighted_grad_case(cases, "lstm_cell", lambda x, h, c, a, b, bi, bh: torch.lstm_cell(x, (h, c), a, b, bi, bh),
                   [r(2, I), r(2, H), r(2, H), r(4 * H, I), r(4 * H, H), r(4 * H), r(4 * H)])
weighted_grad_case(cases, "gru_cell", lambda x, h, a, b, bi, bh: torch.gru_cell(x, h, a, b, bi, bh),
                   [r(2, I), r(2, H), r(3 * H, I), r(3 * H, H), r(3 * H), r(3 * H)])
weighted_grad_case(cases, "rnn_tanh_cell", lambda x, h, a, b: torch.rnn_tanh_cell(x, h, a, b), [r(2, I), r(2, H), r(H, I), r(H, H)])
weighted_grad_case(cases, "rnn_relu_cell", lambda x, h, a, b, bi, bh: torch.rnn_relu_cell(x, h, a, b, bi, bh),
                   [r(2, I), r(2, H), r(H, I), r(H, H), r(H), r(H)])

# segment_reduce (2.x semantics; 1.13 agrees on these)
# ties split the gradient evenly (index_reduce's rule, and 1.13's for column 0); ties sit in column 0 only, since
# 1.13's min backward gives every tied minimum of column 1 the full gradient
data = r(6, 2)
data[2, 0] = data[1, 0]
data[0, 0] = data[1, 0] - 1  # a tied maximum in the first segment
data[4, 0] = data[3, 0]
data[5, 0] = data[3, 0] + 1  # a tied minimum in the last
lengths = torch.tensor([3, 0, 3])
for red in ["sum", "mean", "max", "min", "prod"]:
    weighted_grad_case(cases, "segment_" + red, lambda x, l, red=red: torch.segment_reduce(x, red, lengths=l), [data, lengths])
weighted_grad_case(cases, "segment_max_initial", lambda x, l: torch.segment_reduce(x, "max", lengths=l, initial=0.5), [data, lengths])
weighted_grad_case(cases, "segment_mean_initial", lambda x, l: torch.segment_reduce(x, "mean", lengths=l, initial=2.0), [data, lengths])
weighted_grad_case(cases, "segment_offsets", lambda x, o: torch.segment_reduce(x, "sum", offsets=o), [data, torch.tensor([0, 2, 6])])
weighted_grad_case(cases, "segment_axis1", lambda x, l: torch.segment_reduce(x, "sum", lengths=l, axis=1),
                   [r(2, 6, 3), torch.tensor([[2, 4], [1, 5]])])
write("nn_forms", cases)
