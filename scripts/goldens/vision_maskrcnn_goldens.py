"""Goldens for torchvision 0.14's Mask R-CNN in dev.torch4j.vision.models.detection -> goldens/vision_maskrcnn.json.

Run: /usr/bin/python3 scripts/goldens/vision_maskrcnn_goldens.py   (needs python3-torchvision; about 15 s)

No pretrained weights (no network): models are built after torch.manual_seed, as vision_detection_goldens.py does.
Named cases:
- heads: MaskRCNNHeads(8, (6, 6), 2) and MaskRCNNPredictor(6, 5, 4) after manual_seed(0) (their state dicts whole),
  and their outputs on a random [3, 8, 7, 7] input.
- paste: paste_masks_in_image on three random 6x6 masks with float boxes (one partly outside the image, one smaller
  than a pixel) into a 20x25 image (a box wholly right of or below the image fails in torchvision; it is not pasted).
- mask_loss: project_masks_on_boxes, maskrcnn_loss (and the logits' gradient) and maskrcnn_inference on random data.
- transform: GeneralizedRCNNTransform resizing target masks (nearest, uint8) in eval mode.
- model_eval: maskrcnn_resnet50_fpn(weights=None, weights_backbone=None, num_classes=3, min_size=160, max_size=256,
  few proposals) after manual_seed(0), recorded as build_case; then the box predictor scaled as in the Faster R-CNN
  golden; detections on two rand images. Masks at the original size are big, so each is kept as its sum, sum of
  squares and every 7th row and column. The script checks the float64 model gives the same labels and masks within
  1e-3.
- model_train: the same build in training mode after manual_seed(2) with masks in the targets: the five losses
  (checked against float64) and gradient sums of a few parameters.
"""
import torch
from torchvision.models.detection import maskrcnn_resnet50_fpn
from torchvision.models.detection.mask_rcnn import MaskRCNNHeads, MaskRCNNPredictor
from torchvision.models.detection.roi_heads import maskrcnn_inference, maskrcnn_loss, paste_masks_in_image, project_masks_on_boxes
from torchvision.models.detection.transform import GeneralizedRCNNTransform

from common import write
from detection_cases import box_masks, mask_summary, scaled, t2j
from model_cases import build_case
from torch2x import module_list_repr

torch.nn.ModuleList.__repr__ = module_list_repr  # torch4j prints 2.x's repr (the FPN's four equal layer_blocks as one line)



cases = {}

# ---------------------------------------------------------------- heads
torch.manual_seed(0)
heads = MaskRCNNHeads(8, (6, 6), 2)
pred = MaskRCNNPredictor(6, 5, 4)
x = torch.randn(3, 8, 7, 7)
with torch.no_grad():
    hx = heads(x)
    px = pred(hx)
cases["heads"] = {"heads": {k: t2j(v) for k, v in heads.state_dict().items()}, "predictor": {k: t2j(v) for k, v in pred.state_dict().items()},
                  "heads_repr": repr(heads), "predictor_repr": repr(pred), "input": t2j(x), "heads_out": t2j(hx), "predictor_out": t2j(px)}

# ---------------------------------------------------------------- paste
torch.manual_seed(1)
masks = torch.rand(3, 1, 6, 6)
boxes = torch.tensor([[2.3, 3.7, 12.9, 15.2], [-4.5, 10.0, 8.0, 30.0], [7.2, 7.1, 7.6, 7.4]])
cases["paste"] = {"masks": t2j(masks), "boxes": t2j(boxes), "pasted": t2j(paste_masks_in_image(masks, boxes, (20, 25)))}

# ---------------------------------------------------------------- mask loss
torch.manual_seed(2)
gt_masks = [(torch.rand(2, 24, 30) > 0.5).to(torch.uint8), (torch.rand(1, 20, 20) > 0.4).to(torch.uint8)]
props = [torch.tensor([[1.0, 2.0, 20.0, 18.5], [4.5, 0.0, 28.0, 22.0], [0.0, 0.0, 9.0, 9.0]]), torch.tensor([[3.0, 5.0, 15.0, 19.0]])]
matched = [torch.tensor([0, 1, 1]), torch.tensor([0])]
gt_labels = [torch.tensor([2, 1]), torch.tensor([3])]
logits = torch.randn(4, 4, 6, 6)
lg = logits.clone().requires_grad_()
loss = maskrcnn_loss(lg, props, gt_masks, gt_labels, matched)
loss.backward()
inf = maskrcnn_inference(logits, [torch.tensor([1, 3, 0]), torch.tensor([2])])
cases["mask_loss"] = {"gt_masks": [t2j(m) for m in gt_masks], "proposals": [t2j(p) for p in props], "matched": [t2j(m) for m in matched],
                      "gt_labels": [t2j(l) for l in gt_labels], "logits": t2j(logits),
                      "projected": t2j(project_masks_on_boxes(gt_masks[0], props[0], matched[0], 6)),
                      "loss": float(loss), "grad": t2j(lg.grad), "inference": [t2j(i) for i in inf]}

