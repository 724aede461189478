"""Goldens for dev.torch4j.vision.models.detection (torchvision 0.14's Faster R-CNN) -> goldens/vision_detection.json.

Run: /usr/bin/python3 scripts/goldens/vision_detection_goldens.py   (needs python3-torchvision; about 10 s)

No network, so no pretrained weights: every model is built after torch.manual_seed and its parameters are recorded
per state-dict entry (key, shape, float64 sum and sum of squares, a few sampled elements), as the classification
goldens do. Named cases:
- anchors: AnchorGenerator cell anchors (default and custom) and forward on two feature maps.
- box_coder: encode with weights (10, 10, 5, 5) and (1, 1, 1, 1); decode of three classes' codes, one log-scale
  above bbox_xform_clip.
- matcher: Matcher on IoU matrices (with ties), with and without low-quality matches.
- sampler: BalancedPositiveNegativeSampler masks after manual_seed (torch.randperm's draws).
- transform: GeneralizedRCNNTransform in eval (normalize, resize, pad to 32) and train mode (min_size drawn by
  torch.empty(1).uniform_ after manual_seed), target boxes resized, postprocess mapping boxes back.
- rpn: a small RegionProposalNetwork (its head's parameters stored whole) on random features: eval-mode proposals and
  scores; train-mode losses after manual_seed and the head's gradients of their sum.
- roi_heads: postprocess_detections and fastrcnn_loss on random logits, deltas and proposals.
- model_eval: fasterrcnn_resnet50_fpn(weights=None, weights_backbone=None, num_classes=3, min_size=160, max_size=256,
  few proposals) after manual_seed(0), its parameters recorded; then the predictor's weights scaled (cls_score by 0.02, bbox_pred by 0.1) so that
  the random model's softmax does not saturate at 1.0 (tied scores); detections on two rand images. The script
  checks that the same model in float64 gives the same labels (and boxes within 1e-3), so near-threshold values do
  not decide the outcome.
- mobilenet_train: fasterrcnn_mobilenet_v3_large_fpn(weights=None, weights_backbone=None, num_classes=3, ...) after
  manual_seed(0), its parameters recorded; its training-mode losses and gradients as for model_train (its eval
  mode is left to the parts' tests: a random MobileNetV3 at unit batch-norm statistics ties every score).
- model_train: the same build in training mode (min_size (144, 160), fewer samples) after manual_seed(2): the four
  losses on two images with targets, and gradient sums of a few parameters after backward of their sum.
"""
import torch
import torchvision
from torchvision.models.detection import fasterrcnn_resnet50_fpn
from torchvision.models.detection import _utils as det_utils
from torchvision.models.detection.anchor_utils import AnchorGenerator
from torchvision.models.detection.image_list import ImageList
from torchvision.models.detection.roi_heads import fastrcnn_loss, RoIHeads
from torchvision.models.detection.rpn import RegionProposalNetwork, RPNHead, concat_box_prediction_layers
from torchvision.models.detection.transform import GeneralizedRCNNTransform
from torchvision.models.detection.faster_rcnn import TwoMLPHead, FastRCNNPredictor
from torchvision.ops import MultiScaleRoIAlign

from common import t2j as t2j_exact, write
from model_cases import build_case
from torch2x import module_list_repr

torch.nn.ModuleList.__repr__ = module_list_repr  # torch4j prints 2.x's repr (the FPN's four equal layer_blocks as one line)


def t2j(t):
    """float32 tensors at 9 significant digits (round-trips float32) to keep the file small."""
    j = t2j_exact(t)
    if j["dtype"] == "float32":
        j["data"] = [float(f"{v:.9g}") for v in j["data"]]
    return j


def state(module):
    return {k: t2j(v) for k, v in module.state_dict().items()}


def rand_boxes(n, scale=50.0):
    xy = torch.rand(n, 2) * scale
    wh = torch.rand(n, 2) * scale + 1
    return torch.cat([xy, xy + wh], 1)


