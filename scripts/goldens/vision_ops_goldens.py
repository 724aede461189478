"""Goldens for dev.torch4j.vision.ops (torchvision 0.14's torchvision.ops) -> goldens/vision_ops.json and
goldens/vision_ops_roi.json (the RoI ops) and goldens/vision_ops_fpn.json (MultiScaleRoIAlign, FeaturePyramidNetwork), apart to
keep each file small.

Run: /usr/bin/python3 scripts/goldens/vision_ops_goldens.py   (needs python3-torchvision)

Cases by "kind": "fn" cases (common.weighted_grad_case: outputs and each input's gradient of a weighted sum) for the
box, loss and RoI functions; "nms" and "batched_nms" cases (inputs, threshold, kept indices) with tied scores;
"boxes" cases for the non-differentiable box helpers; "rng" cases for stochastic depth and drop block (outputs right
after torch.manual_seed); "module" cases (repr, state-dict keys, eval output of a seeded module on a seeded input).
Where torchvision 0.15+ differs from 0.14, the case says so in "note" and follows the newer release; the FPN reprs
use PyTorch 2.1+'s ModuleList repr (runs of equal entries compressed), emulated here.
"""
import torch
import torchvision
from torchvision import ops

from common import t2j, weighted_grad_case, write

torch.manual_seed(0)
cases = []


def rand_boxes(n, size=20.0, dtype=torch.float64):
    xy = torch.rand(n, 2, dtype=dtype) * size
    wh = torch.rand(n, 2, dtype=dtype) * size / 2 + 0.5
    return torch.cat([xy, xy + wh], 1)


# ---------------------------------------------------------------- boxes
b1, b2 = rand_boxes(5), rand_boxes(6)
b2[0] = b1[0]  # an identical pair: IoU 1
for name, f in [("box_area", lambda a: ops.box_area(a)),
                ("box_iou", ops.box_iou), ("generalized_box_iou", ops.generalized_box_iou),
                ("distance_box_iou", ops.distance_box_iou), ("complete_box_iou", ops.complete_box_iou)]:
    ins = [b1] if name == "box_area" else [b1, b2]
    weighted_grad_case(cases, name, f, ins)
    weighted_grad_case(cases, name, f, [x.float() for x in ins], grad=False)
    if name in ("distance_box_iou", "complete_box_iou"):
        weighted_grad_case(cases, name, lambda a, b: f(a, b, eps=1e-3), ins, kw={"eps": 1e-3})
ib1, ib2 = torch.randint(0, 10, (4, 2)), torch.randint(0, 10, (3, 2))
ib1, ib2 = torch.cat([ib1, ib1 + torch.randint(1, 6, (4, 2))], 1), torch.cat([ib2, ib2 + torch.randint(1, 6, (3, 2))], 1)
weighted_grad_case(cases, "box_area", ops.box_area, [ib1], grad=False)
weighted_grad_case(cases, "box_area", ops.box_area, [ib1.to(torch.int16)], grad=False, note="int16 upcast to int32")
for name, f in [("box_iou", ops.box_iou), ("generalized_box_iou", ops.generalized_box_iou),
                ("distance_box_iou", ops.distance_box_iou), ("complete_box_iou", ops.complete_box_iou)]:
    weighted_grad_case(cases, name, f, [ib1, ib2], grad=False)
fmts = ["xyxy", "xywh", "cxcywh"]
for i in fmts:
    for o in fmts:
        weighted_grad_case(cases, "box_convert", lambda a: ops.box_convert(a, i, o), [b1], kw={"in_fmt": i, "out_fmt": o})
weighted_grad_case(cases, "clip_boxes_to_image", lambda a: ops.clip_boxes_to_image(a, (12, 9)), [b1.sub(4)],
                   kw={"size": [12, 9]})
weighted_grad_case(cases, "clip_boxes_to_image", lambda a: ops.clip_boxes_to_image(a, (5, 7)), [torch.randn(2, 3, 4) * 6],
                   kw={"size": [5, 7]})

