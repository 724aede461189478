"""Goldens for F.scaled_dot_product_attention, nn.MultiheadAttention and the Transformer layers -> attention.json.

Run: /usr/bin/python3 scripts/goldens/attention_goldens.py

All values are float64 with dropout 0, and every module runs in training mode: PyTorch's "fast path" (fused
encoder layer / attention) only applies in eval mode without autograd, so in training the modules compute the
plain math that torch4j follows. Each case stores the inputs, the outputs, an upstream gradient and the gradients
of the inputs and of every parameter (by state-dict name).

Differences between the torch 1.13 used here and PyTorch 2.x, and how the goldens handle them:
- 1.13 has no F.scaled_dot_product_attention. The SDPA goldens come from `sdpa_ref` below, the reference formula
  that 2.x documents for it (scale default 1/sqrt(E), bool mask True = take part, float mask added, is_causal a
  top-left lower-triangular mask, softmax, dropout, times value), plus 2.5+'s handling of fully masked rows
  (`_safe_softmax`: such rows give 0 instead of NaN).
- 1.13's MultiheadAttention computes what 2.x's does for every case here (2.x converts bool masks to float
  -inf masks and adds them, 1.13 or-s / masked_fills them: the same values; 2.x averages heads with mean, 1.13
  with sum / heads: the same to rounding). No case has a fully masked row, where 2.x's need_weights=False path
  (through SDPA) gives 0 and 1.13 NaN. 2.x's is_causal hint does not exist in 1.13: the Java tests check it
  against the explicit mask.
- 1.13's layers have no `bias` argument (2.1+), and its ModuleList repr does not compress repeats (2.1+): the
  Java tests build the encoder's 2.x repr from the layer repr stored here.
"""
import math
import random

import torch
import torch.nn as nn
import torch.nn.functional as F

from common import t2j, write

torch.set_default_dtype(torch.float32)
cases = []
D = torch.float64


def sdpa_ref(q, k, v, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None):
    """PyTorch 2.x's documented math for scaled_dot_product_attention, with 2.5+'s zeros for fully masked rows."""
    L, S = q.size(-2), k.size(-2)
    scale_factor = 1 / math.sqrt(q.size(-1)) if scale is None else scale
    attn_bias = torch.zeros(L, S, dtype=q.dtype)
    if is_causal:
        assert attn_mask is None
        temp_mask = torch.ones(L, S, dtype=torch.bool).tril(diagonal=0)
        attn_bias.masked_fill_(temp_mask.logical_not(), float("-inf"))
    if attn_mask is not None:
        if attn_mask.dtype == torch.bool:
            attn_bias = attn_bias.masked_fill(attn_mask.logical_not(), float("-inf"))
        else:
            attn_bias = attn_mask + attn_bias
    attn_weight = q @ k.transpose(-2, -1) * scale_factor
    attn_weight = attn_weight + attn_bias
    dead = attn_weight.isneginf().all(-1, keepdim=True)
    attn_weight = torch.softmax(attn_weight.masked_fill(dead, 0.0), dim=-1).masked_fill(dead, 0.0)
    attn_weight = torch.dropout(attn_weight, dropout_p, train=True)
    return attn_weight @ v


def leaf(*shape):
    return torch.randn(*shape, dtype=D, requires_grad=True)


# ------------------------------------------------------------------------------------------------ SDPA

torch.manual_seed(0)


def sdpa_case(name, qs, ks, vs, mask=None, is_causal=False, scale=None):
    q, k, v = leaf(*qs), leaf(*ks), leaf(*vs)
    out = sdpa_ref(q, k, v, mask, 0.0, is_causal, scale)
    g = torch.randn_like(out)
    out.backward(g)
    c = {"kind": "sdpa", "name": name, "q": t2j(q), "k": t2j(k), "v": t2j(v), "isCausal": is_causal,
         "out": t2j(out), "grad": t2j(g), "gradQ": t2j(q.grad), "gradK": t2j(k.grad), "gradV": t2j(v.grad)}
    if mask is not None:
        c["mask"] = t2j(mask)
    if scale is not None:
        c["scale"] = scale
    cases.append(c)


sdpa_case("plain", (2, 3, 4), (2, 5, 4), (2, 5, 3))
sdpa_case("plain_2d", (3, 4), (5, 4), (5, 2))
bool_mask = torch.tensor([[True, False, True, True, False], [False, False, False, False, False],
                          [True, True, True, True, True]])