cases = {}

# ---------------------------------------------------------------- anchors
ag = AnchorGenerator(sizes=((16,), (32, 64)), aspect_ratios=((0.5, 1.0, 2.0), (1.0, 0.7)))
il = ImageList(torch.zeros(2, 3, 64, 96), [(64, 90), (50, 96)])
fmaps = [torch.zeros(2, 4, 8, 12), torch.zeros(2, 4, 4, 6)]
anchors = ag(il, fmaps)
default = AnchorGenerator(((32,), (64,), (128,), (256,), (512,)), ((0.5, 1.0, 2.0),) * 5)
cases["anchors"] = {"cell": [t2j(c) for c in ag.cell_anchors], "anchors": t2j(anchors[0]), "num_images": len(anchors),
                    "default_cell": [t2j(c) for c in default.cell_anchors], "num_anchors_per_location": ag.num_anchors_per_location()}

# ---------------------------------------------------------------- box coder
torch.manual_seed(0)
ref, prop = rand_boxes(6), rand_boxes(6)
codes = torch.randn(6, 12)
codes[2, 2] = 6.0  # dw above log(1000 / 16): clamped
coder = det_utils.BoxCoder((10.0, 10.0, 5.0, 5.0))
coder1 = det_utils.BoxCoder((1.0, 1.0, 1.0, 1.0))
cases["box_coder"] = {"reference": t2j(ref), "proposals": t2j(prop), "codes": t2j(codes),
                      "encode_10_10_5_5": t2j(coder.encode_single(ref, prop)), "encode_1": t2j(coder1.encode_single(ref, prop)),
                      "decode_10_10_5_5": t2j(coder.decode(codes, [prop[:4], prop[4:]])), "decode_1": t2j(coder1.decode_single(codes, prop))}

# ---------------------------------------------------------------- matcher
torch.manual_seed(1)
gt, preds = rand_boxes(3), rand_boxes(12)
iou = torchvision.ops.box_iou(gt, preds)
tied = torch.tensor([[0.9, 0.2, 0.9, 0.1, 0.0], [0.4, 0.6, 0.1, 0.6, 0.0], [0.1, 0.2, 0.3, 0.2, 0.5]])
cases["matcher"] = {"iou": t2j(iou), "tied": t2j(tied),
                    "low_quality": t2j(det_utils.Matcher(0.7, 0.3, allow_low_quality_matches=True)(iou)),
                    "plain": t2j(det_utils.Matcher(0.5, 0.5)(iou)),
                    "tied_low_quality": t2j(det_utils.Matcher(0.7, 0.3, allow_low_quality_matches=True)(tied)),
                    "tied_plain": t2j(det_utils.Matcher(0.7, 0.3)(tied))}

# ---------------------------------------------------------------- sampler
labels = [torch.tensor([1, 0, 0, -1, 2, 0, 0, 1, 0, 0, 3, 0, -1, 0, 0, 0, 1, 0, 0, 0]),
          torch.tensor([0.0, 1.0, 0.0, 0.0, -1.0, 0.0, 1.0, 0.0])]
torch.manual_seed(3)
pos, neg = det_utils.BalancedPositiveNegativeSampler(8, 0.25)(labels)
cases["sampler"] = {"labels": [t2j(l) for l in labels], "pos": [t2j(p) for p in pos], "neg": [t2j(n) for n in neg],
                    "next_rand": t2j(torch.rand(2))}

# ---------------------------------------------------------------- transform
torch.manual_seed(4)
imgs = [torch.rand(3, 10, 15), torch.rand(3, 13, 9)]
tg = [{"boxes": torch.tensor([[1.0, 2.0, 10.5, 7.0], [0.0, 0.0, 15.0, 10.0]]), "labels": torch.tensor([1, 2])},
      {"boxes": torch.tensor([[3.0, 4.0, 7.0, 9.5]]), "labels": torch.tensor([1])}]
