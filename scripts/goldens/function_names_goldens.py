"""The names PyTorch offers both as a tensor method and as a torch.* function -> goldens/function_names.json.

Run: /usr/bin/python3 scripts/goldens/function_names_goldens.py

TorchFunctionFormsTest reads it: every overload of a torch4j tensor method with one of these names needs its
Torch.* form. Each case: PyTorch's name and its Java spelling (camelCase, a trailing underscore kept).
"""
import inspect

import torch

from common import write


def java_name(n):
    parts = n.rstrip("_").split("_")
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:]) + ("_" if n.endswith("_") else "")


names = sorted(n for n in dir(torch) if not n.startswith("_") and hasattr(torch.Tensor, n)
               and callable(getattr(torch, n)) and not inspect.isclass(getattr(torch, n))
               and not inspect.ismodule(getattr(torch, n)))
write("function_names", [{"name": n, "java": java_name(n)} for n in names])
