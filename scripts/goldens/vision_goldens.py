"""Goldens for dev.torch4j.vision (transforms and image decoding) -> vision.json.

Run: /usr/bin/python3 scripts/goldens/vision_goldens.py

torchvision is not installed here, so each transform is computed from the plain torch ops its v2 kernel runs
(torchvision/transforms/v2/functional/_geometry.py, _misc.py; same in torchvision 0.15-0.20):
- normalize: (x - mean[:, None, None]) / std[:, None, None] in the image dtype.
- resize: F.interpolate(x, size, mode, align_corners=False for bilinear, antialias=False); integer images go through
  float32 and round(); the output size follows _compute_resized_output_size (smaller edge, max_size).
- to_dtype(scale=True): int->float x.to(dtype) * (1 / max); float->int x * (max + 1 - 1e-3) truncated; int->int
  bit shifts.
- center_crop: zero padding (floor left/top, ceil right/bottom) when the crop is larger, then the offset
  int(round((H - h) / 2)) (Python's round: half to even).
- RandomCrop: v2's draw order: torch.randint(0, H - h + 1, ()) for the top only when the padded height exceeds the
  crop, then the same for the left; pad_if_needed pads both sides by the difference; padding is applied after the
  draws. Random flips: one torch.rand(1) per call, flipped when it is < p.
Image cases are small files written by PIL (9.4) with the pixel values PIL decodes from them, as [C, H, W].
"""
import base64
import io
import math

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from common import resized_output_size as out_size, t2j, write

cases = []
torch.manual_seed(0)

# ---------------------------------------------------------------- normalize
for dtype in (torch.float32, torch.float64):
    x = torch.rand(2, 3, 2, 3, dtype=dtype)
    mean, std = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
    m = torch.as_tensor(mean, dtype=dtype).view(-1, 1, 1)
    s = torch.as_tensor(std, dtype=dtype).view(-1, 1, 1)
    cases.append({"kind": "normalize", "input": t2j(x), "mean": mean, "std": std, "out": t2j(x.sub(m).div_(s))})
x = torch.rand(1, 3, 3)
cases.append({"kind": "normalize", "input": t2j(x), "mean": [0.1307], "std": [0.3081],
              "out": t2j(x.sub(torch.tensor([0.1307]).view(-1, 1, 1)).div_(torch.tensor([0.3081]).view(-1, 1, 1)))})


# ---------------------------------------------------------------- resize
def resize(x, size, mode, max_size=None):
    h, w = x.shape[-2:]
    oh, ow = out_size(h, w, size, max_size)
    if (oh, ow) == (h, w):
        return x
    shape = x.shape
    y = x.reshape(-1, shape[-3], h, w)
    cast = y.dtype not in (torch.float32, torch.float64)
    if cast and mode == "bilinear":
        y = y.to(torch.float32)
    y = F.interpolate(y, size=[oh, ow], mode=mode, align_corners=False if mode == "bilinear" else None)
    if cast and mode == "bilinear":
        y = y.round().to(x.dtype)
    return y.reshape(shape[:-2] + (oh, ow))


for dtype, shape, size, mode, max_size in [
        (torch.float64, (1, 2, 5, 7), [3, 4], "bilinear", None),
        (torch.float64, (1, 4, 6), [9, 11], "bilinear", None),
        (torch.float64, (3, 4, 6), [3], "bilinear", None),          # smaller edge 4 -> 3, width int(3 * 6 / 4) = 4
        (torch.float64, (1, 7, 5), [4], "bilinear", 5),             # 4 x 5.6 -> long edge capped at 5
        (torch.float64, (1, 4, 6), None, "bilinear", 9),            # size None: long edge 9
        (torch.float32, (2, 2, 5, 7), [3, 4], "bilinear", None),
        (torch.float32, (1, 5, 7), [8, 13], "bilinear", None),
        (torch.float32, (3, 5, 7), [3, 4], "nearest", None),
        (torch.float32, (1, 4, 5), [8, 10], "nearest", None),       # exact 2x: index >> 1
        (torch.float32, (1, 7, 9), [5, 13], "nearest", None),
        (torch.uint8, (3, 5, 7), [4, 9], "bilinear", None),
        (torch.uint8, (3, 5, 7), [4, 9], "nearest", None),
]:
    x = (torch.rand(*shape, dtype=torch.float64) * 1000).round() / 100  # two decimals keep the file small
    x = (x * 25).to(torch.uint8) if dtype == torch.uint8 else x.to(dtype)
    cases.append({"kind": "resize", "input": t2j(x), "size": size, "mode": mode, "maxSize": max_size,
                  "out": t2j(resize(x, size, mode, max_size))})

