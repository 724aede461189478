"""Goldens for dev.torch4j.vision.transforms' torchvision-0.14 ops -> vision_transforms2.json.

Run: /usr/bin/python3 scripts/goldens/vision_transforms2_goldens.py   (torch 1.13, torchvision 0.14.1)

Unlike vision_goldens.py, these run torchvision itself (its v1 tensor path, torchvision/transforms/functional.py and
functional_tensor.py):
- "fn": a functional op on a fixed input (small 3x8x10 uint8/float32/float64 images, a grayscale and a batched one),
  with its arguments and output.
- "random": a transform class applied after torch.manual_seed(seed); "next" is torch.randint(0, 2**30, ()) drawn
  afterwards, so the test also checks that the transform consumed the generator as torchvision does.
- "error": the message of the ValueError/TypeError torchvision raises (Java throws IllegalArgumentException).
"""
import torch
import torchvision
import torchvision.transforms as T
import torchvision.transforms.functional as F
from torchvision.transforms import InterpolationMode as IM

from common import t2j, write

assert torchvision.__version__.startswith("0.14"), torchvision.__version__

cases = []
torch.manual_seed(0)
images = {
    "u8": torch.randint(0, 256, (3, 8, 10), dtype=torch.uint8),
    "f32": torch.rand(3, 8, 10),
    "f64": torch.rand(3, 8, 10, dtype=torch.float64),
    "gray": torch.randint(0, 256, (1, 8, 10), dtype=torch.uint8),
    "batch": torch.randint(0, 256, (2, 3, 8, 10), dtype=torch.uint8),
    "lowu8": torch.randint(60, 120, (3, 8, 10), dtype=torch.uint8),  # a narrow range, for autocontrast/equalize
}
for k, v in images.items():
    cases.append({"kind": "image", "name": k, "value": t2j(v)})


def fn(op, img, out_fn, **args):
    out = out_fn(images[img])
    if isinstance(out, (list, tuple)):
        out = torch.stack(list(out))  # five/ten crop: stacked along a new first dim
    cases.append({"kind": "fn", "op": op, "image": img, "args": args, "out": t2j(out)})


for img in ("u8", "f32", "f64", "gray", "batch"):
    for f in (0.0, 0.6, 1.7):
        fn("adjust_brightness", img, lambda x: F.adjust_brightness(x, f), factor=f)
        fn("adjust_contrast", img, lambda x: F.adjust_contrast(x, f), factor=f)
        fn("adjust_saturation", img, lambda x: F.adjust_saturation(x, f), factor=f)
        fn("adjust_sharpness", img, lambda x: F.adjust_sharpness(x, f), factor=f)
    for h in (-0.5, -0.2, 0.0, 0.35):
        fn("adjust_hue", img, lambda x: F.adjust_hue(x, h), factor=h)
    for g, gain in ((0.5, 1.0), (2.2, 0.8)):
        fn("adjust_gamma", img, lambda x: F.adjust_gamma(x, g, gain), gamma=g, gain=gain)
    for n in (1, 3):
        if img != "gray" or n == 1:
            fn("rgb_to_grayscale", img, lambda x: F.rgb_to_grayscale(x, n), channels=n)
    fn("invert", img, F.invert)
    fn("autocontrast", img, F.autocontrast)
    fn("solarize", img, lambda x: F.solarize(x, 0.5 if x.is_floating_point() else 128), threshold=0.5 if img in ("f32", "f64") else 128)
    if img in ("u8", "gray", "batch"):
        for b in (0, 3, 8):
            fn("posterize", img, lambda x: F.posterize(x, b), bits=b)
        fn("equalize", img, F.equalize)
fn("autocontrast", "lowu8", F.autocontrast)
fn("equalize", "lowu8", F.equalize)

