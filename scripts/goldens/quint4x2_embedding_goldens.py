"""Goldens for torch.quint4x2 and 4-bit quantized embeddings (Quint4x2EmbeddingTest).

  /usr/bin/python3 scripts/goldens/quint4x2_embedding_goldens.py
      writes library/src/test/resources/goldens/quint4x2_embedding.json and PyTorch's own checkpoints
      interop/quantized/pytorch_quint4x2.pt, pytorch_quint4x2_per_tensor.pt (tensors) and pytorch_embedding_4bit.pt (a
      converted model's state dict)
  /usr/bin/python3 scripts/goldens/quint4x2_embedding_goldens.py --verify
      loads interop/quantized/quint4x2.pt, quint4x2_per_tensor.pt and embedding_4bit.pt (as torch4j writes them) into PyTorch and checks them
      against the goldens

torch.quint4x2 packs two values a byte over the tensor's row-major order (element i in the low nibble of byte i // 2
when i is even); int_repr() returns those ceil(numel / 2) bytes as a 1-d uint8 tensor, and a checkpoint's storage is
rows * ceil(cols / 2) bytes, as PyTorch allocates it (pytorch_quint4x2.pt is 3 x 5: its last byte is left uninitialized
by PyTorch, so it changes from run to run; torch4j writes 0 there). Quantizing with float zero points is quantize_val_float_qparams
clamped to [0, 15]; quantize_per_channel with integer zero points is refused for quint4x2; quantize_per_tensor runs
the sub-byte kernel, lrintf(nearbyint(x * inv_scale) + zero_point) clamped to [0, 15] (inv_scale 1 for a zero scale),
its zero point checked against uint8's range only.

4-bit embeddings: embedding_bag_prepack stores each row's scale and bias (zero_point * scale * -1, in float32) as
float16; the Debian build's kernel (no FBGEMM) then sums out = fma(w * scale16, q, out + w * bias16) per index, as the
byte kernel does, with mode 0 (sum) whatever the bag's mode, as in 2.x. The packed params keep the float scales and
zero points, so weight() and the state dict give the quantized weight back unrounded.

Embedding.from_float builds its module with dtype quint8 whatever the observer's dtype, in 1.13 and in 2.x alike
(torch/ao/nn/quantized/modules/embedding_ops.py: Embedding(mod.num_embeddings, mod.embedding_dim)), so a 4-bit weight
runs through embedding_byte and the output has 0 columns (recorded below as "pytorch_from_float_*"). torch4j builds
the module PyTorch's Embedding(..., dtype=torch.quint4x2) is and gives it the same weight: its forward is
embedding_4bit, whose outputs are the goldens; emb_from_float below is that. EmbeddingBag.from_float keeps the float
bag's mode and include_last_offset as 2.x does (1.13 drops them), as for the quint8 bags.
"""
import json
import os
import sys
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.ao.nn.quantized as nnq

sys.path.insert(0, os.path.dirname(__file__))
from common import err, t2j, write  # noqa: E402
from quantized_embedding_goldens import qt2j as qt2j_base  # noqa: E402

torch.backends.quantized.engine = "qnnpack"
HERE = os.path.dirname(os.path.abspath(__file__))
RES = os.path.join(HERE, "..", "..", "library", "src", "test", "resources")
INTEROP = os.path.join(RES, "interop", "quantized")
Q4 = torch.ao.quantization.float_qparams_weight_only_qconfig_4bit


def qt2j(q):
    return dict(qt2j_base(q), element_size=q.element_size(), shape=list(q.shape))


