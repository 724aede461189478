package dev.torch4j.nn;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ops.Nondeterministic;
import dev.torch4j.ValuesIndices;
import dev.torch4j.core.Shapes;

import java.util.Arrays;

/**
 * 3-d max, average and adaptive pooling over {@code (N, C, D, H, W)} or {@code (C, D, H, W)}. Each is separable (a
 * maximum over a box is the maximum over depth of maxima over height and width; an average's divisor is the
 * product of the per-dim counts, with padding and ceil-mode clipping applied per dim), so each is the 2-d pooling
 * over every depth slice, then the same pooling along depth: autograd and the GPU come with the 2-d kernels.
 * Gradients at exact ties may go to a different maximum than PyTorch's kernel picks.
 */
final class Pooling3d {
    private Pooling3d() {}

    /** Three sizes from one or three values. */
    static long[] triple(String op, String what, long[] v, long[] dflt) {
        if (v == null || v.length == 0) {
            if (dflt == null) throw new IllegalArgumentException(op + ": " + what + " must be given");
            return dflt.clone();
        }
        if (v.length == 1) return new long[] {v[0], v[0], v[0]};
        if (v.length == 3) return v.clone();
        throw new IllegalArgumentException(op + ": " + what + " must either be a single int, or a tuple of three ints, got " + Arrays.toString(v));
    }

    /** A 2-d pooling; a max pooling also gives its flat {@code h * W + w} indices, an average pooling null ones. */
    @FunctionalInterface
    private interface Pool2d {
        ValuesIndices apply(Tensor x, long[] k, long[] s, long[] p, long[] d);
    }

    /**
     * {@code pool} over (H, W) of every depth slice, then over (D) as a (D, 1) window on the flattened planes. With
     * indices, the depth pass's row is the chosen slice, whose (H, W) index it gathers: {@code d * H * W + h * W + w}.
     * The chosen element is PyTorch's (its kernel keeps the first maximum in (d, h, w) order, and NaN wins): the
     * earliest slice holding the maximum, and that slice's own first (H, W) maximum.
     */
    private static ValuesIndices separable(String op, Tensor input, long[] k, long[] s, long[] p, long[] d, Pool2d pool) {
        return separable(op, input, k, s, p, d, pool, pool);
    }

    /** With one pooling over (H, W) and another over depth. */
    private static ValuesIndices separable(String op, Tensor input, long[] k, long[] s, long[] p, long[] d, Pool2d hwPool, Pool2d depthPool) {
        boolean unbatched = input.dim() == 4;
        if (input.dim() != 4 && input.dim() != 5) {
            throw new IllegalArgumentException(op + ": Expected 4D or 5D (batch mode) tensor for input, but got shape " + Shapes.str(input.shapeArray()));
        }
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        long n = x.size(0), c = x.size(1), depth = x.size(2), h = x.size(3), w = x.size(4);
        ValuesIndices hw = hwPool.apply(x.reshape(n * c * depth, 1, h, w),
                new long[] {k[1], k[2]}, new long[] {s[1], s[2]}, new long[] {p[1], p[2]}, new long[] {d[1], d[2]});
        long oh = hw.values().size(2), ow = hw.values().size(3);
        Tensor planes = hw.values().reshape(n * c, 1, depth, oh * ow);
        ValuesIndices dd = depthPool.apply(planes, new long[] {k[0], 1}, new long[] {s[0], 1}, new long[] {p[0], 0}, new long[] {d[0], 1});
        long od = dd.values().size(2);
        long[] shape = unbatched ? new long[] {c, od, oh, ow} : new long[] {n, c, od, oh, ow};
        Tensor values = dd.values().reshape(shape);
        if (dd.indices() == null) return new ValuesIndices(values, null);
        return new ValuesIndices(values, combine(hw.indices(), dd.indices(), n * c, depth, od, oh * ow, h * w, shape));
    }

    /**
     * The flat {@code d * H * W + h * W + w} indices: the depth pass's row ({@code dd}, over planes of {@code plane}
     * outputs) names the chosen slice, whose own (H, W) index ({@code hw}) is gathered.
     */
    private static Tensor combine(Tensor hw, Tensor dd, long planes, long depth, long od, long plane, long sliceSize, long[] shape) {
        Tensor slice = dd.reshape(planes, od, plane).floorDivide(plane);
        Tensor inSlice = hw.reshape(planes, depth, plane).gather(1, slice);
        return slice.mul(sliceSize).add(inSlice).reshape(shape);
    }

