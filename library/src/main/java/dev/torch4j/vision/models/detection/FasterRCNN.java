package dev.torch4j.vision.models.detection;

import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.Module;
import dev.torch4j.vision.models.MobileNetV3;
import dev.torch4j.vision.models.MobileNetV3LargeWeights;
import dev.torch4j.vision.models.ResNet;
import dev.torch4j.vision.models.ResNet50Weights;
import dev.torch4j.vision.models.Weights;
import dev.torch4j.vision.ops.FrozenBatchNorm2d;
import dev.torch4j.vision.ops.MultiScaleRoIAlign;

import java.util.List;
import java.util.function.LongFunction;

/**
 * torchvision's {@code FasterRCNN(backbone, num_classes, ...)} (Ren et al.): a {@link GeneralizedRCNN} whose parts
 * default to torchvision's: five anchor sizes (32 to 512) with ratios (0.5, 1, 2) one per feature map, an
 * {@link RPNHead}, RoI align of 7x7 from maps "0" to "3", a {@link TwoMLPHead} of 1024 and a
 * {@link FastRCNNPredictor}. The keyword arguments are an {@link Options} value with torchvision's defaults.
 *
 * <pre>{@code
 * FasterRCNN model = FasterRCNN.fasterrcnnResnet50Fpn(FasterRCNNResNet50FPNWeights.DEFAULT, null, null, null, FasterRCNN.options());
 * model.eval();
 * List<Map<String, Tensor>> detections = model.forward(List.of(image));   // boxes, labels, scores per image
 * }</pre>
 */
public class FasterRCNN extends GeneralizedRCNN {
    /** torchvision's ImageNet normalization, the default {@code image_mean} and {@code image_std}. */
    static final double[] IMAGE_MEAN = {0.485, 0.456, 0.406}, IMAGE_STD = {0.229, 0.224, 0.225};

    /** {@code FasterRCNN(backbone, num_classes)} with every default. */
    public FasterRCNN(Module backbone, Long numClasses) { this(backbone, numClasses, options()); }

    /**
     * {@code FasterRCNN(backbone, num_classes, **kwargs)} for a {@link DetectionBackbone} (which knows its
     * {@code out_channels}); {@code numClasses} null only with a box predictor given.
     */
    public FasterRCNN(Module backbone, Long numClasses, Options o) { this(backbone, outChannels(backbone), numClasses, o); }

    /**
     * {@code FasterRCNN(backbone, num_classes, **kwargs)} for any backbone, given its {@code out_channels} (Python
     * sets {@code backbone.out_channels = 1280}); a backbone that is no {@link DetectionBackbone} gives one feature
     * map, named {@code "0"}, so give it an anchor generator and RoI pool for one map:
     *
     * <pre>{@code
     * var anchors = new AnchorGenerator(new long[][] {{32, 64, 128, 256, 512}}, new double[][] {{0.5, 1.0, 2.0}});
     * var pool = new MultiScaleRoIAlign(List.of("0"), new long[] {7}, 2);
     * var model = new FasterRCNN(MobileNetV2.mobilenetV2().features, 1280, 2L, FasterRCNN.options().rpnAnchorGenerator(anchors).boxRoiPool(pool));
     * }</pre>
     */
    public FasterRCNN(Module backbone, long outChannels, Long numClasses, Options o) {
        super(backbone, rpn(outChannels, o), roiHeads(outChannels, numClasses, o), o.transform());
        // Python passes unknown keywords on to GeneralizedRCNNTransform, which rejects them
        if (!(this instanceof MaskRCNN)) {
            unexpected(o.maskRoiPool != null ? "mask_roi_pool" : o.maskHead != null ? "mask_head" : o.maskPredictor != null ? "mask_predictor" : null);
        }
        if (!(this instanceof KeypointRCNN)) {
            unexpected(o.keypointRoiPool != null ? "keypoint_roi_pool" : o.keypointHead != null ? "keypoint_head"
                    : o.keypointPredictor != null ? "keypoint_predictor" : null);
        }
    }