def tensor_cases():
    torch.manual_seed(0)
    out = [(torch.randn(4, 6) * 2, torch.rand(4) * 0.3 + 0.02, torch.randn(4) * 4 + 7, 0),
           (torch.randn(3, 5), torch.rand(3) * 0.2 + 0.05, torch.randn(3) * 3, 0),  # odd rows: packing runs across them
           (torch.randn(3, 5), torch.rand(5) * 0.2 + 0.05, torch.randn(5) * 3, 1),
           (torch.randn(2, 3, 3), torch.rand(3) * 0.2 + 0.05, torch.randn(3) * 3 + 5, 1),
           (torch.randn(7), torch.rand(7) * 0.2 + 0.05, torch.randn(7) * 3 + 5, 0),
           # halfway points, a zero scale, clamping at both ends
           (torch.arange(-8, 8, dtype=torch.float32).reshape(2, 8) * 0.25, torch.tensor([0.5, 0.25]), torch.tensor([2.5, 3.0]), 0),
           (torch.tensor([[1.3, 2.5, -1.0, 300.0]]), torch.tensor([0.0]), torch.tensor([0.5]), 0),
           (torch.tensor([[-100.0, 100.0, 0.0, 1.0]]), torch.tensor([0.1]), torch.tensor([4.0]), 0)]
    cases = []
    for x, s, z, axis in out:
        q = torch.quantize_per_channel(x, s, z, axis, torch.quint4x2)
        cases.append({"x": t2j(x), "scales": t2j(s), "zero_points": t2j(z), "axis": axis, "q": qt2j(q)})
    return cases


def per_tensor_cases():
    """quantize_per_tensor to quint4x2: PyTorch's sub-byte kernel (zero point checked against uint8's range, a zero
    scale taken as 1), and its error past that range."""
    x = torch.tensor([[-1.3, 0.05, 0.15, 0.25, 2.0, 100.0], [-0.05, 0.35, 0.45, 1.05, -7.0, 0.0]])
    cases = []
    for s, z in [(0.1, 3), (0.1, 16), (0.1, 0), (0.0, 2), (0.3, 255), (0.037, 7)]:
        q = torch.quantize_per_tensor(x, s, z, torch.quint4x2)
        cases.append({"scale": s, "zero_point": z, "int_repr": t2j(q.int_repr()), "dequant": t2j(q.dequantize()), "repr": repr(q)})
    torch.manual_seed(6)
    y = torch.randn(3, 5) * 2
    q = torch.quantize_per_tensor(y, 0.25, 8, torch.quint4x2)
    torch.save(q, os.path.join(INTEROP, "pytorch_quint4x2_per_tensor.pt"))
    return {"x": t2j(x), "cases": cases, "saved": {"int_repr": t2j(q.int_repr()), "repr": repr(q)},
            "above": err(lambda: torch.quantize_per_tensor(x, 0.1, 256, torch.quint4x2)),
            "below": err(lambda: torch.quantize_per_tensor(x, 0.1, -1, torch.quint4x2))}


def float_modules():
    torch.manual_seed(1)
    emb = nn.Embedding(30, 8)
    with torch.no_grad():
        emb.weight[3] = 0.0  # a constant row: scale 1 (below eps), zero point 0
        emb.weight[4] *= 40
    bag = nn.EmbeddingBag(30, 8, mode="mean")
    bag_last = nn.EmbeddingBag(30, 8, mode="max", include_last_offset=True)
    for m in (emb, bag, bag_last):
        m.qconfig = Q4
    return emb, bag, bag_last


def emb_from_float(mod):
    """nnq.Embedding.from_float with the module built for the observer's dtype (see the module comment)."""
    q = nnq.Embedding.from_float(mod)
    q2 = nnq.Embedding(mod.num_embeddings, mod.embedding_dim, dtype=q.weight().dtype)
    q2.set_weight(q.weight())
    return q2


def bag_from_float(mod):
    """EmbeddingBag.from_float as 2.x has it (mode and include_last_offset kept)."""
    q = nnq.EmbeddingBag.from_float(mod)
    q2 = nnq.EmbeddingBag(mod.num_embeddings, mod.embedding_dim, mode=mod.mode, include_last_offset=mod.include_last_offset,
                          dtype=q.weight().dtype)
    q2.set_weight(q.weight())
    return q2


def unrounded_bag(w, idx, offsets, psw):
    """The bag sums with float32 scales and biases (no float16): the goldens must differ from it."""
    q = w.int_repr()
    q = torch.stack([q & 15, q >> 4], 1).reshape(-1)[: w.numel()].reshape(w.shape).float()
    scale, bias = w.q_per_channel_scales(), w.q_per_channel_zero_points() * w.q_per_channel_scales() * -1
    ends = list(offsets[1:]) + [len(idx)]
    out = torch.zeros(len(offsets), w.shape[1])
    for b, (lo, hi) in enumerate(zip(offsets, ends)):
        for i in range(lo, hi):
            r = idx[i]
            out[b] = torch.addcmul(out[b] + psw[i] * bias[r], q[r], psw[i] * scale[r])
    return out


