"""nn.SyncBatchNorm outside a distributed job -> goldens/sync_batchnorm.json.

Run: /usr/bin/python3 scripts/goldens/sync_batchnorm_goldens.py

SyncBatchNormTest reads it. PyTorch 2.x runs a SyncBatchNorm without an initialised process group as plain batch
norm on any device; 1.13 refuses CPU input outright, so the outputs here are F.batch_norm's with the module's
arguments (what 2.x's forward calls). convert_sync_batchnorm's tree, repr and state-dict keys are 1.13's; its
`training` copy is 2.x's (1.13 leaves the new module in training mode), recorded as 2.x sets it.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from common import err, t2j, write

torch.manual_seed(0)
cases = []

# forward without a process group: 2.x's fallback, F.batch_norm with the module's buffers and momentum
for name, shape, momentum, affine, track, train in [
        ("train_2d", (6, 3), 0.1, True, True, True),
        ("train_4d_cma", (2, 3, 4, 5), None, True, True, True),
        ("train_no_affine_3d", (4, 3, 5), 0.3, False, True, True),
        ("train_untracked_5d", (2, 3, 2, 2, 3), 0.1, True, False, True),
        ("eval_4d", (2, 3, 3, 3), 0.1, True, True, False),
        ("eval_untracked", (5, 3), 0.1, True, False, False)]:
    x = torch.randn(*shape, dtype=torch.float64)
    w = torch.randn(3, dtype=torch.float64) if affine else None
    b = torch.randn(3, dtype=torch.float64) if affine else None
    rm = torch.randn(3, dtype=torch.float64) if track else None
    rv = torch.rand(3, dtype=torch.float64) + 0.5 if track else None
    rm0, rv0 = (rm.clone(), rv.clone()) if track else (None, None)
    steps = 2 if train else 1
    outs = []
    nbt = 0
    for _ in range(steps):
        factor = 0.0 if momentum is None else momentum
        if train and track:
            nbt += 1
            factor = 1.0 / nbt if momentum is None else momentum
        bn_training = train or (rm is None and rv is None)
        pass_stats = (not train) or track
        outs.append(F.batch_norm(x, rm if pass_stats else None, rv if pass_stats else None, w, b, bn_training, factor, 1e-5))
    cases.append({"kind": "forward", "name": name, "momentum": momentum, "affine": affine, "track": track, "train": train,
                  "x": t2j(x), "weight": t2j(w) if affine else None, "bias": t2j(b) if affine else None,
                  "running_mean0": t2j(rm0) if track else None, "running_var0": t2j(rv0) if track else None,
                  "outs": [t2j(o) for o in outs],
                  "running_mean": t2j(rm) if track else None, "running_var": t2j(rv) if track else None,
                  "num_batches_tracked": nbt})

m = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4),
                  nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2, momentum=None, affine=False)),
                  nn.BatchNorm3d(5, track_running_stats=False))
m[1].eval()
s = nn.SyncBatchNorm.convert_sync_batchnorm(m)
cases.append({"kind": "convert", "name": "sequential", "same_root": s is m, "repr": repr(s),
              "keys": list(s.state_dict().keys()),
              "shares_weight": s[1].weight is m[1].weight,
              # 2.x copies each batch norm's training flag; 1.13 left [1] in training mode
              "training": [False, True, True]})
cases.append({"kind": "repr", "name": "default", "repr": repr(nn.SyncBatchNorm(3))})
cases.append({"kind": "error", "name": "1d", "message": err(lambda: nn.SyncBatchNorm(3)._check_input_dim(torch.zeros(3)))})
cases.append({"kind": "error", "name": "no_channels",
              "message": err(lambda: nn.SyncBatchNorm(3)._check_non_zero_input_channels(torch.zeros(2, 0, 3)))})
write("sync_batchnorm", cases)
