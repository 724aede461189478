package dev.torch4j.vision.models.detection;

import dev.torch4j.nn.Module;
import dev.torch4j.vision.models.ResNet;
import dev.torch4j.vision.models.ResNet50Weights;
import dev.torch4j.vision.models.Weights;
import dev.torch4j.vision.ops.MultiScaleRoIAlign;

import java.util.List;

/**
 * torchvision's {@code KeypointRCNN(backbone, num_classes, ..., num_keypoints)}: {@link FasterRCNN} with a keypoint
 * branch in its {@link RoIHeads}: boxes pooled 14x14 ({@code keypoint_roi_pool}), eight 3x3 convolutions of 512
 * ({@link KeypointRCNNHeads}) and a {@link KeypointRCNNPredictor} giving a 56x56 heatmap per keypoint (17 by default).
 * In evaluation mode each image's detections also hold {@code keypoints} ({@code [N, K, 3]}: x, y, 1 in the original
 * image) and {@code keypoints_scores} ({@code [N, K]}); in training mode each target also needs {@code keypoints}
 * ({@code [N, K, 3]} float32: x, y, visibility) and the losses add {@code loss_keypoint}. {@code min_size} defaults
 * to (640, 672, 704, 736, 768, 800) unless set.
 */
public class KeypointRCNN extends FasterRCNN {
    /** {@code KeypointRCNN(backbone, num_classes)} with every default (17 keypoints). */
    public KeypointRCNN(Module backbone, Long numClasses) { this(backbone, numClasses, null, options()); }

    /** {@code KeypointRCNN(backbone, num_classes, num_keypoints=..., **kwargs)} for a {@link DetectionBackbone}; null keypoints are 17. */
    public KeypointRCNN(Module backbone, Long numClasses, Long numKeypoints, Options o) {
        this(backbone, Parts.of(outChannels(backbone), numKeypoints, o), numClasses);
    }

    /** {@code KeypointRCNN(...)} for any backbone, given its {@code out_channels}. */
    public KeypointRCNN(Module backbone, long outChannels, Long numClasses, Long numKeypoints, Options o) {
        this(backbone, Parts.of(outChannels, numKeypoints, o), numClasses);
    }

    // the keypoint parts are built (drawing their initial weights) before the RPN and box parts, in torchvision's order
    private KeypointRCNN(Module backbone, Parts parts, Long numClasses) {
        super(backbone, parts.outChannels(), numClasses, parts.options());
        roi_heads.keypoint_roi_pool = parts.pool();
        roi_heads.keypoint_head = parts.head();
        roi_heads.keypoint_predictor = parts.predictor();
    }

    private record Parts(long outChannels, Options options, MultiScaleRoIAlign pool, Module head, Module predictor) {
        static Parts of(long outChannels, Long numKeypoints, Options o) {
            o = o.over(FasterRCNN.options().minSize(640, 672, 704, 736, 768, 800));
            if (numKeypoints != null && o.keypointPredictor != null) {
                throw new IllegalArgumentException("num_keypoints should be None when keypoint_predictor is specified");
            }
            long k = numKeypoints == null ? 17 : numKeypoints;
            MultiScaleRoIAlign pool = o.keypointRoiPool != null ? o.keypointRoiPool
                    : new MultiScaleRoIAlign(List.of("0", "1", "2", "3"), new long[] {14}, 2);
            Module head = o.keypointHead != null ? o.keypointHead : new KeypointRCNNHeads(outChannels, new long[] {512, 512, 512, 512, 512, 512, 512, 512});
            Module predictor = o.keypointPredictor != null ? o.keypointPredictor : new KeypointRCNNPredictor(512, k);
            return new Parts(outChannels, o, pool, head, predictor);
        }
    }

    private static long outChannels(Module backbone) {
        if (!(backbone instanceof DetectionBackbone b)) {
            throw new IllegalArgumentException("backbone should contain an attribute out_channels specifying the number of output channels "
                    + "(assumed to be the same for all the levels)");
        }
        return b.outChannels();
    }

    /** {@code keypointrcnn_resnet50_fpn()}: untrained, 2 classes, 17 keypoints, batch norm in the backbone. */
    public static KeypointRCNN keypointrcnnResnet50Fpn() { return keypointrcnnResnet50Fpn(null, null, null, null, null, options()); }

    /**
     * {@code keypointrcnn_resnet50_fpn(weights, weights_backbone, num_classes, num_keypoints,
     * trainable_backbone_layers, **kwargs)}: a ResNet-50 with a feature pyramid under Keypoint R-CNN. With
     * {@code weights} the class and keypoint counts are theirs (2 and 17; ones given must agree), else 2 and 17 by
     * default; frozen batch norms and trainable layers as {@link FasterRCNN#fasterrcnnResnet50Fpn}, the COCO_V1
     * weights with FrozenBatchNorm2d's eps 0.
     */
    public static KeypointRCNN keypointrcnnResnet50Fpn(KeypointRCNNResNet50FPNWeights weights, ResNet50Weights weightsBackbone, Long numClasses,
                                                       Long numKeypoints, Integer trainableBackboneLayers, Options o) {
        if (weights != null) {
            numClasses = overwriteValueParam("num_classes", numClasses, weights.categories().size());
            numKeypoints = overwriteValueParam("num_keypoints", numKeypoints, weights.keypointNames().size());
        } else {
            if (numClasses == null) numClasses = 2L;
            if (numKeypoints == null) numKeypoints = 17L;
        }
        Plan p = Plan.of(weights, weightsBackbone, numClasses, trainableBackboneLayers, 5);
        ResNet backbone = ResNet.resnet50(weights == null ? weightsBackbone : null, ResNet.options().normLayer(p.normLayer()));
        KeypointRCNN model = new KeypointRCNN(BackboneUtils.resnetFpnExtractor(backbone, p.trainableLayers(), null, null, null), numClasses,
                numKeypoints, o);
        if (weights != null) {
            Weights.load(model, weights, sd -> sd);
            if (weights == KeypointRCNNResNet50FPNWeights.COCO_V1) overwriteEps(model, 0.0);
        }
        return model;
    }
}
