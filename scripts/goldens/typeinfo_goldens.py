"""Goldens for torch.finfo / torch.iinfo and torch.get_rng_state / set_rng_state -> goldens/typeinfo.json.

Run: /usr/bin/python3 scripts/goldens/typeinfo_goldens.py
"""
import torch

from common import t2j, write

cases = []
for d in [torch.float32, torch.float64, torch.float16, torch.bfloat16, torch.complex64]:
    f = torch.finfo(d)
    cases.append({"kind": "finfo", "dtype": str(d).replace("torch.", ""), "repr": repr(f), "bits": f.bits, "eps": f.eps, "max": f.max,
                  "min": f.min, "tiny": f.tiny, "resolution": f.resolution})
for d in [torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64]:
    i = torch.iinfo(d)
    cases.append({"kind": "iinfo", "dtype": str(d).replace("torch.", ""), "repr": repr(i), "bits": i.bits, "max": i.max, "min": i.min})
torch.manual_seed(5)
torch.randn(3)
state = torch.get_rng_state()
after = torch.randn(4)
cases.append({"kind": "rng_state", "state": t2j(state), "next": t2j(after)})
write("typeinfo", cases)
