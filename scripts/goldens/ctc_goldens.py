"""Goldens for F.ctc_loss -> goldens/ctc.json.

Run: /usr/bin/python3 scripts/goldens/ctc_goldens.py

Each case: logits (T, N, C) or (T, C), targets, lengths and the arguments; the loss, the gradient of (loss * w).sum()
with respect to the logits (through log_softmax, how CTC is fed) and with respect to log_probs taken as a leaf
(PyTorch's formula, which assumes log_softmax: kept so the two agree exactly).
"""
import torch
import torch.nn.functional as F

from common import t2j, write

torch.manual_seed(0)
cases = []


def case(name, T, N, C, targets, in_len, tgt_len, unbatched=False, dtype=torch.float64, **kw):
    shape = (T, C) if unbatched else (T, N, C)
    logits = torch.randn(*shape, dtype=dtype, requires_grad=True)
    lp = logits.log_softmax(-1)
    loss = F.ctc_loss(lp, targets, in_len, tgt_len, **kw)
    w = torch.randn(loss.shape, dtype=dtype)
    (loss * w).sum().backward()
    leaf = lp.detach().clone().requires_grad_(True)
    (F.ctc_loss(leaf, targets, in_len, tgt_len, **kw) * w).sum().backward()
    cases.append({"name": name, "logits": t2j(logits), "targets": t2j(targets), "input_lengths": list(in_len),
                  "target_lengths": list(tgt_len), "kw": kw, "loss": t2j(loss), "w": t2j(w),
                  "grad_logits": t2j(logits.grad), "grad_log_probs": t2j(leaf.grad)})


case("padded_mean", 12, 3, 5, torch.tensor([[1, 2, 2, 3], [4, 1, 0, 0], [3, 3, 3, 1]]), [12, 10, 11], [4, 2, 4])
case("concatenated_sum", 10, 2, 4, torch.tensor([1, 2, 3, 3, 1]), [10, 8], [3, 2], reduction="sum")
case("none_blank2", 8, 2, 4, torch.tensor([[0, 1, 3], [1, 1, 0]]), [8, 7], [3, 2], reduction="none", blank=2)
case("empty_target", 6, 2, 3, torch.tensor([[1, 2], [0, 0]]), [6, 4], [2, 0], reduction="none")
case("impossible_zero_infinity", 4, 2, 3, torch.tensor([[1, 1, 1, 1], [1, 2, 0, 0]]), [4, 4], [4, 2], reduction="none",
     zero_infinity=True)
case("unbatched", 9, 1, 4, torch.tensor([1, 3, 2]), [9], [3], unbatched=True)
case("float32_mean", 15, 2, 6, torch.tensor([[1, 2, 3, 4, 5], [5, 5, 1, 0, 0]]), [15, 13], [5, 3], dtype=torch.float32)
write("ctc", cases)
