"""Differential fuzz of dev.torch4j.vision.transforms against torchvision 0.14 (torch 1.13): seeded random images
(0 to 40 pixels a side, mostly up to 13, 1xN and Nx1 included, 2-d to 5-d with 1 or 3 channels, contiguous or not,
uint8, float32/float64 and now and then int8/16/32/64) through every functional op torch4j implements on tensors
(resize in every mode, crops larger than the image, pad in every mode with negative amounts, rotate/affine with
expand, centers and fills, perspective, the color ops, blur, normalize, erase, convert_image_dtype, five/ten crop), random
arguments, valid and invalid (the first line of the message torchvision raises is kept), and the random transform
classes (with invalid arguments now and then) applied after torch.manual_seed, with the next draw of the generator
kept too -> goldens/fuzz_transforms.json; the cases explorations once failed -> goldens/fuzz_transforms_regressions.json.
FuzzTransformsParityTest replays them.

Run: /usr/bin/python3 scripts/goldens/fuzz_transforms_goldens.py
Exploration (not committed): FUZZ_TV_EXPLORE=5000 [FUZZ_TV_SEED=7] /usr/bin/python3 scripts/goldens/fuzz_transforms_goldens.py
writes goldens/fuzz_transforms_explore.json; run the test with -Dt4j.fuzzTransforms=fuzz_transforms_explore.

Inputs are not stored: each is drawn again in Java after torch.manual_seed(img.seed) (randint(lo, hi) as int64 cast
to the dtype; "q" floats are randint(0, 9) / 8 ("wide": randint(-4, 13) / 8), whose ties probe the color ops; else
rand; "t": drawn [..., W, H] and
transposed). Outputs are stored as base64 of their little-endian bytes. a["ties"] counts the values on a rounding tie
(see ties() and rounding_ties()), which the test lets differ.

Where torchvision 0.14 is narrower than later releases the reference follows the later one (torch4j does):
- images of other than 3 or 4 dims through the ops 0.14 runs as 4-d batches (resize, pad's edge/reflect modes, the
  grid ops, blur, sharpness): the reference runs on the image reshaped to [N, C, H, W] and back, as torchvision 0.15+
  (v2) does;
- resize(size=None, max_size) (0.15+): the reference is resize to the computed size;
- NEAREST_EXACT (0.15+): F.interpolate(mode="nearest-exact"), which torchvision 0.15+ calls;
- antialias=True with the nearest modes is ignored (0.17+; 0.14 raised);
- constant padding to an empty image (PyTorch 2.x's pad; 1.13 refused);
- ColorJitter refuses a hue amount above 0.5 when built (0.15+; 0.14 took it) and takes None for an adjustment off;
- perspective fits its coefficients in float64 (0.15+; 0.14 in float32, which loses the corners' precision) and
  RandomPerspective refuses a distortion scale outside [0, 1] when built (0.15+; 0.14 took it);
- RandomCrop's refusal is worded as v2 words it ("... larger than padded input image size (h, w).");
- non-contiguous images that 0.14's equalize refuses (it views them) are equalized as contiguous ones.
Left out: crops wholly above or left of the image (torchvision, 0.14 to now, slices img[..., top:bottom] with a
negative bottom, which counts from the end; torch4j gives the height x width window of zeros); symmetric padding
whose negative amounts crop a side to nothing (0.14 then indexes with an empty float tensor) or of images of other
than 3 or 4 dims (0.14 refuses them); RandomCrop calls where exactly one side fits without a crop (torch4j follows
torchvision v2, which skips that side's draw; 0.14 draws randint(0, 1)) or where both padding and pad_if_needed pad
in a non-constant mode (0.14 pads twice, reflecting its own padding; v2 pads once by the sum); int32/int64 values above 2**16 (beyond 2**24
torchvision's float32 kernels, nearest resize included, round them; torch4j's index ops keep them); perspectives
whose fit is singular (coinciding or collinear corners, as on images one pixel wide): LAPACK's gels refuses them or
returns coefficients of 1e15, torch4j's lstsq a bounded solution, neither of them meaningful) or that put an output
pixel near the map's pole (where a last-bit difference in the fit moves the sample anywhere).
"""
import base64
import math
import os
import random
import warnings

import torch
import torch.nn.functional as NF
from torch.nn.functional import grid_sample
import torchvision
import torchvision.transforms as T
import torchvision.transforms.functional as F
import torchvision.transforms.functional_tensor as FT
from torchvision.transforms import InterpolationMode as IM

from common import resized_output_size, write

assert torchvision.__version__.startswith("0.14"), torchvision.__version__

DT = {"uint8": torch.uint8, "int8": torch.int8, "int16": torch.int16, "int32": torch.int32, "int64": torch.int64,
      "float32": torch.float32, "float64": torch.float64}
MODES = {"nearest": IM.NEAREST, "bilinear": IM.BILINEAR, "bicubic": IM.BICUBIC}


def pack(t):
    """A tensor as {"dtype", "shape", "b64"}: its little-endian bytes, base64."""
    t = t.detach().contiguous()
    return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape),
            "b64": base64.b64encode(t.numpy().tobytes()).decode("ascii")}


def make(spec):
    """The image a spec names, drawn after torch.manual_seed(spec["seed"]) (FuzzTransformsParityTest.image mirrors it)."""
    torch.manual_seed(spec["seed"])
    dt, shape = DT[spec["dtype"]], list(spec["shape"])
    if spec.get("t"):  # drawn as [..., W, H] and transposed: a non-contiguous image
        shape[-2:] = shape[:-3:-1]
    if spec.get("q"):
        x = torch.randint(-4 if spec.get("wide") else 0, 13 if spec.get("wide") else 9, shape).to(dt) / 8
    elif not dt.is_floating_point:
        x = torch.randint(spec["lo"], spec["hi"], shape).to(dt)
    else:
        x = torch.rand(shape, dtype=dt)
    return x.transpose(-1, -2) if spec.get("t") else x