small = torch.tensor([[0, 0, 1, 1], [0, 0, 3, 0.5], [2, 2, 5, 6], [1, 1, 1.9, 4], [0, 0, 2, 2]], dtype=torch.float64)
cases.append({"kind": "boxes", "fn": "remove_small_boxes", "kw": {"min_size": 1.0}, "inputs": [t2j(small)],
              "outputs": [t2j(ops.remove_small_boxes(small, 1.0))]})
cases.append({"kind": "boxes", "fn": "remove_small_boxes", "kw": {"min_size": 2.0}, "inputs": [t2j(small)],
              "outputs": [t2j(ops.remove_small_boxes(small, 2.0))]})
masks = torch.zeros(3, 6, 7, dtype=torch.uint8)
masks[0, 1:4, 2:6] = 1
masks[1, 5, 0] = 3
masks[2, 0:6:5, 1:7:3] = 1
for m in [masks, masks.bool(), masks.float()]:
    cases.append({"kind": "boxes", "fn": "masks_to_boxes", "kw": {}, "inputs": [t2j(m)], "outputs": [t2j(ops.masks_to_boxes(m))]})

# ---------------------------------------------------------------- nms
def nms_case(boxes, scores, thr, note=None):
    c = {"kind": "nms", "inputs": [t2j(boxes), t2j(scores)], "kw": {"iou_threshold": thr},
         "outputs": [t2j(ops.nms(boxes, scores, thr))]}
    if note:
        c["note"] = note
    cases.append(c)


nb = rand_boxes(40, 30.0)
ns = torch.randint(0, 6, (40,)).double() / 5  # many tied scores
for thr in (0.0, 0.3, 0.5, 0.7):
    nms_case(nb, ns, thr)
    nms_case(nb.float(), ns.float(), thr)
same = torch.tensor([[0, 0, 10, 10]] * 4, dtype=torch.float64)
nms_case(same, torch.tensor([0.5, 0.9, 0.9, 0.1], dtype=torch.float64), 0.5, note="identical boxes, tied top scores")
# IoU exactly 0.5 (areas 100 and 50, intersection 50): kept, since only IoU > threshold suppresses
nms_case(torch.tensor([[0, 0, 10, 10], [0, 0, 10, 5], [20, 20, 21, 21.]]), torch.tensor([0.9, 0.8, 0.7]), 0.5)
nms_case(torch.tensor([[0, 0, 10, 10], [0, 0, 10, 5], [20, 20, 21, 21.]]), torch.tensor([0.9, 0.8, 0.7]), 0.49)
nms_case(torch.zeros(0, 4), torch.zeros(0), 0.5)
nms_case(torch.tensor([[0, 0, 0, 0], [0, 0, 0, 0], [1, 1, 3, 3.]]), torch.tensor([0.3, 0.3, 0.2]), 0.5,
         note="degenerate boxes: IoU 0/0 is NaN, which never suppresses")
idx = torch.randint(0, 3, (40,))
for thr in (0.3, 0.6):
    cases.append({"kind": "batched_nms", "inputs": [t2j(nb), t2j(ns), t2j(idx)], "kw": {"iou_threshold": thr},
                  "outputs": [t2j(ops.batched_nms(nb, ns, idx, thr))]})
big = rand_boxes(1200, 200.0).round().float()  # whole coordinates keep the file small
bigs = (torch.randint(0, 50, (1200,)).float() / 49)
bigi = torch.randint(0, 5, (1200,))
cases.append({"kind": "batched_nms", "inputs": [t2j(big), t2j(bigs), t2j(bigi)], "kw": {"iou_threshold": 0.4},
              "outputs": [t2j(ops.batched_nms(big, bigs, bigi, 0.4))], "note": "4800 > 4000 coordinates: per-class nms"})

