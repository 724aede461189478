"""Differential fuzz cases for torch.nn MODULES over seeded random constructor configurations -> goldens/fuzz_modules.json.

Each case builds one module in PyTorch (float64, a fifth float32; after torch.manual_seed) from a random configuration
("cfg": the constructor's keyword arguments under PyTorch's names, defaults filled in), records its state_dict
(PyTorch's key names), then runs a few forward passes in train and eval mode ("steps") with random inputs. After each
step it records the outputs, the gradients of sum_k (out_k * w_k).sum() (random weights w_k) with each floating input
and each parameter, and what the step changed in the state_dict (running statistics, num_batches_tracked, an Embedding
weight renormalised in place by max_norm). FuzzModulesParityTest builds the same module from cfg, loads the
state_dict, replays the steps and compares. A configuration PyTorch refuses (constructor, forward or backward) is
recorded with its message; a tenth of the cases also try a faulty state_dict first (PyTorch's whole message, or the
state after a load it accepts). Fixed cases follow the random ones: every REFUSED configuration and the REGRESSIONS.

Run: /usr/bin/python3 scripts/goldens/fuzz_modules_goldens.py
Exploration (not committed): FUZZ_MOD_EXPLORE=2000 [FUZZ_MOD_SEED=7] ... writes goldens/fuzz_modules_explore.json;
run FuzzModulesParityTest with -Dt4j.fuzzModules=fuzz_modules_explore.
Where 1.13 and 2.x differ the case follows 2.x (a *_2x helper or a comment in call()/message() says which).
Left out, as PyTorch 1.13 is undefined, kernel- or platform-defined there: fully masked attention rows (NaN), max-pool
windows wholly in padding, eval-mode transformer fast paths (inputs always require grad, which keeps 1.13 off them),
float32 transformers and one-value float32 layer norms (rounding amplified past any tolerance), float32 embedding_bag
refusals (fbgemm's words), training-mode RReLU (random slopes), tuple sizes of LPPool1d (1.13 fails), unpools whose
default size empties a dim, and channel_shuffle's gradient (1.13 has none).
"""
import inspect
import os
import random
import re

import torch
import torch.nn as nn

from common import t2j, write

DT = torch.float64  # the dtype of the case being drawn


def tup(r, lo, hi, n):
    return [r.randint(lo, hi) for _ in range(n)]


def short(r, v):
    """A tuple of equal ints as one int half the time (both forms of a size argument get covered)."""
    return v[0] if len(set(v)) == 1 and r.random() < 0.5 else tuple(v)


def rn(*sh):
    return torch.randn(sh, dtype=DT).mul(1e4).round().div(1e4)  # short decimals keep the golden file small


# ---------------------------------------------------------------- configurations: (module name, cfg, input maker)

def conv(r):
    nd = r.randint(1, 3)
    transpose = r.random() < 0.4
    groups = r.choice([1, 1, 2, 3])
    cin, cout = groups * r.randint(1, 2), groups * r.randint(1, 3)
    k = [r.randint(1, 3) for _ in range(nd)]
    cfg = {"in_channels": cin, "out_channels": cout, "kernel_size": k[0] if r.random() < 0.4 else tuple(k)}
    k = [k[0]] * nd if isinstance(cfg["kernel_size"], int) else k
    stride = [r.randint(1, 3) for _ in range(nd)]
    dil = [r.randint(1, 2) for _ in range(nd)]
    cfg["stride"] = short(r, stride)
    cfg["dilation"] = short(r, dil)
    cfg["groups"] = groups
    cfg["bias"] = r.random() < 0.7
    if transpose:
        pad = [r.randint(0, dil[i] * (k[i] - 1)) for i in range(nd)]
        cfg["padding"] = tuple(pad)
        cfg["output_padding"] = tuple(r.randint(0, max(stride[i], dil[i]) - 1) for i in range(nd))
        name = "ConvTranspose%dd" % nd
        extra = r.random() < 0.3  # forward(input, output_size): up to stride - 1 more than the smallest size
    else:
        mode = r.choice(["zeros", "zeros", "reflect", "replicate", "circular"])
        cfg["padding_mode"] = mode
        p = r.random()
        if p < 0.2:
            cfg["padding"] = "valid"
        elif p < 0.4:
            cfg["padding"] = "same"
            cfg["stride"] = 1  # PyTorch refuses 'same' with strides
            stride = [1] * nd
        else:
            cfg["padding"] = short(r, [r.randint(0, 3 if mode == "zeros" else 2) for _ in range(nd)])
        name = "Conv%dd" % nd
    sp = []
    for i in range(nd):
        need = dil[i] * (k[i] - 1) + 1
        sp.append(r.randint(max(need, 3 if nd < 3 else 2), need + (3 if nd < 3 else 1)))
    n = r.randint(1, 2)
    if transpose and extra:
        lo = [(sp[i] - 1) * stride[i] - 2 * cfg["padding"][i] + dil[i] * (k[i] - 1) + 1 for i in range(nd)]
        size = [lo[i] + r.randint(0, max(stride[i], dil[i]) - 1 + (1 if r.random() < 0.1 else 0)) for i in range(nd)]
        return name, cfg, lambda: [rn(n, cin, *sp), size]
    return name, cfg, lambda: [rn(n, cin, *sp)] if r.random() < 0.85 else [rn(cin, *sp)]