class Gen:
    def __init__(self, rng):
        self.rng = rng
        self.k = 0

    def side(self):
        r = self.rng
        k = r.random()
        return r.choice([1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 13]) if k < 0.86 else r.randint(1, 3) if k < 0.96 else r.randint(14, 40)

    def spec(self, dims=(2, 3, 3, 3, 4, 4, 5), channels=(1, 3, 3), dtypes=("uint8", "uint8", "float32", "float64"),
             min_side=1):
        r = self.rng
        nd = r.choice(dims)
        h, w = max(self.side(), min_side), max(self.side(), min_side)
        if r.random() < 0.02:  # no rows or no columns
            h, w = (0, w) if r.random() < 0.5 else (h, 0)
        if r.random() < 0.1:
            h = 1 if r.random() < 0.5 else h
            w = 1 if h != 1 else w
            h, w = max(h, min_side), max(w, min_side)
        shape = [h, w]
        if nd >= 3:
            shape = [r.choice(channels)] + shape
        while len(shape) < nd:
            shape = [r.choice([1, 2])] + shape
        dt = r.choice(dtypes)
        if r.random() < 0.04 and "uint8" in dtypes:  # other integer images, where torchvision takes them
            dt = r.choice(["int8", "int16", "int32", "int64"])
        self.k += 1
        s = {"seed": 1000 + self.k, "shape": shape, "dtype": dt}
        if dt == "uint8":
            lo = r.choice([0, 0, 0, 40, 100])
            s["lo"], s["hi"] = lo, r.choice([256, 256, lo + 1, lo + 2, lo + 60]) if lo else 256
            s["hi"] = min(s["hi"], 256)
        elif not DT[dt].is_floating_point:
            # int32/int64 below 2**16: beyond 2**24 torchvision's float32 kernels (nearest resize included) round the
            # values, where torch4j's index ops keep them
            s["lo"], s["hi"] = 0, {"int8": 128, "int16": 32768, "int32": 2 ** 16, "int64": 2 ** 16}[dt]
        elif r.random() < 0.3:
            s["q"] = True
            if r.random() < 0.4:  # values beyond [0, 1]: -0.5 to 1.5
                s["wide"] = True
        if r.random() < 0.1:
            s["t"] = True
        return s


def batched(f, x):
    """f on x as torchvision 0.15+ runs it: a 3-d or 4-d image as is, others as [N, C, H, W] reshaped back."""
    if x.ndim in (3, 4):
        return f(x)
    c = 1 if x.ndim == 2 else x.shape[-3]
    y = f(x.reshape(math.prod(x.shape[:-3]) if x.ndim > 2 else 1, c, x.shape[-2], x.shape[-1]))
    return y.reshape(list(x.shape[:-2]) + list(y.shape[-2:]))


def fill_arg(r, spec, allow_none=True):
    c = spec["shape"][-3] if len(spec["shape"]) >= 3 else 1
    u8 = spec["dtype"] == "uint8"
    v = lambda: (float(r.randint(0, 255)) if r.random() < 0.8 else round(r.uniform(0, 255), 2)) if u8 else round(r.uniform(0, 1), 3)
    choice = r.random()
    if allow_none and choice < 0.35:
        return None
    if choice < 0.7:
        return [v()]
    return [v() for _ in range(c if r.random() < 0.9 else c + 1)]


