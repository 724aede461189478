"""Goldens for nn.Module's state-dict hooks, global module hooks and load_state_dict(assign=...): the order in which
hooks run over a nested module, and what they see.

Run: /usr/bin/python3 scripts/goldens/module_hooks_goldens.py

PyTorch 1.13 has the state-dict post hook and the load pre hook only in their private forms
(_register_state_dict_hook, _register_load_state_dict_pre_hook(with_module=True)), which 2.x's public
register_state_dict_post_hook / register_load_state_dict_pre_hook wrap with the same calling order; assign= is 2.1+
and not exercised here; 1.13 has no state-dict pre hook (2.x calls it first in each module's state_dict, before
the module's own entries: the Java test checks that from 2.x's code).
"""
import torch
import torch.nn as nn
from torch.nn.modules.module import register_module_forward_hook, register_module_forward_pre_hook

from common import write


class Inner(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(2, 2)
        self.register_buffer("count", torch.zeros(1))

    def forward(self, x):
        return self.lin(x)


class Outer(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = Inner()
        self.b = nn.Linear(2, 1)

    def forward(self, x):
        return self.b(self.a(x))


def name_of(root, m):
    for n, mm in root.named_modules():
        if mm is m:
            return n or "<root>"


def main():
    torch.manual_seed(0)
    net = Outer()
    log = []
    for n, m in net.named_modules():
        m._register_state_dict_hook(lambda mod, sd, prefix, meta: log.append(["save_post", name_of(net, mod), prefix, len(sd)]))
        m._register_load_state_dict_pre_hook(
            lambda mod, sd, prefix, meta, strict, missing, unexpected, errors: log.append(
                ["load_pre", name_of(net, mod), prefix, strict, len(missing), len(unexpected)]), with_module=True)
        m.register_load_state_dict_post_hook(
            lambda mod, keys: log.append(["load_post", name_of(net, mod), list(keys.missing_keys), list(keys.unexpected_keys)]))
    sd = net.state_dict()
    keys = list(sd.keys())
    sd.pop("a.lin.bias")
    sd["extra.w"] = torch.zeros(1)
    net.load_state_dict(sd, strict=False)
    cases = [{"name": "state_dict_hooks", "keys": keys, "log": log}]

    # a load post hook that forgives one missing key makes strict loading pass
    net2 = Outer()
    net2.register_load_state_dict_post_hook(lambda mod, keys: keys.missing_keys.remove("a.lin.bias"))
    sd2 = net.state_dict()
    sd2.pop("a.lin.bias")
    res = net2.load_state_dict(sd2, strict=True)
    cases.append({"name": "post_hook_forgives", "result": repr(res)})

    # global forward hooks run before each module's own, on every module call
    order = []
    net3 = Outer()
    h1 = register_module_forward_pre_hook(lambda mod, inp: order.append("gpre:" + name_of(net3, mod)))
    h2 = register_module_forward_hook(lambda mod, inp, out: order.append("gpost:" + name_of(net3, mod)))
    net3.a.register_forward_pre_hook(lambda mod, inp: order.append("pre:a"))
    net3.a.register_forward_hook(lambda mod, inp, out: order.append("post:a"))
    net3(torch.ones(1, 2))
    h1.remove()
    h2.remove()
    net3(torch.ones(1, 2))
    cases.append({"name": "global_hooks", "order": order})
    write("module_hooks", cases)


if __name__ == "__main__":
    main()
