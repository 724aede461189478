"""Goldens for torch.optim.swa_utils -> goldens/swa.json.

Run: /usr/bin/python3 scripts/goldens/swa_goldens.py

SWALR and update_bn are 1.13's own (2.x computes the same). AveragedModel follows 2.x, whose update is a foreach
lerp (weight 1/(n+1) as a float32 value for SWA, 1 - decay for EMA) where 1.13 computed p + (m - p)/(n + 1); the
2.x update is written out here with torch.lerp, so the values are PyTorch's lerp arithmetic.
"""
import copy

import torch
import torch.nn as nn
from torch.optim.swa_utils import SWALR, update_bn

from common import t2j, write

cases = []

# ---- SWALR: learning rates after each step
for strategy in ("cos", "linear"):
    for anneal in (0, 3, 10):
        w = [torch.zeros(1, requires_grad=True), torch.zeros(1, requires_grad=True)]
        opt = torch.optim.SGD([{"params": [w[0]], "lr": 0.5}, {"params": [w[1]], "lr": 0.2}], lr=0.5)
        sched = SWALR(opt, swa_lr=[0.05, 0.01], anneal_epochs=anneal, anneal_strategy=strategy)
        lrs = [[g["lr"] for g in opt.param_groups]]
        for _ in range(14):
            opt.step()
            sched.step()
            lrs.append([g["lr"] for g in opt.param_groups])
        cases.append({"name": "swalr_%s_%d" % (strategy, anneal), "lrs": lrs})


# ---- AveragedModel, 2.x update rule
def net():
    return nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2))


def update(avg, model, n, mode, decay, use_buffers):
    ap = list(avg.parameters()) + (list(avg.buffers()) if use_buffers else [])
    mp = list(model.parameters()) + (list(model.buffers()) if use_buffers else [])
    with torch.no_grad():
        for a, m in zip(ap, mp):
            if n == 0:
                a.copy_(m)
            elif not a.is_floating_point():
                a.copy_(a * decay + m * (1 - decay) if mode == "ema" else a + (m - a) // (n + 1))
            elif mode == "ema":
                a.copy_(torch.lerp(a, m, 1 - decay))
            else:
                w = (1 / torch.tensor(n + 1)).item()  # 2.x: 1 / (n_averaged + 1) on an int64 tensor, a float32 value
                a.copy_(torch.lerp(a, m, w))
        if not use_buffers:
            for b, mb in zip(avg.buffers(), model.buffers()):
                b.copy_(mb)


for mode, decay, use_buffers in (("swa", None, False), ("ema", 0.9, False), ("ema", 0.75, True)):
    torch.manual_seed(3)
    model = net()
    avg = copy.deepcopy(model)
    opt = torch.optim.SGD(model.parameters(), lr=0.3)
    xs, ys, states = [], [], []
    for n in range(4):
        x, y = torch.randn(8, 3), torch.randn(8, 2)
        xs.append(t2j(x))
        ys.append(t2j(y))
        opt.zero_grad()
        ((model(x) - y) ** 2).mean().backward()
        opt.step()
        update(avg, model, n, mode, decay, use_buffers)
        states.append([[k, t2j(v)] for k, v in avg.state_dict().items()])
    cases.append({"name": "averaged_%s_%s" % (mode, use_buffers), "decay": decay, "use_buffers": use_buffers,
                  "xs": xs, "ys": ys, "states": states})

# ---- update_bn: running statistics recomputed as a cumulative average over the loader, momentum restored
torch.manual_seed(5)
model = net()
model.eval()
batches = [torch.randn(6, 3) * (i + 1) + i for i in range(3)]
update_bn([[b, torch.zeros(6)] for b in batches], model)
cases.append({"name": "update_bn", "state": [[k, t2j(v)] for k, v in model.state_dict().items()],
              "batches": [t2j(b) for b in batches], "training": model.training, "momentum": model[1].momentum})
write("swa", cases)