def ties(a, g, x, mode):
    """Sets a["ties"] to how many output values sit on a rounding tie, where the last bit of the sampling grid decides
    and torch4j's grid (its products summed in another order) may go the other way: for nearest sampling, the values
    at grid points within 1e-4 of a pixel boundary (rotations by 90 degrees of odd-by-even images put whole rows
    there); for bilinear sampling of integer images, the values within 1e-3 (plus 2e-6 of the value) of .5 before
    rounding. Found by running
    torchvision's float64 path with its grid_sample watched."""
    grids = []

    def watch(img, grid, **kw):
        grids.append(grid)
        return grid_sample(img, grid, **kw)
    FT.grid_sample = watch
    try:
        y = g(x.double())
    except (ValueError, TypeError, RuntimeError):
        return
    finally:
        FT.grid_sample = grid_sample
    n = 0
    if not grids:  # a random class that drew not to transform
        return
    if mode == "nearest":
        h, w = x.shape[-2:]
        ux, uy = ((grids[0][0, ..., 0] + 1) * w - 1) / 2, ((grids[0][0, ..., 1] + 1) * h - 1) / 2
        near = lambda u: ((u - u.floor() - 0.5).abs() < 1e-4)
        n = int((near(ux) | near(uy)).sum()) * (x.numel() // (h * w))
    elif not x.is_floating_point():
        n = int(((y - y.floor() - 0.5).abs() < 1e-3 + 2e-6 * y.abs()).sum())  # float32 noise grows with the values
    if n:
        a["ties"] = n


def chained_ties(a, run, x):
    """ties() for the automatic augmentations, which chain ops (some refusing float64 images): the nearest grid points
    within 1e-4 of a pixel boundary in torchvision's own grids of the call, each allowed to change its pixel in every
    channel and, through up to two later ops, three more."""
    grids = []

    def watch(img, grid, **kw):
        grids.append(grid)
        return grid_sample(img, grid, **kw)
    FT.grid_sample = watch
    try:
        run()
    finally:
        FT.grid_sample = grid_sample
    h, w = x.shape[-2:]
    n = 0
    for g in grids:
        ux, uy = ((g[0, ..., 0].double() + 1) * w - 1) / 2, ((g[0, ..., 1].double() + 1) * h - 1) / 2
        near = lambda u: ((u - u.floor() - 0.5).abs() < 1e-4)
        n += int((near(ux) | near(uy)).sum()) * (x.numel() // (h * w)) * 4
    if n:
        a["ties"] = n


def rounding_ties(a, op, f, x):
    """Sets a["ties"] to how many values of an integer image's result torchvision rounds from within 1e-3 (plus 2e-6 of
    the value, for int16/int32 images) of .5 (or
    truncates from within 1e-3 of a whole number: adjust_gamma), found by running its float32 path on the image cast to
    float32 (bicubic resize clamped, as its kernel does). There float32 sums ordered otherwise (torch4j's interpolation
    without fused multiply-adds, its kernel sum accumulated in float64, Java's pow) may round the other way."""
    try:
        if op == "adjust_gamma":
            y = ((x.float() / float(_max_int(x.dtype))).pow(a["gamma"]) * a["gain"]).clamp(0, 1) * (_max_int(x.dtype) + 1 - 1e-3)
            frac = y - y.floor()
            n = int(((frac < 1e-3) | (frac > 1 - 1e-3)).sum())
        else:
            y = f.__wrapped__(x.float()) if hasattr(f, "__wrapped__") else None
            if y is None or not y.is_floating_point():
                return
            if a.get("mode") == "bicubic":
                y = y.clamp(0, float(_max_int(x.dtype)))
            n = int(((y - y.floor() - 0.5).abs() < 1e-3 + 2e-6 * y.abs()).sum())  # float32 noise grows with the values
    except (ValueError, TypeError, RuntimeError, IndexError, ZeroDivisionError):
        return
    if n:
        a["ties"] = n


def _max_int(dt):
    return {torch.uint8: 255, torch.int8: 127, torch.int16: 32767, torch.int32: 2 ** 31 - 1, torch.int64: 2 ** 63 - 1}[dt]


def wrapped(f, g):
    """f, remembering g (the same op on any image) for rounding_ties."""
    f.__wrapped__ = g
    return f


def functional_case(g):
    r = g.rng
    op = r.choice(["hflip", "vflip", "crop", "center_crop", "pad", "pad", "resize", "resize", "resize", "resize",
                   "resized_crop", "rotate", "rotate", "affine", "affine", "perspective", "perspective", "adjust_brightness",
                   "adjust_contrast",
                   "adjust_saturation", "adjust_hue", "adjust_hue", "adjust_gamma", "adjust_sharpness", "posterize",
                   "solarize", "autocontrast", "equalize", "invert", "rgb_to_grayscale", "gaussian_blur",
                   "gaussian_blur", "normalize", "erase", "convert_image_dtype", "five_crop", "ten_crop"])
    a = {}
    if op in ("adjust_brightness", "adjust_contrast", "adjust_saturation", "adjust_hue", "adjust_gamma",
              "adjust_sharpness", "solarize", "autocontrast", "invert", "rgb_to_grayscale"):
        spec = g.spec(dims=(3, 3, 3, 4, 5, 2) if op != "rgb_to_grayscale" else (3, 3, 4, 2), channels=(3, 3, 3, 1, 2))
    elif op in ("posterize", "equalize"):
        spec = g.spec(dims=(3, 3, 4, 2, 5), channels=(3, 3, 1, 2), dtypes=("uint8",) * 9 + ("float32",))
    elif op == "normalize":
        spec = g.spec(dims=(3, 3, 4, 2), dtypes=("float32", "float64", "float64", "uint8"))
    elif op == "convert_image_dtype":
        spec = g.spec(dims=(2, 3, 4), dtypes=tuple(DT))
        spec.pop("wide", None)  # floats beyond [0, 1] overflow integer casts, which C++ leaves undefined
    elif op in ("rotate", "affine", "perspective"):
        spec = g.spec(dims=(2, 3, 3, 3, 4, 5))
    else:
        spec = g.spec()
    x = make(spec)
    sh = spec["shape"]
    h, w = sh[-2], sh[-1]
    c = sh[-3] if len(sh) >= 3 else 1
    fl = spec["dtype"].startswith("float")
    f = None
    if op in ("hflip", "vflip"):
        f = lambda: getattr(F, op)(x)
    elif op == "crop":
        a = {"top": r.randint(-3, h + 1), "left": r.randint(-3, w + 1), "height": r.randint(1, h + 4), "width": r.randint(1, w + 4)}
        if a["top"] + a["height"] < 0 or a["left"] + a["width"] < 0:
            return None  # torchvision slices a window wholly above or left of the image from the end: left out
        f = lambda: F.crop(x, a["top"], a["left"], a["height"], a["width"])
    elif op == "center_crop":
        a = {"size": [r.randint(1, h + 4)] if r.random() < 0.4 else [r.randint(1, h + 4), r.randint(1, w + 4)]}
        if r.random() < 0.04:
            a["size"] = [1, 2, 3]
        f = lambda: F.center_crop(x, a["size"])
    elif op == "pad":
        mode = r.choice(["constant", "edge", "reflect", "symmetric"])
        if mode == "symmetric" and len(sh) not in (3, 4):
            return None  # 0.14 refuses; left out (see the docstring)
        n = r.choice([1, 2, 4, 4])
        lo = -1 if r.random() < 0.3 else 0
        a = {"padding": [r.randint(lo, 4) for _ in range(n)],
             "fill": r.randint(0, 255) if not fl and r.random() < 0.8 else round(r.uniform(-1, 2), 3),
             "mode": mode}
        if r.random() < 0.03:
            a["padding"] = [1, 2, 3]
        f = lambda: batched(lambda y: F.pad(y, a["padding"], a["fill"], a["mode"]), x) if mode in ("edge", "reflect") \
            else F.pad(x, a["padding"], a["fill"], a["mode"])
        if mode == "symmetric" and len(a["padding"]) != 3:
            p4 = F_pad4(a["padding"])
            if h + min(p4[1], 0) + min(p4[3], 0) <= 0 or w + min(p4[0], 0) + min(p4[2], 0) <= 0:
                return None  # cropped to nothing: 0.14 indexes with an empty float tensor (IndexError); left out
        if mode == "constant" and len(a["padding"]) != 3:
            p4 = F_pad4(a["padding"])
            oh, ow = h + p4[1] + p4[3], w + p4[0] + p4[2]
            if min(oh, ow) == 0:  # PyTorch 2.x pads to an empty image; 1.13 refused
                f = lambda: torch.empty(list(sh[:-2]) + [oh, ow], dtype=x.dtype)
    elif op in ("resize", "resized_crop"):
        mode = r.choice(["nearest", "nearest-exact", "bilinear", "bilinear", "bicubic", "bicubic"])
        aa = r.random() < 0.5
        a = {"mode": mode, "antialias": aa}
        if op == "resized_crop":
            a.update(top=r.randint(-1, h - 1), left=r.randint(-1, w - 1), height=r.randint(1, h + 1), width=r.randint(1, w + 1),
                     size=[r.randint(1, 16)] if r.random() < 0.3 else [r.randint(1, 16), r.randint(1, 16)])
            if mode == "nearest-exact":
                a["mode"] = mode = "nearest"
            src = F.crop(x, a["top"], a["left"], a["height"], a["width"])
            hh, ww = a["height"], a["width"]
        else:
            k = r.random()
            a["max_size"] = None
            if k < 0.45:
                a["size"] = [r.randint(1, 16), r.randint(1, 16)]
            elif k < 0.85:
                a["size"] = [r.randint(1, 14)]
                if r.random() < 0.4:
                    a["max_size"] = r.randint(a["size"][0], 20) if r.random() < 0.9 else a["size"][0]
            else:
                a["size"], a["max_size"] = None, r.randint(1, 16)
            if r.random() < 0.03:
                a["size"] = [2, 3, 4]
            src, hh, ww = x, h, w
        def run(src=src):
            size, nearest = a["size"], MODES.get(mode, IM.NEAREST)
            max_size = a.get("max_size")
            if size is None:  # torchvision 0.15+
                size, max_size = list(resized_output_size(hh, ww, None, max_size)), None
            if mode == "nearest-exact":  # torchvision 0.15+: F.interpolate(mode="nearest-exact")
                size = list(batched(lambda y: F.resize(y, size, IM.NEAREST, max_size), src).shape[-2:])
                if size == [hh, ww]:
                    return src
                # contiguous: for some strided inputs 1.13's kernel rounds (o + 0.5) * scale in double, not float
                y = src.contiguous().reshape(-1, 1, hh, ww)
                y = NF.interpolate(y if y.is_floating_point() else y.float(), size=size, mode="nearest-exact").to(src.dtype)
                return y.reshape(list(src.shape[:-2]) + size)
            antialias = aa and mode in ("bilinear", "bicubic")  # ignored for nearest (0.17+)
            return batched(lambda y: F.resize(y, size, nearest, max_size, antialias), src)
        f = wrapped(lambda: run(), (lambda y: run(y)) if op == "resize" else
                    (lambda y: run(F.crop(y, a["top"], a["left"], a["height"], a["width"]))))
    elif op in ("rotate", "affine"):
        mode = r.choice(["nearest", "bilinear"])
        fill = fill_arg(r, spec)
        center = None if r.random() < 0.6 else [r.randint(-2, w + 2), r.randint(-2, h + 2)] if r.random() < 0.5 \
            else [round(r.uniform(0, w), 2), round(r.uniform(0, h), 2)]
        angle = r.choice([0.0, 90.0, -90.0, 180.0, 270.0, round(r.uniform(-360, 360), 3), round(r.uniform(-45, 45), 3)])
        a = {"angle": angle, "mode": mode, "fill": fill, "center": center}
        if op == "rotate":
            a["expand"] = r.random() < 0.4
            f = lambda: batched(lambda y: F.rotate(y, angle, MODES[mode], a["expand"], center, fill), x)
            ties(a, lambda y: batched(lambda z: F.rotate(z, angle, MODES[mode], a["expand"], center, fill), y), x, mode)
        else:
            a["translate"] = ([r.randint(-3, 3), r.randint(-3, 3)] if r.random() < 0.6
                              else [round(r.uniform(-3, 3), 2), round(r.uniform(-3, 3), 2)])
            a["scale"] = r.choice([1.0, round(r.uniform(0.5, 1.8), 3), round(r.uniform(0.5, 1.8), 3)]) if r.random() > 0.03 else 0.0
            a["shear"] = ([round(r.uniform(-30, 30), 2)] if r.random() < 0.3
                          else [round(r.uniform(-30, 30), 2), round(r.uniform(-30, 30), 2)])
            if r.random() < 0.04:
                a["translate"] = r.choice([[1], [1, 2, 3]])
            elif r.random() < 0.04:
                a["shear"] = [1.0, 2.0, 3.0]
            # one shear value is a number here (x only); torchvision reads a one-element list as (s, s)
            f = lambda: batched(lambda y: F.affine(y, angle, a["translate"], a["scale"], one(a["shear"]), MODES[mode], fill, center), x)
            ties(a, lambda y: batched(lambda z: F.affine(z, angle, a["translate"], a["scale"], one(a["shear"]), MODES[mode], fill,
                                                         center), y),
                 x, mode)
    elif op == "perspective":
        mode = r.choice(["nearest", "bilinear"])
        fill = fill_arg(r, spec)
        start = [[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]]
        if r.random() < 0.3:
            start = [[p[0] + r.randint(-1, 1), p[1] + r.randint(-1, 1)] for p in start]
        # corners moved by up to a third of the side: a proper quadrilateral, so the fit is well posed
        mx, my = max(w // 3, 1), max(h // 3, 1)
        end = [[p[0] + r.randint(-mx, mx), p[1] + r.randint(-my, my)] for p in start]
        a = {"start": start, "end": end, "mode": mode, "fill": fill}
        f = lambda: batched(lambda y: F.perspective(y, start, end, MODES[mode], fill), x)
        ties(a, lambda z: batched(lambda y: F.perspective(y, start, end, MODES[mode], fill), z), x, mode)
    elif op in ("adjust_brightness", "adjust_contrast", "adjust_saturation", "adjust_sharpness"):
        a = {"factor": round(r.uniform(0, 2.5), 3) if r.random() > 0.05 else -0.5}
        if r.random() < 0.1:
            a["factor"] = r.choice([0.0, 1.0])
        fn = getattr(F, op)
        f = lambda: (batched if op == "adjust_sharpness" else lambda q, y: q(y))(lambda y: fn(y, a["factor"]), x)
    elif op == "adjust_hue":
        a = {"factor": r.choice([round(r.uniform(-0.5, 0.5), 4), -0.5, 0.5, 0.0, 0.25]) if r.random() > 0.05 else 0.7}
        f = lambda: F.adjust_hue(x, a["factor"])
    elif op == "adjust_gamma":
        a = {"gamma": round(r.uniform(0, 3), 3) if r.random() > 0.05 else -1.0, "gain": r.choice([1.0, round(r.uniform(0.3, 1.5), 3)])}
        f = lambda: F.adjust_gamma(x, a["gamma"], a["gain"])
    elif op == "posterize":
        a = {"bits": r.randint(0, 8) if r.random() > 0.05 else 9}
        f = lambda: F.posterize(x, a["bits"])
    elif op == "solarize":
        a = {"threshold": float(r.randint(0, 260)) if not fl else round(r.uniform(0, 1.1), 3)}
        f = lambda: F.solarize(x, a["threshold"])
    elif op in ("autocontrast", "equalize", "invert"):
        f = lambda: getattr(F, op)(x)
    elif op == "rgb_to_grayscale":
        a = {"channels": r.choice([1, 3, 3]) if r.random() > 0.05 else 2}
        f = lambda: F.rgb_to_grayscale(x, a["channels"])
    elif op == "gaussian_blur":
        k = [r.choice([1, 3, 3, 5, 7])] if r.random() < 0.4 else [r.choice([1, 3, 5, 7]), r.choice([1, 3, 5, 7])]
        if r.random() < 0.04:
            k = [r.choice([2, 4, 0, -1])]
        s = (None if r.random() < 0.3 else [round(r.uniform(0.1, 3), 3)] if r.random() < 0.5
             else [round(r.uniform(0.1, 3), 3), round(r.uniform(0.1, 3), 3)])
        if r.random() < 0.03:
            k = [3, 3, 3]
        elif r.random() < 0.03:
            s = r.choice([[-1.0], [1.0, 2.0, 3.0]])
        if s is not None and r.random() < 0.04:
            s = [0.0]
        a = {"kernel": k, "sigma": s}
        f = wrapped(lambda: batched(lambda y: F.gaussian_blur(y, one(k), one(s)), x),
                    lambda z: batched(lambda y: F.gaussian_blur(y, one(k), one(s)), z))
    elif op == "normalize":
        n = r.choice([1, c, c])
        a = {"mean": [round(r.uniform(-1, 1), 3) for _ in range(n)], "std": [round(r.uniform(0.1, 2), 3) for _ in range(n)]}
        if r.random() < 0.05:
            a["std"][0] = r.choice([0.0, 1e-50])  # 1e-50 is zero in float32
        f = lambda: F.normalize(x, a["mean"], a["std"])
    elif op == "erase":
        i, j = r.randint(0, max(h - 1, 0)), r.randint(0, max(w - 1, 0))
        a = {"i": i, "j": j, "h": r.randint(0, max(h - i, 0)), "w": r.randint(0, max(w - j, 0))}
        vs = r.choice([[1, 1, 1], [c, 1, 1], [c, a["h"], a["w"]]])
        v = torch.rand(vs, generator=torch.Generator().manual_seed(spec["seed"])) * (255 if not fl else 1)
        a["v"] = pack(v)
        f = lambda: F.erase(x, a["i"], a["j"], a["h"], a["w"], v)
    elif op == "convert_image_dtype":
        a = {"dtype": r.choice(list(DT))}
        f = lambda: F.convert_image_dtype(x, DT[a["dtype"]])
    elif op in ("five_crop", "ten_crop"):
        a = {"size": [r.randint(1, h + 1)] if r.random() < 0.4 else [r.randint(1, h + 1), r.randint(1, w + 1)]}
        if r.random() < 0.04:
            a["size"] = [1, 2, 3]
        if op == "ten_crop":
            a["vflip"] = r.random() < 0.5
            f = lambda: F.ten_crop(x, a["size"], a["vflip"])
        else:
            f = lambda: F.five_crop(x, a["size"])
    if op in ("resize", "resized_crop", "gaussian_blur", "adjust_gamma") and not fl and x.numel():
        rounding_ties(a, op, f, x)
    SINGULAR[0] = False
    COEFFS.clear()
    case = finish({"op": op, "img": spec, "a": a}, f)
    if case.get("etype") == "_LinAlgError" or SINGULAR[0] or near_pole(h, w):  # left out: see the docstring
        return None
    if spec.get("t") and "view size is not compatible" in case.get("error", ""):  # 0.14's equalize views its input
        x = x.contiguous()
        case = finish({"op": op, "img": spec, "a": a}, f)
    return case


def finish(case, f):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = f()
    except (ValueError, TypeError, RuntimeError, IndexError, ZeroDivisionError) as e:
        case["error"] = str(e).split("\n")[0]
        case["etype"] = type(e).__name__
        if "values to unpack" in case["error"]:  # Python's own words, not torchvision's: any refusal will do
            case["etype"] = "UnpackError"
        return case
    if isinstance(out, (list, tuple)):
        case["outs"] = [pack(o) for o in out]
    else:
        case["out"] = pack(out)
    return case


def random_case(g):
    """A transform class built with random arguments, applied after torch.manual_seed; "next" the draw after it."""
    r = g.rng
    name = r.choice(["RandomResizedCrop", "RandomResizedCrop", "RandomAffine", "RandomAffine", "ColorJitter", "ColorJitter",
                     "RandomRotation", "RandomRotation", "RandomPerspective", "RandomPerspective", "GaussianBlur", "RandomErasing",
                     "RandomErasing", "RandomGrayscale",
                     "RandomInvert", "RandomPosterize", "RandomSolarize", "RandomAdjustSharpness", "RandomAutocontrast",
                     "RandomEqualize", "RandomHorizontalFlip", "RandomVerticalFlip", "RandomCrop", "RandomCrop",
                     "AutoAugment", "RandAugment", "RandAugment", "TrivialAugmentWide", "TrivialAugmentWide", "AugMix", "AugMix"])
    u8only = name in ("RandomPosterize", "RandomEqualize", "AutoAugment", "RandAugment", "TrivialAugmentWide", "AugMix")
    # 0.14's classes run 2-d images through its 3-d/4-d kernels, which refuse them: flips and crops only
    dims = (3, 3, 3, 4, 2) if name in ("RandomHorizontalFlip", "RandomVerticalFlip", "RandomCrop") else (3, 3, 4)
    spec = g.spec(dims=dims, dtypes=("uint8",) if u8only and r.random() < 0.9 else ("uint8", "uint8", "float32", "float64"),
                  channels=(1, 3, 3, 3))
    sh = spec["shape"]
    h, w = sh[-2], sh[-1]
    mode = r.choice(["nearest", "bilinear"])
    a = {}
    p = r.choice([0.0, 0.3, 0.5, 1.0, round(r.random(), 3)])
    if name == "RandomResizedCrop":
        a = {"size": [r.randint(1, 12)] if r.random() < 0.4 else [r.randint(1, 12), r.randint(1, 12)],
             "scale": r.choice([[0.08, 1.0], [0.5, 0.9], [round(r.uniform(0.01, 0.5), 3), 1.0]]),
             "ratio": r.choice([[0.75, 4 / 3], [0.5, 2.0], [1.0, 1.0], [2.0, 3.0], [4 / 3, 0.75], [0.1, 10.0]]),
             "mode": r.choice(["nearest", "bilinear", "bicubic"]),
             "antialias": r.random() < 0.5}
        if a["mode"] == "nearest":
            a["antialias"] = False
        t = lambda: T.RandomResizedCrop(a["size"], a["scale"], a["ratio"], MODES[a["mode"]], a["antialias"])
    elif name == "RandomAffine":
        a = {"degrees": r.choice([[0.0], [30.0], [-20.0, 50.0], [round(r.uniform(0, 180), 2)]]),
             "translate": None if r.random() < 0.4 else [round(r.uniform(0, 0.5), 3), round(r.uniform(0, 0.5), 3)],
             "scale": None if r.random() < 0.4 else [0.7, 1.3], "mode": mode,
             "shear": r.choice([None, [10.0], [-5.0, 15.0], [-5.0, 5.0, -10.0, 10.0]]), "fill": fill_arg(r, spec, False),
             "center": None if r.random() < 0.7 else [r.randint(0, w), r.randint(0, h)]}
        t = lambda: T.RandomAffine(one(a["degrees"]), a["translate"], a["scale"], one(a["shear"]), MODES[mode], a["fill"],
                                   center=a["center"])
    elif name == "ColorJitter":
        if r.random() < 0.7:
            a = {"b": r.choice([0.0, 0.4, 0.8]), "c": r.choice([0.0, 0.4, 0.8]), "s": r.choice([0.0, 0.4, 1.2]),
                 "h": r.choice([0.0, 0.1, 0.5])}
            t = lambda: color_jitter(a["b"], a["c"], a["s"], a["h"])
        else:  # (min, max) ranges, None disabling one
            a = {"br": r.choice([None, [0.5, 1.5], [1.0, 1.0], [0.0, 3.0]]), "cr": r.choice([None, [0.2, 0.9], [1.0, 2.0]]),
                 "sr": r.choice([None, [0.0, 0.0], [0.5, 2.5]]), "hr": r.choice([None, [-0.5, 0.5], [0.1, 0.2], [0.0, 0.0]])}
            # None disables an adjustment (torchvision v2; 0.14 wants 0 for that)
            t = lambda: color_jitter(*[0 if a[k] is None else a[k] for k in ("br", "cr", "sr", "hr")])
    elif name == "RandomRotation":
        a = {"degrees": r.choice([[15.0], [90.0], [-180.0, 180.0], [round(r.uniform(0, 360), 2)]]), "mode": mode,
             "expand": r.random() < 0.4,
             "center": None if r.random() < 0.7 else [r.randint(0, w), r.randint(0, h)], "fill": fill_arg(r, spec, False)}
        t = lambda: T.RandomRotation(one(a["degrees"]), MODES[mode], a["expand"], a["center"], a["fill"])
    elif name == "RandomPerspective":
        a = {"distortion": r.choice([0.0, 0.3, 0.5, 0.5, 1.0, round(r.random(), 3)]), "p": p, "mode": mode,
             "fill": fill_arg(r, spec, False)}
        t = lambda: random_perspective(a["distortion"], a["p"], MODES[mode], a["fill"])
    elif name == "GaussianBlur":
        a = {"kernel": [r.choice([1, 3, 5])] if r.random() < 0.5 else [r.choice([1, 3, 5]), r.choice([1, 3])],
             "sigma": r.choice([[0.1, 2.0], [1.0], [0.5, 0.7]])}
        t = lambda: T.GaussianBlur(one(a["kernel"]), one(a["sigma"]))
    elif name == "RandomErasing":
        a = {"p": p, "scale": r.choice([[0.02, 0.33], [0.1, 0.8]]), "ratio": r.choice([[0.3, 3.3], [1.0, 1.0]]),
             "value": r.choice([[0.0], [1.0], None, [0.2, 0.5, 0.9] if sh[-3] == 3 else [0.5]])}
        t = lambda: T.RandomErasing(a["p"], a["scale"], a["ratio"], "random" if a["value"] is None
                                    else a["value"][0] if len(a["value"]) == 1 else a["value"])
    elif name in ("RandomGrayscale", "RandomInvert", "RandomAutocontrast", "RandomEqualize", "RandomHorizontalFlip", "RandomVerticalFlip"):
        a = {"p": p}
        t = lambda: getattr(T, name)(p)
    elif name == "RandomPosterize":
        a = {"bits": r.randint(0, 8), "p": p}
        t = lambda: T.RandomPosterize(a["bits"], p)
    elif name == "RandomSolarize":
        a = {"threshold": float(r.randint(0, 255)) if spec["dtype"] == "uint8" else round(r.random(), 3), "p": p}
        t = lambda: T.RandomSolarize(a["threshold"], p)
    elif name == "RandomAdjustSharpness":
        a = {"factor": round(r.uniform(0, 3), 3), "p": p}
        t = lambda: T.RandomAdjustSharpness(a["factor"], p)
    elif name == "RandomCrop":
        a = {"size": [r.randint(1, h + 2)] if r.random() < 0.4 else [r.randint(1, h + 2), r.randint(1, w + 2)],
             "padding": None if r.random() < 0.5 else r.choice([[1], [2, 1], [0, 1, 2, 3]]), "pad_if_needed": r.random() < 0.5,
             "fill": r.choice([0, 7]), "mode": r.choice(["constant", "edge", "reflect"])}
        if a["mode"] != "constant" and len(sh) not in (3, 4):
            return None
        # left out where exactly one side fits (0.14 draws randint(0, 1) for it, v2 and torch4j do not)
        pad = [0, 0, 0, 0] if a["padding"] is None else F_pad4(a["padding"])
        ph, pw = h + pad[1] + pad[3], w + pad[0] + pad[2]
        th, tw = (a["size"] * 2)[:2]
        if a["pad_if_needed"]:
            ph, pw = max(ph, ph + 2 * (th - ph)), max(pw, pw + 2 * (tw - pw))
        if (ph == th) != (pw == tw) and ph >= th and pw >= tw:
            return None
        # left out: padding and pad_if_needed both padding in a non-constant mode (0.14 pads twice, reflecting the
        # padded image; v2 and torch4j pad once by the sum)
        if a["padding"] is not None and a["pad_if_needed"] and a["mode"] != "constant" and (
                h + pad[1] + pad[3] < th or w + pad[0] + pad[2] < tw):
            return None
        t = lambda: T.RandomCrop(a["size"], a["padding"], a["pad_if_needed"], a["fill"], a["mode"])
    elif name == "AutoAugment":
        a = {"policy": r.choice(["IMAGENET", "CIFAR10", "SVHN"]), "mode": mode, "fill": fill_arg(r, spec)}
        t = lambda: T.AutoAugment(getattr(T.AutoAugmentPolicy, a["policy"]), MODES[mode], a["fill"])
    elif name == "RandAugment":
        a = {"num_ops": r.choice([1, 2, 3]), "magnitude": r.choice([0, 5, 9, 15, 30]), "bins": r.choice([31, 31, 16]), "mode": mode,
             "fill": fill_arg(r, spec)}
        t = lambda: T.RandAugment(a["num_ops"], a["magnitude"], a["bins"], MODES[mode], a["fill"])
    elif name == "TrivialAugmentWide":
        a = {"bins": r.choice([31, 31, 8, 2]), "mode": mode, "fill": fill_arg(r, spec)}
        t = lambda: T.TrivialAugmentWide(a["bins"], MODES[mode], a["fill"])
    elif name == "AugMix":
        a = {"severity": r.choice([1, 3, 3, 10]), "width": r.choice([1, 2, 3]), "depth": r.choice([-1, -1, 1, 2]),
             "alpha": r.choice([1.0, 0.5, 2.0]), "all_ops": r.random() < 0.7, "mode": mode, "fill": fill_arg(r, spec)}
        t = lambda: T.AugMix(a["severity"], a["width"], a["depth"], a["alpha"], a["all_ops"], MODES[mode], a["fill"])
    if r.random() < 0.08:  # an invalid argument: torchvision's refusal
        bad = {"RandomAffine": [("degrees", [-5.0]), ("translate", [0.5, 1.5]), ("scale", [0.0, 1.0]), ("shear", [1.0, 2.0, 3.0])],
               "RandomRotation": [("degrees", [-3.0]), ("degrees", [1.0, 2.0, 3.0]), ("center", [1])],
               "GaussianBlur": [("kernel", [4]), ("kernel", [0]), ("sigma", [0.0]), ("sigma", [2.0, 1.0]), ("sigma", [1.0, 2.0, 3.0])],
               "RandomErasing": [("scale", [0.5, 1.5]), ("p", 1.5), ("value", [0.1, 0.2])],
               "AugMix": [("severity", 0), ("severity", 11)], "RandomPerspective": [("distortion", 1.5), ("distortion", -0.1)]}.get(name)
        if name == "ColorJitter":
            bad = [("b", -0.5), ("h", 0.6)] if "b" in a else [("hr", [-0.6, 0.2]), ("br", [2.0, 1.0]), ("cr", [-1.0, 1.0])]
        if bad:
            k, v = r.choice(bad)
            a[k] = v
            if name == "RandomErasing" and k == "p":
                p = v
    seed = r.randint(0, 2 ** 31)
    case = {"op": name, "img": spec, "a": a, "seed": seed}
    x = make(spec)

    def run():
        tr = t()
        torch.manual_seed(seed)
        y = tr(x)
        case["next"] = int(torch.randint(0, 2 ** 30, ()).item())
        return y
    SINGULAR[0] = False
    COEFFS.clear()
    case = finish(case, run)
    if case.get("etype") == "_LinAlgError" or SINGULAR[0] or near_pole(h, w):  # left out, as in functional_case
        return None
    if name in ("RandomRotation", "RandomAffine", "RandomPerspective") and "error" not in case:  # the same draws on a float64 image
        ties(a, lambda y: (torch.manual_seed(seed), t()(y))[1], x, mode)
    if name in ("AutoAugment", "RandAugment", "TrivialAugmentWide", "AugMix") and mode == "nearest" and "error" not in case:
        chained_ties(a, lambda: (torch.manual_seed(seed), t()(x)), x)
    if spec.get("t") and "view size is not compatible" in case.get("error", ""):  # 0.14's equalize views its input
        x = x.contiguous()
        case = finish({"op": name, "img": spec, "a": a, "seed": seed}, run)
    if name == "RandomCrop" and case.get("error", "").startswith("Required crop size"):  # v2's words (torch4j's)
        case["error"] = case["error"].replace("input", "padded input" if a["padding"] is not None else "input") + "."
    return case


def color_jitter(b, c, s, h):
    """T.ColorJitter, refusing a hue amount above 0.5 as torchvision 0.15+ does (0.14 checks (min, max) pairs only)."""
    if isinstance(h, (int, float)) and h > 0.5:
        raise ValueError("hue values should be between (-0.5, 0.5)")
    return T.ColorJitter(b, c, s, h)


def _perspective_coeffs_f64(startpoints, endpoints):
    """torchvision 0.15+'s _get_perspective_coeffs: the fit in float64 (0.14's float32 one loses the corners' precision)."""
    if len(startpoints) != 4 or len(endpoints) != 4:
        raise ValueError(f"Please provide exactly four corners, got {len(startpoints)} startpoints and {len(endpoints)} endpoints.")
    a_matrix = torch.zeros(8, 8, dtype=torch.float64)
    for i, (p1, p2) in enumerate(zip(endpoints, startpoints)):
        a_matrix[2 * i, :] = torch.tensor([p1[0], p1[1], 1, 0, 0, 0, -p2[0] * p1[0], -p2[0] * p1[1]])
        a_matrix[2 * i + 1, :] = torch.tensor([0, 0, 0, p1[0], p1[1], 1, -p2[1] * p1[0], -p2[1] * p1[1]])
    b_matrix = torch.tensor(startpoints, dtype=torch.float64).view(8)
    if int(torch.linalg.matrix_rank(a_matrix)) < 8:
        SINGULAR[0] = True
    c = torch.linalg.lstsq(a_matrix, b_matrix, driver="gels").solution.tolist()
    COEFFS.append(c)
    return c


SINGULAR = [False]  # set when a perspective fit was singular: the case is left out
COEFFS = []  # the perspective fits of the current case


def near_pole(h, w):
    """Whether a fit of the current case maps some output pixel center near its pole (g x + h y + 1 within 0.05 of 0),
    where a last-bit difference in the coefficients moves the sample anywhere."""
    ys, xs = torch.meshgrid(torch.arange(h, dtype=torch.float64) + 0.5, torch.arange(w, dtype=torch.float64) + 0.5, indexing="ij")
    return any(bool(((c[6] * xs + c[7] * ys + 1).abs() < 0.05).any()) for c in COEFFS)


F._get_perspective_coeffs = _perspective_coeffs_f64


def random_perspective(distortion, p, mode, fill):
    """T.RandomPerspective, refusing a distortion scale outside [0, 1] as torchvision 0.15+ does (0.14 took any)."""
    if not 0 <= distortion <= 1:
        raise ValueError("Argument distortion_scale value should be between 0 and 1")
    return T.RandomPerspective(distortion, p, mode, fill)


def one(v):
    """A one-element list as the number it stands for (torchvision's int-or-sequence arguments)."""
    return v[0] if isinstance(v, list) and len(v) == 1 else v


def F_pad4(p):
    """Padding as (left, top, right, bottom)."""
    return p * 4 if len(p) == 1 else [p[0], p[1], p[0], p[1]] if len(p) == 2 else p


def generate(seed, n):
    g = Gen(random.Random(seed))
    cases = []
    while len(cases) < n:
        c = functional_case(g) if g.rng.random() < 0.7 else random_case(g)
        if c is not None:
            cases.append(c)
    return cases


def regressions():
    """The cases explorations once failed, one per bug (FuzzTransformsParityTest.regressionsMatchTorchvision)."""
    def spec(seed, shape, dtype, **kw):
        s = {"seed": seed, "shape": shape, "dtype": dtype}
        if dtype == "uint8":
            s.update(lo=0, hi=256)
        s.update(kw)
        return s

    def fn(op, s, f, **a):
        x = make(s)
        return finish({"op": op, "img": s, "a": a}, lambda: f(x))

    v111 = torch.tensor([[[0.25]]])
    v122 = torch.rand(1, 2, 2, generator=torch.Generator().manual_seed(3)) * 255
    return [
        # the sharpness kernel of float64 images was built in float32
        fn("adjust_sharpness", spec(1, [3, 4, 5], "float64"), lambda x: F.adjust_sharpness(x, 0.902), factor=0.902),
        # erase's value with more leading ones than a 2-d image has dims was refused
        fn("erase", spec(2, [7, 7], "float32"), lambda x: F.erase(x, 4, 0, 1, 7, v111), i=4, j=0, h=1, w=7, v=pack(v111)),
        fn("erase", spec(3, [7, 4], "uint8"), lambda x: F.erase(x, 2, 2, 2, 2, v122), i=2, j=2, h=2, w=2, v=pack(v122)),
        # normalize's messages; a std that is zero only in float32
        fn("normalize", spec(4, [3, 9], "float32"), lambda x: F.normalize(x, [0.5], [1.0]), mean=[0.5], std=[1.0]),
        fn("normalize", spec(5, [3, 2, 2], "float32"), lambda x: F.normalize(x, [0.5], [1e-50]), mean=[0.5], std=[1e-50]),
        fn("normalize", spec(6, [1, 2, 2], "float64"), lambda x: F.normalize(x, [0.5], [0.0]), mean=[0.5], std=[0.0]),
        # gaussian_blur's message names the kernel as (k, k)
        fn("gaussian_blur", spec(7, [3, 4, 5], "float32"), lambda x: F.gaussian_blur(x, 4), kernel=[4], sigma=None),
        # resize's message for three sizes
        fn("resize", spec(8, [3, 4, 5], "uint8"), lambda x: F.resize(x, [2, 3, 4]), mode="bilinear", antialias=False, max_size=None,
           size=[2, 3, 4]),
        # resizing an image without rows gave uninitialised values
        fn("resize", spec(9, [3, 0, 5], "float32"), lambda x: F.resize(x, [4, 5]), mode="bilinear", antialias=False, max_size=None,
           size=[4, 5]),
        # symmetric padding with negative amounts (crops first) was refused
        fn("pad", spec(10, [3, 4, 11], "float64"), lambda x: F.pad(x, [-1, 4, 2, 3], 0, "symmetric"), padding=[-1, 4, 2, 3], fill=0,
           mode="symmetric"),
        fn("pad", spec(11, [2, 3, 9, 4], "uint8"), lambda x: F.pad(x, [-1, 1], 0, "symmetric"), padding=[-1, 1], fill=0, mode="symmetric"),
        # convert_image_dtype multiplied integer images by 1/max (v2's to_dtype) where v1 divides by max
        fn("convert_image_dtype", spec(2846, [5, 7], "uint8"), lambda x: F.convert_image_dtype(x, torch.float32), dtype="float32"),
        fn("convert_image_dtype", spec(3511, [13, 6], "int8", lo=0, hi=128), lambda x: F.convert_image_dtype(x, torch.float64),
           dtype="float64"),
    ]


def main():
    torch.set_num_threads(1)
    explore = int(os.environ.get("FUZZ_TV_EXPLORE", "0"))
    if explore:
        write("fuzz_transforms_explore", generate(int(os.environ.get("FUZZ_TV_SEED", "7")), explore))
        return
    write("fuzz_transforms", generate(20261129, 500))
    write("fuzz_transforms_regressions", regressions())


if __name__ == "__main__":
    main()
