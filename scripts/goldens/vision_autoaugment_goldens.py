"""Goldens for dev.torch4j.vision's automatic augmentations and EMNIST/QMNIST -> vision_autoaugment.json.

Run: /usr/bin/python3 scripts/goldens/vision_autoaugment_goldens.py   (torch 1.13, torchvision 0.14.1)

- "image": the inputs (3x16x16 uint8, 3x8x8 float32, a 1x16x16 uint8 and a 2x3x16x16 uint8 batch).
- "random": AutoAugment / RandAugment / TrivialAugmentWide / AugMix applied after torch.manual_seed(seed); "out" is
  the output, or "error" torchvision's ValueError/TypeError message (float images reach ops defined only for uint8);
  "next" is torch.randint(0, 2**30, ()) drawn afterwards, so the test also checks the generator was consumed as
  torchvision consumes it.
- "emnist" / "qmnist": torchvision's reading of small IDX files whose bytes the test rebuilds from the same
  formula (see idx_images/idx_labels below). torchvision 0.14 misreads multi-byte IDX files (it reverses the element
  order instead of each element's bytes; fixed in 0.15), so QMNIST's int32 label files are read here with 0.15's
  reader, which is what the IDX format means.
"""
import os
import struct
import sys
import tempfile

import torch
import torchvision
import torchvision.transforms as T
import torchvision.transforms.functional as F
from torchvision.transforms import InterpolationMode as IM
from torchvision.transforms.autoaugment import AutoAugmentPolicy as P

from common import t2j, write
import torchvision.transforms.autoaugment as A

applied = {}  # which ops the seeds below reach, printed as a coverage check
_apply_op = A._apply_op


def counting_apply_op(img, op_name, magnitude, interpolation, fill):
    applied[op_name] = applied.get(op_name, 0) + 1
    return _apply_op(img, op_name, magnitude, interpolation, fill)


A._apply_op = counting_apply_op

assert torchvision.__version__.startswith("0.14"), torchvision.__version__

cases = []
torch.manual_seed(0)
images = {
    "u8": torch.randint(0, 256, (3, 16, 16), dtype=torch.uint8),
    "f32": torch.rand(3, 8, 8),  # smaller: float outputs take many digits
    "gray": torch.randint(0, 256, (1, 16, 16), dtype=torch.uint8),
    "batch": torch.randint(0, 256, (2, 3, 16, 16), dtype=torch.uint8),
}
for k, v in images.items():
    cases.append({"kind": "image", "name": k, "value": t2j(v)})


def rnd(name, t, img, seeds, **args):
    for seed in seeds:
        torch.manual_seed(seed)
        c = {"kind": "random", "name": name, "image": img, "seed": seed, "args": args, "repr": repr(t)}
        try:
            c["out"] = t2j(t(images[img]))
        except (ValueError, TypeError) as e:
            c["error"] = str(e)
        c["next"] = int(torch.randint(0, 2 ** 30, ()))
        cases.append(c)


for policy in (P.IMAGENET, P.CIFAR10, P.SVHN):
    rnd("AutoAugment", T.AutoAugment(policy), "u8", range(8), policy=policy.name)
    rnd("AutoAugment", T.AutoAugment(policy, IM.BILINEAR, fill=[10, 20, 30]), "u8", range(8, 12),
        policy=policy.name, mode="bilinear", fill=[10.0, 20.0, 30.0])
    rnd("AutoAugment", T.AutoAugment(policy), "f32", range(4), policy=policy.name)
rnd("AutoAugment", T.AutoAugment(P.SVHN, fill=7), "gray", range(4), policy="SVHN", fill=[7.0])
rnd("AutoAugment", T.AutoAugment(P.IMAGENET), "batch", range(3), policy="IMAGENET")

rnd("RandAugment", T.RandAugment(), "u8", range(10))
rnd("RandAugment", T.RandAugment(3, 20, 31, IM.BILINEAR, [100, 150, 200]), "u8", range(10, 16),
    num_ops=3, magnitude=20, bins=31, mode="bilinear", fill=[100.0, 150.0, 200.0])
rnd("RandAugment", T.RandAugment(1, 5, 10), "f32", range(6), num_ops=1, magnitude=5, bins=10)
rnd("RandAugment", T.RandAugment(2, 30), "batch", range(3), num_ops=2, magnitude=30, bins=31)

rnd("TrivialAugmentWide", T.TrivialAugmentWide(), "u8", range(12))
rnd("TrivialAugmentWide", T.TrivialAugmentWide(15, IM.BILINEAR, 50), "u8", range(12, 18), bins=15, mode="bilinear", fill=[50.0])
rnd("TrivialAugmentWide", T.TrivialAugmentWide(), "f32", range(6))
rnd("TrivialAugmentWide", T.TrivialAugmentWide(), "gray", range(4))

rnd("AugMix", T.AugMix(), "u8", range(6))
rnd("AugMix", T.AugMix(severity=7, mixture_width=2, chain_depth=2, alpha=0.5, all_ops=False, interpolation=IM.NEAREST, fill=[9, 8, 7]),
    "u8", range(6, 9), severity=7, width=2, depth=2, alpha=0.5, all_ops=False, mode="nearest", fill=[9.0, 8.0, 7.0])