# ---------------------------------------------------------------- losses
logits = torch.randn(3, 5, dtype=torch.float64)
targets = (torch.rand(3, 5, dtype=torch.float64) > 0.5).double()
soft = torch.rand(3, 5, dtype=torch.float64)
# torchvision 0.15+ raises ValueError("Invalid Value for arg 'reduction': ...") for another reduction, where 0.14 returned
# the unreduced loss: the Java side follows 0.15+ (BoxesTest checks the message); the values here agree in both
for kw in [{}, {"reduction": "mean"}, {"reduction": "sum"}, {"alpha": -1.0, "gamma": 0.0}, {"alpha": 0.5, "gamma": 1.5, "reduction": "sum"}]:
    weighted_grad_case(cases, "sigmoid_focal_loss", lambda a, t: ops.sigmoid_focal_loss(a, t, **kw), [logits, targets], kw=kw)
weighted_grad_case(cases, "sigmoid_focal_loss", lambda a, t: ops.sigmoid_focal_loss(a, t, reduction="mean"), [logits, soft],
                   kw={"reduction": "mean"})
lb1, lb2 = rand_boxes(7), rand_boxes(7)
lb2[0] = lb1[0]
lb2[1] = lb1[1] + 40  # disjoint
for name, f in [("generalized_box_iou_loss", ops.generalized_box_iou_loss), ("distance_box_iou_loss", ops.distance_box_iou_loss),
                ("complete_box_iou_loss", ops.complete_box_iou_loss)]:
    for kw in [{}, {"reduction": "mean"}, {"reduction": "sum", "eps": 1e-4}]:
        weighted_grad_case(cases, name, lambda a, b: f(a, b, **kw), [lb1, lb2], kw=kw)
    weighted_grad_case(cases, name, lambda a, b: f(a, b, reduction="mean"), [lb1[:0], lb2[:0]], kw={"reduction": "mean"},
                       note="no boxes: mean is 0 * sum")

# ---------------------------------------------------------------- RoI ops
roi_cases = []
x = torch.randn(2, 4, 6, 7, dtype=torch.float64)
rois = torch.tensor([[0, 1.2, 0.7, 5.3, 4.9],      # inside
                     [1, -3.1, -2.0, 4.4, 3.3],    # partly left of and above the image
                     [0, 6.0, 4.0, 12.5, 9.7],     # partly right of and below the image
                     [1, 3.0, 3.0, 3.0, 3.0],      # a point
                     [0, 5.0, 2.0, 2.0, 6.0],      # x2 < x1
                     [1, -8.0, -8.0, -3.0, -2.5],  # wholly outside
                     [0, 0.0, 0.0, 8.9, 6.9]], dtype=torch.float64)
for dtype in (torch.float64, torch.float32):
    xi, ri = x.to(dtype), rois.to(dtype)
    for kw in [{"output_size": [2, 2]}, {"output_size": [3, 2], "spatial_scale": 0.5, "sampling_ratio": 2},
               {"output_size": [2, 3], "sampling_ratio": -1, "aligned": True},
               {"output_size": [4, 4], "spatial_scale": 1.5, "sampling_ratio": 0, "aligned": True},
               {"output_size": [1, 1], "sampling_ratio": 3, "aligned": False}]:
        k = dict(kw)
        # aligned with adaptive sampling: torchvision fails on the reversed box (a negative sample count sizes a vector)
        rk = ri[[0, 1, 2, 3, 5, 6]] if k.get("aligned") and k.get("sampling_ratio", -1) <= 0 else ri
        weighted_grad_case(roi_cases, "roi_align", lambda a, r: ops.roi_align(a, r, k["output_size"], k.get("spatial_scale", 1.0),
                                                                          k.get("sampling_ratio", -1), k.get("aligned", False)),
                           [xi, rk], kw=k)
    for kw in [{"output_size": [2, 2]}, {"output_size": [3, 2], "spatial_scale": 0.5}, {"output_size": [4, 3], "spatial_scale": 1.3}]:
        k = dict(kw)
        weighted_grad_case(roi_cases, "roi_pool", lambda a, r: ops.roi_pool(a, r, k["output_size"], k.get("spatial_scale", 1.0)),
                           [xi, ri], kw=k)
    for kw in [{"output_size": [2, 2]}, {"output_size": [2, 2], "spatial_scale": 0.5, "sampling_ratio": 2},
               {"output_size": [2, 2], "spatial_scale": 1.5, "sampling_ratio": 1}]:
        k = dict(kw)
        weighted_grad_case(roi_cases, "ps_roi_align", lambda a, r: ops.ps_roi_align(a, r, k["output_size"], k.get("spatial_scale", 1.0),
                                                                                k.get("sampling_ratio", -1)),
                           [xi, ri], kw=k, note="the point and the reversed box give 0/0 = NaN bins")
    for kw in [{"output_size": [2, 2]}, {"output_size": [2, 2], "spatial_scale": 0.7}]:
        k = dict(kw)
        weighted_grad_case(roi_cases, "ps_roi_pool", lambda a, r: ops.ps_roi_pool(a, r, k["output_size"], k.get("spatial_scale", 1.0)),
                           [xi, ri], kw=k)