sdpa_case("bool_mask_dead_row", (2, 3, 4), (2, 5, 4), (2, 5, 3), mask=bool_mask)
sdpa_case("float_mask_4d", (2, 2, 3, 4), (2, 2, 5, 4), (2, 2, 5, 4), mask=torch.randn(2, 1, 3, 5, dtype=D))
sdpa_case("causal_rect", (2, 2, 3, 4), (2, 2, 5, 4), (2, 2, 5, 2), is_causal=True)
sdpa_case("causal_square", (1, 2, 4, 3), (1, 2, 4, 3), (1, 2, 4, 3), is_causal=True)
sdpa_case("scale", (2, 3, 4), (2, 5, 4), (2, 5, 3), scale=0.7)
sdpa_case("batch_dims_3", (2, 1, 2, 3, 4), (2, 1, 2, 4, 4), (2, 1, 2, 4, 3), mask=torch.rand(3, 4) > 0.3, scale=0.4)


# ------------------------------------------------------------------------------------------------ MHA


def named_grads(m):
    return {n: t2j(p.grad) for n, p in m.named_parameters()}


def state(m):
    return {n: t2j(p) for n, p in m.state_dict().items()}


def mha_case(name, embed, heads, seed, kw, q_shape, kv=("same",), kpm=None, attn_mask=None, need_weights=True,
             average=True):
    torch.manual_seed(seed)
    m = nn.MultiheadAttention(embed, heads, **kw)
    init = state(m)
    m = m.double().train()
    q = leaf(*q_shape)
    if kv[0] == "same":
        k = v = q
    elif kv[0] == "kv":
        k = v = leaf(*kv[1])
    else:
        k, v = leaf(*kv[1]), leaf(*kv[2])
    out, w = m(q, k, v, key_padding_mask=kpm, need_weights=need_weights, attn_mask=attn_mask,
               average_attn_weights=average)
    g = torch.randn_like(out)
    loss = (out * g).sum()
    c = {"kind": "mha", "name": name, "embed": embed, "heads": heads, "seed": seed, "kw": kw, "kv": kv[0],
         "needWeights": need_weights, "average": average, "init": init, "repr": repr(m), "stateKeys": list(init),
         "q": t2j(q), "out": t2j(out), "grad": t2j(g)}
    if kv[0] != "same":
        c["k"] = t2j(k)
    if kv[0] == "qkv":
        c["v"] = t2j(v)
    if w is not None:
        gw = torch.randn_like(w)
        loss = loss + (w * gw).sum()
        c["weights"] = t2j(w)
        c["gradWeights"] = t2j(gw)
    loss.backward()
    c["gradQ"] = t2j(q.grad)
    if kv[0] != "same":
        c["gradK"] = t2j(k.grad)
    if kv[0] == "qkv":
        c["gradV"] = t2j(v.grad)
    c["paramGrads"] = named_grads(m)
    if kpm is not None:
        c["kpm"] = t2j(kpm)
    if attn_mask is not None:
        c["attnMask"] = t2j(attn_mask)
    cases.append(c)


torch.manual_seed(1)
mha_case("self_seq_first", 4, 2, 0, {}, (3, 2, 4))
mha_case("cross_batch_first_kpm_per_head", 4, 2, 1, {"batch_first": True}, (2, 3, 4), kv=("kv", (2, 5, 4)),
         kpm=torch.tensor([[False, False, True, False, True], [False, False, False, False, False]]), average=False)
mha_case("kdim_vdim_float_mask_no_weights", 6, 3, 2, {"kdim": 3, "vdim": 5}, (3, 2, 6),
         kv=("qkv", (4, 2, 3), (4, 2, 5)), attn_mask=torch.randn(3, 4, dtype=D), need_weights=False)
torch.manual_seed(5)
mask3 = torch.rand(2 * 2, 3, 4) > 0.7
mask3[:, :, 0] = False  # every query row keeps a key
mha_case("bias_kv_zero_attn_bool_3d_kpm", 4, 2, 3, {"add_bias_kv": True, "add_zero_attn": True}, (3, 2, 4),
         kv=("qkv", (4, 2, 4), (4, 2, 4)), attn_mask=mask3,
         kpm=torch.tensor([[False, True, False, False], [False, False, False, True]]))
