package dev.torch4j.vision.models;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.vision.transforms.Functional;
import dev.torch4j.vision.transforms.InterpolationMode;
import dev.torch4j.vision.transforms.Transform;

import java.util.Arrays;

/**
 * torchvision's {@code transforms._presets.ImageClassification}: resize the shorter side to {@code resizeSize},
 * center crop {@code cropSize}, convert to float in [0, 1], normalize by {@code mean} and {@code std}. Takes an image
 * {@code [..., C, H, W]} (uint8 or float). The resize antialiases, as torchvision's preset does from 0.17 on (and
 * as PIL images always were): 0.14 did not for tensors, so its pixels differ where a photo is shrunk.
 */
public final class ImageClassification implements Transform {
    private final long cropSize, resizeSize;
    private final double[] mean, std;
    private final InterpolationMode interpolation;

    /** The preset with these sizes, statistics and interpolation. */
    public ImageClassification(long cropSize, long resizeSize, double[] mean, double[] std, InterpolationMode interpolation) {
        this.cropSize = cropSize;
        this.resizeSize = resizeSize;
        this.mean = mean.clone();
        this.std = std.clone();
        this.interpolation = interpolation;
    }

    @Override
    public Tensor apply(Tensor img) {
        Tensor x = Functional.resize(img, new long[] {resizeSize}, interpolation, null, true);
        x = Functional.centerCrop(x, cropSize);
        x = Functional.convertImageDtype(x, DType.FLOAT32);
        return Functional.normalize(x, mean, std);
    }

    /** torchvision's repr. */
    @Override
    public String toString() {
        return "ImageClassification(\n    crop_size=[" + cropSize + "]\n    resize_size=[" + resizeSize + "]\n    mean=" + list(mean)
                + "\n    std=" + list(std) + "\n    interpolation=InterpolationMode." + interpolation.name() + "\n)";
    }

    /** A Python list's repr of {@code v}. */
    static String list(double[] v) {
        return Arrays.stream(v).mapToObj(dev.torch4j.nn.Py::repr).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }
}
