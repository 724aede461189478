"""Goldens for torch.nn.utils.prune -> goldens/prune.json.

Run: /usr/bin/python3 scripts/goldens/prune_goldens.py

Each case: modules built after manual_seed(seed), pruned as named (random methods draw after the build), then the
state dict (weight_orig, weight_mask, ...), the output for an input and the gradients of its sum. 1.13's prune is
2.x's.
"""
import torch
import torch.nn as nn
import torch.nn.utils.prune as prune

from common import t2j, write

cases = []


def sd(m):
    return [[k, t2j(v)] for k, v in m.state_dict().items()]


def case(name, make, do, in_shape, seed=0):
    torch.manual_seed(seed)
    m = make()
    do(m)
    x = torch.randn(*in_shape)
    y = m(x)
    y.sum().backward()
    cases.append({"name": name, "state_dict": sd(m), "input": t2j(x), "output": t2j(y),
                  "grads": [[k, t2j(p.grad)] for k, p in m.named_parameters()]})


case("l1", lambda: nn.Linear(4, 5), lambda m: prune.l1_unstructured(m, "weight", 0.3), (2, 4))
case("l1_count", lambda: nn.Linear(4, 5), lambda m: prune.l1_unstructured(m, "weight", amount=3), (2, 4))
case("l1_twice", lambda: nn.Linear(4, 5), lambda m: (prune.l1_unstructured(m, "weight", 0.3), prune.l1_unstructured(m, "weight", 0.5)),
     (2, 4))
case("random", lambda: nn.Linear(4, 5), lambda m: prune.random_unstructured(m, "weight", 0.4), (2, 4))
case("ln_then_random_structured", lambda: nn.Conv2d(2, 4, 3),
     lambda m: (prune.ln_structured(m, "weight", 0.5, n=2, dim=0), prune.random_structured(m, "weight", 0.5, dim=1)), (1, 2, 5, 5))
case("ln_structured_l1_dim1", lambda: nn.Linear(6, 3), lambda m: prune.ln_structured(m, "weight", 2, n=1, dim=1), (2, 6))
case("custom_then_l1", lambda: nn.Linear(3, 2),
     lambda m: (prune.custom_from_mask(m, "weight", torch.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]])),
                prune.l1_unstructured(m, "weight", 0.5)), (2, 3))
case("bias_and_remove", lambda: nn.Linear(4, 3),
     lambda m: (prune.l1_unstructured(m, "bias", 0.34), prune.l1_unstructured(m, "weight", 0.5), prune.remove(m, "weight")), (2, 4))


def two():
    return nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))


case("global_l1", two, lambda m: prune.global_unstructured([(m[0], "weight"), (m[2], "weight")], pruning_method=prune.L1Unstructured,
                                                            amount=0.5), (2, 4))
write("prune", cases)
