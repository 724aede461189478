package dev.torch4j.vision.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.FnNode;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.core.Shapes;

import java.util.ArrayList;
import java.util.List;

/**
 * torchvision's region-of-interest operators: {@code roi_align} (Mask R-CNN), {@code roi_pool} (Fast R-CNN),
 * {@code ps_roi_align} and {@code ps_roi_pool} (position-sensitive, R-FCN). Each pools an {@code [N, C, H, W]}
 * feature map over boxes given as a {@code [K, 5]} tensor of {@code (batch index, x1, y1, x2, y2)} rows or as a list
 * of {@code [L, 4]} boxes per image, into {@code [K, C, oh, ow]} ({@code [K, C / (oh ow), oh, ow]} for the
 * position-sensitive ones). The loops are torchvision's CPU kernels, run on the host (a CUDA input is copied there
 * and the result back, as {@link dev.torch4j.ops.FractionalMaxPool} finds its windows), and each records a backward
 * node whose gradient with respect to the input is torchvision's; the boxes get no gradient, as in torchvision.
 *
 * <pre>{@code
 * Tensor pooled = RoiOps.roiAlign(features, rois, 7, 7, 1.0 / 16, 2, true);   // [K, C, 7, 7]
 * }</pre>
 */
public final class RoiOps {
    private RoiOps() {}