    private static void unexpected(String keyword) {
        if (keyword != null) throw new IllegalArgumentException("__init__() got an unexpected keyword argument '" + keyword + "'");
    }

    private static long outChannels(Module backbone) {
        if (!(backbone instanceof DetectionBackbone b)) {
            throw new IllegalArgumentException("backbone should contain an attribute out_channels specifying the number of output channels "
                    + "(assumed to be the same for all the levels)");
        }
        return b.outChannels();
    }

    /** torchvision's {@code _default_anchorgen()}: sizes 32, 64, 128, 256, 512 (one per map), ratios 0.5, 1, 2. */
    static AnchorGenerator defaultAnchorgen() {
        return new AnchorGenerator(new long[][] {{32}, {64}, {128}, {256}, {512}}, new double[][] {{0.5, 1.0, 2.0}});
    }

    private static RegionProposalNetwork rpn(long outChannels, Options o) {
        AnchorGenerator anchors = o.rpnAnchorGenerator != null ? o.rpnAnchorGenerator : defaultAnchorgen();
        RPNHead head = o.rpnHead != null ? o.rpnHead : new RPNHead(outChannels, anchors.numAnchorsPerLocation()[0]);
        return new RegionProposalNetwork(anchors, head, o.rpnFgIouThresh, o.rpnBgIouThresh, o.rpnBatchSizePerImage, o.rpnPositiveFraction,
                o.rpnPreNmsTopNTrain, o.rpnPreNmsTopNTest, o.rpnPostNmsTopNTrain, o.rpnPostNmsTopNTest, o.rpnNmsThresh, o.rpnScoreThresh);
    }

    private static RoIHeads roiHeads(long outChannels, Long numClasses, Options o) {
        if (numClasses != null && o.boxPredictor != null) throw new IllegalArgumentException("num_classes should be None when box_predictor is specified");
        if (numClasses == null && o.boxPredictor == null) {
            throw new IllegalArgumentException("num_classes should not be None when box_predictor is not specified");
        }
        MultiScaleRoIAlign pool = o.boxRoiPool != null ? o.boxRoiPool : new MultiScaleRoIAlign(List.of("0", "1", "2", "3"), new long[] {7}, 2);
        long resolution = pool.outputSize[0];
        Module head = o.boxHead != null ? o.boxHead : new TwoMLPHead(outChannels * resolution * resolution, 1024);
        FastRCNNPredictor predictor = o.boxPredictor != null ? o.boxPredictor : new FastRCNNPredictor(1024, numClasses);
        return new RoIHeads(pool, head, predictor, o.boxFgIouThresh, o.boxBgIouThresh, o.boxBatchSizePerImage, o.boxPositiveFraction,
                o.bboxRegWeights, o.boxScoreThresh, o.boxNmsThresh, o.boxDetectionsPerImg);
    }

    /** {@code fasterrcnn_resnet50_fpn()}: untrained, 91 classes, batch norm in the backbone (no weights to freeze). */
    public static FasterRCNN fasterrcnnResnet50Fpn() { return fasterrcnnResnet50Fpn(null, null, null, null, options()); }

    /**
     * {@code fasterrcnn_resnet50_fpn(weights, weights_backbone, num_classes, trainable_backbone_layers, **kwargs)}:
     * a ResNet-50 with a feature pyramid under Faster R-CNN. With {@code weights} (COCO) the backbone weights are not
     * loaded separately and {@code num_classes} must be null or 91; with either weights the backbone's batch norms are
     * {@link FrozenBatchNorm2d} and only the last {@code trainableBackboneLayers} (default 3) of its 5 train, without
     * any all 5 train with ordinary batch norm. The COCO_V1 weights run with FrozenBatchNorm2d's eps 0, as torchvision
     * sets it for them ({@code overwrite_eps}).
     */
    public static FasterRCNN fasterrcnnResnet50Fpn(FasterRCNNResNet50FPNWeights weights, ResNet50Weights weightsBackbone, Long numClasses,
                                                   Integer trainableBackboneLayers, Options o) {
        Plan p = Plan.of(weights, weightsBackbone, numClasses, trainableBackboneLayers, 5);
        ResNet backbone = ResNet.resnet50(weights == null ? weightsBackbone : null, ResNet.options().normLayer(p.normLayer()));
        FasterRCNN model = new FasterRCNN(BackboneUtils.resnetFpnExtractor(backbone, p.trainableLayers(), null, null, null), p.numClasses(), o);
        if (weights != null) {
            Weights.load(model, weights, sd -> sd);
            if (weights == FasterRCNNResNet50FPNWeights.COCO_V1) overwriteEps(model, 0.0);
        }
        return model;
    }