    /** A pooling that gives values only (its indices dropped), so the 3-d indices are not combined either. */
    private static Pool2d valuesOnly(Pool2d pool) {
        return (t, k, s, p, d) -> new ValuesIndices(pool.apply(t, k, s, p, d).values(), null);
    }

    static ValuesIndices maxPool3d(Tensor x, long[] kernel, long[] stride, long[] padding, long[] dilation, boolean ceilMode,
                                   boolean withIndices) {
        Nondeterministic.backwardOnCuda("max_pool3d_with_indices_backward_cuda", x);
        long[] k = triple("max_pool3d", "kernel_size", kernel, null);
        long[] s = triple("max_pool3d", "stride", stride, k), p = triple("max_pool3d", "padding", padding, new long[] {0, 0, 0});
        long[] d = triple("max_pool3d", "dilation", dilation, new long[] {1, 1, 1});
        Pool2d pool = (t, kk, ss, pp, ddl) -> Functional.maxPool2dWithIndices(t, kk, ss, pp, ddl, ceilMode);
        return separable("max_pool3d", x, k, s, p, d, withIndices ? pool : valuesOnly(pool));
    }

    /**
     * Average pooling; a divisor override sums each window (both passes with divisor 1) and divides once, as does an
     * int64 input (PyTorch's int64 kernel truncates the window's sum divided by its count, which the passes' own
     * truncations would not give); the counts then come from pooling ones.
     */
    static Tensor avgPool3d(Tensor x, long[] kernel, long[] stride, long[] padding, boolean ceilMode, boolean countIncludePad,
                            Long divisorOverride) {
        Nondeterministic.backwardOnCuda("avg_pool3d_backward_cuda", x);
        if (divisorOverride != null && divisorOverride == 0) throw new IllegalArgumentException("avg_pool3d: divisor must be not zero");
        long[] k = triple("avg_pool3d", "kernel_size", kernel, null);
        long[] s = triple("avg_pool3d", "stride", stride, k), p = triple("avg_pool3d", "padding", padding, new long[] {0, 0, 0});
        checkAvgShape(x, k, p);
        boolean int64 = x.dtype() == DType.INT64;
        Tensor sum = avg3d(x, k, s, p, ceilMode, countIncludePad, divisorOverride != null || int64 ? 1L : null);
        if (divisorOverride != null) return int64 ? sum.div(Torch.tensor(divisorOverride.longValue()), "trunc") : sum.div(divisorOverride);
        if (!int64) return sum;
        long[] one = x.dim() == 4 ? new long[] {1, x.size(1), x.size(2), x.size(3)} : new long[] {1, 1, x.size(2), x.size(3), x.size(4)};
        Tensor ones = Torch.ones(Torch.shape(one), Torch.dtype(DType.FLOAT64).device(x.device()));
        Tensor counts = avg3d(ones, k, s, p, ceilMode, countIncludePad, 1L).div(avg3d(ones, k, s, p, ceilMode, countIncludePad, null));
        return sum.div(counts.round().to(DType.INT64), "trunc");
    }

    private static Tensor avg3d(Tensor x, long[] k, long[] s, long[] p, boolean ceilMode, boolean countIncludePad, Long div2d) {
        return separable("avg_pool3d", x, k, s, p, new long[] {1, 1, 1},
                (t, kk, ss, pp, ignored) -> new ValuesIndices(Functional.avgPool2d(t, kk, ss, pp, ceilMode, countIncludePad, div2d), null)).values();
    }

    /** PyTorch's avg_pool3d shape checks: non-batch dims non-empty, each no smaller than its kernel, padding at most half the kernel. */
    private static void checkAvgShape(Tensor x, long[] k, long[] p) {
        if (x.dim() != 4 && x.dim() != 5) return;   // separable's message
        for (int i = x.dim() == 5 ? 1 : 0; i < x.dim(); i++) {
            if (x.size(i) == 0) {
                throw new IllegalArgumentException("avg_pool3d: Expected input's non-batch dimensions to have positive length, but input has a shape of "
                        + Shapes.str(x.shapeArray()) + " and non-batch dimension " + x.size(i) + " has length zero!");
            }
        }
        long t = x.size(x.dim() - 3), h = x.size(x.dim() - 2), w = x.size(x.dim() - 1);
        if (t < k[0] || h < k[1] || w < k[2]) {
            throw new IllegalArgumentException("avg_pool3d: input image (T: " + t + " H: " + h + " W: " + w + ") smaller than kernel size (kT: "
                    + k[0] + " kH: " + k[1] + " kW: " + k[2] + ")");
        }
        if (p[0] > k[0] / 2 || p[1] > k[1] / 2 || p[2] > k[2] / 2) {
            throw new IllegalArgumentException("avg_pool3d: pad should be smaller than or equal to half of kernel size, but got kT: " + k[0]
                    + " kW: " + k[2] + " kH: " + k[1] + " padT: " + p[0] + " padW: " + p[2] + " padH: " + p[1]);
        }
    }

