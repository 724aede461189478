"""Goldens for F.interpolate(antialias=True) and torchvision's resize with antialias, bicubic and nearest-exact
-> interpolate_aa.json (run with /usr/bin/python3).

"interpolate" cases store the float64 input, the output, an upstream gradient and the input's gradient, for
bilinear and bicubic with antialias=True in float64 and float32: integer and non-integer down- and upscaling, size
and scale factors, recompute_scale_factor, align_corners both ways, batches and channels. PyTorch 1.13 and 2.x
compute these alike but for one thing: 2.x's separable kernel skips a dim whose size is unchanged (and copies the
input when no size changes), while 1.13 resamples it with the given scale factor. The "skip" case follows 2.x: its
expected values come from 1.13 with that dim's scale factor replaced by 1.0, which 1.13 resamples as an identity.

"pil" cases are PIL 9.4's antialiased resize of uint8 images, which PyTorch 2.x's uint8 kernels follow (see there).

"resize" cases follow torchvision 0.17+'s tensor kernel (v2 resize_image; v1's _functional_tensor.resize is the
same but for the antialias check): antialias only for bilinear and bicubic (ignored for the nearest modes),
align_corners=False for those two; images that are not float32/float64 go through float32, uint8 bicubic results
are clamped to [0, 255], integer results are rounded (torchvision's native uint8 CPU kernel, used on AVX2 CPUs for
bilinear and always for bicubic in v2, is not what these goldens follow). They are computed here from the plain
torch ops, and cross-checked against torchvision 0.14's F.resize for bilinear and bicubic (0.14 has no NEAREST_EXACT).
"""
import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
import torchvision.transforms.functional as TF
from torchvision.transforms import InterpolationMode as IM

from common import resized_output_size as out_size, t2j, write

torch.manual_seed(0)
cases = []


def r(*shape):
    """Normal samples rounded to 2 decimals."""
    return (torch.randn(*shape, dtype=torch.float64) * 100).round() / 100


def interp_case(shape, size=None, scale=None, mode="bilinear", align=None, recompute=None, dtype=torch.float64,
                expected_scale=None, note=None):
    x = r(*shape).to(dtype).requires_grad_(True)
    ref_scale = scale if expected_scale is None else expected_scale
    y = F.interpolate(x, size, ref_scale, mode, align, recompute, antialias=True)
    g = r(*y.shape).to(dtype)
    y.backward(g)
    c = {"kind": "interpolate", "size": size, "scale": scale, "mode": mode, "align": align, "recompute": recompute,
         "dtype": str(dtype).replace("torch.", ""), "input": t2j(x), "out": t2j(y), "grad": t2j(g),
         "grad_input": t2j(x.grad)}
    if note:
        c["note"] = note
    cases.append(c)


for mode in ["bilinear", "bicubic"]:
    for align in [None, True]:
        interp_case((1, 1, 8, 9), size=[4, 3], mode=mode, align=align)           # integer factors 2 and 3
        interp_case((2, 1, 7, 10), size=[3, 4], mode=mode, align=align)          # non-integer factors
        interp_case((1, 2, 3, 4), size=[7, 9], mode=mode, align=align)           # upscaling
        interp_case((1, 1, 5, 12), size=[8, 5], mode=mode, align=align)          # up in H, down in W
        interp_case((1, 1, 6, 8), scale=0.5, mode=mode, align=align)
        interp_case((1, 1, 9, 11), scale=[0.37, 0.6], mode=mode, align=align)    # the scale maps positions, not 9/3
        interp_case((1, 1, 9, 11), scale=[0.37, 0.6], mode=mode, align=align, recompute=True)
        interp_case((1, 1, 4, 5), scale=[1.7, 2.3], mode=mode, align=align)
        interp_case((1, 1, 21, 17), size=[3, 2], mode=mode, align=align)         # wide filters
        interp_case((1, 1, 5, 6), size=[1, 1], mode=mode, align=align)
        interp_case((2, 3, 11, 13), size=[5, 4], mode=mode, align=align, dtype=torch.float32)
        interp_case((1, 2, 10, 9), scale=[0.3, 0.45], mode=mode, align=align, dtype=torch.float32)
        interp_case((1, 1, 4, 3), size=[9, 7], mode=mode, align=align, dtype=torch.float32)
    interp_case((1, 1, 5, 8), scale=[1.1, 0.5], mode=mode, expected_scale=[1.0, 0.5],
                note="2.x: H keeps its size (floor(5 * 1.1) = 5), so that pass is skipped")