    /** {@code fasterrcnn_resnet50_fpn_v2()}: untrained, 91 classes. */
    public static FasterRCNN fasterrcnnResnet50FpnV2() { return fasterrcnnResnet50FpnV2(null, null, null, null, options()); }

    /**
     * {@code fasterrcnn_resnet50_fpn_v2(weights, weights_backbone, num_classes, trainable_backbone_layers, **kwargs)}
     * (Li et al., "Benchmarking Detection Transfer Learning with Vision Transformers"): batch norm (not frozen) in
     * the ResNet-50 and its feature pyramid, an {@link RPNHead} of two convolutions and a {@link FastRCNNConvFCHead}
     * (four 256-channel convolutions with batch norm, a linear layer of 1024). Weights, class count and trainable
     * layers as {@link #fasterrcnnResnet50Fpn}; the factory's anchor generator, RPN head and box head replace any given.
     */
    public static FasterRCNN fasterrcnnResnet50FpnV2(FasterRCNNResNet50FPNV2Weights weights, ResNet50Weights weightsBackbone, Long numClasses,
                                                     Integer trainableBackboneLayers, Options o) {
        Plan p = Plan.of(weights, weightsBackbone, numClasses, trainableBackboneLayers, 5);
        V2Parts v2 = V2Parts.of(weights == null ? weightsBackbone : null, p.trainableLayers(), o);
        FasterRCNN model = new FasterRCNN(v2.backbone(), p.numClasses(), v2.options());
        return weights == null ? model : Weights.load(model, weights, sd -> sd);
    }

    /** What the v2 factories (Faster and Mask R-CNN) share: the backbone, and the options with the v2 anchors, RPN head and box head. */
    record V2Parts(BackboneWithFPN backbone, Options options) {
        /** Built in torchvision's order (ResNet-50, pyramid, RPN head, box head), so the same seed draws the same weights. */
        static V2Parts of(ResNet50Weights weightsBackbone, int trainableLayers, Options o) {
            ResNet resnet = ResNet.resnet50(weightsBackbone, ResNet.options());
            BackboneWithFPN backbone = BackboneUtils.resnetFpnExtractor(resnet, trainableLayers, null, null, BatchNorm2d::new);
            AnchorGenerator anchors = defaultAnchorgen();
            RPNHead rpnHead = new RPNHead(backbone.outChannels(), anchors.numAnchorsPerLocation()[0], 2);
            var boxHead = new FastRCNNConvFCHead(new long[] {backbone.outChannels(), 7, 7}, new long[] {256, 256, 256, 256}, new long[] {1024},
                    BatchNorm2d::new);
            return new V2Parts(backbone, o.rpnAnchorGenerator(anchors).rpnHead(rpnHead).boxHead(boxHead));
        }
    }

    /** {@code fasterrcnn_mobilenet_v3_large_fpn()}: untrained, 91 classes. */
    public static FasterRCNN fasterrcnnMobilenetV3LargeFpn() { return fasterrcnnMobilenetV3LargeFpn(null, null, null, null, options()); }