    /** Adaptive average pooling (values only). */
    static Tensor adaptiveAvg(Tensor input, long[] outputSize) {
        Nondeterministic.backwardOnCuda("adaptive_avg_pool3d_backward_cuda", input);
        long[] o = triple("adaptive_avg_pool3d", "output_size", outputSize, null);
        return adaptive("adaptive_avg_pool3d", input, o, (t, out) -> new ValuesIndices(Functional.adaptiveAvgPool2d(t, out), null)).values();
    }

    /** Adaptive max pooling and its flat {@code d * H * W + h * W + w} indices. */
    static ValuesIndices adaptiveMax(Tensor input, long[] outputSize, boolean withIndices) {
        Nondeterministic.backwardOnCuda("adaptive_max_pool3d_backward_cuda", input);
        long[] o = triple("adaptive_max_pool3d", "output_size", outputSize, null);
        Adaptive2d pool = withIndices ? Functional::adaptiveMaxPool2dWithIndices
                : (t, out) -> new ValuesIndices(Functional.adaptiveMaxPool2dWithIndices(t, out).values(), null);
        return adaptive("adaptive_max_pool3d", input, o, pool);
    }

    @FunctionalInterface
    private interface Adaptive2d {
        ValuesIndices apply(Tensor x, long[] outputSize);
    }

    /**
     * The 2-d adaptive pooling to (oH, oW) over every depth slice, then to (oD, oH * oW) over the flattened planes
     * (windows of width one along the planes, so only depth pools); indices combine as in {@link #separable}.
     */
    private static ValuesIndices adaptive(String op, Tensor input, long[] o, Adaptive2d pool) {
        boolean unbatched = input.dim() == 4;
        if (input.dim() != 4 && input.dim() != 5) {
            throw new IllegalArgumentException(op + ": Expected 4D or 5D tensor, but got shape " + Shapes.str(input.shapeArray()));
        }
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        long n = x.size(0), c = x.size(1), depth = x.size(2), h = x.size(3), w = x.size(4);
        if (!input.isFloatingPoint()) {
            throw new IllegalArgumentException("\"" + op + "_cpu\" not implemented for '" + input.dtype().scalarTypeName() + "'");
        }
        for (int i = unbatched ? 0 : 1; i < input.dim(); i++) {
            if (input.size(i) == 0) {
                throw new IllegalArgumentException(op + "(): Expected input to have non-zero size for non-batch dimensions, but input has sizes "
                        + Shapes.str(input.shapeArray()) + " with dimension " + i + " being empty");
            }
        }
        if (n == 0 || o[0] * o[1] * o[2] == 0) {   // nothing to pool: an empty result (PyTorch's, not the 2-d passes' refusal)
            long[] shape = unbatched ? new long[] {c, o[0], o[1], o[2]} : new long[] {n, c, o[0], o[1], o[2]};
            Tensor values = Torch.zeros(Torch.shape(shape), Torch.dtype(input.dtype()).device(input.device()));
            return new ValuesIndices(values, Torch.zeros(Torch.shape(shape), Torch.dtype(DType.INT64).device(input.device())));
        }
        ValuesIndices hw = pool.apply(x.reshape(n * c * depth, 1, h, w), new long[] {o[1], o[2]});
        long plane = o[1] * o[2];
        ValuesIndices dd = pool.apply(hw.values().reshape(n * c, 1, depth, plane), new long[] {o[0], plane});
        long[] shape = unbatched ? new long[] {c, o[0], o[1], o[2]} : new long[] {n, c, o[0], o[1], o[2]};
        Tensor values = dd.values().reshape(shape);
        if (dd.indices() == null) return new ValuesIndices(values, null);
        return new ValuesIndices(values, combine(hw.indices(), dd.indices(), n * c, depth, o[0], plane, h * w, shape));
    }
}