for img in ("u8", "f32", "f64", "batch"):
    for angle, mode, expand, center, fill in [(30.0, IM.NEAREST, False, None, None), (-45.0, IM.BILINEAR, False, None, None),
                                              (90.0, IM.NEAREST, True, None, None), (17.0, IM.BILINEAR, True, None, [0.25]),
                                              (-60.0, IM.NEAREST, False, [2, 3], [5.0, 100.0, 200.0]),
                                              (120.0, IM.BILINEAR, False, [7, 1], [1.0, 0.5, 0.0])]:
        fn("rotate", img, lambda x: F.rotate(x, angle, mode, expand, center, fill),
           angle=angle, mode=mode.value, expand=expand, center=center, fill=fill)
    for angle, tr, sc, sh, mode, fill, center in [(20.0, [1, -2], 0.9, [10.0, 5.0], IM.NEAREST, None, None),
                                                  (-35.0, [0, 3], 1.3, [0.0, 0.0], IM.BILINEAR, None, None),
                                                  (0.0, [2, 1], 1.0, [-20.0, 0.0], IM.BILINEAR, [0.5, 0.5, 0.5], [3, 2]),
                                                  (75.0, [-1, -1], 0.7, [5.0, -8.0], IM.NEAREST, [9.0], None)]:
        fn("affine", img, lambda x: F.affine(x, angle, tr, sc, sh, mode, fill, center),
           angle=angle, translate=tr, scale=sc, shear=sh, mode=mode.value, fill=fill, center=center)
    for k, s in (([3, 5], [0.8, 1.3]), ([3, 3], None), ([5, 1], [2.0, 0.5])):
        fn("gaussian_blur", img, lambda x: F.gaussian_blur(x, k, s), kernel=k, sigma=s)
    fn("resized_crop", img, lambda x: F.resized_crop(x, 1, 2, 5, 6, [7, 9], IM.BILINEAR), box=[1, 2, 5, 6], size=[7, 9], mode="bilinear")
    fn("resized_crop", img, lambda x: F.resized_crop(x, 0, 3, 8, 4, [3, 2], IM.NEAREST), box=[0, 3, 8, 4], size=[3, 2], mode="nearest")
    fn("resized_crop", img, lambda x: F.resized_crop(x, 1, 1, 7, 8, [3, 4], IM.BILINEAR, antialias=True), box=[1, 1, 7, 8], size=[3, 4],
       mode="bilinear", antialias=True)
    fn("resized_crop", img, lambda x: F.resized_crop(x, 0, 2, 8, 7, [3, 2], IM.BICUBIC, antialias=True), box=[0, 2, 8, 7], size=[3, 2],
       mode="bicubic", antialias=True)
    fn("resized_crop", img, lambda x: F.resized_crop(x, 2, 0, 5, 6, [9, 11], IM.BICUBIC), box=[2, 0, 5, 6], size=[9, 11], mode="bicubic")
    fn("five_crop", img, lambda x: F.five_crop(x, [4, 5]), size=[4, 5])
    fn("ten_crop", img, lambda x: F.ten_crop(x, [3, 3], False), size=[3, 3], vflip=False)
    fn("ten_crop", img, lambda x: F.ten_crop(x, [5, 4], True), size=[5, 4], vflip=True)
    fn("erase", img, lambda x: F.erase(x, 1, 2, 3, 4, torch.tensor([7.0])[:, None, None]), box=[1, 2, 3, 4], value=7.0)


# ---------------------------------------------------------------- random transforms
def rnd(name, t, img, seeds=(0, 1, 2, 3), **args):
    for seed in seeds:
        torch.manual_seed(seed)
        out = t(images[img])
        nxt = int(torch.randint(0, 2 ** 30, ()))
        cases.append({"kind": "random", "name": name, "image": img, "seed": seed, "args": args, "repr": repr(t),
                      "out": t2j(out), "next": nxt})


