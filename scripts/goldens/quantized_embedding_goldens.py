"""Goldens for quantized embeddings (QuantizedEmbeddingTest): torch.per_channel_affine_float_qparams tensors and
torch.ao.nn.quantized.Embedding / EmbeddingBag made by from_float with float_qparams_weight_only_qconfig.

  /usr/bin/python3 scripts/goldens/quantized_embedding_goldens.py
      writes library/src/test/resources/goldens/quantized_embedding.json and PyTorch's own checkpoints
      interop/quantized/pytorch_embedding.pt (a converted model's state dict) and pytorch_float_qparams.pt (a tensor)
  /usr/bin/python3 scripts/goldens/quantized_embedding_goldens.py --verify
      loads interop/quantized/embedding.pt (the converted model's state dict as torch4j writes it) into PyTorch's
      converted model and checks its outputs against the goldens, and float_qparams.pt (a tensor torch4j saved).

Debian's PyTorch 1.13 has no FBGEMM, so quantized.embedding_bag_byte runs its C++ fallback: out = fma(w * scale, q,
out + w * bias) in float32 per index, bias = zero_point * scale * -1 (FBGEMM's JIT kernel computes the same order).
The engine is set to qnnpack explicitly; the embedding kernels do not depend on it. The quantized EmbeddingBag's
forward passes mode 0 (sum) whatever its mode, in 1.13 as in 2.x (torch/ao/nn/quantized/modules/embedding_ops.py):
the "mean" and "max" bags below sum. EmbeddingBag.from_float keeps the float bag's mode and include_last_offset as
2.x does (1.13 dropped them): bag_from_float emulates 2.x. The state dict holds _packed_params.dtype (torch.quint8) and
_packed_params._packed_weight; torch4j's state dict carries the dtype outside its tensor entries and Torch.save
writes both, so --verify loads torch4j's file as it is.
"""
import io
import json
import os
import sys
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.ao.nn.quantized as nnq

sys.path.insert(0, os.path.dirname(__file__))
from common import err, t2j, write  # noqa: E402

torch.backends.quantized.engine = "qnnpack"
HERE = os.path.dirname(os.path.abspath(__file__))
RES = os.path.join(HERE, "..", "..", "library", "src", "test", "resources")
INTEROP = os.path.join(RES, "interop", "quantized")
QCONFIG = torch.ao.quantization.float_qparams_weight_only_qconfig


def qt2j(q):
    return {"dtype": str(q.dtype), "int_repr": t2j(q.int_repr()), "scales": t2j(q.q_per_channel_scales()),
            "zero_points": t2j(q.q_per_channel_zero_points()), "axis": q.q_per_channel_axis(), "qscheme": str(q.qscheme()),
            "dequant": t2j(q.dequantize()), "repr": repr(q)}