# ---------------------------------------------------------------- to_dtype(scale=True)
u8 = torch.tensor([[[0, 1, 127, 128, 254, 255]]], dtype=torch.uint8)
f32 = torch.tensor([[[0.0, 0.001, 0.25, 0.5, 0.999, 1.0]]])
i16 = torch.tensor([[[0, 1, 255, 256, 32767, -32768]]], dtype=torch.int16)
i32 = torch.tensor([[[0, 1 << 24, 2147483647, -2147483648, -1, 12345678]]], dtype=torch.int32)
for name, x, dtype, out in [
        ("uint8->float32", u8, torch.float32, u8.to(torch.float32).mul_(1.0 / 255)),
        ("uint8->float64", u8, torch.float64, u8.to(torch.float64).mul_(1.0 / 255)),
        ("int16->float32", i16, torch.float32, i16.to(torch.float32).mul_(1.0 / 32767)),
        ("float32->uint8", f32, torch.uint8, f32.mul(255 + 1.0 - 1e-3).to(torch.uint8)),
        ("float32->int16", f32, torch.int16, f32.mul(32767 + 1.0 - 1e-3).to(torch.int16)),
        ("float64->int32", f32.double(), torch.int32, f32.double().mul(2147483647 + 1.0 - 1e-3).to(torch.int32)),
        ("uint8->int16", u8, torch.int16, u8.to(torch.int16).bitwise_left_shift(7)),
        ("int16->uint8", i16, torch.uint8, i16.bitwise_right_shift(7).to(torch.uint8)),
        ("int32->int8", i32, torch.int8, i32.bitwise_right_shift(24).to(torch.int8)),
        ("uint8->int64", u8, torch.int64, u8.to(torch.int64).bitwise_left_shift(55)),
]:
    cases.append({"kind": "toDtype", "name": name, "input": t2j(x), "dtype": str(dtype).replace("torch.", ""), "out": t2j(out)})


