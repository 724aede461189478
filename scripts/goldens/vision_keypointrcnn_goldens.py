"""Goldens for torchvision 0.14's Keypoint R-CNN in dev.torch4j.vision.models.detection -> goldens/vision_keypointrcnn.json.

Run: /usr/bin/python3 scripts/goldens/vision_keypointrcnn_goldens.py   (needs python3-torchvision; about 20 s)

No pretrained weights (no network): models are built after torch.manual_seed, as vision_detection_goldens.py does.
Named cases:
- heads: KeypointRCNNHeads(4, (5, 5)) and KeypointRCNNPredictor(5, 3) after manual_seed(0) (state dicts whole), their
  outputs on a random [2, 4, 6, 6] input (the predictor's heatmaps are 4x larger).
- heatmap: keypoints_to_heatmap of keypoints inside, on the right and bottom edges, outside and invisible.
- loss: keypointrcnn_loss on random logits (and their gradient).
- to_keypoints: heatmaps_to_keypoints on random maps with fractional rois and one narrower than a pixel.
- transform: GeneralizedRCNNTransform scaling target keypoints, and postprocess scaling predicted ones back.
- model_eval: keypointrcnn_resnet50_fpn(weights=None, weights_backbone=None, num_keypoints=5, min_size=160,
  max_size=256, few proposals) after manual_seed(0) as build_case; the box predictor scaled as in the Faster R-CNN
  golden; detections on two rand images (boxes, labels, scores, keypoints, keypoints_scores), checked against the
  float64 model (same labels and keypoint cells).
- model_train: the same build in training mode (min_size (144, 160)) after manual_seed(2) with keypoints in the
  targets: the five losses (checked against float64) and gradient sums of a few parameters.
"""
import torch
from torchvision.models.detection import keypointrcnn_resnet50_fpn
from torchvision.models.detection.keypoint_rcnn import KeypointRCNNHeads, KeypointRCNNPredictor
from torchvision.models.detection.roi_heads import heatmaps_to_keypoints, keypointrcnn_loss, keypoints_to_heatmap
from torchvision.models.detection.transform import GeneralizedRCNNTransform

from common import write
from detection_cases import scaled, t2j
from model_cases import build_case
from torch2x import module_list_repr

torch.nn.ModuleList.__repr__ = module_list_repr  # torch4j prints 2.x's repr (the FPN's equal layer_blocks as one line)



cases = {}

torch.manual_seed(0)
heads = KeypointRCNNHeads(4, (5, 5))
pred = KeypointRCNNPredictor(5, 3)
x = torch.randn(2, 4, 6, 6)
with torch.no_grad():
    hx = heads(x)
    px = pred(hx)
cases["heads"] = {"heads": {k: t2j(v) for k, v in heads.state_dict().items()}, "predictor": {k: t2j(v) for k, v in pred.state_dict().items()},
                  "heads_repr": repr(heads), "predictor_repr": repr(pred), "input": t2j(x), "heads_out": t2j(hx), "predictor_out": t2j(px)}

rois = torch.tensor([[2.0, 3.0, 18.0, 21.5], [0.5, 0.0, 7.0, 9.0]])
kps = torch.tensor([[[5.0, 6.0, 2.0], [18.0, 10.0, 1.0], [7.0, 21.5, 2.0], [1.0, 5.0, 2.0], [10.0, 10.0, 0.0]],
                    [[0.5, 0.0, 1.0], [6.99, 8.99, 1.0], [7.0, 9.0, 2.0], [3.3, 20.0, 2.0], [4.0, 4.0, 1.0]]])
hm, valid = keypoints_to_heatmap(kps, rois, 8)
cases["heatmap"] = {"rois": t2j(rois), "keypoints": t2j(kps), "heatmaps": t2j(hm), "valid": t2j(valid)}

torch.manual_seed(1)
props = [rois, torch.tensor([[1.0, 1.0, 12.0, 15.0]])]
gt = [kps, kps[:1] * 0.6]
matched = [torch.tensor([0, 1]), torch.tensor([0])]
logits = torch.randn(3, 5, 8, 8)
lg = logits.clone().requires_grad_()
loss = keypointrcnn_loss(lg, props, gt, matched)
loss.backward()
cases["loss"] = {"proposals": [t2j(p) for p in props], "gt": [t2j(g) for g in gt], "matched": [t2j(m) for m in matched],
                 "logits": t2j(logits), "loss": float(loss), "grad": t2j(lg.grad)}

torch.manual_seed(2)
maps = torch.randn(3, 4, 8, 8)
hrois = torch.tensor([[2.3, 3.1, 14.8, 11.2], [0.0, 0.0, 5.0, 20.0], [7.0, 7.0, 7.4, 9.5]])
xy, sc = heatmaps_to_keypoints(maps, hrois)
cases["to_keypoints"] = {"maps": t2j(maps), "rois": t2j(hrois), "keypoints": t2j(xy), "scores": t2j(sc)}