def tensor_cases():
    torch.manual_seed(0)
    out = []
    x = torch.randn(6, 40) * 3
    s = torch.rand(6) * 0.05 + 0.005
    z = torch.randn(6) * 40 + 120
    out.append((x, s, z, 0, torch.quint8))
    # halfway points of x * (1 / scale) + zero_point: integer + 0.5 zero points and exact multiples of the scale
    out.append((torch.arange(-16, 16, dtype=torch.float32).reshape(2, 16) * 0.25, torch.tensor([0.5, 0.25]),
                torch.tensor([10.5, 3.0]), 0, torch.quint8))
    out.append((torch.tensor([[1.3, 2.5, -1.0, 300.0]]), torch.tensor([0.0]), torch.tensor([0.5]), 0, torch.quint8))  # scale 0
    out.append((torch.randn(3, 5), torch.tensor([0.1, 0.2, 0.05, 0.3, 0.02]), torch.tensor([1.5, -2.0, 3.25, 0.0, 100.0]), 1,
                torch.quint8))
    out.append((torch.randn(2, 3, 4), torch.tensor([0.02, 0.03, 0.04, 0.05]), torch.tensor([-3.5, 0.0, 2.25, 7.0]), 2,
                torch.qint8))
    out.append((torch.randn(4, 7) * 2, torch.tensor([0.01, 0.02, 0.03, 0.04], dtype=torch.float64),
                torch.tensor([120.7, 3.3, 250.1, -5.5], dtype=torch.float64), 0, torch.quint8))
    # values where x * inv_scale + zero_point rounds to another integer when fused (an FMA) than in two float32 steps,
    # found by a search over random inputs: PyTorch 1.13 rounds in two steps
    fma = [(-1.243575930595398, 0.009146488271653652, 11.462120056152344), (-0.8197863698005676, 0.0024779685772955418, 82.33000183105469),
           (-0.16963143646717072, 0.0010995075572282076, 140.7794647216797), (1.1287028789520264, 0.00393589586019516, 129.72850036621094),
           (0.5419751405715942, 0.00731687294319272, 83.42802429199219), (-0.9544801712036133, 0.0061613284051418304, 82.41466522216797),
           (-1.8376917839050293, 0.008866194635629654, 205.76950073242188), (1.158768892288208, 0.006810497026890516, 114.35546875),
           (0.8492342829704285, 0.015593920834362507, 215.04066467285156), (1.1518194675445557, 0.001264567137695849, 133.6591796875)]
    fx, fs, fz = (torch.tensor([v[i] for v in fma]) for i in range(3))
    inv = 1.0 / fs
    fused = torch.round((fx.double() * inv.double() + fz.double()).float())
    assert not torch.equal(fused, torch.round(fx * inv + fz)), "the FMA cases must tell the two roundings apart"
    out.append((fx.reshape(-1, 1), fs, fz, 0, torch.quint8))
    cases = []
    for x, s, z, axis, dtype in out:
        q = torch.quantize_per_channel(x, s, z, axis, dtype)
        cases.append({"x": t2j(x), "scales": t2j(s), "zero_points": t2j(z), "axis": axis, "dtype": str(dtype), "q": qt2j(q)})
    return cases


def float_modules():
    torch.manual_seed(1)
    emb = nn.Embedding(30, 7)
    with torch.no_grad():
        emb.weight[3] = 0.0  # a constant row: scale 1 (below eps), zero point 0
        emb.weight[4] *= 40
    bag = nn.EmbeddingBag(30, 7, mode="mean")
    bag_last = nn.EmbeddingBag(30, 7, mode="max", include_last_offset=True)
    return emb, bag, bag_last


def bag_from_float(mod):
    """EmbeddingBag.from_float as PyTorch 2.x has it: 1.13's drops the float bag's mode and include_last_offset (a
    "sum" bag without a last offset), 2.x keeps both; torch4j follows 2.x."""
    q = nnq.EmbeddingBag.from_float(mod)
    q2 = nnq.EmbeddingBag(mod.num_embeddings, mod.embedding_dim, mode=mod.mode, include_last_offset=mod.include_last_offset)
    q2.set_weight(q.weight())
    return q2


def unfused_bag(w, idx, offsets, psw):
    """The bag sums with out = w * scale * q + (out + w * bias) rounded twice (no FMA), to show the goldens differ."""
    q = w.int_repr().float()
    scale, bias = w.q_per_channel_scales(), w.q_per_channel_zero_points() * w.q_per_channel_scales() * -1
    ends = list(offsets[1:]) + [len(idx)]
    out = torch.zeros(len(offsets), w.shape[1])
    for b, (lo, hi) in enumerate(zip(offsets, ends)):
        for i in range(lo, hi):
            r = idx[i]
            out[b] = (psw[i] * scale[r]) * q[r] + (out[b] + psw[i] * bias[r])
    return out