def module_cases():
    emb, bag, bag_last = float_modules()
    qe, qb, ql = emb_from_float(emb), bag_from_float(bag), bag_from_float(bag_last)
    pe = nnq.Embedding.from_float(emb)
    torch.manual_seed(2)
    idx = torch.randint(0, 30, (40,))
    psw = torch.randn(40)
    runs = {
        "emb_1d": qe(idx), "emb_2d": qe(idx.reshape(5, 8)), "emb_int32": qe(idx[:6].int()),
        "bag_offsets": qb(idx, torch.tensor([0, 3, 3, 17, 39])),
        "bag_psw": qb(idx, torch.tensor([0, 3, 3, 17, 39]), psw),
        "bag_2d": qb(idx.reshape(8, 5)),
        "bag_first_offset_1": qb(idx[:10], torch.tensor([1, 4])),
        "last_offsets": ql(idx, torch.tensor([0, 5, 5, 12, 40])),
        "last_psw": ql(idx, torch.tensor([0, 5, 5, 12, 40]), psw),
        "last_2d": ql(idx.reshape(4, 10)),
    }
    assert not torch.equal(runs["bag_psw"], unrounded_bag(qb.weight(), idx, [0, 3, 3, 17, 39], psw)), \
        "the goldens must tell the float16 scales and biases apart from float32 ones"
    ref = torch.nn.functional.embedding_bag(idx, qb.weight().dequantize(), torch.tensor([0, 3, 3, 17, 39]), mode="sum")
    assert torch.allclose(ref, runs["bag_offsets"], atol=2e-2), "the 4-bit bag sums"
    assert pe(idx).shape == (40, 0)
    return {
        "float_state": {k: t2j(v) for k, v in OrderedDict(emb=emb.weight, bag=bag.weight, bag_last=bag_last.weight).items()},
        "idx": t2j(idx), "psw": t2j(psw),
        "weights": {"emb": qt2j(qe.weight()), "bag": qt2j(qb.weight()), "bag_last": qt2j(ql.weight())},
        "reprs": {"emb": repr(qe), "bag": repr(qb), "bag_last": repr(ql),
                  "default": repr(nnq.EmbeddingBag(10, 8, dtype=torch.quint4x2)),
                  "pytorch_from_float_emb": repr(pe)},
        "pytorch_from_float_emb_shape": list(pe(idx).shape),
        "outputs": {k: t2j(v) for k, v in runs.items()},
    }


def errors():
    x = torch.randn(3, 4)
    wrong = nn.Embedding(3, 2)
    wrong.qconfig = torch.ao.quantization.QConfig(
        activation=torch.ao.quantization.PlaceholderObserver,
        weight=torch.ao.quantization.PerChannelMinMaxObserver.with_args(dtype=torch.qint8, qscheme=torch.per_channel_affine_float_qparams))
    qb = nnq.EmbeddingBag(5, 4, include_last_offset=True, dtype=torch.quint4x2)
    qb.set_weight(torch.quantize_per_channel(torch.randn(5, 4), torch.ones(5), torch.zeros(5), 0, torch.quint4x2))
    return {
        "no_offsets": err(lambda: qb(torch.tensor([1, 2]), None)),
        "bag_2d_offsets": err(lambda: qb(torch.tensor([[1, 2]]), torch.tensor([0]))),
        "psw_long": err(lambda: qb(torch.tensor([1, 2]), torch.tensor([0, 1]), torch.tensor([1, 2]))),
        "int_zero_points": err(lambda: torch.quantize_per_channel(x, torch.ones(3), torch.zeros(3, dtype=torch.long), 0, torch.quint4x2)),
        "wrong_dtype": err(lambda: nnq.Embedding.from_float(wrong)),
    }


def model():
    emb, bag, bag_last = float_modules()
    return nn.Sequential(OrderedDict(emb=emb, bag=bag, bag_last=bag_last))