    /** torchvision's {@code convert_boxes_to_roi_format}: per-image {@code [L, 4]} boxes as {@code [K, 5]} rows led by the image index. */
    public static Tensor toRoiFormat(List<Tensor> boxes) {
        List<Tensor> rows = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            Tensor b = boxes.get(i);
            if (b.dim() != 2 || b.size(1) != 4) {
                throw new IllegalArgumentException("The shape of the tensor in the boxes list is not correct as List[Tensor[L, 4]]");
            }
            rows.add(Torch.cat(new Tensor[] {Torch.fullLike(b.narrow(1, 0, 1), i), b}, 1));
        }
        return rows.size() == 1 ? rows.getFirst() : Torch.cat(rows.toArray(Tensor[]::new), 0);
    }

    private static RoiKernels kernels(String op, Tensor input, Tensor rois, long oh, long ow) {
        if (rois.dim() != 2 || rois.size(1) != 5) throw new IllegalArgumentException("The boxes tensor shape is not correct as Tensor[K, 5]");
        if (input.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected a 4-d input [N, C, H, W], got " + Shapes.str(input.shapeArray()));
        }
        if (input.dtype() != DType.FLOAT32 && input.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("\"" + op + "_forward_kernel\" not implemented for '" + input.dtype().scalarTypeName() + "'");
        }
        if (rois.dtype() != input.dtype()) {
            throw new IllegalArgumentException("Expected tensor for argument #1 'input' to have the same type as tensor for argument #2 "
                    + "'rois'; but type " + input.dtype() + " does not equal " + rois.dtype() + " (while checking arguments for "
                    + op + "_forward_kernel)");
        }
        if (!rois.device().equals(input.device())) {
            throw new IllegalArgumentException(op + ": expected input and rois on one device, got " + input.device() + " and " + rois.device());
        }
        if (oh <= 0 || ow <= 0) throw new IllegalArgumentException(op + ": output_size must be positive, got (" + oh + ", " + ow + ")");
        return new RoiKernels(input.shapeArray(), oh, ow, input.dtype() == DType.FLOAT32);
    }

    private static double[] host(Tensor t) {
        try (var g = GradMode.noGrad()) {
            return t.detach().toDoubleArray();
        }
    }

    private static Tensor result(double[] values, Tensor like, long... shape) {
        return Torch.fromArray(values, shape).to(like.dtype()).to(like.device());
    }

    /** Records {@code name} over the input with the given host-side gradient, or returns {@code out} unrecorded. */
    private static Tensor record(String name, Tensor input, Tensor out, java.util.function.Function<double[], double[]> gradient) {
        if (!Graph.isRecording(input)) return out;
        FnNode node = Graph.node(name, input);
        long[] shape = input.shapeArray();
        return node.backward(gs -> new Tensor[] {result(gradient.apply(host(gs[0])), gs[0], shape)}).output(out);
    }

    /** {@code roi_align(input, boxes, output_size)}: square output, scale 1, adaptive sampling, not aligned. */
    public static Tensor roiAlign(Tensor input, Tensor boxes, long outputSize) {
        return roiAlign(input, boxes, outputSize, outputSize, 1.0, -1, false);
    }

    /** {@code roi_align} with the boxes as one {@code [L, 4]} tensor per image. */
    public static Tensor roiAlign(Tensor input, List<Tensor> boxes, long outputH, long outputW, double spatialScale, int samplingRatio,
                                  boolean aligned) {
        return roiAlign(input, toRoiFormat(boxes), outputH, outputW, spatialScale, samplingRatio, aligned);
    }

    /**
     * {@code roi_align(input, boxes, (outputH, outputW), spatial_scale, sampling_ratio, aligned)}: each bin the mean
     * of bilinear samples on a regular grid ({@code samplingRatio} per side, or {@code ceil(roi size / bins)} when it
     * is not positive); boxes are scaled by {@code spatialScale} and, with {@code aligned}, shifted by half a pixel.
     * Unaligned boxes are at least 1x1. A reversed box with aligned adaptive sampling pools nothing (0), where
     * torchvision fails sizing a buffer.
     */
    public static Tensor roiAlign(Tensor input, Tensor boxes, long outputH, long outputW, double spatialScale, int samplingRatio,
                                  boolean aligned) {
        RoiKernels k = kernels("roi_align", input, boxes, outputH, outputW);
        double[] rois = host(boxes);
        int kk = (int) boxes.size(0);
        Tensor out = result(k.align(host(input), rois, kk, spatialScale, samplingRatio, aligned, false), input, kk, k.c, outputH, outputW);
        return record("RoIAlignBackward0", input, out, g -> k.alignBackward(g, rois, kk, spatialScale, samplingRatio, aligned, false));
    }

    /** {@code roi_pool(input, boxes, output_size)}: square output, scale 1. */
    public static Tensor roiPool(Tensor input, Tensor boxes, long outputSize) { return roiPool(input, boxes, outputSize, outputSize, 1.0); }

    /** {@code roi_pool} with the boxes as one {@code [L, 4]} tensor per image. */
    public static Tensor roiPool(Tensor input, List<Tensor> boxes, long outputH, long outputW, double spatialScale) {
        return roiPool(input, toRoiFormat(boxes), outputH, outputW, spatialScale);
    }

    /**
     * {@code roi_pool(input, boxes, (outputH, outputW), spatial_scale)}: boxes scaled and rounded to whole pixels
     * (at least 1x1), each bin the maximum of its window (0 when the window lies outside the input); the gradient
     * goes to the maxima.
     */
    public static Tensor roiPool(Tensor input, Tensor boxes, long outputH, long outputW, double spatialScale) {
        RoiKernels k = kernels("roi_pool", input, boxes, outputH, outputW);
        double[] rois = host(boxes);
        int kk = (int) boxes.size(0);
        int[] argmax = new int[Math.toIntExact(kk * k.c * outputH * outputW)];
        Tensor out = result(k.roiPool(host(input), rois, kk, spatialScale, argmax), input, kk, k.c, outputH, outputW);
        return record("RoIPoolBackward0", input, out, g -> k.roiPoolBackward(g, rois, kk, argmax));
    }

    private static long psChannels(String op, Tensor input, long oh, long ow) {
        if (input.dim() == 4 && input.size(1) % (oh * ow) != 0) {
            throw new IllegalArgumentException("input channels must be a multiple of pooling height * pooling width");
        }
        return input.dim() == 4 ? input.size(1) / (oh * ow) : 0;
    }

    /** {@code ps_roi_align(input, boxes, output_size)}: square output, scale 1, adaptive sampling. */
    public static Tensor psRoiAlign(Tensor input, Tensor boxes, long outputSize) {
        return psRoiAlign(input, boxes, outputSize, outputSize, 1.0, -1);
    }

    /** {@code ps_roi_align} with the boxes as one {@code [L, 4]} tensor per image. */
    public static Tensor psRoiAlign(Tensor input, List<Tensor> boxes, long outputH, long outputW, double spatialScale, int samplingRatio) {
        return psRoiAlign(input, toRoiFormat(boxes), outputH, outputW, spatialScale, samplingRatio);
    }

    /**
     * {@code ps_roi_align(input, boxes, (outputH, outputW), spatial_scale, sampling_ratio)}: as {@link #roiAlign}
     * (always half-pixel aligned) but bin (i, j) of output channel c reads input channel {@code (c oh + i) ow + j}.
     * A box of zero size with adaptive sampling gives 0/0 = NaN, as torchvision.
     */
    public static Tensor psRoiAlign(Tensor input, Tensor boxes, long outputH, long outputW, double spatialScale, int samplingRatio) {
        long cOut = psChannels("ps_roi_align", input, outputH, outputW);
        RoiKernels k = kernels("ps_roi_align", input, boxes, outputH, outputW);
        double[] rois = host(boxes);
        int kk = (int) boxes.size(0);
        Tensor out = result(k.align(host(input), rois, kk, spatialScale, samplingRatio, true, true), input, kk, cOut, outputH, outputW);
        return record("PSRoIAlignBackward0", input, out, g -> k.alignBackward(g, rois, kk, spatialScale, samplingRatio, true, true));
    }

    /** {@code ps_roi_pool(input, boxes, output_size)}: square output, scale 1. */
    public static Tensor psRoiPool(Tensor input, Tensor boxes, long outputSize) { return psRoiPool(input, boxes, outputSize, outputSize, 1.0); }

    /** {@code ps_roi_pool} with the boxes as one {@code [L, 4]} tensor per image. */
    public static Tensor psRoiPool(Tensor input, List<Tensor> boxes, long outputH, long outputW, double spatialScale) {
        return psRoiPool(input, toRoiFormat(boxes), outputH, outputW, spatialScale);
    }

    /**
     * {@code ps_roi_pool(input, boxes, (outputH, outputW), spatial_scale)}: as {@link #roiPool} but each bin the mean
     * of its window in its own input channel ({@code (c oh + i) ow + j}).
     */
    public static Tensor psRoiPool(Tensor input, Tensor boxes, long outputH, long outputW, double spatialScale) {
        long cOut = psChannels("ps_roi_pool", input, outputH, outputW);
        RoiKernels k = kernels("ps_roi_pool", input, boxes, outputH, outputW);
        double[] rois = host(boxes);
        int kk = (int) boxes.size(0);
        Tensor out = result(k.psRoiPool(host(input), rois, kk, spatialScale), input, kk, cOut, outputH, outputW);
        return record("PSRoIPoolBackward0", input, out, g -> k.psRoiPoolBackward(g, rois, kk, spatialScale));
    }
}