    /**
     * {@code fasterrcnn_mobilenet_v3_large_fpn(weights, weights_backbone, num_classes, trainable_backbone_layers,
     * **kwargs)}: a MobileNetV3-Large whose last two stages feed a feature pyramid, anchors of 5 sizes and 3 ratios
     * at each of its 3 levels; {@code rpn_score_thresh} defaults to 0.05. Of the backbone's 6 stages the last
     * {@code trainableBackboneLayers} (default 3) train when weights are given, all otherwise.
     */
    public static FasterRCNN fasterrcnnMobilenetV3LargeFpn(FasterRCNNMobileNetV3LargeFPNWeights weights, MobileNetV3LargeWeights weightsBackbone,
                                                          Long numClasses, Integer trainableBackboneLayers, Options o) {
        return mobilenetV3LargeFpn(weights, weightsBackbone, numClasses, trainableBackboneLayers, o.over(options().rpnScoreThresh(0.05)));
    }

    /** {@code fasterrcnn_mobilenet_v3_large_320_fpn()}: untrained, 91 classes. */
    public static FasterRCNN fasterrcnnMobilenetV3Large320Fpn() { return fasterrcnnMobilenetV3Large320Fpn(null, null, null, null, options()); }

    /**
     * {@code fasterrcnn_mobilenet_v3_large_320_fpn(...)}: {@link #fasterrcnnMobilenetV3LargeFpn} for small images,
     * its defaults {@code min_size} 320, {@code max_size} 640, {@code rpn_pre_nms_top_n_test} and
     * {@code rpn_post_nms_top_n_test} 150, {@code rpn_score_thresh} 0.05.
     */
    public static FasterRCNN fasterrcnnMobilenetV3Large320Fpn(FasterRCNNMobileNetV3Large320FPNWeights weights, MobileNetV3LargeWeights weightsBackbone,
                                                             Long numClasses, Integer trainableBackboneLayers, Options o) {
        Options defaults = options().minSize(320).maxSize(640).rpnPreNmsTopNTest(150).rpnPostNmsTopNTest(150).rpnScoreThresh(0.05);
        return mobilenetV3LargeFpn(weights, weightsBackbone, numClasses, trainableBackboneLayers, o.over(defaults));
    }

    /** torchvision's {@code _fasterrcnn_mobilenet_v3_large_fpn}. */
    private static FasterRCNN mobilenetV3LargeFpn(DetectionWeights weights, MobileNetV3LargeWeights weightsBackbone, Long numClasses,
                                                  Integer trainableBackboneLayers, Options o) {
        Plan p = Plan.of(weights, weightsBackbone, numClasses, trainableBackboneLayers, 6);
        MobileNetV3 mobilenet = MobileNetV3.mobilenetV3Large(weights == null ? weightsBackbone : null, p.normLayer());
        BackboneWithFPN backbone = BackboneUtils.mobilenetFpnExtractor(mobilenet, p.trainableLayers(), null, null, null);
        long[][] sizes = {{32, 64, 128, 256, 512}, {32, 64, 128, 256, 512}, {32, 64, 128, 256, 512}};
        var anchors = new AnchorGenerator(sizes, new double[][] {{0.5, 1.0, 2.0}});
        FasterRCNN model = new FasterRCNN(backbone, p.numClasses(), o.rpnAnchorGenerator(anchors));
        return weights == null ? model : Weights.load(model, weights, sd -> sd);
    }

    /**
     * What torchvision's detection builders settle first: with model weights the backbone's are not loaded and the
     * class count is theirs (one given must agree), else 91 by default; with either weights the backbone's norms are
     * frozen and {@code trainable_backbone_layers} (default 3) applies, without any every layer trains.
     */
    record Plan(long numClasses, int trainableLayers, LongFunction<Module> normLayer) {
        static Plan of(DetectionWeights weights, Weights weightsBackbone, Long numClasses, Integer trainableBackboneLayers, int maxTrainable) {
            long classes = weights != null ? overwriteValueParam("num_classes", numClasses, weights.categories().size())
                    : numClasses == null ? 91 : numClasses;
            boolean isTrained = weights != null || weightsBackbone != null;
            int trainable = BackboneUtils.validateTrainableLayers(isTrained, trainableBackboneLayers, maxTrainable, 3);
            return new Plan(classes, trainable, isTrained ? FrozenBatchNorm2d::new : BatchNorm2d::new);
        }
    }