def fixed_mapping():
    """The static mapping with Embedding built for its dtype (emb_from_float) and bags as 2.x makes them."""
    m = torch.ao.quantization.get_default_static_quant_module_mappings()
    m[nn.Embedding] = type("E", (), {"from_float": staticmethod(emb_from_float)})
    m[nn.EmbeddingBag] = type("B", (), {"from_float": staticmethod(bag_from_float)})
    return m


def convert_case():
    m = model().eval()
    prepared = torch.ao.quantization.prepare(m)
    converted = torch.ao.quantization.convert(prepared, mapping=fixed_mapping())
    sd = converted.state_dict()
    assert sd["bag._packed_params.dtype"] is torch.quint4x2
    torch.save(sd, os.path.join(INTEROP, "pytorch_embedding_4bit.pt"))
    return {"prepared_repr": repr(prepared), "converted_repr": repr(converted), "state_keys": list(sd.keys())}


def dynamic_case():
    emb, bag, _ = float_modules()
    m = nn.Sequential(OrderedDict(emb=emb, inner=nn.Sequential(bag), fc=nn.Linear(8, 2)))
    for x in (emb, bag):
        del x.qconfig
    q = torch.ao.quantization.quantize_dynamic(m, {nn.Embedding: Q4, nn.EmbeddingBag: Q4}, mapping=fixed_mapping())
    return {"repr": repr(q)}


def main():
    torch.manual_seed(5)
    q = torch.quantize_per_channel(torch.randn(3, 5), torch.rand(3) * 0.2 + 0.05, torch.randn(3) * 3 + 4, 0, torch.quint4x2)
    torch.save(q, os.path.join(INTEROP, "pytorch_quint4x2.pt"))
    cases = [{"name": "tensors", "cases": tensor_cases()},
             {"name": "saved_tensor", "q": qt2j(q)},
             dict(name="per_tensor", **per_tensor_cases()),
             dict(name="modules", **module_cases()),
             {"name": "errors", "errors": errors()},
             dict(name="convert", **convert_case()),
             dict(name="dynamic", **dynamic_case())]
    write("quint4x2_embedding", cases)


def verify():
    with open(os.path.join(RES, "goldens", "quint4x2_embedding.json")) as f:
        cases = {c["name"]: c for c in json.load(f)["cases"]}
    t = torch.load(os.path.join(INTEROP, "quint4x2.pt"))
    saved = cases["saved_tensor"]["q"]
    assert t.dtype == torch.quint4x2 and repr(t) == saved["repr"], repr(t)
    assert t.int_repr().tolist() == saved["int_repr"]["data"]
    t = torch.load(os.path.join(INTEROP, "quint4x2_per_tensor.pt"))
    saved = cases["per_tensor"]["saved"]
    assert repr(t) == saved["repr"] and t.int_repr().tolist() == saved["int_repr"]["data"], repr(t)
    mod = cases["modules"]
    converted = torch.ao.quantization.convert(torch.ao.quantization.prepare(model().eval()), mapping=fixed_mapping())
    sd = torch.load(os.path.join(INTEROP, "embedding_4bit.pt"))
    assert list(sd.keys()) == cases["convert"]["state_keys"], list(sd.keys())
    for name in ("emb", "bag", "bag_last"):
        assert sd[name + "._packed_params.dtype"] is torch.quint4x2
        converted.get_submodule(name).set_weight(nnq.EmbeddingBag(30, 8, dtype=torch.quint4x2).weight())
    converted.load_state_dict(sd)
    idx = torch.tensor(mod["idx"]["data"])
    for key, got in (("emb_1d", converted.emb(idx)), ("bag_offsets", converted.bag(idx, torch.tensor([0, 3, 3, 17, 39]))),
                     ("last_offsets", converted.bag_last(idx, torch.tensor([0, 5, 5, 12, 40])))):
        want = torch.tensor(mod["outputs"][key]["data"], dtype=torch.float32).reshape(mod["outputs"][key]["shape"])
        assert torch.equal(got, want), key + ": PyTorch's output from torch4j's weights differs from the golden"
    print("verified quint4x2.pt, quint4x2_per_tensor.pt and embedding_4bit.pt with torch", torch.__version__)


if __name__ == "__main__":
    verify() if "--verify" in sys.argv else main()