# boxes as a list of [L, 4] tensors, one per image
lst = [rois[rois[:, 0] == 0, 1:], rois[rois[:, 0] == 1, 1:]]
for name, f in [("roi_align", lambda a, b0, b1: ops.roi_align(a, [b0, b1], 3, 1.0, 2)),
                ("roi_pool", lambda a, b0, b1: ops.roi_pool(a, [b0, b1], 3, 1.0))]:
    weighted_grad_case(roi_cases, name + "_list", f, [x, lst[0], lst[1]], kw={"output_size": [3, 3]})

# ---------------------------------------------------------------- random layers
def rng_case(fn, kw, shape, f, seed):
    torch.manual_seed(seed)
    inp = torch.randn(*shape, dtype=torch.float64)
    out = f(inp)
    cases.append({"kind": "rng", "fn": fn, "kw": kw, "seed": seed, "shape": list(shape), "inputs": [t2j(inp)], "outputs": [t2j(out)]})


for mode in ("row", "batch"):
    for p in (0.3, 0.7):
        rng_case("stochastic_depth", {"p": p, "mode": mode}, (6, 3, 2), lambda t: ops.stochastic_depth(t, p, mode), 11)
rng_case("drop_block2d", {"p": 0.3, "block_size": 3}, (2, 2, 6, 7), lambda t: ops.drop_block2d(t, 0.3, 3), 12)
rng_case("drop_block2d", {"p": 0.5, "block_size": 1}, (1, 2, 5, 5), lambda t: ops.drop_block2d(t, 0.5, 1), 13)
rng_case("drop_block2d", {"p": 0.2, "block_size": 9}, (1, 1, 5, 5), lambda t: ops.drop_block2d(t, 0.2, 9), 14)
rng_case("drop_block3d", {"p": 0.3, "block_size": 3}, (1, 2, 4, 5, 3), lambda t: ops.drop_block3d(t, 0.3, 3), 15)

# ---------------------------------------------------------------- modules
def module_case(name, build, inp_shape, seed=0, dtype=torch.float64):
    torch.manual_seed(seed)
    m = build().to(dtype)
    torch.manual_seed(seed + 100)
    inp = torch.randn(*inp_shape, dtype=dtype) if inp_shape else None
    c = {"kind": "module", "name": name, "repr": repr(m), "keys": list(m.state_dict().keys())}
    if inp is not None:
        m.eval()
        c["inputs"] = [t2j(inp)]
        c["outputs"] = [t2j(m(inp))]
    cases.append(c)


def frozen():
    f = ops.FrozenBatchNorm2d(3, eps=1e-3)
    f.weight.copy_(torch.tensor([1.5, -0.5, 2.0]))
    f.bias.copy_(torch.tensor([0.1, 0.2, -0.3]))
    f.running_mean.copy_(torch.tensor([0.3, -1.0, 0.5]))
    f.running_var.copy_(torch.tensor([2.0, 0.5, 1.5]))
    return f


