"""Goldens for Embedding's max_norm / norm_type / scale_grad_by_freq / sparse options and from_pretrained, and
EmbeddingBag's.

Run: /usr/bin/python3 scripts/goldens/embedding_options_goldens.py

max_norm renormalises the looked-up rows of the weight in place (torch.embedding_renorm_: each distinct row whose
p-norm exceeds max_norm is scaled by max_norm / (norm + 1e-7)); scale_grad_by_freq divides each row's gradient by how
often the row occurs in the batch. The same in PyTorch 2.x.

EmbeddingBag with scale_grad_by_freq: PyTorch's CPU kernel (_embedding_bag_dense_backward_cpu_sum_mean, 1.13 through
2.x) divides the i-th distinct row's gradient by the count of the i-th *sorted index* (counts[indices_data[i]]) rather
than by the row's own count, so rows after the first repeated one get another row's frequency. torch4j follows the
documented rule (and nn.Embedding's kernel): each row divided by its own frequency. The golden for that case is the
unscaled gradient divided by the frequencies, computed here, with PyTorch's CPU result kept beside it for reference.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from common import t2j, write

IDX = torch.tensor([[1, 2, 4, 5], [4, 3, 2, 9]])
IDX_PAD = torch.tensor([[0, 2, 0, 5], [4, 3, 2, 2]])


def functional_cases():
    cases = []
    for dtype in (torch.float32, torch.float64):
        for max_norm, norm_type, pad, scale, idx in ((1.0, 2.0, None, False, IDX), (1.5, 1.0, None, True, IDX),
                                                     (0.5, 3.0, 0, True, IDX_PAD), (None, 2.0, 0, True, IDX_PAD),
                                                     (2.0, float("inf"), None, False, IDX)):
            torch.manual_seed(3)
            w0 = (torch.randn(10, 4) * 2).to(dtype)
            w = w0.clone().requires_grad_()
            out = F.embedding(idx, w, padding_idx=pad, max_norm=max_norm, norm_type=norm_type, scale_grad_by_freq=scale)
            coef = torch.arange(out.numel(), dtype=dtype).reshape(out.shape) / 7
            (out * coef).sum().backward()
            cases.append({"name": "functional", "weight": t2j(w0), "indices": t2j(idx), "max_norm": max_norm,
                          "norm_type": "inf" if norm_type == float("inf") else norm_type, "padding_idx": pad,
                          "scale_grad_by_freq": scale, "coef": t2j(coef), "out": t2j(out), "weight_after": t2j(w),
                          "grad": t2j(w.grad)})
    return cases


def module_cases():
    cases = []
    torch.manual_seed(5)
    m = nn.Embedding(10, 3, padding_idx=0, max_norm=2.0, norm_type=1.0, scale_grad_by_freq=True)
    cases.append({"name": "module", "repr": repr(m), "weight": t2j(m.weight)})
    cases.append({"name": "module_sparse", "repr": repr(nn.Embedding(5, 2, max_norm=1.5, sparse=True))})
    torch.manual_seed(0)
    pre = torch.randn(6, 3)
    for freeze in (True, False):
        e = nn.Embedding.from_pretrained(pre, freeze=freeze, padding_idx=2, max_norm=1.0)
        out = e(torch.tensor([1, 2, 3, 3]))
        cases.append({"name": "from_pretrained", "freeze": freeze, "repr": repr(e), "requires_grad": e.weight.requires_grad,
                      "pretrained": t2j(pre), "out": t2j(out), "weight_after": t2j(e.weight)})
    bag_pre = torch.randn(8, 2) * 3
    b = nn.EmbeddingBag.from_pretrained(bag_pre, freeze=False, max_norm=1.0, mode="sum")
    out = b(torch.tensor([[1, 2, 3], [3, 4, 7]]))
    out.sum().backward()
    cases.append({"name": "bag_from_pretrained", "repr": repr(b), "pretrained": t2j(bag_pre), "out": t2j(out),
                  "weight_after": t2j(b.weight), "grad": t2j(b.weight.grad)})
    grads = []
    bag_idx = torch.tensor([1, 2, 2, 5, 1])
    for scale in (True, False):
        torch.manual_seed(1)
        b = nn.EmbeddingBag(8, 2, mode="mean", max_norm=0.7, norm_type=1.0, scale_grad_by_freq=scale)
        w0 = b.weight.detach().clone()
        out = b(bag_idx, torch.tensor([0, 2]))
        (out * torch.tensor([[1.0, 2.0], [3.0, -1.0]])).sum().backward()
        grads.append(b.weight.grad)
        if scale:
            kept = {"name": "bag_module", "repr": repr(b), "weight": t2j(w0), "out": t2j(out), "weight_after": t2j(b.weight)}
    freq = torch.bincount(bag_idx, minlength=8).clamp(min=1).to(torch.float32)
    kept["grad"] = t2j(grads[1] / freq.unsqueeze(1))
    kept["pytorch_cpu_grad"] = t2j(grads[0])
    cases.append(kept)
    return cases


if __name__ == "__main__":
    write("embedding_options", functional_cases() + module_cases())
