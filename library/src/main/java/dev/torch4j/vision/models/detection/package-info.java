/**
 * {@code torchvision.models.detection}: Faster R-CNN ({@link dev.torch4j.vision.models.detection.FasterRCNN}, its
 * factories {@code fasterrcnnResnet50Fpn}, {@code fasterrcnnResnet50FpnV2} (with
 * {@link dev.torch4j.vision.models.detection.FastRCNNConvFCHead}), {@code fasterrcnnMobilenetV3LargeFpn} and
 * {@code fasterrcnnMobilenetV3Large320Fpn}, and their COCO weights enums), Mask R-CNN
 * ({@link dev.torch4j.vision.models.detection.MaskRCNN}, {@code maskrcnnResnet50Fpn}, {@code maskrcnnResnet50FpnV2}, its mask branch
 * {@link dev.torch4j.vision.models.detection.MaskRCNNHeads} and
 * {@link dev.torch4j.vision.models.detection.MaskRCNNPredictor}), Keypoint R-CNN
 * ({@link dev.torch4j.vision.models.detection.KeypointRCNN}, {@code keypointrcnnResnet50Fpn},
 * {@link dev.torch4j.vision.models.detection.KeypointRCNNHeads},
 * {@link dev.torch4j.vision.models.detection.KeypointRCNNPredictor}), RetinaNet
 * ({@link dev.torch4j.vision.models.detection.RetinaNet}, {@code retinanetResnet50Fpn}, {@code retinanetResnet50FpnV2},
 * {@link dev.torch4j.vision.models.detection.RetinaNetHead}) and their parts under torchvision's names:
 * {@link dev.torch4j.vision.models.detection.GeneralizedRCNNTransform},
 * {@link dev.torch4j.vision.models.detection.AnchorGenerator}, {@link dev.torch4j.vision.models.detection.BoxCoder},
 * {@link dev.torch4j.vision.models.detection.Matcher},
 * {@link dev.torch4j.vision.models.detection.BalancedPositiveNegativeSampler},
 * {@link dev.torch4j.vision.models.detection.RPNHead}, {@link dev.torch4j.vision.models.detection.RegionProposalNetwork},
 * {@link dev.torch4j.vision.models.detection.TwoMLPHead}, {@link dev.torch4j.vision.models.detection.FastRCNNPredictor},
 * {@link dev.torch4j.vision.models.detection.RoIHeads}, {@link dev.torch4j.vision.models.detection.GeneralizedRCNN},
 * {@link dev.torch4j.vision.models.detection.BackboneWithFPN} and
 * {@link dev.torch4j.vision.models.detection.BackboneUtils}. Module and state-dict names are torchvision's, so its
 * checkpoints load; random draws (initialisation, {@code torch.randperm} in the samplers, the training-mode choice of
 * {@code min_size}) are PyTorch's after the same seed.
 *
 * <pre>{@code
 * FasterRCNN model = FasterRCNN.fasterrcnnResnet50Fpn(FasterRCNNResNet50FPNWeights.DEFAULT, null, null, null, FasterRCNN.options());
 * model.eval();
 * Map<String, Tensor> found = model.forward(List.of(image)).getFirst();   // boxes [N, 4], labels, scores
 * String name = FasterRCNNResNet50FPNWeights.DEFAULT.categories().get((int) found.get("labels").get(0L).itemLong());
 *
 * model.train();
 * Map<String, Tensor> losses = model.forward(images, targets).losses();   // targets: boxes and labels per image
 * }</pre>
 */
package dev.torch4j.vision.models.detection;