rnd("AugMix", T.AugMix(severity=1), "f32", range(4), severity=1)
rnd("AugMix", T.AugMix(), "batch", range(2))


def error(name, f):
    try:
        f()
        raise AssertionError(name)
    except (ValueError, TypeError) as e:
        cases.append({"kind": "error", "name": name, "message": str(e)})


print("ops applied:", sorted(applied.items()))
error("augmix_severity", lambda: T.AugMix(severity=11))
error("augmix_severity0", lambda: T.AugMix(severity=0))

# ---------------------------------------------------------------- EMNIST and QMNIST
from torchvision import datasets  # noqa: E402
from torchvision.datasets import mnist as M  # noqa: E402


def reader_015(path, strict=True):
    """torchvision 0.15's read_sn3_pascalvincent_tensor: big-endian elements, each one's bytes reversed."""
    with open(path, "rb") as f:
        data = f.read()
    magic = M.get_int(data[0:4])
    nd, ty = magic % 256, magic // 256
    torch_type = M.SN3_PASCALVINCENT_TYPEMAP[ty]
    s = [M.get_int(data[4 * (i + 1): 4 * (i + 2)]) for i in range(nd)]
    parsed = torch.frombuffer(bytearray(data), dtype=torch_type, offset=(4 * (nd + 1)))
    if sys.byteorder == "little" and parsed.element_size() > 1:
        parsed = parsed.view(torch.uint8).view(-1, parsed.element_size()).flip(1).reshape(-1).view(torch_type)
    return parsed.view(*s)


def idx(path, dims, values, code):
    """An IDX file: magic 0x00 0x00 code len(dims), the dims as big-endian int32, then the values big-endian."""
    fmt = {0x08: "B", 0x0C: "i"}[code]
    with open(path, "wb") as f:
        f.write(struct.pack(">I", (code << 8) | len(dims)) + struct.pack(">%dI" % len(dims), *dims))
        f.write(struct.pack(">%d%s" % (len(values), fmt), *values))


# The fixtures (mirrored by the Java test): image n, row h, column w holds (31n + 7h + 3w + salt) % 256; EMNIST
# label n is (5n + salt) % classes; QMNIST label row n column k is 1000k + 3n + salt (column 0 the digit, (3n + salt) % 10).
def idx_images(path, n, h, w, salt):
    idx(path, [n, h, w], [(31 * i + 7 * r + 3 * c + salt) % 256 for i in range(n) for r in range(h) for c in range(w)], 0x08)


def item(ds, i):
    img, target = ds[i]
    return {"index": i, "image": t2j(F.pil_to_tensor(img)), "target": t2j(target) if torch.is_tensor(target) else target}


with tempfile.TemporaryDirectory() as root:
    raw = os.path.join(root, "EMNIST", "raw")
    os.makedirs(raw)
    for split, ncls in (("byclass", 62), ("letters", 27), ("balanced", 47)):
        for train, n, salt in ((True, 5, 1), (False, 3, 2)):
            prefix = os.path.join(raw, "emnist-%s-%s" % (split, "train" if train else "test"))
            idx_images(prefix + "-images-idx3-ubyte", n, 28, 28, salt)
            idx(prefix + "-labels-idx1-ubyte", [n], [(5 * i + salt) % ncls for i in range(n)], 0x08)
            ds = datasets.EMNIST(root, split, train=train)
            cases.append({"kind": "emnist", "split": split, "train": train, "n": n, "salt": salt, "classes": ncls,
                          "len": len(ds), "class_names": ds.classes, "items": [item(ds, 0), item(ds, n - 1)],
                          "repr": repr(ds).replace(root, "ROOT")})
    for split in ("digits", "mnist", "bymerge"):
        cases.append({"kind": "emnist_classes", "split": split, "class_names": datasets.EMNIST.classes_split_dict[split]})
    try:
        datasets.EMNIST(root, "nope")
    except ValueError as e:
        cases.append({"kind": "error", "name": "emnist_split", "message": str(e).replace(root, "ROOT")})

    M.read_sn3_pascalvincent_tensor = reader_015
    qraw = os.path.join(root, "QMNIST", "raw")
    os.makedirs(qraw)
    for stem, n, salt in (("qmnist-train", 4, 3), ("qmnist-test", 10003, 4), ("xnist", 6, 5)):
        idx_images(os.path.join(qraw, stem + "-images-idx3-ubyte"), n, 2, 3, salt)
        idx(os.path.join(qraw, stem + "-labels-idx2-int"), [n, 8], [1000 * k + 3 * i + salt if k else (3 * i + salt) % 10
                                                                  for i in range(n) for k in range(8)], 0x0C)
    for what, compat, train in ((None, True, True), (None, False, False), ("test10k", True, True), ("test50k", False, True),
                                ("nist", True, False), ("test", True, True)):
        ds = datasets.QMNIST(root, what=what, compat=compat, train=train)
        n = len(ds)
        cases.append({"kind": "qmnist", "what": what, "compat": compat, "train": train, "len": n,
                      "items": [item(ds, i) for i in sorted({0, n - 1})] if n else [],
                      "repr": repr(ds).replace(root, "ROOT")})

write("vision_autoaugment", cases)
