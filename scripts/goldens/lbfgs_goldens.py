"""Goldens for torch.optim.LBFGS -> goldens/lbfgs.json.

Run: /usr/bin/python3 scripts/goldens/lbfgs_goldens.py

Each case: a small problem (its data in the case), LBFGS's options, and after each step() the parameters, the loss
step() returned and the state's func_evals and n_iter. Problems: least squares on a linear model (float32 and
float64), the Rosenbrock function (float64), and a logistic regression with a tiny history.
"""
import torch

from common import t2j, write

cases = []


def run(name, params, loss_fn, steps, data, **opts):
    init = [t2j(p) for p in params]
    opt = torch.optim.LBFGS(params, **opts)

    def closure():
        opt.zero_grad()
        loss = loss_fn()
        loss.backward()
        return loss

    after = []
    for _ in range(steps):
        loss = opt.step(closure)
        st = opt.state[params[0]]
        after.append({"params": [t2j(p) for p in params], "loss": float(loss), "func_evals": st["func_evals"],
                      "n_iter": st["n_iter"]})
    kw = {k: v for k, v in opts.items()}
    cases.append({"name": name, "options": kw, "init": init, "data": {k: t2j(v) for k, v in data.items()}, "steps": after})


torch.manual_seed(0)
for dtype in [torch.float32, torch.float64]:
    for ls in [None, "strong_wolfe"]:
        X, y = torch.randn(20, 3, dtype=dtype), torch.randn(20, dtype=dtype)
        w, b = torch.zeros(3, dtype=dtype, requires_grad=True), torch.zeros(1, dtype=dtype, requires_grad=True)
        run("lstsq_%s_%s" % (str(dtype)[6:], ls), [w, b], lambda: ((X @ w + b - y) ** 2).mean(), 3, {"X": X, "y": y},
            lr=1 if ls else 0.5, max_iter=10, line_search_fn=ls)
for ls in [None, "strong_wolfe"]:
    xy = torch.tensor([-1.5, 2.0], dtype=torch.float64, requires_grad=True)
    run("rosenbrock_%s" % ls, [xy], lambda: (1 - xy[0]) ** 2 + 100 * (xy[1] - xy[0] ** 2) ** 2, 4, {},
        lr=1 if ls else 0.002, max_iter=25, history_size=10, line_search_fn=ls)
X = torch.randn(30, 4, dtype=torch.float64)
lab = (X[:, 0] + 0.5 * X[:, 1] > 0).double()
wl = torch.zeros(4, dtype=torch.float64, requires_grad=True)
run("logistic_history3", [wl], lambda: torch.nn.functional.binary_cross_entropy_with_logits(X @ wl, lab) + 0.01 * wl.square().sum(),
    3, {"X": X, "lab": lab}, lr=0.8, max_iter=7, history_size=3, line_search_fn="strong_wolfe", tolerance_change=1e-12)
write("lbfgs", cases)