def batch_norm(r):
    nd = r.randint(1, 3)
    instance = r.random() < 0.4
    c = r.randint(1, 4)
    cfg = {"num_features": c, "eps": r.choice([1e-5, 1e-3, 0.1]), "momentum": r.choice([0.1, 0.5, None, 1.0, 0.0]),
           "affine": r.random() < 0.6, "track_running_stats": r.random() < 0.7}
    if instance:
        cfg["momentum"] = r.choice([0.1, 0.3, None])  # None: 2.x passes 0.0 (1.13 fails in instance_norm); see call()
    name = ("InstanceNorm%dd" if instance else "BatchNorm%dd") % nd
    n = r.randint(1 if nd > 1 else 2, 3)
    sp = tup(r, 2, 3, nd) if nd > 1 else ([r.randint(2, 4)] if r.random() < 0.6 or instance else [])
    batched = not instance or r.random() < 0.8
    return name, cfg, lambda: [(rn(n, c, *sp) if batched else rn(c, *sp)) * 2 + 0.5]


def layer_norm(r):
    k = r.randint(1, 3)
    sh = tup(r, 1, 4, k + r.randint(0, 2))
    ns = sh[len(sh) - k:]
    cfg = {"normalized_shape": ns[0] if k == 1 and r.random() < 0.5 else tuple(ns), "eps": r.choice([1e-5, 0.01]),
           "elementwise_affine": r.random() < 0.7}
    return "LayerNorm", cfg, lambda: [rn(*sh) * 3 - 1]


def group_norm(r):
    g = r.randint(1, 3)
    c = g * r.randint(1, 3)
    cfg = {"num_groups": g, "num_channels": c, "eps": r.choice([1e-5, 0.01]), "affine": r.random() < 0.7}
    sh = [r.randint(1, 3), c] + tup(r, 1, 3, r.randint(0, 2))
    return "GroupNorm", cfg, lambda: [rn(*sh)]


def lrn(r):
    cfg = {"size": r.randint(1, 5), "alpha": r.choice([1e-4, 0.01, 1.0]), "beta": r.choice([0.75, 0.5, 1.2]),
           "k": r.choice([1.0, 2.0])}
    sh = [r.randint(1, 2), r.randint(1, 6)] + tup(r, 1, 3, r.randint(1, 3))
    return "LocalResponseNorm", cfg, lambda: [rn(*sh)]


def embedding(r):
    num, dim = r.randint(2, 8), r.randint(1, 4)
    cfg = {"num_embeddings": num, "embedding_dim": dim}
    if r.random() < 0.5:
        cfg["padding_idx"] = r.randint(-num, num - 1)
    if r.random() < 0.5:
        cfg["max_norm"] = r.choice([0.5, 1.0, 2.0])
        cfg["norm_type"] = r.choice([1.0, 2.0, 3.0, float("inf")])
    cfg["scale_grad_by_freq"] = r.random() < 0.4
    sh = tup(r, 1, 4, r.randint(1, 2))
    return "Embedding", cfg, lambda: [torch.randint(0, num, sh)]


def embedding_bag(r):
    num, dim = r.randint(2, 8), r.randint(1, 4)
    mode = r.choice(["sum", "mean", "max"])
    cfg = {"num_embeddings": num, "embedding_dim": dim, "mode": mode, "include_last_offset": r.random() < 0.4}
    if r.random() < 0.4:
        cfg["padding_idx"] = r.randint(-num, num - 1)
    if r.random() < 0.3:
        cfg["max_norm"] = r.choice([0.5, 1.0])
        cfg["norm_type"] = r.choice([1.0, 2.0])
    if mode != "max" and r.random() < 0.3:
        cfg["scale_grad_by_freq"] = True
    psw = mode == "sum" and r.random() < 0.5
    two_d = r.random() < 0.4 and not cfg["include_last_offset"]

    def make():
        if two_d:
            x = torch.randint(0, num, (r.randint(1, 3), r.randint(1, 4)))
            return [x, None, rn(*x.shape) if psw else None]
        n = r.randint(1, 8)
        x = torch.randint(0, num, (n,))
        cuts = sorted(r.randint(0, n) for _ in range(r.randint(1, 3)))
        offs = [0] + cuts[1:] if not cfg["include_last_offset"] else [0] + cuts[1:] + [n]
        return [x, torch.tensor(offs), rn(n) if psw else None]
    return "EmbeddingBag", cfg, make


def transformer_cfg(r):
    nhead = r.randint(1, 3)
    cfg = {"d_model": nhead * r.randint(1, 3), "nhead": nhead, "dim_feedforward": r.randint(1, 8), "dropout": 0.0,
           "activation": r.choice(["relu", "gelu"]), "layer_norm_eps": r.choice([1e-5, 1e-3]),
           "batch_first": r.random() < 0.5, "norm_first": r.random() < 0.5}
    return cfg


def seq(cfg, n, s):
    d = cfg["d_model"]
    if n == 0:  # unbatched: (S, E)
        return rn(s, d)
    return rn(n, s, d) if cfg["batch_first"] else rn(s, n, d)


def attn_mask(r, s, t, causal=False):
    """None, a float additive mask or a bool mask (True = masked) of (s, t), never masking a whole row."""
    p = r.random()
    if p < 0.35:
        return None
    m = torch.rand(s, t) < 0.3
    if causal:
        m = torch.triu(torch.ones(s, t, dtype=torch.bool), 1)
    m[:, 0] = False
    if p < 0.7:
        return m
    return torch.zeros(s, t, dtype=DT).masked_fill(m, float("-inf")) + torch.where(m, 0.0, 0.5 * rn(s, t).abs())