module_case("FrozenBatchNorm2d", frozen, (2, 3, 2, 2))
module_case("MLP", lambda: ops.MLP(5, [8, 6, 3], dropout=0.2), (4, 5))
module_case("MLP_norm", lambda: ops.MLP(5, [8, 3], norm_layer=torch.nn.LayerNorm, activation_layer=torch.nn.GELU, inplace=None,
                                        bias=False), (4, 5))
module_case("Conv2dNormActivation", lambda: ops.Conv2dNormActivation(3, 4), (2, 3, 5, 5))
module_case("Conv2dNormActivation_s2", lambda: ops.Conv2dNormActivation(3, 6, kernel_size=3, stride=2, groups=3, dilation=2,
                                                                        activation_layer=torch.nn.Hardswish), (1, 3, 7, 6))
module_case("Conv2dNormActivation_plain", lambda: ops.Conv2dNormActivation(2, 3, kernel_size=1, norm_layer=None,
                                                                           activation_layer=None), (1, 2, 3, 3))
module_case("Conv3dNormActivation", lambda: ops.Conv3dNormActivation(2, 3, kernel_size=3), (1, 2, 4, 4, 4))
module_case("SqueezeExcitation", lambda: ops.SqueezeExcitation(6, 2), (2, 6, 3, 4))
module_case("SqueezeExcitation_hard", lambda: ops.SqueezeExcitation(4, 3, scale_activation=torch.nn.Hardsigmoid), (1, 4, 2, 2))
module_case("StochasticDepth", lambda: ops.StochasticDepth(0.2, "row"), None)
module_case("DropBlock2d", lambda: ops.DropBlock2d(0.1, 3), None)
module_case("DropBlock3d", lambda: ops.DropBlock3d(0.1, 3, inplace=True), None)
module_case("RoIAlign", lambda: ops.RoIAlign((3, 2), 0.25, 2, aligned=True), None)
module_case("RoIAlign_int", lambda: ops.RoIAlign(7, 1.0, -1), None)
module_case("RoIPool", lambda: ops.RoIPool((3, 2), 0.5), None)
module_case("PSRoIAlign", lambda: ops.PSRoIAlign(2, 0.125, 0), None)
module_case("PSRoIPool", lambda: ops.PSRoIPool(3, 1.0), None)