    /** torchvision's {@code _ovewrite_value_param}: the weights' value, which a value given must equal. */
    static long overwriteValueParam(String param, Long actual, long expected) {
        if (actual != null && actual != expected) {
            throw new IllegalArgumentException("The parameter '" + param + "' expected value " + expected + " but got " + actual + " instead.");
        }
        return expected;
    }

    /** torchvision's {@code overwrite_eps(model, eps)}: every {@link FrozenBatchNorm2d}'s eps set to {@code eps}. */
    public static void overwriteEps(Module model, double eps) {
        for (Module m : model.modules()) if (m instanceof FrozenBatchNorm2d f) f.eps = eps;
    }

    /** torchvision's defaults for every keyword argument. */
    public static Options options() { return new Options(); }

    /** {@code FasterRCNN}'s keyword arguments, each setter returning a changed copy; null parts are built by default. */
    public static final class Options extends TransformOptions<Options> {
        AnchorGenerator rpnAnchorGenerator;
        RPNHead rpnHead;
        long rpnPreNmsTopNTrain = 2000, rpnPreNmsTopNTest = 1000, rpnPostNmsTopNTrain = 2000, rpnPostNmsTopNTest = 1000;
        double rpnNmsThresh = 0.7, rpnFgIouThresh = 0.7, rpnBgIouThresh = 0.3;
        long rpnBatchSizePerImage = 256;
        double rpnPositiveFraction = 0.5, rpnScoreThresh = 0.0;
        MultiScaleRoIAlign boxRoiPool;
        Module boxHead;
        FastRCNNPredictor boxPredictor;
        double boxScoreThresh = 0.05, boxNmsThresh = 0.5;
        long boxDetectionsPerImg = 100;
        double boxFgIouThresh = 0.5, boxBgIouThresh = 0.5;
        long boxBatchSizePerImage = 512;
        double boxPositiveFraction = 0.25;
        double[] bboxRegWeights;
        MultiScaleRoIAlign maskRoiPool, keypointRoiPool;
        Module maskHead, maskPredictor, keypointHead, keypointPredictor;


        private Options() {}

        /** {@code rpn_anchor_generator} (five sizes, one per map). */
        public Options rpnAnchorGenerator(AnchorGenerator v) { return with(o -> o.rpnAnchorGenerator = v); }

        /** {@code rpn_head}. */
        public Options rpnHead(RPNHead v) { return with(o -> o.rpnHead = v); }

        /** {@code rpn_pre_nms_top_n_train} (2000): proposals per level kept before NMS in training. */
        public Options rpnPreNmsTopNTrain(long v) { return with(o -> o.rpnPreNmsTopNTrain = v); }

        /** {@code rpn_pre_nms_top_n_test} (1000). */
        public Options rpnPreNmsTopNTest(long v) { return with(o -> o.rpnPreNmsTopNTest = v); }

        /** {@code rpn_post_nms_top_n_train} (2000): proposals per image kept after NMS in training. */
        public Options rpnPostNmsTopNTrain(long v) { return with(o -> o.rpnPostNmsTopNTrain = v); }

        /** {@code rpn_post_nms_top_n_test} (1000). */
        public Options rpnPostNmsTopNTest(long v) { return with(o -> o.rpnPostNmsTopNTest = v); }

        /** {@code rpn_nms_thresh} (0.7). */
        public Options rpnNmsThresh(double v) { return with(o -> o.rpnNmsThresh = v); }

        /** {@code rpn_fg_iou_thresh} (0.7). */
        public Options rpnFgIouThresh(double v) { return with(o -> o.rpnFgIouThresh = v); }