img = torch.rand(3, 10, 15)
tr = GeneralizedRCNNTransform(16, 20, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225], size_divisible=8).eval()
tkp = torch.tensor([[[1.0, 2.0, 1.0], [14.5, 9.0, 0.0]]])
il, tt = tr([img], [{"boxes": torch.tensor([[1.0, 2.0, 10.0, 8.0]]), "labels": torch.tensor([1]), "keypoints": tkp}])
det = [{"boxes": torch.tensor([[1.0, 2.0, 12.0, 9.0]]), "labels": torch.tensor([1]), "scores": torch.tensor([0.9]),
        "keypoints": torch.tensor([[[3.0, 4.0, 1.0], [11.0, 2.5, 1.0]]])}]
detected = det[0]["keypoints"].clone()
post = tr.postprocess(det, il.image_sizes, [(10, 15)])  # writes into det
cases["transform"] = {"image": t2j(img), "keypoints": t2j(tkp), "resized": t2j(tt[0]["keypoints"]), "sizes": [list(s) for s in il.image_sizes],
                      "detected": t2j(detected), "postprocessed": t2j(post[0]["keypoints"])}


EVAL_KW = dict(num_keypoints=5, min_size=160, max_size=256, rpn_pre_nms_top_n_test=200, rpn_post_nms_top_n_test=30, box_detections_per_img=6)
torch.manual_seed(0)
m = keypointrcnn_resnet50_fpn(weights=None, weights_backbone=None, **EVAL_KW)
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
    # the keypoints sit at the heatmaps' maxima: the same cells in float64
    assert (a["keypoints"].double() - b["keypoints"]).abs().max() < 1e-2, "fragile keypoints"
cases["model_eval"] = {**built, "input_sums": [float(i.double().sum()) for i in imgs],
                       "detections": [{k: t2j(v) for k, v in o.items()} for o in out]}

TRAIN_KW = dict(num_keypoints=5, min_size=(144, 160), max_size=256, rpn_pre_nms_top_n_train=300, rpn_post_nms_top_n_train=100,
                rpn_batch_size_per_image=64, box_batch_size_per_image=32)
boxes = [torch.tensor([[10.0, 12.0, 60.0, 80.0], [70.0, 20.0, 140.0, 110.0]]), torch.tensor([[5.0, 30.0, 80.0, 95.0]])]
labels = [torch.tensor([1, 1]), torch.tensor([1])]
keypoints = [torch.tensor([[[20.0, 20.0, 2.0], [30.0, 40.0, 2.0], [50.0, 70.0, 1.0], [12.0, 75.0, 0.0], [59.0, 13.0, 2.0]],
                           [[80.0, 30.0, 2.0], [100.0, 60.0, 2.0], [130.0, 100.0, 2.0], [75.0, 105.0, 1.0], [90.0, 25.0, 2.0]]]),
             torch.tensor([[[10.0, 40.0, 2.0], [40.0, 60.0, 2.0], [70.0, 90.0, 2.0], [20.0, 80.0, 0.0], [60.0, 35.0, 1.0]]])]
# off round numbers: a keypoint whose cell coordinate in a target box is a whole number (e.g. (100 - 70) * 56 / 70)
# would fall into either cell under float32 noise
keypoints = [k + torch.tensor([0.37, 0.61, 0.0]) for k in keypoints]


def train_losses(dtype):
    torch.manual_seed(0)
    m = scaled(keypointrcnn_resnet50_fpn(weights=None, weights_backbone=None, **TRAIN_KW)).to(dtype).train()
    torch.manual_seed(2)
    images = [torch.rand(3, 120, 150).to(dtype), torch.rand(3, 100, 90).to(dtype)]
    # torchvision requires float32 keypoints even for a float64 model
    tg = [{"boxes": b.to(dtype), "labels": l, "keypoints": k} for b, l, k in zip(boxes, labels, keypoints)]
    return m, images, m(images, tg)


m, images, losses = train_losses(torch.float32)
losses64 = train_losses(torch.float64)[2]
for k in losses:
    assert abs(float(losses[k]) - float(losses64[k])) < 1e-3 * max(1.0, abs(float(losses64[k]))), ("fragile train case", k)
sum(losses.values()).backward()
named = dict(m.named_parameters())
grad_keys = ["roi_heads.keypoint_predictor.kps_score_lowres.weight", "roi_heads.keypoint_head.14.weight", "roi_heads.keypoint_head.0.bias",
             "roi_heads.box_predictor.cls_score.weight", "rpn.head.cls_logits.weight", "backbone.body.conv1.weight"]
cases["model_train"] = {"input_sums": [float(i.double().sum()) for i in images], "targets": [t2j(b) for b in boxes],
                        "target_labels": [t2j(l) for l in labels], "target_keypoints": [t2j(k) for k in keypoints],
                        "losses": {k: float(v) for k, v in losses.items()}, "losses64": {k: float(v) for k, v in losses64.items()},
                        "grads": {k: [float(named[k].grad.double().sum()), float((named[k].grad.double() ** 2).sum())] for k in grad_keys}}

write("vision_keypointrcnn", cases)