mean, std = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
tr = GeneralizedRCNNTransform(16, 20, mean, std, size_divisible=8).eval()
il, tt = tr(imgs, tg)
det = [{"boxes": torch.tensor([[1.0, 2.0, 30.0, 17.5]]), "labels": torch.tensor([1]), "scores": torch.tensor([0.5])},
       {"boxes": torch.tensor([[0.5, 1.0, 20.0, 40.0], [2.0, 3.0, 4.0, 5.0]]), "labels": torch.tensor([1, 2]), "scores": torch.tensor([0.5, 0.4])}]
post = tr.postprocess([dict(d) for d in det], il.image_sizes, [(10, 15), (13, 9)])
tr_train = GeneralizedRCNNTransform((12, 16, 20), 24, mean, std, size_divisible=8).train()
torch.manual_seed(5)
il2, tt2 = tr_train(imgs, tg)
cases["transform"] = {"images": [t2j(i) for i in imgs], "target_boxes": [t2j(t["boxes"]) for t in tg],
                      "eval_batch": t2j(il.tensors), "eval_sizes": [list(s) for s in il.image_sizes], "eval_boxes": [t2j(t["boxes"]) for t in tt],
                      "detections": [t2j(d["boxes"]) for d in det], "postprocessed": [t2j(d["boxes"]) for d in post],
                      "train_batch": t2j(il2.tensors), "train_sizes": [list(s) for s in il2.image_sizes],
                      "train_boxes": [t2j(t["boxes"]) for t in tt2], "repr": repr(tr), "pad32": list(tr.batch_images(imgs).shape)}

# ---------------------------------------------------------------- rpn
torch.manual_seed(6)
ag = AnchorGenerator(((16,), (32,)), ((0.5, 1.0, 2.0),) * 2)
head = RPNHead(8, 3)
with torch.no_grad():
    for p in head.parameters():  # away from N(0, 0.01) so that objectness is spread out, not tied near 0
        p.normal_(0, 0.3)
rpn = RegionProposalNetwork(ag, head, 0.7, 0.3, 32, 0.5, dict(training=40, testing=30), dict(training=20, testing=12), 0.7)
il = ImageList(torch.zeros(2, 3, 64, 64), [(64, 60), (50, 64)])
feats = {"0": torch.randn(2, 8, 8, 8), "1": torch.randn(2, 8, 4, 4)}
rpn.eval()
with torch.no_grad():
    boxes, _ = rpn(il, feats)
    obj, deltas = head(list(feats.values()))
    anchors = ag(il, list(feats.values()))
    nper = [o[0].numel() for o in obj]
    obj, deltas = concat_box_prediction_layers(obj, deltas)
    props = rpn.box_coder.decode(deltas, anchors).view(2, -1, 4)
    _, scores = rpn.filter_proposals(props, obj, il.image_sizes, nper)
rpn_targets = [{"boxes": torch.tensor([[4.0, 6.0, 30.0, 40.0], [30.0, 2.0, 58.0, 20.0]])}, {"boxes": torch.tensor([[10.0, 10.0, 50.0, 45.0]])}]
rpn.train()
torch.manual_seed(7)
tboxes, losses = rpn(il, feats, rpn_targets)
sum(losses.values()).backward()
cases["rpn"] = {"head": state(head), "features": {k: t2j(v) for k, v in feats.items()}, "image_sizes": [list(s) for s in il.image_sizes],
                "boxes": [t2j(b) for b in boxes], "scores": [t2j(s) for s in scores], "targets": [t2j(t["boxes"]) for t in rpn_targets],
                "train_boxes": [t2j(b) for b in tboxes], "losses": {k: float(v) for k, v in losses.items()},
                "grads": {k: t2j(p.grad) for k, p in head.named_parameters()}}