        /** {@code rpn_bg_iou_thresh} (0.3). */
        public Options rpnBgIouThresh(double v) { return with(o -> o.rpnBgIouThresh = v); }

        /** {@code rpn_batch_size_per_image} (256). */
        public Options rpnBatchSizePerImage(long v) { return with(o -> o.rpnBatchSizePerImage = v); }

        /** {@code rpn_positive_fraction} (0.5). */
        public Options rpnPositiveFraction(double v) { return with(o -> o.rpnPositiveFraction = v); }

        /** {@code rpn_score_thresh} (0). */
        public Options rpnScoreThresh(double v) { return with(o -> o.rpnScoreThresh = v); }

        /** {@code box_roi_pool} (7x7 from maps "0" to "3", sampling ratio 2). */
        public Options boxRoiPool(MultiScaleRoIAlign v) { return with(o -> o.boxRoiPool = v); }

        /** {@code box_head} (a {@link TwoMLPHead} of 1024). */
        public Options boxHead(Module v) { return with(o -> o.boxHead = v); }

        /** {@code box_predictor}; then {@code num_classes} must be null. */
        public Options boxPredictor(FastRCNNPredictor v) { return with(o -> o.boxPredictor = v); }

        /** {@code box_score_thresh} (0.05). */
        public Options boxScoreThresh(double v) { return with(o -> o.boxScoreThresh = v); }

        /** {@code box_nms_thresh} (0.5). */
        public Options boxNmsThresh(double v) { return with(o -> o.boxNmsThresh = v); }

        /** {@code box_detections_per_img} (100). */
        public Options boxDetectionsPerImg(long v) { return with(o -> o.boxDetectionsPerImg = v); }

        /** {@code box_fg_iou_thresh} (0.5). */
        public Options boxFgIouThresh(double v) { return with(o -> o.boxFgIouThresh = v); }

        /** {@code box_bg_iou_thresh} (0.5). */
        public Options boxBgIouThresh(double v) { return with(o -> o.boxBgIouThresh = v); }

        /** {@code box_batch_size_per_image} (512). */
        public Options boxBatchSizePerImage(long v) { return with(o -> o.boxBatchSizePerImage = v); }

        /** {@code box_positive_fraction} (0.25). */
        public Options boxPositiveFraction(double v) { return with(o -> o.boxPositiveFraction = v); }

        /** {@code bbox_reg_weights} ((10, 10, 5, 5)). */
        public Options bboxRegWeights(double... v) { return with(o -> o.bboxRegWeights = v.clone()); }

        /** {@code mask_roi_pool} ({@link MaskRCNN} only: 14x14 from maps "0" to "3", sampling ratio 2). */
        public Options maskRoiPool(MultiScaleRoIAlign v) { return with(o -> o.maskRoiPool = v); }

        /** {@code mask_head} ({@link MaskRCNN} only: a {@link MaskRCNNHeads} of four 256-channel layers). */
        public Options maskHead(Module v) { return with(o -> o.maskHead = v); }

        /** {@code mask_predictor} ({@link MaskRCNN} only: a {@link MaskRCNNPredictor} of 256); then {@code num_classes} must be null. */
        public Options maskPredictor(Module v) { return with(o -> o.maskPredictor = v); }

        /** {@code keypoint_roi_pool} ({@link KeypointRCNN} only: 14x14 from maps "0" to "3", sampling ratio 2). */
        public Options keypointRoiPool(MultiScaleRoIAlign v) { return with(o -> o.keypointRoiPool = v); }

        /** {@code keypoint_head} ({@link KeypointRCNN} only: a {@link KeypointRCNNHeads} of eight 512-channel layers). */
        public Options keypointHead(Module v) { return with(o -> o.keypointHead = v); }

        /** {@code keypoint_predictor} ({@link KeypointRCNN} only: a {@link KeypointRCNNPredictor} of 512); then {@code num_keypoints} must be null. */
        public Options keypointPredictor(Module v) { return with(o -> o.keypointPredictor = v); }
    }
}
