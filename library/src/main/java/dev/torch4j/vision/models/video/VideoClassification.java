package dev.torch4j.vision.models.video;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.nn.Py;
import dev.torch4j.vision.transforms.Functional;
import dev.torch4j.vision.transforms.InterpolationMode;
import dev.torch4j.vision.transforms.Transform;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * torchvision's {@code transforms._presets.VideoClassification}: takes frames {@code (T, C, H, W)} or a batch
 * {@code (N, T, C, H, W)} (uint8 or float), resizes every frame to {@code resizeSize} (two values: height and width;
 * one: the shorter side), center crops {@code cropSize}, converts to float in [0, 1], normalizes by {@code mean} and
 * {@code std}, and gives {@code (C, T, H, W)} (or {@code (N, C, T, H, W)}), the layout the video models take. The
 * resize does not antialias, as torchvision's video preset never does (later versions pass {@code antialias=False}
 * explicitly, pytorch/vision#7160, to keep the weights' accuracy).
 */
public final class VideoClassification implements Transform {
    private final long[] cropSize, resizeSize;
    private final double[] mean, std;
    private final InterpolationMode interpolation;

    /** The preset with these sizes, statistics and interpolation. */
    public VideoClassification(long[] cropSize, long[] resizeSize, double[] mean, double[] std, InterpolationMode interpolation) {
        this.cropSize = cropSize.clone();
        this.resizeSize = resizeSize.clone();
        this.mean = mean.clone();
        this.std = std.clone();
        this.interpolation = interpolation;
    }

    /** torchvision's defaults: Kinetics-400's mean and std, bilinear. */
    public VideoClassification(long[] cropSize, long[] resizeSize) {
        this(cropSize, resizeSize, new double[] {0.43216, 0.394666, 0.37645}, new double[] {0.22803, 0.22145, 0.216989}, InterpolationMode.BILINEAR);
    }

    @Override
    public Tensor apply(Tensor vid) {
        boolean squeeze = vid.dim() < 5;
        if (squeeze) vid = vid.unsqueeze(0);
        if (vid.dim() != 5) throw new IllegalArgumentException("VideoClassification expects (T, C, H, W) or (N, T, C, H, W), got " + vid.shape());
        long[] s = vid.shapeArray();
        Tensor x = vid.reshape(-1, s[2], s[3], s[4]);
        x = Functional.resize(x, resizeSize, interpolation, null, false);
        x = Functional.centerCrop(x, cropSize);
        x = Functional.convertImageDtype(x, DType.FLOAT32);
        x = Functional.normalize(x, mean, std);
        long h = cropSize[0], w = cropSize.length > 1 ? cropSize[1] : cropSize[0];
        x = x.view(s[0], s[1], s[2], h, w).permute(0, 2, 1, 3, 4);
        return squeeze ? x.squeeze(0) : x;
    }

    /** torchvision's repr. */
    @Override
    public String toString() {
        return "VideoClassification(\n    crop_size=" + list(cropSize) + "\n    resize_size=" + list(resizeSize) + "\n    mean=" + list(mean)
                + "\n    std=" + list(std) + "\n    interpolation=InterpolationMode." + interpolation.name() + "\n)";
    }

    private static String list(long[] v) { return Arrays.stream(v).mapToObj(Long::toString).collect(Collectors.joining(", ", "[", "]")); }

    private static String list(double[] v) { return Arrays.stream(v).mapToObj(Py::repr).collect(Collectors.joining(", ", "[", "]")); }
}
