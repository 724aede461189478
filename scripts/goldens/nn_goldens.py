"""Goldens for nn / optim / data: default initialisation after manual_seed, module reprs and state-dict keys,
load_state_dict errors, layer and loss forwards with gradients, optimizer steps, a few training steps of a small
MLP, DataLoader / random_split orders and lr schedules.

Run: /usr/bin/python3 scripts/goldens/nn_goldens.py   (writes library/src/test/resources/goldens/nn.json)

Where PyTorch 2.x differs from the 1.13 used here, the Java tests follow 2.x and say so beside the case:
ModuleList's repr compresses repeated modules (2.1+), Adam/AdamW/RMSprop use lerp_ for the first moment
(values agree to float32 rounding), zero_grad sets grads to None by default.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from common import t2j, write

cases = []


def add(kind, name, **kw):
    d = {"kind": kind, "name": name}
    d.update(kw)
    cases.append(d)


# ------------------------------------------------------------------------------------------------ init

torch.manual_seed(0)
lin = nn.Linear(2, 3)
add("init", "linear_2_3", seed=0, weight=t2j(lin.weight), bias=t2j(lin.bias))

torch.manual_seed(0)
lins = [nn.Linear(2, 16), nn.Linear(16, 16), nn.Linear(16, 2)]
add("init", "three_linears", seed=0, tensors=[t2j(p) for m in lins for p in m.parameters()])

torch.manual_seed(3)
bil = nn.Bilinear(2, 3, 4)
add("init", "bilinear_2_3_4", seed=3, weight=t2j(bil.weight), bias=t2j(bil.bias))

torch.manual_seed(5)
emb = nn.Embedding(5, 3, padding_idx=1)
add("init", "embedding_5_3_pad1", seed=5, weight=t2j(emb.weight))

torch.manual_seed(7)
w = torch.empty(4, 6)
nn.init.xavier_uniform_(w)
w2 = torch.empty(4, 6)
nn.init.kaiming_normal_(w2, mode="fan_out", nonlinearity="relu")
w3 = torch.empty(3, 5)
nn.init.xavier_normal_(w3, gain=nn.init.calculate_gain("tanh"))
add("init", "init_functions", seed=7, xavier_uniform=t2j(w), kaiming_normal=t2j(w2), xavier_normal=t2j(w3))
add("gain", "gains", values={k: nn.init.calculate_gain(k) for k in ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "selu"]},
    leaky_02=nn.init.calculate_gain("leaky_relu", 0.2))


# ------------------------------------------------------------------------------------------------ reprs, keys


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(2, 16)
        self.fc2 = nn.Linear(16, 16)
        self.out = nn.Linear(16, 2)

    def forward(self, x):
        return self.out(F.relu(self.fc2(F.relu(self.fc1(x)))))


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = nn.BatchNorm1d(4)
        self.body = nn.Sequential(nn.Linear(4, 4), nn.ReLU(), nn.Dropout(0.1))
        self.heads = nn.ModuleDict({"a": nn.Linear(4, 1), "b": nn.Identity()})
        self.scale = nn.Parameter(torch.ones(1))


torch.manual_seed(0)
net = Net()
add("repr", "net", text=repr(net))
add("keys", "net", keys=list(net.state_dict().keys()), params=[n for n, _ in net.named_parameters()])
blk = Block()
add("repr", "block", text=repr(blk))
add("keys", "block", keys=list(blk.state_dict().keys()), params=[n for n, _ in blk.named_parameters()],
    buffers=[n for n, _ in blk.named_buffers()], modules=[n for n, _ in blk.named_modules()])
layers = {
    "linear_nobias": nn.Linear(3, 1, bias=False), "bilinear": nn.Bilinear(2, 3, 4), "identity": nn.Identity(),
    "flatten": nn.Flatten(), "unflatten": nn.Unflatten(1, (2, 5)), "relu": nn.ReLU(), "relu_inplace": nn.ReLU(inplace=True),
    "leaky": nn.LeakyReLU(), "leaky_02": nn.LeakyReLU(0.2), "elu": nn.ELU(), "gelu": nn.GELU(), "gelu_tanh": nn.GELU("tanh"),
    "silu": nn.SiLU(), "sigmoid": nn.Sigmoid(), "tanh": nn.Tanh(), "softmax": nn.Softmax(dim=1), "softmax_none": nn.Softmax(),
    "logsoftmax": nn.LogSoftmax(dim=-1), "dropout": nn.Dropout(), "dropout_02": nn.Dropout(0.2), "embedding": nn.Embedding(10, 3),
    "embedding_pad": nn.Embedding(10, 3, padding_idx=0), "layernorm": nn.LayerNorm(10), "layernorm_2d": nn.LayerNorm((4, 5), eps=1e-6),
    "batchnorm": nn.BatchNorm1d(8), "batchnorm_nomom": nn.BatchNorm1d(8, momentum=None, affine=False),
    "mse": nn.MSELoss(), "ce": nn.CrossEntropyLoss(), "bce": nn.BCELoss(), "bcelogits": nn.BCEWithLogitsLoss(),
    "nll": nn.NLLLoss(), "l1": nn.L1Loss(), "smoothl1": nn.SmoothL1Loss(), "huber": nn.HuberLoss(), "kldiv": nn.KLDivLoss(),
    "seq": nn.Sequential(nn.Linear(2, 3), nn.Sequential(nn.Tanh(), nn.Linear(3, 1))),
    "moduledict": nn.ModuleDict({"act": nn.ReLU(), "lin": nn.Linear(1, 2)}),
}
for k, m in layers.items():
    add("repr", k, text=repr(m))
add("repr", "parameter", text=repr(nn.Parameter(torch.tensor([1.0, 2.0]))))


# ------------------------------------------------------------------------------------------------ load_state_dict errors

def load_error(model, sd, strict=True):
    try:
        r = model.load_state_dict(sd, strict=strict)
        return {"ok": True, "missing": list(r.missing_keys), "unexpected": list(r.unexpected_keys)}
    except RuntimeError as e:
        return {"ok": False, "message": str(e)}


torch.manual_seed(0)
net2 = Net()
sd = net.state_dict()
bad = dict(sd)
del bad["fc2.bias"]
bad["extra.weight"] = torch.zeros(1)
bad["fc1.weight"] = torch.zeros(3, 2)
add("load", "net_bad", result=load_error(net2, bad))
add("load", "net_bad_nonstrict", result=load_error(net2, {k: v for k, v in sd.items() if k != "out.bias"} | {"fc3.x": torch.zeros(1)}, strict=False))


# ------------------------------------------------------------------------------------------------ layer forwards / grads

g = torch.Generator().manual_seed(42)


def rnd(*shape, dtype=torch.float64):
    return torch.randn(*shape, generator=g, dtype=dtype)


def fwd(name, fn, inputs, extra=None):
    ins = [t.clone().requires_grad_(t.is_floating_point()) for t in inputs]
    out = fn(*ins)
    gout = rnd(*out.shape, dtype=out.dtype) if out.dim() > 0 else torch.ones((), dtype=out.dtype)
    out.backward(gout)
    add("fwd", name, inputs=[t2j(t) for t in inputs], out=t2j(out), gout=t2j(gout),
        grads=[t2j(t.grad) if t.grad is not None else None for t in ins], **(extra or {}))


x = rnd(4, 5)
fwd("relu", F.relu, [x])
fwd("leaky_relu", lambda t: F.leaky_relu(t, 0.2), [x])
fwd("elu", lambda t: F.elu(t, 0.7), [x])
fwd("gelu", F.gelu, [x])
fwd("gelu_tanh", lambda t: F.gelu(t, approximate="tanh"), [x])
fwd("silu", F.silu, [x])
fwd("sigmoid", torch.sigmoid, [x])
fwd("tanh", torch.tanh, [x])
fwd("softmax", lambda t: F.softmax(t, dim=1), [x])
fwd("log_softmax", lambda t: F.log_softmax(t, dim=0), [x])
fwd("linear", F.linear, [rnd(3, 5), rnd(2, 5), rnd(2)])
fwd("linear_3d_nobias", lambda a, b: F.linear(a, b), [rnd(2, 3, 5), rnd(4, 5)])
fwd("bilinear", F.bilinear, [rnd(3, 2), rnd(3, 4), rnd(5, 2, 4), rnd(5)])
fwd("layer_norm", lambda t, w, b: F.layer_norm(t, (5,), w, b, 1e-5), [rnd(3, 5), rnd(5), rnd(5)])
fwd("layer_norm_2d", lambda t: F.layer_norm(t, (3, 4)), [rnd(2, 3, 4)])
idx = torch.tensor([[0, 2, 1], [4, 1, 1]])
fwd("embedding_pad", lambda wt: F.embedding(idx, wt, padding_idx=1), [rnd(5, 3)], {"indices": t2j(idx)})

# batch norm: training forward, running stats, eval forward (float32 module)
torch.manual_seed(0)
bn = nn.BatchNorm1d(3)
with torch.no_grad():
    bn.weight.copy_(torch.tensor([1.0, 2.0, 0.5]))
    bn.bias.copy_(torch.tensor([0.0, -1.0, 0.25]))
xb = torch.randn(6, 3)
xb.requires_grad_(True)
yb = bn(xb)
gb = torch.randn(6, 3)
yb.backward(gb)
xe = torch.randn(4, 3)
bn.eval()
ye = bn(xe)
add("batchnorm", "bn3", x=t2j(xb), y=t2j(yb), gout=t2j(gb), xgrad=t2j(xb.grad), wgrad=t2j(bn.weight.grad), bgrad=t2j(bn.bias.grad),
    running_mean=t2j(bn.running_mean), running_var=t2j(bn.running_var), xe=t2j(xe), ye=t2j(ye))
bn3d = nn.BatchNorm1d(2, momentum=None)
x3 = torch.randn(3, 2, 4)
y3 = bn3d(x3)
y3b = bn3d(x3 * 2 + 1)
add("batchnorm", "bn3d_cumulative", x=t2j(x3), y=t2j(y3), y2=t2j(y3b), running_mean=t2j(bn3d.running_mean),
    running_var=t2j(bn3d.running_var), num_batches=int(bn3d.num_batches_tracked))

# dropout after a seed (CPU bernoulli without MKL draws as torch4j does)
torch.manual_seed(11)
xd = torch.ones(3, 8)
add("dropout", "dropout_03", seed=11, out=t2j(F.dropout(xd, 0.3)))
torch.manual_seed(11)
add("dropout", "dropout_module", seed=11, out=t2j(nn.Dropout(0.5)(torch.arange(12.0))))


# ------------------------------------------------------------------------------------------------ losses


def loss_case(name, fn, x, t, reductions=("none", "mean", "sum"), target_grad=False, **kw):
    for r in reductions:
        xi = x.clone().requires_grad_(True)
        ti = t.clone().requires_grad_(target_grad)
        out = fn(xi, ti, r)
        gout = rnd(*out.shape) if out.dim() > 0 else torch.tensor(1.0, dtype=torch.float64)
        out.backward(gout)
        add("loss", name + "_" + r, fn=name, reduction=r, x=t2j(x), t=t2j(t), out=t2j(out), gout=t2j(gout), xgrad=t2j(xi.grad),
            tgrad=t2j(ti.grad) if target_grad else None, **kw)


xr, tr = rnd(3, 4), rnd(3, 4)
loss_case("mse", lambda a, b, r: F.mse_loss(a, b, reduction=r), xr, tr, target_grad=True)
loss_case("l1", lambda a, b, r: F.l1_loss(a, b, reduction=r), xr, tr, target_grad=True)
loss_case("smooth_l1", lambda a, b, r: F.smooth_l1_loss(a, b, reduction=r, beta=0.5), xr, tr, target_grad=True, beta=0.5)
loss_case("huber", lambda a, b, r: F.huber_loss(a, b, reduction=r, delta=0.8), xr, tr, target_grad=True, delta=0.8)
p = torch.rand(3, 4, generator=g, dtype=torch.float64) * 0.98 + 0.01
tb = torch.rand(3, 4, generator=g, dtype=torch.float64)
wb = torch.rand(4, generator=g, dtype=torch.float64)
loss_case("bce", lambda a, b, r: F.binary_cross_entropy(a, b, reduction=r), p, tb, target_grad=True)
loss_case("bce_weight", lambda a, b, r: F.binary_cross_entropy(a, b, weight=wb, reduction=r), p, tb, weight=t2j(wb))
pw = torch.tensor([0.5, 1.0, 2.0, 3.0], dtype=torch.float64)
loss_case("bce_logits", lambda a, b, r: F.binary_cross_entropy_with_logits(a, b, reduction=r), xr * 3, tb, target_grad=True)
loss_case("bce_logits_w", lambda a, b, r: F.binary_cross_entropy_with_logits(a, b, weight=wb, pos_weight=pw, reduction=r), xr * 3, tb,
          weight=t2j(wb), pos_weight=t2j(pw))
logits = rnd(5, 4)
labels = torch.tensor([0, 3, 1, 1, 2])
cw = torch.tensor([1.0, 2.0, 0.5, 1.5], dtype=torch.float64)
loss_case("ce", lambda a, b, r: F.cross_entropy(a, b, reduction=r), logits, labels)
loss_case("ce_weight", lambda a, b, r: F.cross_entropy(a, b, weight=cw, reduction=r), logits, labels, weight=t2j(cw))
lab_ign = torch.tensor([0, -100, 1, 3, -100])
loss_case("ce_ignore", lambda a, b, r: F.cross_entropy(a, b, reduction=r), logits, lab_ign)
lab_ign2 = torch.tensor([0, 2, 1, 3, 2])
loss_case("ce_ignore2_ls", lambda a, b, r: F.cross_entropy(a, b, ignore_index=2, label_smoothing=0.2, reduction=r), logits, lab_ign2,
          ignore_index=2, label_smoothing=0.2)
loss_case("ce_weight_ls", lambda a, b, r: F.cross_entropy(a, b, weight=cw, label_smoothing=0.1, reduction=r), logits, labels,
          weight=t2j(cw), label_smoothing=0.1)
probs = torch.softmax(rnd(5, 4), 1)
loss_case("ce_probs", lambda a, b, r: F.cross_entropy(a, b, reduction=r), logits, probs)
loss_case("ce_probs_ls_w", lambda a, b, r: F.cross_entropy(a, b, weight=cw, label_smoothing=0.3, reduction=r), logits, probs,
          weight=t2j(cw), label_smoothing=0.3)
logits3 = rnd(2, 3, 4)
labels3 = torch.tensor([[0, 2, 1, 1], [2, 2, 0, 1]])
loss_case("ce_3d", lambda a, b, r: F.cross_entropy(a, b, reduction=r), logits3, labels3)
loss_case("ce_1d", lambda a, b, r: F.cross_entropy(a, b, reduction=r), rnd(4), torch.tensor(2))
loss_case("nll", lambda a, b, r: F.nll_loss(a, b, reduction=r), torch.log_softmax(logits, 1), labels)
loss_case("nll_weight_ignore", lambda a, b, r: F.nll_loss(a, b, weight=cw, ignore_index=3, reduction=r), torch.log_softmax(logits, 1),
          labels, weight=t2j(cw), ignore_index=3)
lp = torch.log_softmax(rnd(3, 4), 1)
loss_case("kl_div", lambda a, b, r: F.kl_div(a, b, reduction=r), lp, probs[:3], reductions=("none", "mean", "sum", "batchmean"))
loss_case("kl_div_log", lambda a, b, r: F.kl_div(a, b, reduction=r, log_target=True), lp, torch.log(probs[:3]),
          reductions=("none", "batchmean"), log_target=True)


# ------------------------------------------------------------------------------------------------ optimizers

def opt_case(name, make, steps=3, **kw):
    torch.manual_seed(1)
    p1 = torch.randn(3, 4).requires_grad_(True)
    p2 = torch.randn(4).requires_grad_(True)
    init = [t2j(p1), t2j(p2)]
    opt = make([p1, p2])
    grads = []
    for s in range(steps):
        g1, g2 = torch.randn(3, 4), torch.randn(4)
        p1.grad, p2.grad = g1.clone(), g2.clone()
        grads.append([t2j(g1), t2j(g2)])
        opt.step()
    extra = kw.pop("extra_group_keys", [])
    add("optim", name, init=init, grads=grads, final=[t2j(p1), t2j(p2)],
        state_keys=[list(opt.state[p1].keys())], group_keys=list(opt.state_dict()["param_groups"][0].keys()) + extra, **kw)


opt_case("sgd", lambda ps: torch.optim.SGD(ps, lr=0.1))
opt_case("sgd_momentum", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9))
opt_case("sgd_nesterov_wd", lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.8, nesterov=True, weight_decay=0.01))
opt_case("sgd_dampening", lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.5, dampening=0.3, maximize=True))
opt_case("adam", lambda ps: torch.optim.Adam(ps, lr=0.01))
opt_case("adam_amsgrad_wd", lambda ps: torch.optim.Adam(ps, lr=0.02, betas=(0.8, 0.99), weight_decay=0.1, amsgrad=True), steps=4)
opt_case("adamw", lambda ps: torch.optim.AdamW(ps, lr=0.01))
opt_case("adamw_wd", lambda ps: torch.optim.AdamW(ps, lr=0.03, weight_decay=0.5, eps=1e-6), steps=4)
opt_case("rmsprop", lambda ps: torch.optim.RMSprop(ps, lr=0.01))
opt_case("rmsprop_centered_momentum", lambda ps: torch.optim.RMSprop(ps, lr=0.01, momentum=0.9, centered=True, weight_decay=0.1))
opt_case("adagrad", lambda ps: torch.optim.Adagrad(ps, lr=0.1))
opt_case("adagrad_decay", lambda ps: torch.optim.Adagrad(ps, lr=0.1, lr_decay=0.1, weight_decay=0.05, initial_accumulator_value=0.2))
opt_case("adamax", lambda ps: torch.optim.Adamax(ps, lr=0.05))
opt_case("adamax_wd_maximize", lambda ps: torch.optim.Adamax(ps, lr=0.02, betas=(0.8, 0.95), weight_decay=0.1, maximize=True), steps=4)
opt_case("adadelta", lambda ps: torch.optim.Adadelta(ps))
opt_case("rprop", lambda ps: torch.optim.Rprop(ps, lr=0.05), steps=5)
opt_case("rprop_bounds_maximize", lambda ps: torch.optim.Rprop(ps, lr=0.1, etas=(0.3, 1.5), step_sizes=(0.02, 0.2), maximize=True), steps=5)
opt_case("asgd", lambda ps: torch.optim.ASGD(ps, lr=0.05), steps=4)
opt_case("asgd_averaging", lambda ps: torch.optim.ASGD(ps, lr=0.1, lambd=0.01, alpha=0.5, t0=2, weight_decay=0.1, maximize=True), steps=5)
opt_case("adadelta_wd", lambda ps: torch.optim.Adadelta(ps, lr=0.5, rho=0.8, eps=1e-4, weight_decay=0.1, maximize=True), steps=4)
class NAdam2x(torch.optim.NAdam):
    """NAdam as PyTorch 2.x steps it (_single_tensor_nadam): 1.13 computed mu_product_next as mu_product * mu * mu_next,
    multiplying mu in twice; 2.x uses mu_product * mu_next, keeps mu_product as a float32 tensor and takes lerp_ for
    exp_avg. torch4j follows 2.x, so its goldens come from this step."""

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            lr, eps, wd, md = group["lr"], group["eps"], group["weight_decay"], group["momentum_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                st = self.state[p]
                if len(st) == 0:
                    st["step"], st["mu_product"] = torch.tensor(0.0), torch.tensor(1.0)
                    st["exp_avg"], st["exp_avg_sq"] = torch.zeros_like(p), torch.zeros_like(p)
                st["step"] += 1
                step = st["step"].item()
                bias_correction2 = 1 - beta2 ** step
                grad = p.grad if wd == 0 else p.grad.add(p, alpha=wd)
                mu = beta1 * (1. - 0.5 * (0.96 ** (step * md)))
                mu_next = beta1 * (1. - 0.5 * (0.96 ** ((step + 1) * md)))
                st["mu_product"] *= mu
                st["exp_avg"].lerp_(grad, 1 - beta1)
                st["exp_avg_sq"].mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                denom = st["exp_avg_sq"].div(bias_correction2).sqrt()
                mu_product_next = st["mu_product"].item() * mu_next
                denom.add_(eps)
                p.addcdiv_(grad, denom, value=(-lr * (1. - mu) / (1. - st["mu_product"].item())))
                p.addcdiv_(st["exp_avg"], denom, value=(-lr * mu_next) / (1. - mu_product_next))


# PyTorch 2.x adds decoupled_weight_decay and maximize to NAdam and RAdam (1.13 has neither): their group keys are
# listed as 2.x has them, and only 1.13's behaviour (L2 decay, minimising) is compared
_2x_keys = ["decoupled_weight_decay", "maximize"]
opt_case("nadam", lambda ps: NAdam2x(ps, lr=0.01), steps=4, extra_group_keys=_2x_keys)
opt_case("nadam_wd", lambda ps: NAdam2x(ps, lr=0.02, betas=(0.85, 0.99), weight_decay=0.1, momentum_decay=0.01),
         steps=4, extra_group_keys=_2x_keys)
opt_case("radam", lambda ps: torch.optim.RAdam(ps, lr=0.01), steps=8, extra_group_keys=_2x_keys)
opt_case("radam_wd", lambda ps: torch.optim.RAdam(ps, lr=0.02, betas=(0.8, 0.9), weight_decay=0.1), steps=8,
         extra_group_keys=_2x_keys)


# ------------------------------------------------------------------------------------------------ training

def train_case(name, make_opt, steps=5):
    torch.manual_seed(0)
    model = Net()
    xs = torch.randn(32, 2)
    ys = (xs[:, 0] + xs[:, 1] > 0).long()
    opt = make_opt(model.parameters())
    losses = []
    for s in range(steps):
        opt.zero_grad()
        loss = F.cross_entropy(model(xs), ys)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    add("train", name, x=t2j(xs), y=t2j(ys), losses=losses, final=[t2j(p) for p in model.parameters()])


train_case("sgd_momentum", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9), steps=8)
train_case("adam", lambda ps: torch.optim.Adam(ps, lr=0.01), steps=8)


# ------------------------------------------------------------------------------------------------ data

ds = torch.utils.data.TensorDataset(torch.arange(10), torch.arange(10) * 10)
torch.manual_seed(0)
loader = torch.utils.data.DataLoader(ds, batch_size=3, shuffle=True)
epochs = [[b[0].tolist() for b in loader] for _ in range(2)]
after = torch.rand(2)
add("loader", "shuffle_default_gen", seed=0, epochs=epochs, after=t2j(after))
torch.manual_seed(0)
plain = [b[0].tolist() for b in torch.utils.data.DataLoader(ds, batch_size=4, drop_last=True)]
add("loader", "sequential_drop_last", seed=0, epochs=[plain], after=t2j(torch.rand(2)))
gen = torch.Generator().manual_seed(123)
gl = torch.utils.data.DataLoader(ds, batch_size=4, shuffle=True, generator=gen)
add("loader", "shuffle_generator", seed=123, epochs=[[b[0].tolist() for b in gl] for _ in range(2)])
# RandomSampler draws a second permutation when it is exhausted: with drop_last, and when the size divides evenly
gen = torch.Generator().manual_seed(7)
gl = torch.utils.data.DataLoader(ds, batch_size=3, shuffle=True, drop_last=True, generator=gen)
add("loader", "shuffle_generator_drop_last", seed=7, epochs=[[b[0].tolist() for b in gl] for _ in range(2)])
gen = torch.Generator().manual_seed(8)
gl = torch.utils.data.DataLoader(ds, batch_size=5, shuffle=True, generator=gen)
add("loader", "shuffle_generator_even", seed=8, epochs=[[b[0].tolist() for b in gl] for _ in range(2)])
torch.manual_seed(0)
parts = torch.utils.data.random_split(range(10), [0.8, 0.2])
parts2 = torch.utils.data.random_split(range(11), [0.5, 0.3, 0.2])
add("split", "random_split", seed=0, indices=[list(s.indices) for s in parts], indices2=[list(s.indices) for s in parts2])


# ------------------------------------------------------------------------------------------------ schedulers

def sched_case(name, make, epochs=12, optim="sgd", metrics=None):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1, momentum=0.9) if optim == "sgd" else torch.optim.Adam([p], lr=0.1)
    s = make(opt)
    lrs, moms = [opt.param_groups[0]["lr"]], []
    for e in range(epochs):
        opt.step()
        if metrics is not None:
            s.step(metrics[e])
        else:
            s.step()
        lrs.append(opt.param_groups[0]["lr"])
        moms.append(opt.param_groups[0]["momentum"] if optim == "sgd" else opt.param_groups[0]["betas"][0])
    add("sched", name, lrs=lrs, momenta=moms)


S = torch.optim.lr_scheduler
sched_case("step", lambda o: S.StepLR(o, 3, 0.5))
sched_case("multistep", lambda o: S.MultiStepLR(o, [2, 5, 5, 9], 0.1))
sched_case("exponential", lambda o: S.ExponentialLR(o, 0.9))
sched_case("cosine", lambda o: S.CosineAnnealingLR(o, 5, 0.01), epochs=16)
sched_case("linear", lambda o: S.LinearLR(o, 0.25, 1.0, 4))
sched_case("onecycle", lambda o: S.OneCycleLR(o, 1.0, total_steps=12))
sched_case("cyclic", lambda o: S.CyclicLR(o, 0.01, 0.1, step_size_up=3), epochs=14)
sched_case("cyclic_triangular2_down", lambda o: S.CyclicLR(o, 0.01, 0.1, step_size_up=2, step_size_down=4, mode="triangular2"), epochs=20)
# 1.13's CyclicLR cycles SGD's momentum only (2.x also Adam's beta1: SchedulerTest checks that path against this case)
sched_case("cyclic_exp_range", lambda o: S.CyclicLR(o, 0.001, 0.01, step_size_up=3, mode="exp_range", gamma=0.9,
                                                    base_momentum=0.7, max_momentum=0.95), epochs=14)
sched_case("onecycle_adam_linear", lambda o: S.OneCycleLR(o, 0.5, total_steps=10, anneal_strategy="linear", three_phase=True),
           epochs=10, optim="adam")
plateau_metrics = [1.0, 0.9, 0.95, 0.96, 0.97, 0.97, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6]
sched_case("plateau", lambda o: S.ReduceLROnPlateau(o, patience=2, cooldown=1, factor=0.5), metrics=plateau_metrics)
sched_case("lambda", lambda o: S.LambdaLR(o, lambda e: 0.95 ** e))
sched_case("multiplicative", lambda o: S.MultiplicativeLR(o, lambda e: 0.9 if e % 2 else 0.8))
sched_case("constant", lambda o: S.ConstantLR(o, factor=0.5, total_iters=4))
sched_case("constant_default", lambda o: S.ConstantLR(o))
sched_case("polynomial", lambda o: S.PolynomialLR(o, total_iters=6, power=2.0))
sched_case("warm_restarts", lambda o: S.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.001), epochs=16)
sched_case("warm_restarts_mult1", lambda o: S.CosineAnnealingWarmRestarts(o, T_0=4), epochs=10)
sched_case("sequential_warmup_cosine", lambda o: S.SequentialLR(o, [S.LinearLR(o, 0.1, 1.0, 3), S.CosineAnnealingLR(o, 8, 0.001)],
                                                                 milestones=[3]), epochs=14)
sched_case("sequential_three", lambda o: S.SequentialLR(o, [S.ConstantLR(o, 0.5, 10), S.ExponentialLR(o, 0.8), S.StepLR(o, 2, 0.5)],
                                                        milestones=[2, 5]), epochs=10)
sched_case("sequential_multistep_poly", lambda o: S.SequentialLR(o, [S.MultiStepLR(o, [1, 2, 2], 0.5), S.PolynomialLR(o, 4, 2.0)],
                                                                 milestones=[4]), epochs=10)
sched_case("chained", lambda o: S.ChainedScheduler([S.ConstantLR(o, 0.1, 2), S.ExponentialLR(o, 0.9)]), epochs=8)
_p = torch.zeros(1, requires_grad=True)
_opt = torch.optim.SGD([_p], lr=0.1)
_s = S.CosineAnnealingWarmRestarts(_opt, T_0=2, T_mult=3, eta_min=0.01)
_epochs = [0.5, 1.0, 1.75, 2.5, 3.2, 7.9, 8.0, 10.0, 26.5, 1.25]
_lrs = []
for _e in _epochs:
    _s.step(_e)
    _lrs.append(_opt.param_groups[0]["lr"])
add("sched", "warm_restarts_fractional", epochs=_epochs, lrs=_lrs)


# ------------------------------------------------------------------------------------------------ clip_grad_norm_

pa = torch.zeros(3, requires_grad=True)
pb = torch.zeros(2, 2, requires_grad=True)
pa.grad = torch.tensor([3.0, -4.0, 1.0])
pb.grad = torch.tensor([[0.5, 2.0], [-1.0, 0.0]])
tot = torch.nn.utils.clip_grad_norm_([pa, pb], 2.0)
add("clip", "l2", total=t2j(tot), grads=[t2j(pa.grad), t2j(pb.grad)])
pa.grad = torch.tensor([3.0, -4.0, 1.0])
pb.grad = torch.tensor([[0.5, 2.0], [-1.0, 0.0]])
tot = torch.nn.utils.clip_grad_norm_([pa, pb], 1.5, norm_type=float("inf"))
add("clip", "inf", total=t2j(tot), grads=[t2j(pa.grad), t2j(pb.grad)])

# nll_loss cases PyTorch defines by skipping ignored rows (appended last: they draw gradients from the generator):
# an ignored row holding -inf has loss 0 (not -inf * 0), and when every target is ignored the mean is NaN but the
# gradient is 0
x_ign = torch.tensor([[-float("inf"), -0.5, -1.5], [-0.2, -2.0, -3.0]], dtype=torch.float64)
loss_case("nll_ignored_inf", lambda a, b, r: F.nll_loss(a, b, reduction=r), x_ign, torch.tensor([-100, 2]))
loss_case("nll_all_ignored", lambda a, b, r: F.nll_loss(a, b, ignore_index=1, reduction=r), x_ign.clamp(min=-5),
          torch.tensor([1, 1]), ignore_index=1)

write("nn", cases)
