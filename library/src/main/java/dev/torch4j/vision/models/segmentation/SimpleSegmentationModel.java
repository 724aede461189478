package dev.torch4j.vision.models.segmentation;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Module;
import dev.torch4j.vision.models.IntermediateLayerGetter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * torchvision's {@code _SimpleSegmentationModel}, the base of {@link FCN} and {@link DeepLabV3}: a backbone returning
 * named features, a classifier on {@code "out"} and an optional auxiliary classifier on {@code "aux"}, each
 * prediction upsampled bilinearly to the input's height and width.
 */
public abstract class SimpleSegmentationModel extends Module {
    /** The feature extractor: its {@code forwardDict} gives {@code "out"} (and {@code "aux"} with an auxiliary classifier). */
    public final IntermediateLayerGetter backbone;
    /** The head on the {@code "out"} features. */
    public final Module classifier;
    /** The head on the {@code "aux"} features, for an auxiliary loss in training; null without one. */
    public final Module aux_classifier;

    /** {@code _SimpleSegmentationModel(backbone, classifier, aux_classifier)}. */
    protected SimpleSegmentationModel(IntermediateLayerGetter backbone, Module classifier, Module auxClassifier) {
        this.backbone = backbone;
        this.classifier = classifier;
        this.aux_classifier = auxClassifier;
    }

    /** torchvision's {@code forward}: {@code "out"} and, with an auxiliary classifier, {@code "aux"}, each [N, classes, H, W]. */
    public Map<String, Tensor> forwardDict(Tensor x) {
        long[] size = {x.size(-2), x.size(-1)};
        Map<String, Tensor> features = backbone.forwardDict(x);
        Map<String, Tensor> result = new LinkedHashMap<>();
        result.put("out", upsample(classifier.call(features.get("out")), size));
        if (aux_classifier != null) result.put("aux", upsample(aux_classifier.call(features.get("aux")), size));
        return result;
    }

    /** {@code model(x)["out"]}: the main prediction, so the model also works where a tensor is expected ({@code call}, hooks). */
    @Override
    public Tensor forward(Tensor x) { return forwardDict(x).get("out"); }

    /** {@code F.interpolate(x, size, mode="bilinear", align_corners=False)}. */
    static Tensor upsample(Tensor x, long[] size) { return Functional.interpolate(x, size, null, "bilinear", false, null); }
}
