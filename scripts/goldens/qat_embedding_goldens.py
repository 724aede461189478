"""Goldens for QAT embeddings (QatEmbeddingTest): torch.ao.nn.qat.Embedding / EmbeddingBag with the embedding QAT
qconfigs (8-bit and 4-bit), trained a few SGD steps after prepare_qat, then converted.

  /usr/bin/python3 scripts/goldens/qat_embedding_goldens.py   writes library/src/test/resources/goldens/qat_embedding.json

PyTorch's default QAT mappings leave embeddings out (1.13 and 2.x): prepare_qat takes
get_embedding_qat_module_mappings() and convert get_embedding_static_quant_module_mappings(), as here. The QAT modules'
forward is F.embedding / F.embedding_bag on weight_fake_quant(weight): a FakeQuantize over a
MovingAveragePerChannelMinMaxObserver with averaging_constant 1 and float zero points, whose straight-through gradient
reaches the weight. nnq.Embedding.from_float makes a quint8 module whatever the fake quantizer's dtype (1.13 and 2.x);
for the 4-bit QAT Embedding ("emb4") the golden module is the one PyTorch's Embedding(..., dtype=torch.quint4x2) is,
given from_float's weight, as torch4j builds it (see quint4x2_embedding_goldens.py). The QAT EmbeddingBag converts
with its mode (sum here, which the quantized bag computes whatever its mode).
"""
import os
import sys
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.ao.nn.qat as nnqat
import torch.ao.nn.quantized as nnq
from torch.ao.quantization import default_embedding_qat_qconfig as Q8, default_embedding_qat_qconfig_4bit as Q4

sys.path.insert(0, os.path.dirname(__file__))
from common import err, t2j, write  # noqa: E402
from quantized_embedding_goldens import qt2j  # noqa: E402
from quint4x2_embedding_goldens import emb_from_float  # noqa: E402

torch.backends.quantized.engine = "qnnpack"


def model():
    torch.manual_seed(3)
    emb, emb4, bag = nn.Embedding(12, 6), nn.Embedding(12, 6), nn.EmbeddingBag(12, 6, mode="sum")
    emb.qconfig, emb4.qconfig, bag.qconfig = Q8, Q4, Q4
    return nn.Sequential(OrderedDict(emb=emb, emb4=emb4, bag=bag))


def qat_case():
    m = model()
    init = {k: t2j(v) for k, v in m.state_dict().items()}
    prepared = torch.ao.quantization.prepare_qat(m, mapping=torch.ao.quantization.get_embedding_qat_module_mappings())
    prepared_repr = repr(prepared)
    torch.manual_seed(4)
    idx = torch.randint(0, 12, (10,))
    offsets = torch.tensor([0, 4, 7])
    psw = torch.randn(10)
    t1, t2, t3 = torch.randn(10, 6), torch.randn(10, 6), torch.randn(3, 6)
    opt = torch.optim.SGD(prepared.parameters(), lr=0.5)
    steps = []
    for _ in range(3):
        opt.zero_grad()
        e, e4, b = prepared.emb(idx), prepared.emb4(idx), prepared.bag(idx, offsets, psw)
        loss = (e * t1).sum() + (e4 * t2).sum() + (b * t3).sum()
        loss.backward()
        steps.append({"emb": t2j(e), "emb4": t2j(e4), "bag": t2j(b), "loss": float(loss),
                      "grads": {n: t2j(prepared.get_submodule(n).weight.grad) for n in ("emb", "emb4", "bag")}})
        opt.step()
    fq = {n: {"scale": t2j(prepared.get_submodule(n).weight_fake_quant.scale),
              "zero_point": t2j(prepared.get_submodule(n).weight_fake_quant.zero_point)} for n in ("emb", "emb4", "bag")}
    trained = {n: t2j(prepared.get_submodule(n).weight) for n in ("emb", "emb4", "bag")}
    state_keys = list(prepared.state_dict().keys())
    to_float = {"emb": repr(prepared.emb.to_float()), "bag": repr(prepared.bag.to_float())}
    mapping = torch.ao.quantization.get_embedding_static_quant_module_mappings()
    mapping[nnqat.Embedding] = type("E", (), {"from_float": staticmethod(emb_from_float)})
    converted = torch.ao.quantization.convert(prepared, mapping=mapping)
    out = {"emb": t2j(converted.emb(idx)), "emb4": t2j(converted.emb4(idx)), "bag": t2j(converted.bag(idx, offsets, psw))}
    return {"init": init, "prepared_repr": prepared_repr, "idx": t2j(idx), "offsets": t2j(offsets), "psw": t2j(psw),
            "targets": [t2j(t1), t2j(t2), t2j(t3)], "steps": steps, "fake_quant": fq, "trained": trained,
            "state_keys": state_keys, "to_float": to_float,
            "converted_repr": repr(converted), "converted_weights": {n: qt2j(converted.get_submodule(n).weight()) for n in out},
            "converted_out": out}


def errors():
    plain = nn.Embedding(3, 2)
    none = nn.Embedding(3, 2)
    none.qconfig = None
    wrong = nn.Embedding(3, 2)
    wrong.qconfig = torch.ao.quantization.default_qat_qconfig
    wrong_bag = nn.EmbeddingBag(3, 2)
    wrong_bag.qconfig = torch.ao.quantization.default_qat_qconfig
    return {
        "no_qconfig_arg": err(lambda: nnqat.Embedding(3, 2)),
        "wrong_qconfig_arg": err(lambda: nnqat.Embedding(3, 2, qconfig=torch.ao.quantization.default_qat_qconfig)),
        "wrong_qconfig_arg_bag": err(lambda: nnqat.EmbeddingBag(3, 2, qconfig=torch.ao.quantization.default_qat_qconfig)),
        "not_embedding": err(lambda: nnqat.Embedding.from_float(nn.EmbeddingBag(3, 2))),
        "not_bag": err(lambda: nnqat.EmbeddingBag.from_float(nn.Embedding(3, 2))),
        "no_qconfig": err(lambda: nnqat.Embedding.from_float(plain)),
        "none_qconfig": err(lambda: nnqat.Embedding.from_float(none)),
        "wrong_qconfig": err(lambda: nnqat.Embedding.from_float(wrong)),
        "wrong_qconfig_bag": err(lambda: nnqat.EmbeddingBag.from_float(wrong_bag)),
        "fake_quant_bag_to_embedding": err(lambda: nnq.Embedding.from_float(nnqat.EmbeddingBag(3, 2, qconfig=Q8))),
        "calculate_qparams": err(lambda: torch.ao.quantization.NoopObserver(dtype=torch.float32).calculate_qparams()),
    }


def main():
    write("qat_embedding", [dict(name="qat", **qat_case()), {"name": "errors", "errors": errors()},
                            {"name": "reprs", "fake_quant": repr(Q8.weight()), "fake_quant_4bit": repr(Q4.weight()),
                             "qat_bag": repr(nnqat.EmbeddingBag(5, 4, qconfig=Q4))}])


if __name__ == "__main__":
    main()
