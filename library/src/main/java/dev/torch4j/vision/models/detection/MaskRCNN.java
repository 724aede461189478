package dev.torch4j.vision.models.detection;

import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.Module;
import dev.torch4j.vision.models.ResNet;
import dev.torch4j.vision.models.ResNet50Weights;
import dev.torch4j.vision.models.Weights;
import dev.torch4j.vision.ops.MultiScaleRoIAlign;

import java.util.List;

/**
 * torchvision's {@code MaskRCNN(backbone, num_classes, ...)} (He et al.): {@link FasterRCNN} with a mask branch in
 * its {@link RoIHeads}: boxes pooled 14x14 ({@code mask_roi_pool}), four 3x3 convolutions ({@link MaskRCNNHeads}) and
 * a {@link MaskRCNNPredictor} giving a 28x28 mask per class. In evaluation mode each image's detections also hold
 * {@code masks} ({@code [N, 1, H, W]} probabilities in the original image; threshold at 0.5 for binary masks); in
 * training mode each target also needs {@code masks} ({@code [N, H, W]} uint8) and the losses add {@code loss_mask}.
 * The mask settings are {@link FasterRCNN.Options#maskRoiPool}, {@link FasterRCNN.Options#maskHead} and
 * {@link FasterRCNN.Options#maskPredictor}.
 *
 * <pre>{@code
 * MaskRCNN model = MaskRCNN.maskrcnnResnet50Fpn(MaskRCNNResNet50FPNWeights.DEFAULT, null, null, null, FasterRCNN.options());
 * model.eval();
 * Map<String, Tensor> found = model.forward(List.of(image)).getFirst();   // boxes, labels, scores, masks
 * Tensor binary = found.get("masks").ge(0.5);
 * }</pre>
 */
public class MaskRCNN extends FasterRCNN {
    /** {@code MaskRCNN(backbone, num_classes)} with every default. */
    public MaskRCNN(Module backbone, Long numClasses) { this(backbone, numClasses, options()); }

    /** {@code MaskRCNN(backbone, num_classes, **kwargs)} for a {@link DetectionBackbone}. */
    public MaskRCNN(Module backbone, Long numClasses, Options o) { this(backbone, outChannels(backbone), numClasses, o); }

    /** {@code MaskRCNN(backbone, num_classes, **kwargs)} for any backbone, given its {@code out_channels}. */
    public MaskRCNN(Module backbone, long outChannels, Long numClasses, Options o) {
        this(backbone, outChannels, numClasses, o, MaskParts.of(outChannels, numClasses, o));
    }

    // the mask parts are built (drawing their initial weights) before the RPN and box parts, in torchvision's order
    private MaskRCNN(Module backbone, long outChannels, Long numClasses, Options o, MaskParts parts) {
        super(backbone, outChannels, numClasses, o);
        roi_heads.mask_roi_pool = parts.pool();
        roi_heads.mask_head = parts.head();
        roi_heads.mask_predictor = parts.predictor();
    }

    private record MaskParts(MultiScaleRoIAlign pool, Module head, Module predictor) {
        static MaskParts of(long outChannels, Long numClasses, Options o) {
            if (numClasses != null && o.maskPredictor != null) throw new IllegalArgumentException("num_classes should be None when mask_predictor is specified");
            if (numClasses == null && o.maskPredictor == null) {
                throw new IllegalArgumentException("num_classes should not be None when mask_predictor is not specified");
            }
            MultiScaleRoIAlign pool = o.maskRoiPool != null ? o.maskRoiPool : new MultiScaleRoIAlign(List.of("0", "1", "2", "3"), new long[] {14}, 2);
            Module head = o.maskHead != null ? o.maskHead : new MaskRCNNHeads(outChannels, new long[] {256, 256, 256, 256}, 1);
            Module predictor = o.maskPredictor != null ? o.maskPredictor : new MaskRCNNPredictor(256, 256, numClasses);
            return new MaskParts(pool, head, predictor);
        }
    }

    private static long outChannels(Module backbone) {
        if (!(backbone instanceof DetectionBackbone b)) {
            throw new IllegalArgumentException("backbone should contain an attribute out_channels specifying the number of output channels "
                    + "(assumed to be the same for all the levels)");
        }
        return b.outChannels();
    }

    /** {@code maskrcnn_resnet50_fpn()}: untrained, 91 classes, batch norm in the backbone. */
    public static MaskRCNN maskrcnnResnet50Fpn() { return maskrcnnResnet50Fpn(null, null, null, null, options()); }

    /**
     * {@code maskrcnn_resnet50_fpn(weights, weights_backbone, num_classes, trainable_backbone_layers, **kwargs)}: a
     * ResNet-50 with a feature pyramid under Mask R-CNN; weights, class count, frozen batch norms and trainable layers
     * as {@link FasterRCNN#fasterrcnnResnet50Fpn}, the COCO_V1 weights with FrozenBatchNorm2d's eps 0.
     */
    public static MaskRCNN maskrcnnResnet50Fpn(MaskRCNNResNet50FPNWeights weights, ResNet50Weights weightsBackbone, Long numClasses,
                                               Integer trainableBackboneLayers, Options o) {
        Plan p = Plan.of(weights, weightsBackbone, numClasses, trainableBackboneLayers, 5);
        ResNet backbone = ResNet.resnet50(weights == null ? weightsBackbone : null, ResNet.options().normLayer(p.normLayer()));
        MaskRCNN model = new MaskRCNN(BackboneUtils.resnetFpnExtractor(backbone, p.trainableLayers(), null, null, null), p.numClasses(), o);
        if (weights != null) {
            Weights.load(model, weights, sd -> sd);
            if (weights == MaskRCNNResNet50FPNWeights.COCO_V1) overwriteEps(model, 0.0);
        }
        return model;
    }

    /** {@code maskrcnn_resnet50_fpn_v2()}: untrained, 91 classes. */
    public static MaskRCNN maskrcnnResnet50FpnV2() { return maskrcnnResnet50FpnV2(null, null, null, null, options()); }

    /**
     * {@code maskrcnn_resnet50_fpn_v2(weights, weights_backbone, num_classes, trainable_backbone_layers, **kwargs)}:
     * {@link FasterRCNN#fasterrcnnResnet50FpnV2}'s backbone, RPN head and box head with a {@link MaskRCNNHeads} of four
     * 256-channel convolutions each followed by batch norm. Weights, class count and trainable layers as
     * {@link #maskrcnnResnet50Fpn}; the factory's anchor generator, RPN head, box head and mask head replace any given.
     */
    public static MaskRCNN maskrcnnResnet50FpnV2(MaskRCNNResNet50FPNV2Weights weights, ResNet50Weights weightsBackbone, Long numClasses,
                                                 Integer trainableBackboneLayers, Options o) {
        Plan p = Plan.of(weights, weightsBackbone, numClasses, trainableBackboneLayers, 5);
        V2Parts v2 = V2Parts.of(weights == null ? weightsBackbone : null, p.trainableLayers(), o);
        var maskHead = new MaskRCNNHeads(v2.backbone().outChannels(), new long[] {256, 256, 256, 256}, 1, BatchNorm2d::new);
        MaskRCNN model = new MaskRCNN(v2.backbone(), p.numClasses(), v2.options().maskHead(maskHead));
        return weights == null ? model : Weights.load(model, weights, sd -> sd);
    }
}