def key_padding(r, n, s):
    if r.random() < 0.5:
        return None
    m = torch.rand(max(n, 1), s) < 0.3
    m[:, 0] = False
    return m if n else m[0]  # unbatched: (S,)


def encoder_layer(r):
    cfg = transformer_cfg(r)
    n, s = r.choice([0, 1, 2, 2]), r.randint(1, 4)  # n = 0: an unbatched input
    return "TransformerEncoderLayer", cfg, lambda: [seq(cfg, n, s), attn_mask(r, s, s), key_padding(r, n, s)]


def decoder_layer(r):
    cfg = transformer_cfg(r)
    n, s, t = r.choice([0, 1, 2, 2]), r.randint(1, 4), r.randint(1, 4)
    return "TransformerDecoderLayer", cfg, lambda: [seq(cfg, n, t), seq(cfg, n, s), attn_mask(r, t, t, r.random() < 0.5),
                                                    attn_mask(r, t, s), key_padding(r, n, t), key_padding(r, n, s)]


def transformer(r):
    cfg = transformer_cfg(r)
    cfg["num_encoder_layers"], cfg["num_decoder_layers"] = r.randint(1, 2), r.randint(1, 2)
    n, s, t = r.choice([0, 1, 2, 2]), r.randint(1, 3), r.randint(1, 3)
    return "Transformer", cfg, lambda: [seq(cfg, n, s), seq(cfg, n, t), attn_mask(r, s, s), attn_mask(r, t, t, True),
                                        attn_mask(r, t, s), key_padding(r, n, s), key_padding(r, n, t), key_padding(r, n, s)]


def lp_pool(r):
    nd = r.randint(1, 2)
    k = tup(r, 1, 3, nd)
    stride = tup(r, 1, 3, nd)
    cfg = {"norm_type": r.choice([1.0, 2.0, 3.0, 1.5]), "kernel_size": short(r, k), "ceil_mode": r.random() < 0.5,
           "stride": short(r, stride) if r.random() < 0.7 else None}
    if nd == 1:  # ints: F.lp_pool1d multiplies by kernel_size, so PyTorch fails on a tuple (torch4j's module takes a long)
        cfg["kernel_size"], cfg["stride"] = k[0], stride[0] if cfg["stride"] is not None else None
    sp = [r.randint(k[i], k[i] + 4) for i in range(nd)]
    # positive inputs: a negative window sum to a fractional power is NaN, and its gradient kernel-defined
    return "LPPool%dd" % nd, cfg, lambda: [rn(*lead(r), r.randint(1, 2), *sp).abs() + 0.1]