for img in ("u8", "f32"):
    rnd("RandomResizedCrop", T.RandomResizedCrop([5, 6]), img, seeds=range(6), size=[5, 6])
    rnd("RandomResizedCrop", T.RandomResizedCrop([4, 4], scale=(0.5, 0.9), ratio=(0.5, 2.0), interpolation=IM.NEAREST), img,
        size=[4, 4], scale=[0.5, 0.9], ratio=[0.5, 2.0], mode="nearest")
    rnd("RandomResizedCrop", T.RandomResizedCrop([6, 6], scale=(0.99, 1.0), ratio=(3.0, 4.0)), img, seeds=(0,),
        size=[6, 6], scale=[0.99, 1.0], ratio=[3.0, 4.0], mode="bilinear")  # never fits: the fallback center crop
    rnd("RandomResizedCrop", T.RandomResizedCrop([5, 4], scale=(0.3, 0.9), interpolation=IM.BICUBIC, antialias=True), img, seeds=range(3),
        size=[5, 4], scale=[0.3, 0.9], ratio=[0.75, 4.0 / 3.0], mode="bicubic", antialias=True)
    rnd("ColorJitter", T.ColorJitter(0.4, 0.4, 0.4, 0.1), img, seeds=range(6), b=0.4, c=0.4, s=0.4, h=0.1)
    rnd("ColorJitter", T.ColorJitter(brightness=0.5, hue=0.3), img, b=0.5, c=0.0, s=0.0, h=0.3)
    rnd("RandomRotation", T.RandomRotation(30), img, degrees=[30.0])
    rnd("RandomRotation", T.RandomRotation([-90, 45], IM.BILINEAR, expand=True, fill=[0.5, 0.25, 1.0]), img,
        degrees=[-90.0, 45.0], mode="bilinear", expand=True, fill=[0.5, 0.25, 1.0])
    rnd("RandomAffine", T.RandomAffine(15, translate=(0.1, 0.2), scale=(0.8, 1.2), shear=8), img,
        degrees=[15.0], translate=[0.1, 0.2], scale=[0.8, 1.2], shear=[8.0], mode="nearest", fill=[0.0])
    rnd("RandomAffine", T.RandomAffine([-5, 40], shear=[-5, 5, 2, 10], interpolation=IM.BILINEAR, fill=3, center=[2, 2]), img,
        degrees=[-5.0, 40.0], shear=[-5.0, 5.0, 2.0, 10.0], mode="bilinear", fill=[3.0], center=[2.0, 2.0])
    rnd("GaussianBlur", T.GaussianBlur(3), img, kernel=[3])
    rnd("GaussianBlur", T.GaussianBlur([5, 3], (0.5, 1.5)), img, kernel=[5, 3], sigma=[0.5, 1.5])
    rnd("RandomGrayscale", T.RandomGrayscale(0.5), img, p=0.5)
    rnd("RandomInvert", T.RandomInvert(0.5), img, p=0.5)
    rnd("RandomSolarize", T.RandomSolarize(0.4 if img == "f32" else 100, 0.5), img, threshold=0.4 if img == "f32" else 100, p=0.5)
    rnd("RandomAdjustSharpness", T.RandomAdjustSharpness(2.0, 0.5), img, factor=2.0, p=0.5)
    rnd("RandomAutocontrast", T.RandomAutocontrast(0.5), img, p=0.5)
    rnd("RandomApply", T.RandomApply([T.ColorJitter(0.3, 0.3), T.RandomInvert(0.7)], p=0.6), img, p=0.6)
    rnd("RandomErasing", T.RandomErasing(p=0.7, value=0), img, seeds=range(6), p=0.7, value=[0.0])
    rnd("RandomErasing", T.RandomErasing(p=1.0, scale=(0.1, 0.5), ratio=(0.5, 2.0), value=[1, 2, 3]), img,
        p=1.0, scale=[0.1, 0.5], ratio=[0.5, 2.0], value=[1.0, 2.0, 3.0])
rnd("RandomErasing", T.RandomErasing(p=1.0, value="random"), "f32", p=1.0, value=None)
rnd("RandomPosterize", T.RandomPosterize(3, 0.5), "u8", bits=3, p=0.5)
rnd("RandomEqualize", T.RandomEqualize(0.5), "u8", p=0.5)
rnd("ColorJitter", T.ColorJitter(0.4, 0.4, 0.4, 0.1), "batch", b=0.4, c=0.4, s=0.4, h=0.1)


# ---------------------------------------------------------------- errors
def error(name, f):
    try:
        f()
        raise AssertionError(name)
    except (ValueError, TypeError) as e:
        cases.append({"kind": "error", "name": name, "message": str(e)})


