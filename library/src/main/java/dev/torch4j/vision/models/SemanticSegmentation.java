package dev.torch4j.vision.models;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.vision.transforms.Functional;
import dev.torch4j.vision.transforms.InterpolationMode;
import dev.torch4j.vision.transforms.Transform;

/**
 * torchvision's {@code transforms._presets.SemanticSegmentation}: resize the shorter side to {@code resizeSize} (none
 * when null), convert to float in [0, 1], normalize by {@code mean} and {@code std}; no crop, so the prediction
 * covers the whole image. Takes an image {@code [..., C, H, W]} (uint8 or float). The resize antialiases, as
 * torchvision's presets do from 0.17 on (0.14 did not for tensors; see {@link ImageClassification}).
 */
public final class SemanticSegmentation implements Transform {
    private final Long resizeSize;
    private final double[] mean, std;
    private final InterpolationMode interpolation;

    /** The preset with ImageNet's statistics and bilinear resizing, as the segmentation weights use it. */
    public SemanticSegmentation(Long resizeSize) {
        this(resizeSize, new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, InterpolationMode.BILINEAR);
    }

    /** The preset with this size (null: no resize), statistics and interpolation. */
    public SemanticSegmentation(Long resizeSize, double[] mean, double[] std, InterpolationMode interpolation) {
        this.resizeSize = resizeSize;
        this.mean = mean.clone();
        this.std = std.clone();
        this.interpolation = interpolation;
    }

    @Override
    public Tensor apply(Tensor img) {
        Tensor x = resizeSize == null ? img : Functional.resize(img, new long[] {resizeSize}, interpolation, null, true);
        x = Functional.convertImageDtype(x, DType.FLOAT32);
        return Functional.normalize(x, mean, std);
    }

    /** torchvision's repr. */
    @Override
    public String toString() {
        return "SemanticSegmentation(\n    resize_size=" + (resizeSize == null ? "None" : "[" + resizeSize + "]")
                + "\n    mean=" + ImageClassification.list(mean) + "\n    std=" + ImageClassification.list(std)
                + "\n    interpolation=InterpolationMode." + interpolation.name() + "\n)";
    }
}
