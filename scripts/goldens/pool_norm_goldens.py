"""Goldens for pooling, normalisation, pad and pixel_shuffle (issue 8): outputs, indices, input gradients of
sum(out * gw), running statistics, module reprs and error messages. Run with /usr/bin/python3 (PyTorch 1.13).

Max-pool inputs are permutations (no ties), so the argmax and its gradient are unambiguous."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from common import t2j, write

torch.manual_seed(0)
cases = []


def distinct(*shape):
    n = 1
    for s in shape:
        n *= s
    return (torch.randperm(n).float() / n - 0.5).reshape(shape)


def add(kind, name, args, x, fn, indices=False):
    x = x.clone().requires_grad_(True)
    r = fn(x)
    out, idx = (r if indices else (r, None))
    gw = torch.randn(out.shape)
    (out * gw).sum().backward()
    c = {"kind": kind, "name": name, "args": args, "x": t2j(x), "out": t2j(out), "gw": t2j(gw), "grad": t2j(x.grad)}
    if idx is not None:
        c["indices"] = t2j(idx)
    cases.append(c)


# --- max pool 2d: kernel, stride, padding, dilation, ceil
for i, (k, s, p, d, ceil, shape) in enumerate([
        ([2, 2], [], [0, 0], [1, 1], False, (2, 2, 6, 7)),
        ([3, 3], [2, 2], [1, 1], [1, 1], False, (1, 2, 7, 8)),
        ([3, 2], [2, 1], [1, 0], [2, 1], False, (1, 2, 9, 6)),
        ([3, 3], [2, 2], [0, 0], [1, 1], True, (2, 2, 8, 8)),
        ([2, 3], [3, 2], [1, 1], [1, 2], True, (3, 7, 9)),
]):
    add("max_pool2d", "mp2d_%d" % i, {"k": k, "s": s, "p": p, "d": d, "ceil": ceil}, distinct(*shape),
        lambda x, k=k, s=s, p=p, d=d, ceil=ceil: F.max_pool2d(x, k, s or None, p, d, ceil, True), True)

for i, (k, s, p, d, ceil, shape) in enumerate([
        (2, 0, 0, 1, False, (2, 3, 9)),
        (3, 2, 1, 2, True, (2, 10)),
]):
    add("max_pool1d", "mp1d_%d" % i, {"k": k, "s": s, "p": p, "d": d, "ceil": ceil}, distinct(*shape),
        lambda x, k=k, s=s, p=p, d=d, ceil=ceil: F.max_pool1d(x, k, s or None, p, d, ceil, True), True)

# --- avg pool 2d: kernel, stride, padding, ceil, count_include_pad, divisor_override
for i, (k, s, p, ceil, cip, div, shape) in enumerate([
        ([2, 2], [], [0, 0], False, True, None, (2, 2, 6, 7)),
        ([3, 3], [2, 2], [1, 1], False, True, None, (1, 2, 7, 8)),
        ([3, 3], [2, 2], [1, 1], False, False, None, (1, 2, 7, 8)),
        ([3, 2], [2, 2], [1, 1], True, True, None, (1, 2, 8, 7)),
        ([3, 2], [2, 2], [1, 1], True, False, None, (1, 2, 8, 7)),
        ([2, 3], [1, 2], [0, 1], False, True, 5, (3, 5, 6)),
]):
    add("avg_pool2d", "ap2d_%d" % i, {"k": k, "s": s, "p": p, "ceil": ceil, "cip": cip, "div": div}, torch.randn(shape),
        lambda x, k=k, s=s, p=p, ceil=ceil, cip=cip, div=div: F.avg_pool2d(x, k, s or None, p, ceil, cip, div))

for i, (k, s, p, ceil, cip, shape) in enumerate([
        (3, 0, 1, False, True, (2, 3, 9)),
        (3, 2, 1, True, False, (2, 10)),
]):
    add("avg_pool1d", "ap1d_%d" % i, {"k": k, "s": s, "p": p, "ceil": ceil, "cip": cip}, torch.randn(shape),
        lambda x, k=k, s=s, p=p, ceil=ceil, cip=cip: F.avg_pool1d(x, k, s or None, p, ceil, cip))

# --- adaptive pools
for i, (o, shape) in enumerate([([3, 4], (2, 3, 7, 9)), ([1, 1], (2, 3, 5, 5)), ([5, 2], (3, 10, 4))]):
    add("adaptive_avg_pool2d", "aap2d_%d" % i, {"o": o}, torch.randn(shape), lambda x, o=o: F.adaptive_avg_pool2d(x, o))
    add("adaptive_max_pool2d", "amp2d_%d" % i, {"o": o}, distinct(*shape), lambda x, o=o: F.adaptive_max_pool2d(x, o, True), True)
for i, (o, shape) in enumerate([(4, (2, 3, 9)), (3, (2, 7))]):
    add("adaptive_avg_pool1d", "aap1d_%d" % i, {"o": o}, torch.randn(shape), lambda x, o=o: F.adaptive_avg_pool1d(x, o))

# --- pad
for i, (pad, mode, value, shape) in enumerate([
        ([1, 2], "constant", 0.5, (2, 3, 4)),
        ([1, 2, 0, 1], "constant", 0.0, (2, 3, 4)),
        ([2, -1, 1, 1], "constant", 1.5, (2, 3, 4)),
        ([2, 1], "reflect", 0.0, (2, 3, 4)),
        ([2, 1, 1, 2], "reflect", 0.0, (1, 2, 3, 4)),
        ([2, 1], "replicate", 0.0, (2, 3, 4)),
        ([2, 1, 1, 2], "replicate", 0.0, (1, 2, 3, 4)),
        ([2, 1], "circular", 0.0, (2, 3, 4)),
        ([2, 1, 1, 2], "circular", 0.0, (1, 2, 3, 4)),
]):
    add("pad", "pad_%d" % i, {"pad": pad, "mode": mode, "value": value}, torch.randn(shape),
        lambda x, pad=pad, mode=mode, value=value: F.pad(x, pad, mode, value) if mode == "constant" else F.pad(x, pad, mode))

add("pixel_shuffle", "ps_0", {"r": 2}, torch.randn(2, 8, 3, 4), lambda x: F.pixel_shuffle(x, 2))
add("pixel_shuffle", "ps_1", {"r": 3}, torch.randn(9, 2, 3), lambda x: F.pixel_shuffle(x, 3))

# --- norms (functional, with affine parameters given)
for i, (g, shape) in enumerate([(2, (2, 4, 3, 4)), (1, (2, 3, 4)), (3, (2, 6, 5))]):
    c = shape[1]
    w, b = torch.randn(c), torch.randn(c)
    add("group_norm", "gn_%d" % i, {"g": g, "w": t2j(w), "b": t2j(b)}, torch.randn(shape),
        lambda x, g=g, w=w, b=b: F.group_norm(x, g, w, b, 1e-5))
add("instance_norm", "in_0", {}, torch.randn(2, 3, 4, 5), lambda x: F.instance_norm(x))

# BatchNorm2d module: two training steps, then eval; records running stats
for name, kwargs in [("bn_default", {}), ("bn_noaffine_m03", {"affine": False, "momentum": 0.3}),
                     ("bn_cumulative", {"momentum": None})]:
    m = nn.BatchNorm2d(3, **kwargs)
    xs = [torch.randn(4, 3, 3, 4) * 2 + 1 for _ in range(2)]
    outs = [m(x) for x in xs]
    m.eval()
    xe = torch.randn(2, 3, 3, 4)
    ye = m(xe)
    cases.append({"kind": "batch_norm2d", "name": name, "args": {k: v for k, v in kwargs.items()},
                  "xs": [t2j(x) for x in xs], "outs": [t2j(o) for o in outs], "xe": t2j(xe), "ye": t2j(ye),
                  "running_mean": t2j(m.running_mean), "running_var": t2j(m.running_var),
                  "num_batches_tracked": int(m.num_batches_tracked)})

# InstanceNorm2d with running stats
m = nn.InstanceNorm2d(3, affine=True, track_running_stats=True)
x = torch.randn(2, 3, 4, 5)
y = m(x)
cases.append({"kind": "instance_norm2d_module", "name": "in_track", "x": t2j(x), "out": t2j(y),
              "running_mean": t2j(m.running_mean), "running_var": t2j(m.running_var)})

# F.batch_norm itself (after every other random case, so those keep their values): shapes with S == 1 (BatchNorm1d,
# also over more than 32 channels), 3-d and 4-d; training (running stats given or not) and evaluation; affine or not;
# float32 and float64. Records the output, the gradients of sum(out * gw) for x, weight and bias, and the running
# statistics afterwards. PyTorch 2.x computes the same.
for i, (shape, training, affine, stats, dtype) in enumerate([
        ((6, 3), True, True, True, torch.float32),
        ((5, 40), True, False, True, torch.float32),
        ((4, 3, 5), True, True, False, torch.float32),
        ((3, 3, 4, 4), True, True, True, torch.float32),
        ((3, 3, 4, 4), False, True, True, torch.float32),
        ((5, 40), False, False, True, torch.float32),
        ((3, 3, 4, 4), True, True, True, torch.float64),
        ((2, 4, 3), False, True, True, torch.float64)]):
    c = shape[1]
    x = (torch.randn(shape) * 2 + 0.5).to(dtype).requires_grad_(True)
    w = (torch.randn(c) + 1).to(dtype).requires_grad_(True) if affine else None
    b = torch.randn(c).to(dtype).requires_grad_(True) if affine else None
    rm = (torch.randn(c) * 0.1).to(dtype) if stats else None
    rv = (torch.rand(c) + 0.5).to(dtype) if stats else None
    rm0, rv0 = (rm.clone(), rv.clone()) if stats else (None, None)
    out = F.batch_norm(x, rm, rv, w, b, training, 0.2, 1e-5)
    gw = torch.randn(shape).to(dtype)
    (out * gw).sum().backward()
    case = {"kind": "batch_norm_fn", "name": "bn_fn_%d" % i, "training": training, "x": t2j(x), "out": t2j(out),
            "gw": t2j(gw), "grad": t2j(x.grad), "grad_fn": out.grad_fn.name()}
    if affine:
        case.update({"w": t2j(w), "b": t2j(b), "grad_w": t2j(w.grad), "grad_b": t2j(b.grad)})
    if stats:
        case.update({"rm0": t2j(rm0), "rv0": t2j(rv0), "rm": t2j(rm), "rv": t2j(rv)})
    cases.append(case)

# --- reprs
reprs = {
    "MaxPool2d(3)": repr(nn.MaxPool2d(3)),
    "MaxPool2d(3,2,1,2,true,true)": repr(nn.MaxPool2d(3, 2, 1, 2, True, True)),
    "MaxPool1d(3)": repr(nn.MaxPool1d(3)),
    "AvgPool2d(3)": repr(nn.AvgPool2d(3)),
    "AvgPool1d(3)": repr(nn.AvgPool1d(3)),
    "AdaptiveAvgPool2d(3,4)": repr(nn.AdaptiveAvgPool2d((3, 4))),
    "AdaptiveAvgPool1d(3)": repr(nn.AdaptiveAvgPool1d(3)),
    "AdaptiveMaxPool2d(3,4)": repr(nn.AdaptiveMaxPool2d((3, 4))),
    "BatchNorm2d(3)": repr(nn.BatchNorm2d(3)),
    "GroupNorm(2,4)": repr(nn.GroupNorm(2, 4)),
    "InstanceNorm2d(3)": repr(nn.InstanceNorm2d(3)),
    "Dropout2d()": repr(nn.Dropout2d()),
    "PixelShuffle(2)": repr(nn.PixelShuffle(2)),
    "ZeroPad2d(1,2,3,4)": repr(nn.ZeroPad2d((1, 2, 3, 4))),
    "ZeroPad2d(2)": repr(nn.ZeroPad2d(2)),
    "ConstantPad2d(2,1.5)": repr(nn.ConstantPad2d(2, 1.5)),
    "ReflectionPad2d(1,2,3,4)": repr(nn.ReflectionPad2d((1, 2, 3, 4))),
    "ReplicationPad2d(2)": repr(nn.ReplicationPad2d(2)),
}
cases.append({"kind": "repr", "name": "reprs", "reprs": reprs})

# --- errors
errs = {}
for key, fn in [
        ("mp_pad", lambda: F.max_pool2d(torch.randn(1, 1, 5, 5), 3, 1, 2)),
        ("mp_small", lambda: F.max_pool2d(torch.randn(1, 3, 2, 2), 3)),
        ("mp_kernel0", lambda: F.max_pool2d(torch.randn(1, 1, 5, 5), 0)),
        ("mp_dim", lambda: F.max_pool2d(torch.randn(5, 5), 2)),
        ("ap_pad", lambda: F.avg_pool2d(torch.randn(1, 1, 5, 5), 2, 1, 2)),
        ("gn_div", lambda: F.group_norm(torch.randn(2, 5, 3), 2)),
        ("ps_div", lambda: F.pixel_shuffle(torch.randn(1, 5, 2, 2), 2)),
        ("reflect_big", lambda: F.pad(torch.randn(1, 2, 3), [3, 0], "reflect")),
        ("gn_batch_first", lambda: F.group_norm(torch.randn(1, 3), 2)),  # N*C//G checked before divisibility
        ("gn_weight", lambda: F.group_norm(torch.randn(2, 4, 3), 2, torch.ones(3))),
]:
    try:
        fn()
        errs[key] = None
    except Exception as e:
        errs[key] = str(e).split("\n")[0]
# 2.x checks the rank first (1.13 fails on input.size(1) with an index error)
errs["gn_dim"] = "Expected at least 2 dimensions for input tensor but received 1"
cases.append({"kind": "errors", "name": "errors", "errors": errs})

write("pool_norm", cases)