# ---------------------------------------------------------------- center crop
def center_crop(x, ch, cw):
    h, w = x.shape[-2:]
    if ch > h or cw > w:
        pad = [(cw - w) // 2 if cw > w else 0, (cw - w + 1) // 2 if cw > w else 0,
               (ch - h) // 2 if ch > h else 0, (ch - h + 1) // 2 if ch > h else 0]
        x = F.pad(x, pad, value=0.0)
        h, w = x.shape[-2:]
        if (ch, cw) == (h, w):
            return x
    top, left = int(round((h - ch) / 2.0)), int(round((w - cw) / 2.0))
    return x[..., top:top + ch, left:left + cw]


img = torch.arange(1 * 5 * 6, dtype=torch.float32).reshape(1, 5, 6) + 1
for size in [(3, 4), (2, 3), (4, 2), (5, 6), (7, 6), (8, 9), (6, 3)]:
    cases.append({"kind": "centerCrop", "input": t2j(img), "size": list(size), "out": t2j(center_crop(img, *size))})


# ---------------------------------------------------------------- random crop and flips (draw order of torchvision v2)
def pad_image(x, lrtb, fill, mode):
    if mode == "constant":
        return F.pad(x, lrtb, value=float(fill))
    if mode in ("edge", "reflect"):
        return F.pad(x, lrtb, mode="replicate" if mode == "edge" else "reflect")
    for d, (a, b) in ((-1, lrtb[0:2]), (-2, lrtb[2:4])):  # symmetric
        n = x.shape[d]
        idx = [(-p - 1) if p < 0 else (2 * n - 1 - p) if p >= n else p for p in range(-a, n + b)]
        x = x.index_select(d, torch.tensor(idx))
    return x


def random_crop(x, size, padding, pad_if_needed, fill, mode):
    h, w = x.shape[-2:]
    if padding is None:
        l = r = t = b = 0
    elif len(padding) == 1:
        l = r = t = b = padding[0]
    elif len(padding) == 2:
        l, r, t, b = padding[0], padding[0], padding[1], padding[1]
    else:
        l, t, r, b = padding
    ph, pw = h + t + b, w + l + r
    th, tw = size
    if pad_if_needed and ph < th:
        d = th - ph
        t, b, ph = t + d, b + d, ph + 2 * d
    if pad_if_needed and pw < tw:
        d = tw - pw
        l, r, pw = l + d, r + d, pw + 2 * d
    top = int(torch.randint(0, ph - th + 1, size=())) if ph > th else 0
    left = int(torch.randint(0, pw - tw + 1, size=())) if pw > tw else 0
    if any([l, r, t, b]):
        x = pad_image(x, [l, r, t, b], fill, mode)
    return x[..., top:top + th, left:left + tw]


img = torch.arange(2 * 2 * 4 * 5, dtype=torch.float32).reshape(2, 2, 4, 5) + 1  # a batch shares each draw
for seed, size, padding, pad_if_needed, fill, mode in [
        (0, (3, 3), None, False, 0, "constant"),
        (1, (4, 4), [1], False, 0, "constant"),
        (2, (4, 6), [2, 1], False, 7, "constant"),
        (3, (5, 5), [1, 0, 2, 1], False, 0, "reflect"),
        (4, (5, 7), [1], False, 0, "edge"),
        (5, (6, 6), [2], False, 0, "symmetric"),
        (6, (6, 8), None, True, 3, "constant"),
        (7, (4, 3), None, False, 0, "constant"),   # height fits exactly: only the left is drawn
]:
    torch.manual_seed(seed)
    outs = [t2j(random_crop(img, size, padding, pad_if_needed, fill, mode)) for _ in range(3)]
    cases.append({"kind": "randomCrop", "seed": seed, "input": t2j(img), "size": list(size), "padding": padding,
                  "padIfNeeded": pad_if_needed, "fill": fill, "mode": mode, "outs": outs})

for seed, p in [(0, 0.5), (3, 0.3), (11, 0.9)]:
    torch.manual_seed(seed)
    cases.append({"kind": "flips", "seed": seed, "p": p, "flipped": [bool(torch.rand(1) < p) for _ in range(20)]})


# ---------------------------------------------------------------- images decoded by PIL
def chw(a):
    a = np.asarray(a)
    if a.ndim == 2:
        a = a[None]
    else:
        a = a.transpose(2, 0, 1)
    return t2j(torch.from_numpy(np.array(a, dtype=np.uint8)))


def image_case(name, im, fmt, expected, **save):
    buf = io.BytesIO()
    im.save(buf, format=fmt, **save)
    cases.append({"kind": "image", "name": name, "format": fmt, "bytes": base64.b64encode(buf.getvalue()).decode("ascii"),
                  "out": chw(expected(Image.open(io.BytesIO(buf.getvalue()))))})


rng = np.random.RandomState(0)
rgb = rng.randint(0, 256, (3, 5, 3)).astype(np.uint8)
image_case("gray", Image.fromarray(rgb[..., 0], "L"), "PNG", lambda im: im)
image_case("gray_alpha", Image.fromarray(rgb[..., :2], "LA"), "PNG", lambda im: im)
image_case("rgb", Image.fromarray(rgb, "RGB"), "PNG", lambda im: im)
image_case("rgba", Image.fromarray(rng.randint(0, 256, (4, 3, 4)).astype(np.uint8), "RGBA"), "PNG", lambda im: im)
pal = Image.fromarray(rgb, "RGB").quantize(colors=6)
image_case("palette", pal, "PNG", lambda im: im.convert("RGB"))
pal_t = pal.copy()
pal_t.info["transparency"] = 2
image_case("palette_transparent", pal_t, "PNG", lambda im: im.convert("RGBA"))
image_case("gray_1bit", Image.fromarray(rgb[..., 0] > 127).convert("1"), "PNG", lambda im: im.convert("L"))
g16 = (rng.randint(0, 65536, (3, 4))).astype(np.uint16)
image_case("gray_16bit", Image.fromarray(g16, "I;16"), "PNG",
           lambda im: np.floor(np.asarray(im, dtype=np.float64) / 257 + 0.5).astype(np.uint8))
image_case("bmp_rgb", Image.fromarray(rgb, "RGB"), "BMP", lambda im: im)
smooth = np.stack(np.meshgrid(np.arange(16) * 12, np.arange(16) * 9, indexing="xy") + [np.full((16, 16), 90)], -1)
image_case("jpeg_gray", Image.fromarray(smooth[..., 0].astype(np.uint8), "L"), "JPEG", lambda im: im, quality=95)
image_case("jpeg_rgb", Image.fromarray(smooth.astype(np.uint8), "RGB"), "JPEG", lambda im: im, quality=95)
image_case("jpeg_rgb_noise", Image.fromarray(rng.randint(0, 256, (9, 13, 3)).astype(np.uint8), "RGB"), "JPEG", lambda im: im)

write("vision", cases)
