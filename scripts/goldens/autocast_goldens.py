"""Goldens for torch.autocast on the CPU (bfloat16) -> goldens/autocast.json.

Run: /usr/bin/python3 scripts/goldens/autocast_goldens.py

PyTorch 1.13's CPU autocast lists agree with 2.x's for what these cases use: linear/matmul/conv2d/bmm in bfloat16,
the losses in float32, relu/max_pool/softmax/sum/exp in their inputs' types. Each case: the network made after
manual_seed(seed), the input, the output (and its dtype) under autocast, the float32 loss, and every parameter's
gradient after a backward outside the region.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from common import t2j, write

cases = []


def mlp():
    return nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 4))


def cnn():
    return nn.Sequential(nn.Conv2d(2, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(4 * 3 * 3, 5))


def record(name, seed, make, in_shape, classes):
    torch.manual_seed(seed)
    m = make()
    x = torch.randn(*in_shape)
    target = torch.randint(0, classes, (in_shape[0],))
    with torch.autocast("cpu"):
        out = m(x)
        loss = F.cross_entropy(out, target)
        soft = out.softmax(1)
        total = out.sum()
        expd = out.exp()
    loss.backward()
    cases.append({"name": name, "seed": seed, "input": t2j(x), "target": t2j(target), "output": t2j(out),
                  "loss": t2j(loss), "softmax": t2j(soft), "sum": t2j(total), "exp": t2j(expd),
                  "grads": [[k, t2j(p.grad)] for k, p in m.named_parameters()]})


record("mlp", 0, mlp, (8, 6), 4)
record("cnn", 1, cnn, (3, 2, 6, 6), 5)

# single ops: inputs float32 unless named, result and its dtype under autocast("cpu")
torch.manual_seed(7)
a, b = torch.randn(5, 7), torch.randn(7, 3)
bias = torch.randn(3)
ops = []
with torch.autocast("cpu"):
    ops.append(["mm", t2j(a), t2j(b), t2j(torch.mm(a, b))])
    ops.append(["matmul", t2j(a), t2j(b), t2j(torch.matmul(a, b))])
    ops.append(["addmm", t2j(a), t2j(b), t2j(torch.addmm(bias, a, b))])
    ops.append(["mm_float64", t2j(a.double()), t2j(b.double()), t2j(torch.mm(a.double(), b.double()))])
    ops.append(["mse_loss_bf16", t2j(a.bfloat16()), t2j(a.flip(0).bfloat16()), t2j(F.mse_loss(a.bfloat16(), a.flip(0).bfloat16()))])
cases.append({"name": "ops", "bias": t2j(bias), "ops": ops})
# mixed-type batch norm: a bfloat16 input through a float32 BatchNorm2d (training) gives bfloat16, updates the
# float32 running statistics, and float32 parameter gradients. (Layer and group norm take mixed types too in
# 2.x but not in 1.13, so they have no golden here.)
torch.manual_seed(11)
bn = nn.BatchNorm2d(3)
xb = torch.randn(2, 3, 4, 4).bfloat16().requires_grad_()
yb = bn(xb)
(yb.float() * torch.arange(yb.numel()).reshape(yb.shape).float().div(10)).sum().backward()
cases.append({"name": "batch_norm_mixed", "input": t2j(xb), "output": t2j(yb), "running_mean": t2j(bn.running_mean),
              "running_var": t2j(bn.running_var), "input_grad": t2j(xb.grad), "weight_grad": t2j(bn.weight.grad),
              "bias_grad": t2j(bn.bias.grad)})
write("autocast", cases)