# ---------------------------------------------------------------- transform
torch.manual_seed(3)
img = torch.rand(3, 10, 15)
tmask = (torch.rand(2, 10, 15) > 0.5).to(torch.uint8)
tr = GeneralizedRCNNTransform(16, 20, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225], size_divisible=8).eval()
_, tt = tr([img], [{"boxes": torch.tensor([[1.0, 2.0, 10.0, 8.0], [0.0, 0.0, 5.0, 5.0]]), "labels": torch.tensor([1, 2]), "masks": tmask}])
fixed = GeneralizedRCNNTransform(16, 20, [0.0] * 3, [1.0] * 3, size_divisible=8, fixed_size=(12, 7)).eval()
_, tf = fixed([img], [{"boxes": torch.tensor([[1.0, 2.0, 10.0, 8.0]]), "labels": torch.tensor([1]), "masks": tmask}])
cases["transform"] = {"image": t2j(img), "masks": t2j(tmask), "resized": t2j(tt[0]["masks"]), "fixed": t2j(tf[0]["masks"])}


# ---------------------------------------------------------------- the whole model
EVAL_KW = dict(num_classes=3, min_size=160, max_size=256, rpn_pre_nms_top_n_test=200, rpn_post_nms_top_n_test=30, box_detections_per_img=8)
torch.manual_seed(0)
m = maskrcnn_resnet50_fpn(weights=None, weights_backbone=None, **EVAL_KW)
built = build_case(m, few=True)
m = scaled(m).eval()
torch.manual_seed(1)
imgs = [torch.rand(3, 120, 150), torch.rand(3, 100, 90)]
with torch.no_grad():
    out = m(imgs)
    out64 = m.double()([i.double() for i in imgs])
for a, b in zip(out, out64):
    assert len(a["labels"]) > 0
    assert torch.equal(a["labels"], b["labels"]) and (a["boxes"].double() - b["boxes"]).abs().max() < 1e-3, "fragile eval case"
    assert (a["masks"].double() - b["masks"]).abs().max() < 1e-3, "fragile masks"
cases["model_eval"] = {**built, "input_sums": [float(i.double().sum()) for i in imgs],
                       "detections": [{"boxes": t2j(o["boxes"]), "labels": t2j(o["labels"]), "scores": t2j(o["scores"]),
                                       "mask_shape": list(o["masks"].shape), "masks": mask_summary(o["masks"])} for o in out]}

TRAIN_KW = dict(num_classes=3, min_size=(144, 160), max_size=256, rpn_pre_nms_top_n_train=300, rpn_post_nms_top_n_train=100,
                rpn_batch_size_per_image=64, box_batch_size_per_image=32)
boxes = [torch.tensor([[10.0, 12.0, 60.0, 80.0], [70.0, 20.0, 140.0, 110.0]]), torch.tensor([[5.0, 30.0, 80.0, 95.0]])]
labels = [torch.tensor([1, 2]), torch.tensor([2])]


def train_losses(dtype):
    torch.manual_seed(0)
    m = scaled(maskrcnn_resnet50_fpn(weights=None, weights_backbone=None, **TRAIN_KW)).to(dtype).train()
    torch.manual_seed(2)
    images = [torch.rand(3, 120, 150).to(dtype), torch.rand(3, 100, 90).to(dtype)]
    tg = [{"boxes": b.to(dtype), "labels": l, "masks": box_masks(b, i.shape[1], i.shape[2])} for b, l, i in zip(boxes, labels, images)]
    return m, images, m(images, tg)


m, images, losses = train_losses(torch.float32)
losses64 = train_losses(torch.float64)[2]
for k in losses:
    assert abs(float(losses[k]) - float(losses64[k])) < 1e-3 * max(1.0, abs(float(losses64[k]))), ("fragile train case", k)
sum(losses.values()).backward()
named = dict(m.named_parameters())
grad_keys = ["roi_heads.mask_predictor.mask_fcn_logits.weight", "roi_heads.mask_predictor.conv5_mask.bias", "roi_heads.mask_head.3.0.weight",
             "roi_heads.mask_head.0.0.bias", "roi_heads.box_predictor.cls_score.weight", "rpn.head.cls_logits.weight",
             "backbone.fpn.layer_blocks.0.0.weight", "backbone.body.conv1.weight"]
cases["model_train"] = {"input_sums": [float(i.double().sum()) for i in images], "targets": [t2j(b) for b in boxes],
                        "target_labels": [t2j(l) for l in labels], "losses": {k: float(v) for k, v in losses.items()},
                        "losses64": {k: float(v) for k, v in losses64.items()},
                        "grads": {k: [float(named[k].grad.double().sum()), float((named[k].grad.double() ** 2).sum())] for k in grad_keys}}

write("vision_maskrcnn", cases)