# ---------------------------------------------------------------- roi heads
torch.manual_seed(8)
proposals = [rand_boxes(6, 40.0), rand_boxes(5, 40.0)]
logits, regression = torch.randn(11, 4) * 2, torch.randn(11, 16) * 0.5
rh = RoIHeads(MultiScaleRoIAlign(["0"], 7, 2), TwoMLPHead(8 * 49, 16), FastRCNNPredictor(16, 4), 0.5, 0.5, 16, 0.25, None, 0.05, 0.5, 5)
b, s, l = rh.postprocess_detections(logits, regression, proposals, [(40, 45), (38, 50)])
loss_labels = [torch.tensor([1, 0, 3, 0, 2, 0]), torch.tensor([0, 2, 0, 0, 1])]
loss_targets = [torch.randn(6, 4), torch.randn(5, 4)]
lg, rg = logits.clone().requires_grad_(), regression.clone().requires_grad_()
lc, lb = fastrcnn_loss(lg, rg, loss_labels, loss_targets)
(lc + lb).backward()
cases["roi_heads"] = {"proposals": [t2j(p) for p in proposals], "logits": t2j(logits), "regression": t2j(regression),
                      "image_shapes": [[40, 45], [38, 50]], "boxes": [t2j(x) for x in b], "scores": [t2j(x) for x in s],
                      "labels": [t2j(x) for x in l], "loss_labels": [t2j(x) for x in loss_labels], "loss_targets": [t2j(x) for x in loss_targets],
                      "loss_classifier": float(lc), "loss_box_reg": float(lb), "logits_grad": t2j(lg.grad), "regression_grad": t2j(rg.grad)}


# ---------------------------------------------------------------- the whole model
def build(**kw):
    torch.manual_seed(0)
    m = fasterrcnn_resnet50_fpn(weights=None, weights_backbone=None, num_classes=3, min_size=160, max_size=256, **kw)
    with torch.no_grad():
        m.roi_heads.box_predictor.cls_score.weight.mul_(0.02)
        m.roi_heads.box_predictor.bbox_pred.weight.mul_(0.1)
    return m


EVAL_KW = dict(rpn_pre_nms_top_n_test=200, rpn_post_nms_top_n_test=30, box_detections_per_img=12)
m = build(**EVAL_KW).eval()
torch.manual_seed(1)
imgs = [torch.rand(3, 120, 150), torch.rand(3, 100, 90)]
with torch.no_grad():
    out = m(imgs)
    out64 = m.double()([i.double() for i in imgs])
for a, b in zip(out, out64):
    assert torch.equal(a["labels"], b["labels"]) and (a["boxes"].double() - b["boxes"]).abs().max() < 1e-3, "fragile eval case"
torch.manual_seed(0)
m = fasterrcnn_resnet50_fpn(weights=None, weights_backbone=None, num_classes=3, min_size=160, max_size=256, **EVAL_KW)
cases["model_eval"] = {**build_case(m), "input_sums": [float(i.double().sum()) for i in imgs],
                       "detections": [{k: t2j(v) for k, v in o.items()} for o in out]}

TRAIN_KW = dict(min_size=(144, 160), rpn_pre_nms_top_n_train=300, rpn_post_nms_top_n_train=100, rpn_batch_size_per_image=64,
                box_batch_size_per_image=32)
targets = [{"boxes": torch.tensor([[10.0, 12.0, 60.0, 80.0], [70.0, 20.0, 140.0, 110.0]]), "labels": torch.tensor([1, 2])},
           {"boxes": torch.tensor([[5.0, 30.0, 80.0, 95.0]]), "labels": torch.tensor([2])}]


