"""Goldens for normalize, cosine_similarity, pairwise_distance and the margin/distance losses -> goldens/distances.json.

Run: /usr/bin/python3 scripts/goldens/distance_goldens.py

Each case: the function, its inputs and keyword arguments, the output, and the gradient of (out * w).sum() for
every floating input. Module reprs too (PyTorch prints none of their arguments).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from common import t2j, write

torch.manual_seed(0)
cases = []


def case(name, fn, inputs, kw, grad_of):
    xs = [t.clone().requires_grad_(i in grad_of) for i, t in enumerate(inputs)]
    out = fn(*xs, **kw)
    w = torch.randn(out.shape)
    (out * w).sum().backward()
    cases.append({"kind": "fn", "name": name, "kwargs": kw, "inputs": [t2j(t) for t in inputs], "out": t2j(out), "w": t2j(w),
                  "grads": [t2j(x.grad) if i in grad_of else None for i, x in enumerate(xs)]})


a, b, c = torch.randn(5, 4), torch.randn(5, 4), torch.randn(5, 4)
a[2] = 0.0  # a zero row: the eps clamps
sign = torch.tensor([1.0, -1.0, 1.0, -1.0, 1.0])
for kw in ({}, {"p": 1.0, "dim": 0}, {"p": 3.0, "dim": 1, "eps": 0.5}):
    case("normalize", F.normalize, [a], kw, [0])
for kw in ({}, {"dim": 0}, {"dim": -1, "eps": 1e-3}):
    case("cosine_similarity", F.cosine_similarity, [a, b], kw, [0, 1])
case("cosine_similarity", F.cosine_similarity, [torch.randn(3, 1, 4), torch.randn(2, 4)], {"dim": -1}, [0, 1])
for kw in ({}, {"p": 1.0, "keepdim": True}, {"p": 3.0, "eps": 0.1}):
    case("pairwise_distance", F.pairwise_distance, [a, b], kw, [0, 1])
x1, x2 = torch.randn(5), torch.randn(5)
for kw in ({}, {"margin": 0.3, "reduction": "sum"}, {"margin": -0.2, "reduction": "none"}):
    case("margin_ranking_loss", F.margin_ranking_loss, [x1, x2, sign], kw, [0, 1])
for kw in ({}, {"margin": 0.5, "reduction": "none"}):
    case("hinge_embedding_loss", F.hinge_embedding_loss, [a, torch.tensor([1.0, -1.0, -1.0, 1.0]).expand(5, 4)], kw, [0])
for kw in ({}, {"reduction": "none"}):
    case("soft_margin_loss", F.soft_margin_loss, [a, torch.sign(b)], kw, [0])
for kw in ({}, {"margin": 0.2, "reduction": "none"}):
    case("cosine_embedding_loss", F.cosine_embedding_loss, [a, b, sign], kw, [0, 1])
case("cosine_embedding_loss", F.cosine_embedding_loss, [x1, x2, torch.tensor(-1.0)], {"margin": -0.5}, [0, 1])
for kw in ({}, {"margin": 2.0, "p": 1.0, "swap": True, "reduction": "sum"}, {"eps": 0.1, "reduction": "none"}):
    case("triplet_margin_loss", F.triplet_margin_loss, [a, b, c], kw, [0, 1, 2])
rate = torch.rand(5, 4) * 3
counts = torch.poisson(torch.full((5, 4), 2.0))
for kw in ({}, {"full": True}, {"log_input": False, "reduction": "none"}, {"log_input": False, "full": True, "eps": 1e-3}):
    inp = rate.log() if kw.get("log_input", True) else rate
    case("poisson_nll_loss", F.poisson_nll_loss, [inp, counts], kw, [0])
var = torch.rand(5, 4) + 0.1
var[0, 0] = 1e-9  # clamped to eps
for inputs, kw in (([a, b, var], {}), ([a, b, var], {"full": True, "reduction": "sum"}), ([a, b, torch.rand(5) + 0.5], {"eps": 1e-3}),
                   ([a, b, torch.rand(5, 1) + 0.5], {"reduction": "none"})):
    case("gaussian_nll_loss", F.gaussian_nll_loss, inputs, kw, [0, 1, 2])
labels = (torch.rand(5, 4) > 0.5).float()
for kw in ({}, {"weight": torch.tensor([1.0, 2.0, 0.5, 1.5]), "reduction": "none"}, {"reduction": "sum"}):
    case("multilabel_soft_margin_loss", F.multilabel_soft_margin_loss, [a, labels], kw, [0])
for c_ in cases:
    if "weight" in c_["kwargs"]:
        c_["kwargs"]["weight"] = t2j(c_["kwargs"]["weight"])

reprs = {k: repr(v) for k, v in {
    "CosineSimilarity": nn.CosineSimilarity(), "PairwiseDistance": nn.PairwiseDistance(p=1.0), "MarginRankingLoss": nn.MarginRankingLoss(0.5),
    "HingeEmbeddingLoss": nn.HingeEmbeddingLoss(), "SoftMarginLoss": nn.SoftMarginLoss(), "CosineEmbeddingLoss": nn.CosineEmbeddingLoss(),
    "TripletMarginLoss": nn.TripletMarginLoss(), "PoissonNLLLoss": nn.PoissonNLLLoss(), "GaussianNLLLoss": nn.GaussianNLLLoss(),
    "MultiLabelSoftMarginLoss": nn.MultiLabelSoftMarginLoss()}.items()}
cases.append({"kind": "repr", "reprs": reprs})
write("distances", cases)