mha_case("unbatched_kpm_bool_mask", 4, 1, 4, {}, (3, 4), kv=("kv", (5, 4)),
         kpm=torch.tensor([False, False, True, False, False]), attn_mask=torch.tensor([[False, True, False, False, False]] * 3))
mha_case("no_bias_batch_first_self", 4, 2, 5, {"bias": False, "batch_first": True}, (2, 3, 4))

# random configurations (seeded): the option combinations above and more, no fully masked row (see the docstring)
_rng = random.Random(20261129)
for _i in range(30):
    _heads, _hd = _rng.randint(1, 3), _rng.randint(1, 3)
    _embed = _heads * _hd
    _kw = {}
    for _k in ("batch_first", "add_bias_kv", "add_zero_attn"):
        if _rng.random() < 0.4:
            _kw[_k] = True
    if _rng.random() < 0.25:
        _kw["bias"] = False
    _batch = _rng.choice([None, 1, 2])
    _L, _S = _rng.randint(1, 4), _rng.randint(1, 4)

    def _shape(n, e):
        if _batch is None:
            return (n, e)
        return (_batch, n, e) if _kw.get("batch_first") else (n, _batch, e)

    _mode = _rng.choice(["same", "kv", "qkv"])
    if _mode == "same":
        _S, _kv = _L, ("same",)
    elif _mode == "kv":
        _kv = ("kv", _shape(_S, _embed))
    else:
        if _rng.random() < 0.5:
            _kw["kdim"], _kw["vdim"] = _rng.randint(1, 4), _rng.randint(1, 4)
        _kv = ("qkv", _shape(_S, _kw.get("kdim", _embed)), _shape(_S, _kw.get("vdim", _embed)))
    torch.manual_seed(100 + _i)
    _kpm = None
    if _rng.random() < 0.4:
        _kpm = torch.rand(*((_S,) if _batch is None else (_batch, _S))) > 0.6
        _kpm[..., 0] = False  # every row keeps its first key
        if _rng.random() < 0.3:
            _kpm = torch.zeros(_kpm.shape, dtype=D).masked_fill(_kpm, -2.5)  # a float padding mask, added
    _mask = None
    if _rng.random() < 0.4:
        _mshape = (_L, _S) if _batch is None or _rng.random() < 0.5 else (_batch * _heads, _L, _S)
        if _rng.random() < 0.5:
            _mask = torch.rand(*_mshape) > 0.6
            _mask[..., 0] = False
        else:
            _mask = torch.randn(*_mshape, dtype=D)
    _nw = _rng.random() < 0.7
    mha_case("fuzz_%d" % _i, _embed, _heads, 200 + _i, _kw, _shape(_L, _embed), kv=_kv, kpm=_kpm, attn_mask=_mask,
             need_weights=_nw, average=_rng.random() < 0.5)

# init after manual_seed, in float32 as PyTorch creates modules
for seed, args, kw in [(0, (4, 2), {}), (3, (6, 2), {"kdim": 3, "vdim": 5, "add_bias_kv": True}),
                       (4, (4, 4), {"bias": False})]:
    torch.manual_seed(seed)
    m = nn.MultiheadAttention(*args, **kw)
    cases.append({"kind": "mha_init", "seed": seed, "args": list(args), "kw": kw, "state": state(m), "repr": repr(m),
                  "paramNames": [n for n, _ in m.named_parameters()]})


# ------------------------------------------------------------------------------------------------ layers


def layer_case(kind, name, seed, ctor, kw, inputs, fwd_kw, perturb=None):
    torch.manual_seed(seed)
    m = ctor()
    init = state(m)
    r = repr(m)
    if perturb is not None:
        perturb(m)
    m = m.double().train()
    xs = [leaf(*s) for s in inputs]
    out = m(*xs, **fwd_kw)
    g = torch.randn_like(out)
    out.backward(g)
    c = {"kind": kind, "name": name, "seed": seed, "kw": kw, "init": init, "repr": r,
         "inputs": [t2j(x) for x in xs], "out": t2j(out), "grad": t2j(g), "gradInputs": [t2j(x.grad) for x in xs],
         "paramGrads": named_grads(m)}
    if perturb is not None:
        c["state"] = state(m)  # else the float32 init, converted, is the state
    for key, val in fwd_kw.items():
        if val is not None:
            c[key] = t2j(val)
    cases.append(c)


def enc_layer(kw):
    return lambda: nn.TransformerEncoderLayer(4, 2, dim_feedforward=6, dropout=0.0, **kw)


