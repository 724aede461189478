"""Goldens for F.multi_head_attention_forward -> goldens/multi_head_attention_forward.json.

Run: /usr/bin/python3 scripts/goldens/multi_head_attention_forward_goldens.py

Each case (common.weighted_grad_case): the output (and the attention weights when asked for) and every input's
gradient of the weighted sum. PyTorch 1.13's function is 2.x's without is_causal (a hint that changes no value), so
these values are 2.x's too. Inputs, in order: query, key, value, then the weights the case passes.
"""
import torch
import torch.nn.functional as F

from common import weighted_grad_case, write

torch.manual_seed(0)
D = torch.float64
cases = []
L, S, N, E, H = 3, 4, 2, 6, 2


def r(*shape):
    return torch.randn(*shape, dtype=D)


def drop_none(out):
    return tuple(o for o in out if o is not None)


# packed weights, cross attention, weights averaged over heads
weighted_grad_case(cases, "packed", lambda q, k, v, w, b, ow, ob: drop_none(F.multi_head_attention_forward(
    q, k, v, E, H, w, b, None, None, False, 0.0, ow, ob, training=False)),
    [r(L, N, E), r(S, N, E), r(S, N, E), r(3 * E, E) * 0.5, r(3 * E) * 0.1, r(E, E) * 0.5, r(E) * 0.1])
# separate weights (kdim 3, vdim 5), bias_k/bias_v, add_zero_attn, a bool key padding mask, per-head weights
kpm = torch.tensor([[False, False, True, False], [False, True, False, False]])
weighted_grad_case(cases, "separate_bias_kv_zero_attn", lambda q, k, v, qw, kw, vw, b, bk, bv, ow, ob: drop_none(
    F.multi_head_attention_forward(q, k, v, E, H, None, b, bk, bv, True, 0.0, ow, ob, key_padding_mask=kpm,
                                   use_separate_proj_weight=True, q_proj_weight=qw, k_proj_weight=kw, v_proj_weight=vw,
                                   average_attn_weights=False)),
    [r(L, N, E), r(S, N, 3), r(S, N, 5), r(E, E) * 0.5, r(E, 3) * 0.5, r(E, 5) * 0.5, r(3 * E) * 0.1, r(1, 1, E), r(1, 1, E),
     r(E, E) * 0.5, r(E) * 0.1])
# static keys and values [N*H, S', hd], a float 3-D attn_mask, no weights
weighted_grad_case(cases, "static_kv_float_mask", lambda q, k, v, w, ow, sk, sv, m: drop_none(F.multi_head_attention_forward(
    q, k, v, E, H, w, None, None, None, False, 0.0, ow, None, attn_mask=m, need_weights=False, static_k=sk, static_v=sv)),
    [r(L, N, E), r(S, N, E), r(S, N, E), r(3 * E, E) * 0.5, r(E, E) * 0.5, r(N * H, S, E // H), r(N * H, S, E // H),
     r(N * H, L, S) * 0.3])
# unbatched self-attention (one tensor as query, key and value) with a bool 2-D mask
mask = torch.tensor([[False, True, True], [False, False, True], [False, False, False]])
weighted_grad_case(cases, "unbatched_self", lambda x, w, b, ow, ob: drop_none(F.multi_head_attention_forward(
    x, x, x, E, H, w, b, None, None, False, 0.0, ow, ob, attn_mask=mask)),
    [r(3, E), r(3 * E, E) * 0.5, r(3 * E) * 0.1, r(E, E) * 0.5, r(E) * 0.1])
write("multi_head_attention_forward", cases)