def module_cases():
    emb, bag, bag_last = float_modules()
    for m in (emb, bag, bag_last):
        m.qconfig = QCONFIG
    qe, qb, ql = nnq.Embedding.from_float(emb), bag_from_float(bag), bag_from_float(bag_last)
    torch.manual_seed(2)
    idx = torch.randint(0, 30, (40,))
    psw = torch.randn(40)
    runs = {
        "emb_1d": qe(idx), "emb_2d": qe(idx.reshape(5, 8)), "emb_int32": qe(idx[:6].int()),
        "bag_offsets": qb(idx, torch.tensor([0, 3, 3, 17, 39])),
        "bag_psw": qb(idx, torch.tensor([0, 3, 3, 17, 39]), psw),
        "bag_2d": qb(idx.reshape(8, 5)),
        "bag_first_offset_1": qb(idx[:10], torch.tensor([1, 4])),  # lengths from differences, from the first index
        "last_offsets": ql(idx, torch.tensor([0, 5, 5, 12, 40])),
        "last_psw": ql(idx, torch.tensor([0, 5, 5, 12, 40]), psw),
        "last_2d": ql(idx.reshape(4, 10)),
    }
    long_idx = torch.randint(0, 30, (400,))
    long_psw = torch.randn(400)
    runs["bag_long_psw"] = qb(long_idx, torch.tensor([0, 100, 250]), long_psw)
    assert not torch.equal(runs["bag_long_psw"], unfused_bag(qb.weight(), long_idx, [0, 100, 250], long_psw)), \
        "the long bags must tell the FMA apart from a multiply and an add"
    ref = torch.nn.functional.embedding_bag(idx, qb.weight().dequantize(), torch.tensor([0, 3, 3, 17, 39]), mode="sum")
    assert torch.allclose(ref, runs["bag_offsets"], atol=1e-5), "the quantized bag sums"
    return {
        "long_idx": t2j(long_idx), "long_psw": t2j(long_psw),
        "float_state": {k: t2j(v) for k, v in OrderedDict(emb=emb.weight, bag=bag.weight, bag_last=bag_last.weight).items()},
        "idx": t2j(idx), "psw": t2j(psw),
        "weights": {"emb": qt2j(qe.weight()), "bag": qt2j(qb.weight()), "bag_last": qt2j(ql.weight())},
        "reprs": {"emb": repr(qe), "bag": repr(qb), "bag_last": repr(ql), "default": repr(nnq.Embedding(3, 2))},
        "outputs": {k: t2j(v) for k, v in runs.items()},
    }


def errors():
    qb = nnq.EmbeddingBag(5, 3, include_last_offset=True)
    qe = nnq.Embedding(5, 3)
    plain = nn.Embedding(3, 2)
    wrong = nn.Embedding(3, 2)
    wrong.qconfig = torch.ao.quantization.default_qconfig
    wrong_bag = nn.EmbeddingBag(3, 2)
    wrong_bag.qconfig = torch.ao.quantization.default_qconfig
    return {
        "no_offsets": err(lambda: nnq.EmbeddingBag(5, 3)(torch.tensor([1, 2]))),
        "bad_index": err(lambda: qe(torch.tensor([9]))),
        "negative_index": err(lambda: qe(torch.tensor([-1]))),
        "lengths": err(lambda: qb(torch.tensor([1, 2]), torch.tensor([0, 3]))),
        "float_indices": err(lambda: qe(torch.tensor([1.0, 2.0]))),
        "no_qconfig": err(lambda: nnq.Embedding.from_float(plain)),
        "wrong_qconfig": err(lambda: nnq.Embedding.from_float(wrong)),
        "wrong_qconfig_bag": err(lambda: nnq.EmbeddingBag.from_float(wrong_bag)),
        "not_embedding": err(lambda: nnq.Embedding.from_float(nn.EmbeddingBag(3, 2))),
        "shape": err(lambda: nnq.Embedding(3, 2, _weight=nnq.Embedding(2, 2).weight())),
        "bag_2d_offsets": err(lambda: qb(torch.tensor([[1, 2]]), torch.tensor([0]))),
        "bag_3d": err(lambda: qb(torch.tensor([[[1]]]))),
        "emb_3d": err(lambda: qe(torch.tensor([[[1]]]))),
        "emb_0d": err(lambda: qe(torch.tensor(2))),
        "offsets_2d": err(lambda: qb(torch.tensor([1, 2]), torch.tensor([[0]]))),
        "psw_long": err(lambda: qb(torch.tensor([1, 2]), torch.tensor([0, 1]), torch.tensor([1, 2]))),
        "per_tensor_weight": err(lambda: qe.set_weight(torch.quantize_per_tensor(torch.zeros(5, 3), 1.0, 0, torch.quint8))),
    }


def model():
    torch.manual_seed(1)
    emb, bag, bag_last = float_modules()
    return nn.Sequential(OrderedDict(emb=emb, bag=bag, bag_last=bag_last))


