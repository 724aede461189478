"""Goldens for nn.AdaptiveLogSoftmaxWithLoss -> goldens/adaptive_softmax.json.

Run: /usr/bin/python3 scripts/goldens/adaptive_softmax_goldens.py

After manual_seed, the module (its weights come from the same draws), its repr, forward's output and loss for a batch
touching every cluster, the gradients of the loss, log_prob, predict, and a single unbatched row; and its errors.
"""
import torch
import torch.nn as nn

from common import t2j, write

cases = []


def case(seed, args, kwargs, n):
    torch.manual_seed(seed)
    m = nn.AdaptiveLogSoftmaxWithLoss(*args, **kwargs)
    x = torch.randn(n, args[0])
    y = torch.randint(0, args[1], (n,))
    y[0] = 0
    y[1] = args[1] - 1
    out, loss = m(x, y)
    loss.backward()
    single_out, single_loss = m(x[2], y[2])
    cases.append({"seed": seed, "args": list(args), "div_value": kwargs.get("div_value", 4.0), "head_bias": kwargs.get("head_bias", False),
                  "repr": repr(m), "input": t2j(x), "target": t2j(y), "output": t2j(out), "loss": t2j(loss),
                  "grads": [[k, t2j(p.grad)] for k, p in m.named_parameters()],
                  "log_prob": t2j(m.log_prob(x)), "predict": t2j(m.predict(x)), "single_output": t2j(single_out),
                  "single_loss": t2j(single_loss)})


case(0, (16, 20, [4, 10]), {}, 12)
case(1, (8, 10, [3]), {"div_value": 2.0, "head_bias": True}, 9)
# the empty cutoffs: 1.13 fails in min() ("min() arg is an empty sequence"); 2.x checks first, with the message the Java
# test holds ("cutoffs should be a sequence of length larger than 0")
errors = []
for f in [lambda: nn.AdaptiveLogSoftmaxWithLoss(8, 10, []), lambda: nn.AdaptiveLogSoftmaxWithLoss(8, 10, [5, 3]),
          lambda: nn.AdaptiveLogSoftmaxWithLoss(8, 10, [3, 10]),
          lambda: nn.AdaptiveLogSoftmaxWithLoss(8, 10, [3])(torch.randn(4, 8), torch.tensor([0, 1, 2, 10]))]:
    try:
        f()
    except Exception as e:
        errors.append(str(e))
cases.append({"errors": errors})
write("adaptive_softmax", cases)
