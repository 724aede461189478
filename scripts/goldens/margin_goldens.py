"""Goldens for F.multi_margin_loss and F.multilabel_margin_loss -> goldens/margin.json.

Run: /usr/bin/python3 scripts/goldens/margin_goldens.py

Each case: input, target, arguments, the loss and the input's gradient of (loss * w).sum().
"""
import torch
import torch.nn.functional as F

from common import t2j, write

torch.manual_seed(0)
cases = []


def case(fn, name, x, target, **kw):
    x = x.clone().requires_grad_(True)
    f = F.multi_margin_loss if fn == "multi" else F.multilabel_margin_loss
    loss = f(x, target, **kw)
    w = torch.randn(loss.shape, dtype=x.dtype)
    (loss * w).sum().backward()
    kw = {k: (t2j(v) if isinstance(v, torch.Tensor) else v) for k, v in kw.items()}
    cases.append({"fn": fn, "name": name, "input": t2j(x), "target": t2j(target), "kw": kw, "loss": t2j(loss), "w": t2j(w),
                  "grad": t2j(x.grad)})


D = torch.float64
case("multi", "default", torch.randn(4, 5, dtype=D), torch.tensor([0, 3, 4, 1]))
case("multi", "p2_margin_weight_sum", torch.randn(4, 5, dtype=D), torch.tensor([2, 2, 0, 4]), p=2, margin=0.7,
     weight=torch.rand(5, dtype=D), reduction="sum")
case("multi", "none", torch.randn(3, 4, dtype=D), torch.tensor([1, 0, 3]), reduction="none")
case("multi", "unbatched", torch.randn(6, dtype=D), torch.tensor(2))
case("multilabel", "default", torch.randn(3, 5, dtype=D), torch.tensor([[3, 0, -1, 1, 2], [1, 2, 3, 4, 0], [4, -1, 0, 0, 0]]))
case("multilabel", "none", torch.randn(2, 4, dtype=D), torch.tensor([[0, 0, 2, -1], [-1, 1, 2, 3]]), reduction="none")
case("multilabel", "unbatched_sum", torch.randn(4, dtype=D), torch.tensor([3, 1, -1, 0]), reduction="sum")
write("margin", cases)
