"""Goldens for memory formats (torch.contiguous_format, channels_last, channels_last_3d, preserve_format)
-> goldens/memory_format.json.

Run: /usr/bin/python3 scripts/goldens/memory_format_goldens.py

"layouts": tensors given by (size, stride) over a large enough storage (torch.as_strided), with is_contiguous for each
format, the strides of clone() / empty_like() (preserve_format, PyTorch's default), of contiguous(format) and
to(memory_format=format) for the explicit formats (null where PyTorch raises; "alias" where to() returns the tensor
itself). "errors": PyTorch's messages. "random": rand_like/randn_like of a channels-last tensor after manual_seed
(drawn in memory order). "module": strides of a module's parameters after .to(memory_format=channels_last) and after
convert_conv2d_weight_memory_format.
"""
import torch
import torch.nn as nn

from common import t2j, write

FORMATS = {"contiguous_format": torch.contiguous_format, "channels_last": torch.channels_last,
           "channels_last_3d": torch.channels_last_3d}

cases = []


def strided(size, stride):
    extent = 1 + sum((s - 1) * st for s, st in zip(size, stride)) if all(s > 0 for s in size) else 1
    return torch.arange(float(extent)).as_strided(size, stride)


def attempt(f):
    try:
        return f()
    except RuntimeError:
        return None


layouts = [
    ([2, 3, 4, 5], [60, 20, 5, 1]),      # contiguous
    ([2, 3, 4, 5], [60, 1, 15, 3]),      # channels_last
    ([2, 3, 1, 1], [3, 1, 1, 1]),        # both (size-1 spatial dims)
    ([2, 1, 4, 5], [20, 20, 5, 1]),      # one channel: both
    ([2, 3, 4, 5], [30, 1, 15, 3]),      # channels_last sliced along H: not dense
    ([2, 0, 4, 5], [0, 1, 0, 0]),        # empty channels_last
    ([1, 3, 1, 4], [12, 1, 12, 3]),      # 1C1W transposed: ambiguous
    ([2, 3, 4, 5, 6], [360, 1, 90, 18, 3]),  # channels_last_3d
    ([2, 3, 4, 5, 6], [360, 120, 30, 6, 1]),
    ([4, 6], [1, 4]),                    # transposed matrix
    ([3, 2], [1, 8]),                    # sliced and transposed: not dense
    ([3, 4], [1, 0]),                    # expanded
    ([2, 3, 4], [1, 2, 6]),              # reversed dims
    ([5], [2]),                          # strided vector
    ([], []),                            # 0-d
]
for size, stride in layouts:
    t = strided(size, stride)
    c = {"kind": "layout", "size": size, "stride": stride,
         "is_contiguous": {k: t.is_contiguous(memory_format=f) for k, f in FORMATS.items()},
         "clone": list(t.clone().stride()), "empty_like": list(torch.empty_like(t).stride()),
         "contiguous": {}, "to": {}, "clone_format": {}}
    for k, f in FORMATS.items():
        r = attempt(lambda: t.contiguous(memory_format=f))
        c["contiguous"][k] = None if r is None else list(r.stride())
        r = attempt(lambda: t.to(memory_format=f))
        c["to"][k] = None if r is None else ("alias" if r is t else list(r.stride()))
        r = attempt(lambda: t.clone(memory_format=f))
        c["clone_format"][k] = None if r is None else list(r.stride())
    r = attempt(lambda: t.contiguous(memory_format=torch.preserve_format))
    c["contiguous"]["preserve_format"] = None if r is None else list(r.stride())
    cases.append(c)

errors = {}
for name, f in [("channels_last_rank3", lambda: torch.randn(3, 4, 5).contiguous(memory_format=torch.channels_last)),
                ("channels_last_3d_rank4", lambda: torch.randn(3, 4, 5, 6).contiguous(memory_format=torch.channels_last_3d)),
                ("contiguous_preserve", lambda: torch.randn(3, 4).t().contiguous(memory_format=torch.preserve_format)),
                ("empty_like_rank2", lambda: torch.empty_like(torch.randn(3, 4), memory_format=torch.channels_last))]:
    try:
        f()
    except RuntimeError as e:
        errors[name] = str(e)
cases.append({"kind": "errors", "errors": errors})

torch.manual_seed(3)
x = torch.empty(2, 3, 4, 5).contiguous(memory_format=torch.channels_last)
u = torch.rand_like(x)
n = torch.randn_like(x)
small = torch.randn_like(torch.empty(1, 3, 2, 2).contiguous(memory_format=torch.channels_last))
cases.append({"kind": "random", "seed": 3, "rand": t2j(u), "rand_stride": list(u.stride()), "randn": t2j(n),
              "randn_small": t2j(small), "after": t2j(torch.randn(3))})

torch.manual_seed(0)
m = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ConvTranspose2d(4, 2, 2), nn.Flatten(), nn.Linear(8, 2))
m.to(memory_format=torch.channels_last)
cases.append({"kind": "module_to", "strides": [[k, list(p.stride())] for k, p in m.state_dict().items()]})
torch.manual_seed(0)
m = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ConvTranspose2d(4, 2, 2), nn.Flatten(), nn.Linear(8, 2))
nn.utils.convert_conv2d_weight_memory_format(m, torch.channels_last)
cases.append({"kind": "convert_conv2d", "strides": [[k, list(p.stride())] for k, p in m.state_dict().items()]})
write("memory_format", cases)