u8, f32 = images["u8"], images["f32"]
error("brightness", lambda: F.adjust_brightness(u8, -0.5))
error("contrast", lambda: F.adjust_contrast(u8, -1.0))
error("saturation", lambda: F.adjust_saturation(u8, -2.0))
error("sharpness", lambda: F.adjust_sharpness(u8, -0.25))
error("hue", lambda: F.adjust_hue(u8, 0.75))
error("gamma", lambda: F.adjust_gamma(u8, -1.0))
error("grayscale_channels", lambda: F.rgb_to_grayscale(u8, 2))
error("grayscale_dims", lambda: F.rgb_to_grayscale(u8[0]))
error("channels", lambda: F.adjust_brightness(torch.zeros(2, 4, 4), 0.5))
error("posterize_bits", lambda: F.posterize(u8, 9))
error("posterize_dtype", lambda: F.posterize(f32, 3))
error("solarize_threshold", lambda: F.solarize(f32, 1.5))
error("equalize_dims", lambda: F.equalize(images["batch"][None]))
error("blur_even", lambda: F.gaussian_blur(u8, [4, 3]))
error("blur_sigma", lambda: F.gaussian_blur(u8, [3, 3], [0.0, 1.0]))
error("affine_scale", lambda: F.affine(u8, 0.0, [0, 0], 0.0, [0.0, 0.0]))
error("rotate_fill", lambda: F.rotate(u8, 10.0, fill=[1.0, 2.0]))
error("five_crop_size", lambda: F.five_crop(u8, [9, 4]))
error("jitter_negative", lambda: T.ColorJitter(brightness=-1))
error("jitter_range", lambda: T.ColorJitter(hue=[-0.6, 0.2]))
error("rotation_degrees", lambda: T.RandomRotation(-3))
error("affine_translate", lambda: T.RandomAffine(0, translate=(0.5, 1.5)))
error("affine_shear_len", lambda: T.RandomAffine(0, shear=[1, 2, 3]))
error("blur_kernel", lambda: T.GaussianBlur(4))
error("blur_sigma_order", lambda: T.GaussianBlur(3, (2.0, 1.0)))
error("erasing_scale", lambda: T.RandomErasing(scale=(0.5, 1.5)))
error("erasing_p", lambda: T.RandomErasing(p=1.5))

write("vision_transforms2", cases)


# ---------------------------------------------------------------- datasets (written to vision_datasets2.json)
# ImageFolder over the committed fixture library/src/test/resources/vision/imagefolder (made here, PNG only: PIL and
# javax.imageio decode PNG identically), and FakeData items.
import os

import numpy as np
from PIL import Image
from torchvision import datasets

FIX = os.path.join(os.path.dirname(__file__), "..", "..", "library", "src", "test", "resources", "vision", "imagefolder")
rs = np.random.RandomState(0)
files = {"cat/b.png": "RGB", "cat/a.png": "L", "dog/sub/z.png": "RGBA", "dog/c.PNG": "P", "dog/notes.txt": None,
         "Zebra/x.bmp": "RGB", "Zebra/deeper/more/y.png": "LA", "dog/sub2/a.png": "RGB"}
for rel, mode in files.items():
    path = os.path.join(FIX, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if mode is None:
        with open(path, "w") as f:
            f.write("not an image\n")
        continue
    bands = {"RGB": 3, "L": 1, "RGBA": 4, "LA": 2, "P": 1}[mode]
    arr = rs.randint(0, 256, (3, 4, bands)).astype(np.uint8)
    if mode == "P":
        img = Image.fromarray(arr[..., 0] % 16, "L").convert("P")
        img.putpalette(list(rs.randint(0, 256, 48).astype(np.uint8).tolist()))
    else:
        img = Image.fromarray(arr[..., 0] if bands == 1 else arr, mode)
    img.save(path)
ds = datasets.ImageFolder(FIX)
dcases = [{"kind": "imagefolder", "classes": ds.classes, "class_to_idx": ds.class_to_idx,
           "samples": [[os.path.relpath(p, FIX), t] for p, t in ds.samples],
           "images": [t2j(F.pil_to_tensor(ds[i][0])) for i in range(len(ds))]}]
for n, shape, classes, offset in ((4, (3, 4, 5), 7, 0), (3, (1, 3, 3), 2, 11)):
    fd = datasets.FakeData(n, shape, classes, random_offset=offset)
    dcases.append({"kind": "fakedata", "size": n, "image_size": list(shape), "num_classes": classes, "offset": offset,
                   "images": [t2j(F.pil_to_tensor(fd[i][0])) for i in range(n)], "targets": [fd[i][1] for i in range(n)],
                   "repr": repr(fd)})
write("vision_datasets2", dcases)