# ---------------------------------------------------------------- uint8 against PIL
# PyTorch 2.x resamples uint8 images with PIL's fixed-point scheme (1.13 refuses uint8), so PIL 9.4's
# Image.resize on single-channel images is the reference here; PIL keeps 22 fractional bits where PyTorch keeps as
# many as int16 weights allow, so the tests allow a difference of one.
for (h, w), (oh, ow) in [((13, 11), (5, 4)), ((9, 16), (4, 3)), ((5, 6), (11, 9)), ((8, 7), (3, 12)), ((31, 29), (7, 6))]:
    img = torch.randint(0, 256, (h, w), dtype=torch.uint8)
    img[1, :] = 255
    img[2, :] = 0
    for mode, resample in [("bilinear", Image.BILINEAR), ("bicubic", Image.BICUBIC)]:
        out = np.asarray(Image.fromarray(img.numpy()).resize((ow, oh), resample))
        cases.append({"kind": "pil", "mode": mode, "input": t2j(img), "out": t2j(torch.from_numpy(out.copy()))})

# ---------------------------------------------------------------- torchvision resize


def resize(x, size, mode, max_size, antialias):
    """torchvision 0.17+'s resize_image for tensors, off its native uint8 path."""
    h, w = x.shape[-2:]
    oh, ow = out_size(h, w, size, max_size)
    if (oh, ow) == (h, w):
        return x
    if mode not in ("bilinear", "bicubic"):
        antialias = False
    shape = x.shape
    y = x.reshape(-1, shape[-3], h, w)
    cast = y.dtype not in (torch.float32, torch.float64)
    if cast:
        y = y.to(torch.float32)
    y = F.interpolate(y, size=[oh, ow], mode=mode, align_corners=False if mode in ("bilinear", "bicubic") else None,
                      antialias=antialias)
    if cast:
        if mode == "bicubic" and x.dtype == torch.uint8:
            y = y.clamp(0, 255)
        if not x.dtype.is_floating_point:
            y = y.round()
        y = y.to(x.dtype)
    return y.reshape(shape[:-2] + (oh, ow))


for dtype, shape, size, mode, max_size, aa in [
        (torch.float64, (1, 2, 11, 13), [4, 5], "bilinear", None, True),
        (torch.float64, (3, 12, 9), [4], "bicubic", None, True),
        (torch.float64, (3, 12, 9), [4], "bicubic", None, False),
        (torch.float64, (1, 5, 4), [9, 7], "bicubic", None, False),
        (torch.float64, (1, 7, 9), [4], "bilinear", 5, True),
        (torch.float32, (2, 3, 17, 14), [6, 5], "bilinear", None, True),
        (torch.float32, (3, 17, 14), [6, 5], "bicubic", None, True),
        (torch.float32, (3, 6, 5), [11, 9], "bicubic", None, True),
        (torch.float32, (1, 7, 9), [5, 13], "nearest-exact", None, True),  # antialias ignored
        (torch.float32, (2, 9, 7), [4, 3], "nearest-exact", None, False),
        (torch.uint8, (3, 13, 11), [5, 4], "bilinear", None, True),
        (torch.uint8, (3, 13, 11), [5, 4], "bicubic", None, True),
        (torch.uint8, (3, 5, 6), [9, 11], "bicubic", None, False),         # overshoots: clamped
        (torch.uint8, (3, 9, 8), [4, 3], "nearest-exact", None, False),
        (torch.int16, (1, 5, 6), [9, 11], "bicubic", None, False),         # no clamp for int16
]:
    if dtype == torch.uint8:
        x = torch.randint(0, 256, shape, dtype=torch.uint8)
        x[..., 1, :] = 255                                          # sharp edges make bicubic overshoot
        x[..., 2, :] = 0
    elif dtype == torch.int16:
        x = torch.randint(-300, 300, shape, dtype=torch.int16)
    else:
        x = (torch.rand(*shape, dtype=torch.float64) * 1000).round().div(100).to(dtype)
    want = resize(x, size, mode, max_size, aa)
    if mode in ("bilinear", "bicubic"):  # torchvision 0.14 has no NEAREST_EXACT (0.15 added it)
        tv = TF.resize(x, size, IM(mode), max_size, antialias=aa)
        assert torch.equal(tv, want), (dtype, shape, size, mode, aa)
    cases.append({"kind": "resize", "input": t2j(x), "size": size, "mode": mode, "maxSize": max_size, "antialias": aa,
                  "out": t2j(want)})

# resized_crop with antialias: crop, then resize
x = (torch.rand(3, 16, 15, dtype=torch.float64) * 1000).round().div(100).to(torch.float32)
want = TF.resized_crop(x, 2, 3, 12, 10, [5, 4], IM.BICUBIC, antialias=True)
assert torch.equal(want, resize(x[..., 2:14, 3:13], [5, 4], "bicubic", None, True))
cases.append({"kind": "resized_crop", "input": t2j(x), "box": [2, 3, 12, 10], "size": [5, 4], "mode": "bicubic",
              "antialias": True, "out": t2j(want)})

write("interpolate_aa", cases)