def unpool(r):
    """MaxUnpool of what MaxPool (the same sizes) gave for a random input, sometimes with that input's size."""
    nd = r.randint(1, 3)
    k = tup(r, 1, 3, nd)
    stride = tup(r, 1, 3, nd)
    # pad <= (k - 1) / 2: else one pooled position unpools to an empty dim, which 1.13 returns without its index
    # check and then fails in backward
    pad = [r.randint(0, (k[i] - 1) // 2) for i in range(nd)]
    cfg = {"kernel_size": short(r, k), "stride": short(r, stride) if r.random() < 0.7 else None, "padding": short(r, pad)}
    sp = [r.randint(k[i], k[i] + 4) for i in range(nd)]
    with_size = r.random() < 0.4

    def make():
        x = rn(*lead(r), r.randint(1, 2), *sp)
        pool_ = getattr(nn, "MaxPool%dd" % nd)(cfg["kernel_size"], cfg["stride"], cfg["padding"], return_indices=True)
        vals, idx = pool_(x)
        return [vals, idx] + ([list(x.shape[-nd:])] if with_size else [])
    return "MaxUnpool%dd" % nd, cfg, make


def pool(r):
    nd = r.randint(1, 3)
    kind = r.choice(["Max", "Max", "Avg", "AdaptiveMax", "AdaptiveAvg"])
    name = "%sPool%dd" % (kind, nd)
    if kind.startswith("Adaptive"):
        cfg = {"output_size": tuple(r.choice([1, 2, 3, None]) for _ in range(nd)) if nd > 1 and r.random() < 0.5 else r.randint(1, 3)}
        if kind == "AdaptiveMax":
            cfg["return_indices"] = r.random() < 0.5
        sp = tup(r, 1, 6, nd)
        return name, cfg, lambda: [rn(*lead(r), r.randint(1, 2), *sp)]
    k = tup(r, 1, 3, nd)
    stride = tup(r, 1, 3, nd)
    pad = [r.randint(0, k[i] // 2) for i in range(nd)]
    cfg = {"kernel_size": tuple(k), "stride": tuple(stride) if r.random() < 0.7 else None, "padding": tuple(pad),
           "ceil_mode": r.random() < 0.5}
    if kind == "Max":
        cfg["dilation"] = tuple(tup(r, 1, 2, nd))
        cfg["return_indices"] = r.random() < 0.5
        need = [cfg["dilation"][i] * (k[i] - 1) + 1 for i in range(nd)]
    else:
        cfg["count_include_pad"] = r.random() < 0.5
        if nd > 1 and r.random() < 0.3:
            cfg["divisor_override"] = r.randint(1, 4)
        need = k
    if nd == 1:
        cfg = {key: (v[0] if isinstance(v, tuple) else v) for key, v in cfg.items()}
    sp = [r.randint(need[i], need[i] + 4) for i in range(nd)]
    return name, cfg, lambda: [rn(*lead(r), r.randint(1, 2), *sp)]


def lead(r):
    """A batch dim, or none (an unbatched input)."""
    return [r.randint(1, 2)] if r.random() < 0.8 else []


def upsample(r):
    nd = r.randint(1, 3)
    mode = r.choice(["nearest", "nearest-exact", {1: "linear", 2: "bilinear", 3: "trilinear"}[nd]] + (["bicubic"] if nd == 2 else []))
    cfg = {"mode": mode}
    if r.random() < 0.5:
        cfg["size"] = tuple(tup(r, 1, 6, nd)) if nd > 1 or r.random() < 0.5 else r.randint(1, 6)
    else:
        cfg["scale_factor"] = r.choice([2.0, 0.5, 1.5, 3.0]) if r.random() < 0.5 else tuple(r.choice([2.0, 0.7, 1.5]) for _ in range(nd))
        if r.random() < 0.4:
            cfg["recompute_scale_factor"] = r.random() < 0.5
    if not mode.startswith("nearest"):
        cfg["align_corners"] = r.random() < 0.5
    sp = tup(r, 1, 4, nd)
    return "Upsample", cfg, lambda: [rn(r.randint(1, 2), r.randint(1, 2), *sp)]


def shape_modules(r):
    p = r.random()
    if p < 0.25:
        f = r.randint(1, 3)
        sh = [r.randint(1, 2), r.randint(1, 2) * f * f] + tup(r, 1, 3, 2)
        return "PixelShuffle", {"upscale_factor": f}, lambda: [rn(*sh)]
    if p < 0.4:
        f = r.randint(1, 2)
        sh = [r.randint(1, 2), r.randint(1, 2)] + [f * r.randint(1, 3) for _ in range(2)]
        return "PixelUnshuffle", {"downscale_factor": f}, lambda: [rn(*sh)]
    if p < 0.6:
        sh = tup(r, 1, 3, r.randint(1, 4))
        a, b = sorted([r.randint(-len(sh), len(sh) - 1) % len(sh) for _ in range(2)])
        return "Flatten", {"start_dim": a - len(sh) if r.random() < 0.3 else a, "end_dim": b - len(sh) if r.random() < 0.5 else b}, lambda: [rn(*sh)]
    if p < 0.75:
        sh = tup(r, 1, 3, r.randint(1, 3))
        d = r.randint(0, len(sh) - 1)
        sh[d] = r.choice([2, 4, 6])
        parts = [sh[d]] if r.random() < 0.3 else [2, sh[d] // 2]
        if r.random() < 0.3:
            parts[0] = -1
        return "Unflatten", {"dim": d - len(sh) if r.random() < 0.3 else d, "unflattened_size": tuple(parts)}, lambda: [rn(*sh)]
    if p < 0.88:
        i1, i2, o = r.randint(1, 3), r.randint(1, 3), r.randint(1, 3)
        lead = tup(r, 1, 3, r.randint(0, 2))
        return "Bilinear", {"in1_features": i1, "in2_features": i2, "out_features": o, "bias": r.random() < 0.7}, \
            lambda: [rn(*lead, i1), rn(*lead, i2)]
    c = r.randint(1, 3)
    cfg = {"num_parameters": r.choice([1, c]), "init": r.choice([0.25, -0.5, 1.5])}
    sh = [r.randint(1, 2), c] + tup(r, 1, 3, r.randint(0, 2)) if r.random() < 0.85 else [c]
    return "PReLU", cfg, lambda: [rn(*sh)]


def x4(*sh):
    return lambda: [rn(*sh)]


def refused(r):
    """A configuration PyTorch refuses, in its constructor or its forward (the message is recorded)."""
    return r.choice(REFUSED)


REFUSED = [
        ("Conv2d", {"in_channels": 3, "out_channels": 2, "kernel_size": 2, "groups": 2}, x4(1, 3, 4, 4)),
        ("Conv2d", {"in_channels": 2, "out_channels": 3, "kernel_size": 2, "groups": 2}, x4(1, 2, 4, 4)),
        ("Conv1d", {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "padding": "same", "stride": 2}, x4(1, 1, 5)),
        ("Conv1d", {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "padding": "full"}, x4(1, 1, 5)),
        ("Conv2d", {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "padding_mode": "mirror"}, x4(1, 1, 5, 5)),
        ("Conv2d", {"in_channels": 2, "out_channels": 1, "kernel_size": 3}, x4(1, 3, 5, 5)),
        ("Conv2d", {"in_channels": 1, "out_channels": 1, "kernel_size": 4}, x4(1, 1, 3, 3)),
        ("ConvTranspose2d", {"in_channels": 1, "out_channels": 1, "kernel_size": 2, "padding_mode": "reflect"}, x4(1, 1, 3, 3)),
        ("ConvTranspose1d", {"in_channels": 1, "out_channels": 1, "kernel_size": 2, "stride": 2, "output_padding": 2}, x4(1, 1, 3)),
        ("GroupNorm", {"num_groups": 3, "num_channels": 4}, x4(2, 4, 3)),
        ("GroupNorm", {"num_groups": 2, "num_channels": 4}, x4(2, 6, 3)),
        ("TransformerEncoderLayer", {"d_model": 5, "nhead": 2, "dim_feedforward": 4, "dropout": 0.0}, x4(2, 1, 5)),
        ("Embedding", {"num_embeddings": 4, "embedding_dim": 2, "padding_idx": 4}, lambda: [torch.tensor([0, 1])]),
        ("Embedding", {"num_embeddings": 4, "embedding_dim": 2, "padding_idx": -5}, lambda: [torch.tensor([0, 1])]),
        ("Embedding", {"num_embeddings": 4, "embedding_dim": 2}, lambda: [torch.tensor([0, 4])]),
        ("Embedding", {"num_embeddings": 4, "embedding_dim": 2}, lambda: [torch.tensor([[-1, 0]])]),
        ("EmbeddingBag", {"num_embeddings": 4, "embedding_dim": 2}, lambda: [torch.tensor([0, -1]), torch.tensor([0]), None]),
        ("EmbeddingBag", {"num_embeddings": 4, "embedding_dim": 2}, lambda: [torch.tensor([0, 4]), torch.tensor([0]), None]),
        ("EmbeddingBag", {"num_embeddings": 4, "embedding_dim": 2, "padding_idx": 4}, lambda: [torch.tensor([0, 1]), torch.tensor([0]), None]),
        ("EmbeddingBag", {"num_embeddings": 4, "embedding_dim": 2, "mode": "max"}, lambda: [torch.tensor([0, 1]), torch.tensor([0]), rn(2)]),
        ("EmbeddingBag", {"num_embeddings": 4, "embedding_dim": 2}, lambda: [torch.tensor([0, 1]), torch.tensor([1]), None]),
        ("BatchNorm1d", {"num_features": 3}, x4(2, 4)),
        ("BatchNorm2d", {"num_features": 3}, x4(2, 3, 4)),
        ("BatchNorm1d", {"num_features": 3}, x4(1, 3)),
        ("InstanceNorm1d", {"num_features": 3, "affine": True}, x4(2, 4, 5)),
        ("InstanceNorm2d", {"num_features": 3, "affine": True}, x4(4, 5, 5)),
        ("LayerNorm", {"normalized_shape": (3, 4)}, x4(2, 4, 3)),
        ("PixelShuffle", {"upscale_factor": 2}, x4(1, 3, 2, 2)),
        ("PixelUnshuffle", {"downscale_factor": 2}, x4(1, 1, 3, 2)),
        ("Unflatten", {"dim": 1, "unflattened_size": (2, 2)}, x4(2, 6)),
        ("MaxPool2d", {"kernel_size": 2, "padding": 2}, x4(1, 1, 5, 5)),
        ("MaxPool1d", {"kernel_size": 3}, x4(1, 1, 2)),
        ("AvgPool2d", {"kernel_size": 2, "padding": 2}, x4(1, 1, 5, 5)),
        ("Bilinear", {"in1_features": 2, "in2_features": 3, "out_features": 1}, lambda: [rn(2, 3), rn(2, 3)]),
        ("PReLU", {"num_parameters": 3}, x4(2, 2, 3)),
        ("Upsample", {"size": 4, "scale_factor": 2.0}, x4(1, 1, 3)),
        ("Upsample", {"scale_factor": 2.0, "mode": "bilinear"}, x4(1, 1, 3)),
        ("Flatten", {"start_dim": 2, "end_dim": 1}, x4(2, 3, 4)),
        ("LocalResponseNorm", {"size": 2}, x4(3)),
        ("MaxUnpool2d", {"kernel_size": 2}, lambda: [rn(1, 2, 2, 2), torch.tensor([[[[0, 17], [20, 2]], [[16, 1], [2, 3]]]])]),
        ("MaxUnpool1d", {"kernel_size": 2}, lambda: [rn(1, 2), torch.tensor([[0, -1]])]),
]

# Configurations a larger run once failed (kept whatever the seed draws).
REGRESSIONS = [
    ("EmbeddingBag", {"num_embeddings": 3, "embedding_dim": 2, "mode": "max", "padding_idx": 1},  # a max bag of padding only
     lambda: [torch.tensor([1, 1]), torch.tensor([0, 1]), None]),
    ("EmbeddingBag", {"num_embeddings": 3, "embedding_dim": 2, "mode": "max", "include_last_offset": True, "padding_idx": -2},
     lambda: [torch.tensor([1]), torch.tensor([0, 1]), None]),
    # state_dicts: a pre-0.4 instance norm checkpoint; one without num_batches_tracked (2.x keeps the count)
    ("InstanceNorm1d", {"num_features": 2}, x4(2, 2, 3), lambda sd: sd.update(running_mean=torch.zeros(2, dtype=DT))),
    ("BatchNorm1d", {"num_features": 2}, x4(3, 2), lambda sd: sd.pop("num_batches_tracked")),
]


def small_layers(r):
    """Parameterised activations (some in place, on a copy of the input), softmaxes (dim=None included: PyTorch's
    implicit dim), Linear, dropouts at p 0 or 1, channel shuffle, fold/unfold, distances."""
    sh = tup(r, 1, 4, r.randint(1, 4))
    x = lambda: [rn(*sh) * 2]
    ip = r.random() < 0.3
    p = r.random()
    if p < 0.35:
        name, cfg = r.choice([
            ("ELU", {"alpha": r.choice([1.0, 0.5, 2.0]), "inplace": ip}),
            ("CELU", {"alpha": r.choice([1.0, 0.5, 2.0]), "inplace": ip}),
            ("Hardtanh", {"min_val": r.choice([-1.0, -0.5, -2.0]), "max_val": r.choice([1.0, 0.5, 2.0]), "inplace": ip}),
            ("LeakyReLU", {"negative_slope": r.choice([0.01, 0.2, -0.5, 1.5]), "inplace": ip}),
            ("Softplus", {"beta": r.choice([1.0, 0.5, 3.0]), "threshold": r.choice([20.0, 1.0, 0.5])}),
            ("Threshold", {"threshold": r.choice([0.1, -0.5, 1.0]), "value": r.choice([0.0, 2.0, -1.0]), "inplace": ip}),
            ("Hardshrink", {"lambd": r.choice([0.5, 0.1, 1.0])}),
            ("Softshrink", {"lambd": r.choice([0.5, 0.1, 1.0])}),
            ("RReLU", {"lower": r.choice([0.1, 0.125]), "upper": r.choice([0.3, 0.5]), "inplace": ip}),  # eval only
        ])
        return name, cfg, x
    if p < 0.55:
        name = r.choice(["Softmax", "LogSoftmax", "Softmin", "GLU"])
        d = r.randint(-len(sh), len(sh) - 1)
        if name == "GLU":
            sh[d] = 2 * r.randint(1, 2)
        cfg = {"dim": None if name != "GLU" and r.random() < 0.3 else d}
        return name, cfg, x
    if p < 0.7:
        i, o = r.randint(1, 4), r.randint(1, 4)
        lead_ = tup(r, 1, 3, r.randint(0, 2))
        return "Linear", {"in_features": i, "out_features": o, "bias": r.random() < 0.7}, lambda: [rn(*lead_, i)]
    if p < 0.78:
        name = r.choice(["Dropout", "Dropout1d", "Dropout2d", "Dropout3d"])
        nd = {"Dropout": len(sh), "Dropout1d": 3, "Dropout2d": 4, "Dropout3d": 5}[name]
        sh2 = tup(r, 1, 3, nd)
        return name, {"p": r.choice([0.0, 1.0]), "inplace": ip}, lambda: [rn(*sh2)]
    if p < 0.84:
        g = r.randint(1, 3)
        sh2 = [r.randint(1, 2), g * r.randint(1, 3)] + tup(r, 1, 3, r.randint(1, 2))
        return "ChannelShuffle", {"groups": g}, lambda: [rn(*sh2)]
    if p < 0.92:
        k, dil, pad, st = tup(r, 1, 2, 2), tup(r, 1, 2, 2), tup(r, 0, 1, 2), tup(r, 1, 2, 2)
        size = [r.randint(dil[i] * (k[i] - 1) + 1, 5) for i in range(2)]
        cfg = {"kernel_size": short(r, k), "dilation": short(r, dil), "padding": short(r, pad), "stride": short(r, st)}
        c = r.randint(1, 2)
        if r.random() < 0.5:
            return "Unfold", cfg, lambda: [rn(*lead(r), c, *size)]
        blocks = 1
        for i in range(2):
            blocks *= (size[i] + 2 * pad[i] - dil[i] * (k[i] - 1) - 1) // st[i] + 1
        return "Fold", {"output_size": short(r, size), **cfg}, lambda: [rn(*lead(r), c * k[0] * k[1], blocks)]
    d = r.randint(-len(sh), len(sh) - 1)
    if r.random() < 0.5:
        return "CosineSimilarity", {"dim": d, "eps": r.choice([1e-8, 0.1])}, lambda: [rn(*sh), rn(*sh)]
    sh2 = [r.randint(1, 3), r.randint(1, 4)] if r.random() < 0.8 else [r.randint(1, 4)]
    return "PairwiseDistance", {"p": r.choice([2.0, 1.0, 3.0, 0.5]), "eps": r.choice([1e-6, 0.1]), "keepdim": r.random() < 0.5}, \
        lambda: [rn(*sh2), rn(*sh2)]


FAMILIES = [(conv, 6), (batch_norm, 5), (layer_norm, 1), (group_norm, 1), (lrn, 1), (embedding, 2), (embedding_bag, 2),
            (encoder_layer, 2), (decoder_layer, 2), (transformer, 1), (pool, 3), (lp_pool, 1), (unpool, 1), (upsample, 2), (shape_modules, 3), (small_layers, 4), (refused, 1)]


# ---------------------------------------------------------------- running a case

def call(m, name, inputs):
    if name == "TransformerEncoderLayer":
        return m(inputs[0], src_mask=inputs[1], src_key_padding_mask=inputs[2])
    if name == "TransformerDecoderLayer":
        return m(*inputs[:2], tgt_mask=inputs[2], memory_mask=inputs[3], tgt_key_padding_mask=inputs[4],
                 memory_key_padding_mask=inputs[5])
    if name == "Transformer":
        return m(*inputs[:2], src_mask=inputs[2], tgt_mask=inputs[3], memory_mask=inputs[4], src_key_padding_mask=inputs[5],
                 tgt_key_padding_mask=inputs[6], memory_key_padding_mask=inputs[7])
    if name.startswith("InstanceNorm"):
        m._check_input_dim(inputs[0])  # then 2.x's channel check, which 1.13 lacks (it fails later, in batch_norm)
        dim = inputs[0].dim() - m._get_no_batch_dim()
        if m.affine and inputs[0].size(dim) != m.num_features:
            raise ValueError(f"expected input's size at dim={dim} to match num_features ({m.num_features}), "
                             f"but got: {inputs[0].size(dim)}.")
        if m.momentum is None:  # 2.x's _apply_instance_norm passes 0.0 for None
            m.momentum = 0.0
            try:
                return m(inputs[0])
            finally:
                m.momentum = None
    if name == "CosineSimilarity":
        return cosine_similarity_2x(*inputs, m.dim, m.eps)
    if name == "ChannelShuffle":
        return m(inputs[0].detach())  # forward only: 1.13 has no derivative for channel_shuffle (2.x does)
    if getattr(m, "inplace", False):
        return m(inputs[0] * 1)  # an in-place module on a leaf that requires grad is refused: give it a copy
    if name.startswith("MaxUnpool"):
        try:
            return m(inputs[0], inputs[1], output_size=inputs[2] if len(inputs) > 2 else None)
        except RuntimeError as e:  # the index a single thread names: the last invalid one in row-major order
            g = re.match(r"Found an invalid max index: (-?\d+) \(output volumes are of size ([\dx]+)", str(e))
            if not g:
                raise
            total = 1
            for d in g.group(2).split("x"):
                total *= int(d)
            bad = [v for v in inputs[1].reshape(-1).tolist() if v < 0 or v >= total]
            raise RuntimeError("Found an invalid max index: %d (output volumes are of size %s" % (bad[-1], g.group(2))) from None
    if name.startswith("ConvTranspose") and len(inputs) == 2:
        return m(inputs[0], output_size=inputs[1])
    if name == "EmbeddingBag":
        return m(inputs[0], inputs[1], per_sample_weights=inputs[2])
    if name.startswith("Conv") and m.padding_mode != "zeros" and inputs[0].dim() == m.weight.dim() - 1:
        try:  # 2.x pads an unbatched input; 1.13's F.pad wants a batch here
            return m(inputs[0].unsqueeze(0)).squeeze(0)
        except RuntimeError as e:  # the message 2.x gives for the unbatched input itself
            g = re.search(r"at dimension (\d+) of input \[1, ", str(e))
            if not g:
                raise
            raise RuntimeError(str(e).replace(g.group(0), "at dimension %d of input [" % (int(g.group(1)) - 1))) from None
    return m(*inputs)


def bag_grad_by_freq_fixed(m, cfg, inputs, w):
    """The weight gradient of an EmbeddingBag with scale_grad_by_freq as PyTorch's fix computes it: 1.13's CPU backward
    divides a row by the count of another index (counts[indices_data[i]] with i the unique-index counter;
    pytorch/pytorch#190063, fixed by #190264). Here: the unscaled gradient divided by each row's count in the input."""
    weight = m.weight.detach().clone().requires_grad_(True)
    kw = {k: cfg[k] for k in ("mode", "include_last_offset", "padding_idx") if k in cfg}
    out = torch.nn.functional.embedding_bag(inputs[0], weight, inputs[1], per_sample_weights=inputs[2], **kw)
    (out * torch.tensor(w["data"], dtype=DT).reshape(w["shape"])).sum().backward()
    counts = torch.bincount(inputs[0].reshape(-1), minlength=m.num_embeddings).clamp_min(1).to(DT)
    m.weight.grad = weight.grad / counts[:, None]


def bad_state(r, m, case, mutate=None):
    """A state_dict with a key missing, an unexpected one, a tensor of another shape, or several: PyTorch's whole
    message under "load_error" where strict loading refuses it, else the state_dict after loading it ("after_bad");
    the good state_dict is loaded next."""
    sd = {k: v.clone() for k, v in m.state_dict().items()}
    if mutate:
        mutate(sd)
    for _ in range(0 if mutate else r.randint(1, 2)):
        keys = [k for k in m.state_dict() if k in sd]
        p = r.random() if keys else 0.5
        if isinstance(m, nn.modules.instancenorm._InstanceNorm) and not m.track_running_stats and r.random() < 0.5:
            for k in ["running_mean", "running_var"][r.randint(0, 1):]:  # a pre-0.4 checkpoint's statistics
                sd[k] = torch.zeros(m.num_features, dtype=DT)
        elif p < 0.35:
            sd.pop(r.choice(keys), None)
        elif p < 0.6:
            sd[r.choice(["extra", "weight_x", "sub.weight"])] = torch.zeros(2, dtype=DT)
        else:
            k = r.choice(keys)
            sd[k] = torch.zeros(*[d + 1 for d in sd[k].shape], dtype=sd[k].dtype) if sd[k].dim() else torch.zeros(1, dtype=sd[k].dtype)
    case["bad_state"] = {k: t2j(v) for k, v in sd.items()}
    try:
        kept = {k: v.clone() for k, v in m.state_dict().items() if k.endswith("num_batches_tracked") and k not in sd}
        m.load_state_dict(sd)
        m.load_state_dict({**m.state_dict(), **kept})  # 2.x keeps a count the dict lacks (1.13 resets it to 0)
        case["after_bad"] = {k: t2j(v) for k, v in m.state_dict().items()}
    except RuntimeError as e:
        case["load_error"] = str(e)


def message(name, cfg, e):
    """The first line of PyTorch's message, as 2.x words it where 1.13 differs; a set's members sorted (Python's
    string hashing orders them differently in each process)."""
    msg = " ".join(str(e).split("\n")[0].split())  # 1.13's LocalResponseNorm message carries a source indentation
    msg = re.sub(r"\{('[^{}]*')\}", lambda g: "{" + ", ".join(sorted(g.group(1).split(", "))) + "}", msg)
    old = re.match(r"pad should be at most half of kernel size, but got pad=(\d+) and kernel_size=(\d+)", msg)
    if old:  # 2.x names the effective kernel and its dilation
        dil = cfg.get("dilation", 1)
        msg = "pad should be at most half of effective kernel size, but got pad=%s, kernel_size=%s and dilation=%s" % (
            old.group(1), old.group(2), dil[0] if isinstance(dil, tuple) else dil)
    return msg


def cosine_similarity_2x(x1, x2, dim, eps):
    """PyTorch 2.x's cosine_similarity: each side over its norm, the norms clamped to eps in place under no_grad (so
    their gradient is the unclamped norm's). 1.13 divides x1.x2 by the root of the product of the squared norms, each
    clamped to eps**2, which gives other gradients where a norm is clamped."""
    x1, x2 = torch.broadcast_tensors(x1, x2)
    n1 = torch.linalg.vector_norm(x1, 2, dim, keepdim=True).clone()
    n2 = torch.linalg.vector_norm(x2, 2, dim, keepdim=True).clone()
    with torch.no_grad():
        n1.clamp_min_(eps)
        n2.clamp_min_(eps)
    return ((x1 / n1) * (x2 / n2)).sum(dim)


def jcfg(name, cfg):
    """cfg with the constructor's other defaults filled in (a function default by its name), tuples as lists."""
    full = {k: p.default for k, p in inspect.signature(getattr(nn, name).__init__).parameters.items()
            if p.default is not inspect.Parameter.empty and k not in ("device", "dtype", "custom_encoder", "custom_decoder")}
    full.update(cfg)
    return {k: (list(v) if isinstance(v, tuple) else v.__name__ if callable(v) else v) for k, v in full.items()}


def one_case(r, seed, fixed=None):
    global DT
    DT = torch.float32 if r.random() < 0.2 else torch.float64  # float32: dtypes kept through modules and state
    fam = r.choices([f for f, _ in FAMILIES], [w for _, w in FAMILIES])[0]
    name, cfg, make = (fixed or fam(r))[:3]
    if fixed or fam in (refused, encoder_layer, decoder_layer, transformer):
        # transformers: layer norms over 2-9 features amplify float32 rounding in gradients past any fixed tolerance
        DT = torch.float64  # float32 embedding_bag refusals come from fbgemm, in its own (platform's) words
    if name == "LayerNorm" and torch.Size([cfg["normalized_shape"]] if isinstance(cfg["normalized_shape"], int)
                                          else cfg["normalized_shape"]).numel() == 1:
        DT = torch.float64  # PyTorch's float32 x - mean(x) over one value is rounding noise, amplified by 1/sqrt(eps)
    torch.manual_seed(seed)
    case = {"module": name, "cfg": jcfg(name, cfg), "dtype": str(DT).replace("torch.", "")}
    try:
        m = getattr(nn, name)(**cfg).to(DT)
    except Exception as e:  # noqa: BLE001 - PyTorch's refusal is the expected result
        case["error"] = message(name, cfg, e)
        return case
    with torch.no_grad():
        for v in m.state_dict().values():
            if v.is_floating_point():
                v.copy_(v.mul(1e4).round().div(1e4))  # short decimals again: the initial values matter only as values
    case["state"] = {k: t2j(v) for k, v in m.state_dict().items()}
    if fixed and len(fixed) > 3:
        bad_state(r, m, case, fixed[3])
    elif (case["state"] or name.startswith("InstanceNorm")) and r.random() < 0.1:
        bad_state(r, m, case)
    last = {k: v.clone() for k, v in m.state_dict().items()}
    steps = []
    modes = [True] * r.randint(1, 3) + [False] * r.randint(1, 2) + ([True] if r.random() < 0.3 else [])
    if name == "RReLU":
        modes = [False] * len(modes)  # training draws random slopes
    for train in modes:
        m.train(train)
        inputs = make()
        ins = [x.clone().requires_grad_(x.is_floating_point()) if torch.is_tensor(x) else x for x in inputs]
        for p in m.parameters():
            p.grad = None
        step = {"train": train, "inputs": [t2j(x) if torch.is_tensor(x) else {"sizes": x} if x is not None else None for x in inputs]}
        try:
            out = call(m, name, ins)
        except Exception as e:  # noqa: BLE001
            step["error"] = message(name, cfg, e)
            steps.append(step)
            break
        outs = list(out) if isinstance(out, tuple) else [out]
        ws, loss = [], 0
        for o in outs:
            if o.is_floating_point() and o.requires_grad:
                w = rn(*o.shape)
                ws.append(t2j(w))
                loss = loss + (o * w).sum()
            else:
                ws.append(None)
        if torch.is_tensor(loss):
            try:
                loss.backward()
            except RuntimeError as e:  # a refusal of backward (in-place leaky_relu with a negative slope)
                step["outputs"] = [t2j(o) for o in outs]
                step["w"] = ws
                step["backward_error"] = message(name, cfg, e)
                steps.append(step)
                break
        if name == "EmbeddingBag" and cfg.get("scale_grad_by_freq"):
            bag_grad_by_freq_fixed(m, cfg, inputs, ws[0])
        step["outputs"] = [t2j(o) for o in outs]
        step["w"] = ws
        step["grads"] = [t2j(x.grad) if torch.is_tensor(x) and x.grad is not None else None for x in ins]
        step["pgrads"] = {k: t2j(p.grad) for k, p in m.named_parameters() if p.grad is not None}
        now = m.state_dict()
        step["state"] = {k: t2j(v) for k, v in now.items() if not torch.equal(v, last[k])}  # what this step changed
        last = {k: v.clone() for k, v in now.items()}
        steps.append(step)
    case["steps"] = steps
    return case


def main():
    explore = int(os.environ.get("FUZZ_MOD_EXPLORE", "0"))
    seed = int(os.environ.get("FUZZ_MOD_SEED", "1"))
    r = random.Random(seed)
    cases = [one_case(r, seed * 100000 + i) for i in range(explore or 300)]
    if not explore:
        cases += [one_case(r, 99000 + i, fixed) for i, fixed in enumerate(REFUSED + REGRESSIONS)]
    write("fuzz_modules_explore" if explore else "fuzz_modules", cases)


if __name__ == "__main__":
    main()
