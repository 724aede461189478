package dev.torch4j.vision.models.detection;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.TensorOptions;
import dev.torch4j.nn.GroupNorm;
import dev.torch4j.nn.Module;
import dev.torch4j.vision.models.ResNet;
import dev.torch4j.vision.models.ResNet50Weights;
import dev.torch4j.vision.models.Weights;
import dev.torch4j.vision.ops.Boxes;
import dev.torch4j.vision.ops.LastLevelP6P7;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * torchvision's {@code RetinaNet(backbone, num_classes, ...)} (Lin et al.): a one-stage detector. The transformed
 * images' feature maps (every level of the backbone) go through a {@link RetinaNetHead}; in evaluation mode
 * {@link #postprocessDetections} keeps per level the best {@code topk_candidates} (anchor, class) pairs scoring above
 * {@code score_thresh}, then NMS within each class ({@code boxes}, {@code scores}, {@code labels} per image); in
 * training mode anchors are matched to the targets (IoU 0.5 / 0.4, low-quality matches kept) and the losses are
 * {@code classification} (sigmoid focal loss) and {@code bbox_regression} (L1). Keyword arguments are {@link Options}.
 *
 * <pre>{@code
 * RetinaNet model = RetinaNet.retinanetResnet50Fpn(RetinaNetResNet50FPNWeights.DEFAULT, null, null, null, RetinaNet.options());
 * model.eval();
 * Map<String, Tensor> found = model.forward(List.of(image)).getFirst();   // boxes, scores, labels
 * }</pre>
 */
public class RetinaNet extends Module {
    /** The images to named feature maps. */
    public final Module backbone;
    /** Anchors for every level. */
    public final AnchorGenerator anchor_generator;
    /** Class logits and box deltas per anchor. */
    public final RetinaNetHead head;
    /** Normalizes, resizes and batches the images. */
    public final GeneralizedRCNNTransform transform;
    /** Anchors to targets. */
    public final Matcher proposalMatcher;
    /** Deltas against anchors, weights (1, 1, 1, 1). */
    public final BoxCoder boxCoder = new BoxCoder(new double[] {1, 1, 1, 1});
    /** Candidates scoring at or below this are dropped. */
    public final double scoreThresh;
    /** NMS's IoU threshold within each class. */
    public final double nmsThresh;
    /** At most this many detections per image. */
    public final long detectionsPerImg;
    /** At most this many candidates per level. */
    public final long topkCandidates;

    /** The losses (training mode; else empty) and the detections (evaluation mode; else empty). */
    public record Output(Map<String, Tensor> losses, List<Map<String, Tensor>> detections) {}

    /** {@code RetinaNet(backbone, num_classes)} with every default, for a {@link DetectionBackbone}. */
    public RetinaNet(Module backbone, long numClasses) { this(backbone, numClasses, options()); }

    /** {@code RetinaNet(backbone, num_classes, **kwargs)} for a {@link DetectionBackbone}. */
    public RetinaNet(Module backbone, long numClasses, Options o) { this(backbone, outChannels(backbone), numClasses, o); }

    /** {@code RetinaNet(backbone, num_classes, **kwargs)} for any backbone, given its {@code out_channels}. */
    public RetinaNet(Module backbone, long outChannels, long numClasses, Options o) {
        this.backbone = backbone;
        this.anchor_generator = o.anchorGenerator != null ? o.anchorGenerator : defaultAnchorgen();
        this.head = o.head != null ? o.head : new RetinaNetHead(outChannels, anchor_generator.numAnchorsPerLocation()[0], numClasses);
        this.proposalMatcher = o.proposalMatcher != null ? o.proposalMatcher : new Matcher(o.fgIouThresh, o.bgIouThresh, true);
        this.transform = o.transform();
        this.scoreThresh = o.scoreThresh;
        this.nmsThresh = o.nmsThresh;
        this.detectionsPerImg = o.detectionsPerImg;
        this.topkCandidates = o.topkCandidates;
    }

    private static long outChannels(Module backbone) {
        if (!(backbone instanceof DetectionBackbone b)) {
            throw new IllegalArgumentException("backbone should contain an attribute out_channels specifying the number of output channels "
                    + "(assumed to be the same for all the levels)");
        }
        return b.outChannels();
    }

    /** torchvision's {@code _default_anchorgen()}: per level x in 32 to 512 the sizes x, x * 2^(1/3), x * 2^(2/3) (truncated), ratios 0.5, 1, 2. */
    static AnchorGenerator defaultAnchorgen() {
        long[][] sizes = new long[5][];
        for (int i = 0; i < 5; i++) {
            long x = 32L << i;
            sizes[i] = new long[] {x, (long) (x * Math.pow(2, 1.0 / 3)), (long) (x * Math.pow(2, 2.0 / 3))};
        }
        return new AnchorGenerator(sizes, new double[][] {{0.5, 1.0, 2.0}});
    }

    /** {@code model(images)} in evaluation mode: the detections of each {@code [C, H, W]} image. */
    public List<Map<String, Tensor>> forward(List<Tensor> images) {
        if (isTraining()) throw new IllegalArgumentException("targets should not be none when in training mode");
        return forward(images, null).detections();
    }

    /** {@code model(images, targets)}: training mode fills the losses, evaluation mode the detections. */
    public Output forward(List<Tensor> images, List<Map<String, Tensor>> targets) {
        if (isTraining()) {
            if (targets == null) throw new IllegalArgumentException("targets should not be none when in training mode");
            for (Map<String, Tensor> t : targets) {
                Tensor boxes = t.get("boxes");
                if (boxes == null || boxes.dim() != 2 || boxes.size(-1) != 4) {
                    throw new IllegalArgumentException("Expected target boxes to be a tensor of shape [N, 4].");
                }
            }
        }
        List<long[]> originalSizes = new ArrayList<>();
        for (Tensor img : images) originalSizes.add(new long[] {img.size(-2), img.size(-1)});
        GeneralizedRCNNTransform.Output t = transform.forward(images, targets);
        if (t.targets() != null) GeneralizedRCNN.checkDegenerate(t.targets());
        List<Tensor> features = new ArrayList<>(GeneralizedRCNN.features(backbone, t.images().tensors()).values());
        Map<String, Tensor> headOutputs = head.forward(features);
        List<Tensor> anchors = anchor_generator.forward(t.images(), features);
        Map<String, Tensor> losses = new LinkedHashMap<>();
        List<Map<String, Tensor>> detections = new ArrayList<>();
        if (isTraining()) {
            losses = computeLoss(t.targets(), headOutputs, anchors);
        } else {
            long hw = 0;
            long[] perLevel = new long[features.size()];
            for (int i = 0; i < perLevel.length; i++) hw += perLevel[i] = features.get(i).size(2) * features.get(i).size(3);
            long a = headOutputs.get("cls_logits").size(1) / hw;
            for (int i = 0; i < perLevel.length; i++) perLevel[i] *= a;
            List<Tensor[]> logits = new ArrayList<>(), regression = new ArrayList<>(), anchorsSplit = new ArrayList<>();
            for (int i = 0; i < anchors.size(); i++) {
                logits.add(headOutputs.get("cls_logits").select(0, i).split(perLevel));
                regression.add(headOutputs.get("bbox_regression").select(0, i).split(perLevel));
                anchorsSplit.add(anchors.get(i).split(perLevel));
            }
            detections = postprocessDetections(logits, regression, anchorsSplit, t.images().imageSizes());
            detections = transform.postprocess(detections, t.images().imageSizes(), originalSizes);
        }
        return new Output(losses, detections);
    }


    /**
     * {@code compute_loss(targets, head_outputs, anchors)}: each image's anchors matched to its boxes (all -1 without
     * boxes), then the head's losses.
     */
    public Map<String, Tensor> computeLoss(List<Map<String, Tensor>> targets, Map<String, Tensor> headOutputs, List<Tensor> anchors) {
        List<Tensor> matched = new ArrayList<>();
        for (int i = 0; i < anchors.size(); i++) {
            Tensor boxes = targets.get(i).get("boxes"), a = anchors.get(i);
            if (boxes.numel() == 0) {
                matched.add(Torch.full(Torch.shape(a.size(0)), -1L, TensorOptions.DEFAULT.dtype(DType.INT64).device(a.device())));
            } else {
                matched.add(proposalMatcher.apply(Boxes.boxIou(boxes, a)));
            }
        }
        return head.computeLoss(targets, headOutputs, anchors, matched);
    }

    /**
     * {@code postprocess_detections(head_outputs, anchors, image_shapes)}, per image its levels' logits, deltas and
     * anchors: per level the sigmoid scores above {@code score_thresh}, the best {@code topk_candidates} of them,
     * their anchors' boxes decoded and clipped; then NMS within each class over all levels, the best
     * {@code detections_per_img} kept ({@code boxes}, {@code scores}, {@code labels}).
     */
    public List<Map<String, Tensor>> postprocessDetections(List<Tensor[]> classLogits, List<Tensor[]> boxRegression, List<Tensor[]> anchors,
                                                           List<long[]> imageShapes) {
        List<Map<String, Tensor>> detections = new ArrayList<>();
        for (int index = 0; index < imageShapes.size(); index++) {
            List<Tensor> boxes = new ArrayList<>(), scores = new ArrayList<>(), labels = new ArrayList<>();
            Tensor[] logitsPerImage = classLogits.get(index), regPerImage = boxRegression.get(index), anchorsPerImage = anchors.get(index);
            for (int l = 0; l < logitsPerImage.length; l++) {
                long numClasses = logitsPerImage[l].size(-1);
                Tensor s = logitsPerImage[l].sigmoid().flatten();
                Tensor topkIdxs = s.gt(scoreThresh).nonzero().select(1, 0);
                s = s.indexSelect(0, topkIdxs);
                var top = s.topk(Math.min(topkCandidates, topkIdxs.size(0)));
                topkIdxs = topkIdxs.indexSelect(0, top.indices());
                Tensor anchorIdxs = topkIdxs.floorDivide(numClasses);
                Tensor b = boxCoder.decodeSingle(regPerImage[l].indexSelect(0, anchorIdxs), anchorsPerImage[l].indexSelect(0, anchorIdxs));
                boxes.add(Boxes.clipBoxesToImage(b, imageShapes.get(index)[0], imageShapes.get(index)[1]));
                scores.add(top.values());
                labels.add(topkIdxs.remainder(numClasses));
            }
            Tensor b = Torch.cat(boxes, 0), s = Torch.cat(scores, 0), lb = Torch.cat(labels, 0);
            Tensor keep = Boxes.batchedNms(b, s, lb, nmsThresh);
            keep = keep.narrow(0, 0, Math.min(keep.size(0), detectionsPerImg));
            Map<String, Tensor> d = new LinkedHashMap<>();
            d.put("boxes", b.indexSelect(0, keep));
            d.put("scores", s.indexSelect(0, keep));
            d.put("labels", lb.indexSelect(0, keep));
            detections.add(d);
        }
        return detections;
    }

    /** {@code retinanet_resnet50_fpn()}: untrained, 91 classes, batch norm in the backbone. */
    public static RetinaNet retinanetResnet50Fpn() { return retinanetResnet50Fpn(null, null, null, null, options()); }

    /**
     * {@code retinanet_resnet50_fpn(weights, weights_backbone, num_classes, trainable_backbone_layers, **kwargs)}: a
     * ResNet-50 whose layers 2 to 4 feed a feature pyramid with P6 and P7 ({@link LastLevelP6P7} from P5); weights,
     * class count, frozen batch norms and trainable layers as {@link FasterRCNN#fasterrcnnResnet50Fpn}, the COCO_V1
     * weights with FrozenBatchNorm2d's eps 0.
     */
    public static RetinaNet retinanetResnet50Fpn(RetinaNetResNet50FPNWeights weights, ResNet50Weights weightsBackbone, Long numClasses,
                                                 Integer trainableBackboneLayers, Options o) {
        FasterRCNN.Plan p = FasterRCNN.Plan.of(weights, weightsBackbone, numClasses, trainableBackboneLayers, 5);
        ResNet resnet = ResNet.resnet50(weights == null ? weightsBackbone : null, ResNet.options().normLayer(p.normLayer()));
        // skip P2 (too many anchors, as the paper says); P6 and P7 come from P5
        BackboneWithFPN backbone = BackboneUtils.resnetFpnExtractor(resnet, p.trainableLayers(), new long[] {2, 3, 4}, new LastLevelP6P7(256, 256), null);
        RetinaNet model = new RetinaNet(backbone, p.numClasses(), o);
        if (weights != null) {
            Weights.load(model, weights, sd -> sd);
            if (weights == RetinaNetResNet50FPNWeights.COCO_V1) FasterRCNN.overwriteEps(model, 0.0);
        }
        return model;
    }

    /** {@code retinanet_resnet50_fpn_v2()}: untrained, 91 classes. */
    public static RetinaNet retinanetResnet50FpnV2() { return retinanetResnet50FpnV2(null, null, null, null, options()); }

    /**
     * {@code retinanet_resnet50_fpn_v2(weights, weights_backbone, num_classes, trainable_backbone_layers, **kwargs)}
     * (the improved recipe of Zhang et al., "Bridging the Gap Between Anchor-based and Anchor-free Detection"): batch
     * norm (not frozen) in the ResNet-50, P6 and P7 from C5 ({@code LastLevelP6P7(2048, 256)}), a head with
     * {@code GroupNorm(32, 256)} after each convolution and the GIoU box loss. Weights, class count and trainable
     * layers as {@link #retinanetResnet50Fpn}; the factory's anchor generator and head replace any given.
     */
    public static RetinaNet retinanetResnet50FpnV2(RetinaNetResNet50FPNV2Weights weights, ResNet50Weights weightsBackbone, Long numClasses,
                                                   Integer trainableBackboneLayers, Options o) {
        FasterRCNN.Plan p = FasterRCNN.Plan.of(weights, weightsBackbone, numClasses, trainableBackboneLayers, 5);
        ResNet resnet = ResNet.resnet50(weights == null ? weightsBackbone : null, ResNet.options());
        BackboneWithFPN backbone = BackboneUtils.resnetFpnExtractor(resnet, p.trainableLayers(), new long[] {2, 3, 4}, new LastLevelP6P7(2048, 256), null);
        AnchorGenerator anchors = defaultAnchorgen();
        RetinaNetHead head = new RetinaNetHead(backbone.outChannels(), anchors.numAnchorsPerLocation()[0], p.numClasses(), c -> new GroupNorm(32, c));
        head.regression_head.lossType("giou");
        RetinaNet model = new RetinaNet(backbone, p.numClasses(), o.anchorGenerator(anchors).head(head));
        return weights == null ? model : Weights.load(model, weights, sd -> sd);
    }

    /** torchvision's defaults for every keyword argument. */
    public static Options options() { return new Options(); }

    /** {@code RetinaNet}'s keyword arguments, each setter returning a changed copy; null parts are built by default. */
    public static final class Options extends TransformOptions<Options> {
        AnchorGenerator anchorGenerator;
        RetinaNetHead head;
        Matcher proposalMatcher;
        double scoreThresh = 0.05, nmsThresh = 0.5;
        long detectionsPerImg = 300;
        double fgIouThresh = 0.5, bgIouThresh = 0.4;
        long topkCandidates = 1000;

        private Options() {}

        /** {@code anchor_generator} (three sizes per level from 32 to 512, three ratios). */
        public Options anchorGenerator(AnchorGenerator v) { return with(o -> o.anchorGenerator = v); }

        /** {@code head} (a {@link RetinaNetHead}). */
        public Options head(RetinaNetHead v) { return with(o -> o.head = v); }

        /** {@code proposal_matcher} (IoU {@code fg_iou_thresh} / {@code bg_iou_thresh}, low-quality matches kept). */
        public Options proposalMatcher(Matcher v) { return with(o -> o.proposalMatcher = v); }

        /** {@code score_thresh} (0.05). */
        public Options scoreThresh(double v) { return with(o -> o.scoreThresh = v); }

        /** {@code nms_thresh} (0.5). */
        public Options nmsThresh(double v) { return with(o -> o.nmsThresh = v); }

        /** {@code detections_per_img} (300). */
        public Options detectionsPerImg(long v) { return with(o -> o.detectionsPerImg = v); }

        /** {@code fg_iou_thresh} (0.5). */
        public Options fgIouThresh(double v) { return with(o -> o.fgIouThresh = v); }

        /** {@code bg_iou_thresh} (0.4). */
        public Options bgIouThresh(double v) { return with(o -> o.bgIouThresh = v); }

        /** {@code topk_candidates} (1000): candidates kept per level before NMS. */
        public Options topkCandidates(long v) { return with(o -> o.topkCandidates = v); }
    }
}