def train_losses(dtype):
    torch.manual_seed(0)
    m = fasterrcnn_resnet50_fpn(weights=None, weights_backbone=None, num_classes=3, max_size=256, **TRAIN_KW)
    with torch.no_grad():
        m.roi_heads.box_predictor.cls_score.weight.mul_(0.02)
        m.roi_heads.box_predictor.bbox_pred.weight.mul_(0.1)
    m = m.to(dtype).train()
    torch.manual_seed(2)
    images = [torch.rand(3, 120, 150).to(dtype), torch.rand(3, 100, 90).to(dtype)]
    tg = [{"boxes": t["boxes"].to(dtype), "labels": t["labels"]} for t in targets]
    return m, images, m(images, tg)


m, images, losses = train_losses(torch.float32)
_, _, losses64 = train_losses(torch.float64)
for k in losses:
    # float32 noise moves the losses by ~1e-4 of themselves; a different sample would move them by far more
    assert abs(float(losses[k]) - float(losses64[k])) < 1e-3 * max(1.0, abs(float(losses64[k]))), ("fragile train case", k)
sum(losses.values()).backward()
named = dict(m.named_parameters())
grad_keys = ["roi_heads.box_predictor.cls_score.weight", "roi_heads.box_predictor.bbox_pred.bias", "roi_heads.box_head.fc6.weight",
             "rpn.head.cls_logits.weight", "rpn.head.bbox_pred.bias", "backbone.fpn.layer_blocks.0.0.weight", "backbone.body.layer4.2.conv3.weight",
             "backbone.body.conv1.weight"]
cases["model_train"] = {"input_sums": [float(i.double().sum()) for i in images], "targets": [t2j(t["boxes"]) for t in targets],
                        "target_labels": [t2j(t["labels"]) for t in targets], "losses": {k: float(v) for k, v in losses.items()},
                        "losses64": {k: float(v) for k, v in losses64.items()},
                        "grads": {k: [float(named[k].grad.double().sum()), float((named[k].grad.double() ** 2).sum())] for k in grad_keys}}

# ---------------------------------------------------------------- the MobileNetV3-Large FPN model
# In eval mode a random MobileNetV3 (batch norm at unit statistics) shrinks its activations to 1e-8, where every score
# ties; train mode's batch statistics keep them normal, so this model is checked by its losses.
MOBILE_KW = dict(num_classes=3, min_size=160, max_size=256, rpn_pre_nms_top_n_train=300, rpn_post_nms_top_n_train=100,
                 rpn_batch_size_per_image=64, box_batch_size_per_image=32)


def mobile_losses(dtype):
    torch.manual_seed(0)
    m = torchvision.models.detection.fasterrcnn_mobilenet_v3_large_fpn(weights=None, weights_backbone=None, **MOBILE_KW)
    built = build_case(m) if dtype == torch.float32 else None
    m = m.to(dtype).train()
    torch.manual_seed(2)
    images = [torch.rand(3, 120, 150).to(dtype), torch.rand(3, 100, 90).to(dtype)]
    tg = [{"boxes": t["boxes"].to(dtype), "labels": t["labels"]} for t in targets]
    return built, m, images, m(images, tg)


built, m, images, losses = mobile_losses(torch.float32)
losses64 = mobile_losses(torch.float64)[3]
for k in losses:
    assert abs(float(losses[k]) - float(losses64[k])) < 1e-3 * max(1.0, abs(float(losses64[k]))), ("fragile mobilenet case", k)
sum(losses.values()).backward()
named = dict(m.named_parameters())
grad_keys = ["roi_heads.box_predictor.cls_score.weight", "rpn.head.cls_logits.weight", "backbone.fpn.layer_blocks.1.0.weight",
             "backbone.body.16.0.weight", "backbone.body.0.0.weight"]
cases["mobilenet_train"] = {**built, "input_sums": [float(i.double().sum()) for i in images], "losses": {k: float(v) for k, v in losses.items()},
                            "losses64": {k: float(v) for k, v in losses64.items()},
                            "grads": {k: [float(named[k].grad.double().sum()), float((named[k].grad.double() ** 2).sum())] for k in grad_keys}}

write("vision_detection", cases)