# ---------------------------------------------------------------- deform_conv2d (appended last: earlier draws unchanged)
torch.manual_seed(21)
for kw, groups, ogroups, with_mask, with_bias in [({}, 1, 1, False, True), ({"stride": [2, 1], "padding": [1, 2], "dilation": [1, 2]}, 2, 2, True, True),
                                                  ({"padding": [1, 1]}, 1, 2, True, False)]:
    xi = torch.randn(1, 4, 4, 5, dtype=torch.float64)
    wt = torch.randn(6, 4 // groups, 3, 2, dtype=torch.float64)
    st, pd, dl = kw.get("stride", [1, 1]), kw.get("padding", [0, 0]), kw.get("dilation", [1, 1])
    oh = (4 + 2 * pd[0] - (dl[0] * 2 + 1)) // st[0] + 1
    ow = (5 + 2 * pd[1] - (dl[1] * 1 + 1)) // st[1] + 1
    off = torch.randn(1, 2 * ogroups * 6, oh, ow, dtype=torch.float64) * 2
    ins = [xi, off, wt]
    if with_bias:
        ins.append(torch.randn(6, dtype=torch.float64))
    if with_mask:
        ins.append(torch.rand(1, ogroups * 6, oh, ow, dtype=torch.float64))
    k = dict(kw, mask=with_mask, bias=with_bias)

    def f(*a, k=k):
        b = a[3] if k["bias"] else None
        m = a[-1] if k["mask"] else None
        return ops.deform_conv2d(a[0], a[1], a[2], b, tuple(k.get("stride", [1, 1])), tuple(k.get("padding", [0, 0])),
                                 tuple(k.get("dilation", [1, 1])), m)
    weighted_grad_case(cases, "deform_conv2d", f, ins, kw=k)
module_case("DeformConv2d", lambda: ops.DeformConv2d(4, 6, (3, 2), stride=(2, 1), padding=1, groups=2), None)
module_case("DeformConv2d_plain", lambda: ops.DeformConv2d(2, 3, 3, bias=False), None)

# ---------------------------------------------------------------- MultiScaleRoIAlign, FeaturePyramidNetwork (appended last)
from collections import OrderedDict
from torch2x import module_list_repr
from torchvision.ops import feature_pyramid_network as fpn_mod

torch.nn.ModuleList.__repr__ = module_list_repr  # the FPN reprs below are 2.x's

fpn_cases = []
torch.manual_seed(31)
feats = OrderedDict([("feat1", torch.randn(2, 3, 16, 16, dtype=torch.float64)), ("skip", torch.randn(2, 3, 4, 4, dtype=torch.float64)),
                     ("feat2", torch.randn(2, 3, 8, 8, dtype=torch.float64)), ("feat3", torch.randn(2, 3, 4, 4, dtype=torch.float64))])
msboxes = [torch.tensor([[0, 0, 10, 10], [2, 3, 30, 28], [1, 1, 3, 4], [4, 4, 64, 60]], dtype=torch.float64),
           torch.tensor([[5, 5, 20, 25], [0, 0, 31, 29.5]], dtype=torch.float64)]
for names, osz, ratio in [(["feat1", "feat2", "feat3"], 3, 2), (["feat2"], (2, 3), -1)]:
    pooler = ops.MultiScaleRoIAlign(names, osz, ratio, canonical_scale=16, canonical_level=3)
    xs = [v.clone().requires_grad_(True) for v in feats.values()]
    out = pooler(OrderedDict(zip(feats.keys(), xs)), msboxes, [(32, 32), (30, 28)])
    w = torch.randn(out.shape, dtype=torch.float64)
    (out * w).sum().backward()
    fpn_cases.append({"kind": "msroi", "repr": repr(pooler), "names": list(feats.keys()), "featmap_names": names,
                  "output_size": [osz, osz] if isinstance(osz, int) else list(osz), "sampling_ratio": ratio,
                  "inputs": [t2j(v) for v in feats.values()], "boxes": [t2j(b) for b in msboxes], "image_shapes": [[32, 32], [30, 28]],
                  "outputs": [t2j(out)], "w": [t2j(w)], "grads": [t2j(x.grad) if x.grad is not None else None for x in xs]})

for name, extra, norm in [("fpn_maxpool", lambda: fpn_mod.LastLevelMaxPool(), None), ("fpn_p6p7", lambda: fpn_mod.LastLevelP6P7(4, 5), None),
                          ("fpn_bn", lambda: None, torch.nn.BatchNorm2d)]:
    torch.manual_seed(41)
    net = ops.FeaturePyramidNetwork([2, 3, 4], 5, extra_blocks=extra(), norm_layer=norm).double().eval()
    torch.manual_seed(42)
    fin = OrderedDict([("c3", torch.randn(1, 2, 8, 7, dtype=torch.float64)), ("c4", torch.randn(1, 3, 4, 4, dtype=torch.float64)),
                       ("c5", torch.randn(1, 4, 2, 2, dtype=torch.float64))])
    out = net(fin)
    fpn_cases.append({"kind": "fpn", "name": name, "repr": repr(net), "keys": list(net.state_dict().keys()),
                  "inputs": [t2j(v) for v in fin.values()], "out_names": list(out.keys()), "outputs": [t2j(v) for v in out.values()]})

write("vision_ops", cases)
write("vision_ops_roi", roi_cases)
write("vision_ops_fpn", fpn_cases)