def convert_case():
    """prepare/convert: reprs and state-dict keys (the test checks the converted bags' outputs against the module
    cases, that is with 2.x's from_float, which keeps include_last_offset)."""
    m = model().eval()
    m.qconfig = QCONFIG
    prepared = torch.ao.quantization.prepare(m)
    converted = torch.ao.quantization.convert(prepared)
    sd = converted.state_dict()
    torch.save(sd, os.path.join(INTEROP, "pytorch_embedding.pt"))
    wrong = model().eval()
    wrong.qconfig = torch.ao.quantization.default_qconfig
    wrong_prepared = torch.ao.quantization.prepare(wrong)
    return {"prepared_repr": repr(prepared), "converted_repr": repr(converted), "state_keys": list(sd.keys()),
            "wrong_prepared_repr": repr(wrong_prepared),
            "wrong_convert": err(lambda: torch.ao.quantization.convert(wrong_prepared))}


def dynamic_case():
    """quantize_dynamic with a qconfig_spec dict naming the embeddings (the Linear stays float)."""
    m = nn.Sequential(OrderedDict(emb=model().emb, inner=nn.Sequential(model().bag), fc=nn.Linear(7, 2)))
    spec = {nn.Embedding: QCONFIG, nn.EmbeddingBag: QCONFIG}
    q = torch.ao.quantization.quantize_dynamic(m, spec)
    return {"repr": repr(q),
            "wrong": err(lambda: torch.ao.quantization.quantize_dynamic(m, {nn.Embedding: torch.ao.quantization.default_dynamic_qconfig}))}


def main():
    torch.manual_seed(5)
    q = torch.quantize_per_channel(torch.randn(3, 4), torch.tensor([0.1, 0.2, 0.3]), torch.tensor([1.5, 2.0, -3.0]), 0,
                                   torch.quint8)
    torch.save(q, os.path.join(INTEROP, "pytorch_float_qparams.pt"))
    cases = [{"name": "tensors", "cases": tensor_cases()},
             {"name": "saved_tensor", "q": qt2j(q)},
             dict(name="modules", **module_cases()),
             {"name": "errors", "errors": errors()},
             dict(name="convert", **convert_case()),
             dict(name="dynamic", **dynamic_case())]
    write("quantized_embedding", cases)


def verify():
    with open(os.path.join(RES, "goldens", "quantized_embedding.json")) as f:
        cases = {c["name"]: c for c in json.load(f)["cases"]}
    mod = cases["modules"]
    m = model().eval()
    m.qconfig = QCONFIG
    converted = torch.ao.quantization.convert(torch.ao.quantization.prepare(m))
    sd = torch.load(os.path.join(INTEROP, "embedding.pt"))
    assert list(sd.keys()) == cases["convert"]["state_keys"], list(sd.keys())
    for name in ("emb", "bag", "bag_last"):
        assert sd[name + "._packed_params.dtype"] is torch.quint8
        converted.get_submodule(name).set_weight(nnq.Embedding(30, 7).weight())  # forget the weights first
    converted.load_state_dict(sd)
    idx = torch.tensor(mod["idx"]["data"])
    got = converted.emb(idx)
    want = torch.tensor(mod["outputs"]["emb_1d"]["data"], dtype=torch.float32).reshape(mod["outputs"]["emb_1d"]["shape"])
    assert torch.equal(got, want), "PyTorch's Embedding output from torch4j's weights differs from the golden"
    got = converted.bag(idx, torch.tensor([0, 3, 3, 17, 39]))
    want = torch.tensor(mod["outputs"]["bag_offsets"]["data"], dtype=torch.float32).reshape(mod["outputs"]["bag_offsets"]["shape"])
    assert torch.equal(got, want), "PyTorch's EmbeddingBag output from torch4j's weights differs from the golden"
    t = torch.load(os.path.join(INTEROP, "float_qparams.pt"))
    saved = cases["saved_tensor"]["q"]
    assert t.qscheme() == torch.per_channel_affine_float_qparams and repr(t) == saved["repr"], repr(t)
    print("verified embedding.pt and float_qparams.pt with torch", torch.__version__)


if __name__ == "__main__":
    verify() if "--verify" in sys.argv else main()