torch.manual_seed(11)
src_kpm = torch.tensor([[False, False, False, True], [False, True, False, False]])
src_mask = torch.randn(4, 4, dtype=D)
layer_case("enc_layer", "post_relu", 20, enc_layer({}), {}, [(4, 2, 4)],
           {"src_mask": src_mask, "src_key_padding_mask": src_kpm})
layer_case("enc_layer", "pre_gelu_batch_first", 21, enc_layer({"activation": "gelu", "norm_first": True, "batch_first": True}),
           {"activation": "gelu", "norm_first": True, "batch_first": True}, [(2, 4, 4)],
           {"src_mask": None, "src_key_padding_mask": src_kpm})
layer_case("enc_layer", "pre_relu_eps", 22, enc_layer({"norm_first": True, "layer_norm_eps": 1e-3}),
           {"norm_first": True, "layer_norm_eps": 1e-3}, [(4, 2, 4)],
           {"src_mask": nn.Transformer.generate_square_subsequent_mask(4).double(), "src_key_padding_mask": None})
layer_case("enc_layer", "post_gelu_unbatched", 23, enc_layer({"activation": "gelu"}), {"activation": "gelu"}, [(4, 4)],
           {"src_mask": None, "src_key_padding_mask": None})


def perturb_second(m):
    with torch.no_grad():
        for p in m.layers[1].parameters():
            p.add_(0.1 * torch.randn_like(p))


layer_case("encoder", "two_layers_norm", 24,
           lambda: nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 6, 0.0), 2, nn.LayerNorm(4)), {},
           [(4, 2, 4)], {"mask": None, "src_key_padding_mask": src_kpm}, perturb=perturb_second)


def dec_layer(kw):
    return lambda: nn.TransformerDecoderLayer(4, 2, dim_feedforward=6, dropout=0.0, **kw)


tgt_mask = nn.Transformer.generate_square_subsequent_mask(3).double()
memory_mask = torch.tensor([[False, True, False, False], [False, False, False, True], [True, False, False, False]])
tgt_kpm = torch.tensor([[False, False, True], [False, False, False]])
mem_kpm = torch.tensor([[False, False, False, True], [True, False, False, False]])
layer_case("dec_layer", "post_relu_masks", 30, dec_layer({}), {}, [(3, 2, 4), (4, 2, 4)],
           {"tgt_mask": tgt_mask, "memory_mask": memory_mask, "tgt_key_padding_mask": tgt_kpm,
            "memory_key_padding_mask": mem_kpm})
layer_case("dec_layer", "pre_gelu_batch_first", 31, dec_layer({"norm_first": True, "activation": "gelu", "batch_first": True}),
           {"norm_first": True, "activation": "gelu", "batch_first": True}, [(2, 3, 4), (2, 4, 4)],
           {"tgt_mask": tgt_mask, "memory_mask": None, "tgt_key_padding_mask": None, "memory_key_padding_mask": mem_kpm})
layer_case("decoder", "two_layers_norm", 32,
           lambda: nn.TransformerDecoder(nn.TransformerDecoderLayer(4, 2, 6, 0.0), 2, nn.LayerNorm(4)), {},
           [(3, 2, 4), (4, 2, 4)], {"tgt_mask": tgt_mask, "memory_key_padding_mask": mem_kpm}, perturb=perturb_second)

# nn.Transformer: init after manual_seed (its xavier re-draw of every matrix) and one forward
torch.manual_seed(40)
t = nn.Transformer(d_model=4, nhead=2, num_encoder_layers=2, num_decoder_layers=1, dim_feedforward=6, dropout=0.0)
init = state(t)
t = t.double().train()
src, tgt = leaf(4, 2, 4), leaf(3, 2, 4)
out = t(src, tgt, tgt_mask=tgt_mask, src_key_padding_mask=src_kpm)
g = torch.randn_like(out)
out.backward(g)
cases.append({"kind": "transformer", "seed": 40, "init": init, "inputs": [t2j(src), t2j(tgt)], "out": t2j(out),
              "grad": t2j(g), "gradInputs": [t2j(src.grad), t2j(tgt.grad)], "tgt_mask": t2j(tgt_mask),
              "src_key_padding_mask": t2j(src_kpm), "paramGrads": named_grads(t)})

cases.append({"kind": "square_mask", "mask": t2j(nn.Transformer.generate_square_subsequent_mask(4))})
write("attention", cases)
