package dev.torch4j.nn;

import dev.torch4j.Tensor;
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

    @FunctionalInterface
    private interface Pool2d {
        Tensor apply(Tensor x, long[] k, long[] s, long[] p, long[] d);
    }

    /** {@code pool} over (H, W) of every depth slice, then over (D) as a (D, 1) window on the flattened planes. */
    private static Tensor separable(String op, Tensor input, long[] k, long[] s, long[] p, long[] d, Pool2d pool) {
        boolean unbatched = input.dim() == 4;
        if (input.dim() != 4 && input.dim() != 5) {
            throw new IllegalArgumentException(op + ": Expected 4D or 5D (batch mode) tensor for input, but got shape " + Shapes.str(input.shapeArray()));
        }
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        long n = x.size(0), c = x.size(1), depth = x.size(2);
        Tensor hw = pool.apply(x.reshape(n * c * depth, 1, x.size(3), x.size(4)),
                new long[] {k[1], k[2]}, new long[] {s[1], s[2]}, new long[] {p[1], p[2]}, new long[] {d[1], d[2]});
        long oh = hw.size(2), ow = hw.size(3);
        Tensor planes = hw.reshape(n * c, 1, depth, oh * ow);
        Tensor dd = pool.apply(planes, new long[] {k[0], 1}, new long[] {s[0], 1}, new long[] {p[0], 0}, new long[] {d[0], 1});
        Tensor y = dd.reshape(n, c, dd.size(2), oh, ow);
        return unbatched ? y.squeeze(0) : y;
    }

    static Tensor maxPool3d(Tensor x, long[] kernel, long[] stride, long[] padding, long[] dilation, boolean ceilMode) {
        long[] k = triple("max_pool3d", "kernel_size", kernel, null);
        long[] s = triple("max_pool3d", "stride", stride, k), p = triple("max_pool3d", "padding", padding, new long[] {0, 0, 0});
        long[] d = triple("max_pool3d", "dilation", dilation, new long[] {1, 1, 1});
        return separable("max_pool3d", x, k, s, p, d, (t, kk, ss, pp, ddl) -> Functional.maxPool2d(t, kk, ss, pp, ddl, ceilMode));
    }

    static Tensor avgPool3d(Tensor x, long[] kernel, long[] stride, long[] padding, boolean ceilMode, boolean countIncludePad) {
        long[] k = triple("avg_pool3d", "kernel_size", kernel, null);
        long[] s = triple("avg_pool3d", "stride", stride, k), p = triple("avg_pool3d", "padding", padding, new long[] {0, 0, 0});
        return separable("avg_pool3d", x, k, s, p, new long[] {1, 1, 1},
                (t, kk, ss, pp, ignored) -> Functional.avgPool2d(t, kk, ss, pp, ceilMode, countIncludePad, null));
    }

    static Tensor adaptive(String op, Tensor input, long[] outputSize, boolean max) {
        long[] o = triple(op, "output_size", outputSize, null);
        boolean unbatched = input.dim() == 4;
        if (input.dim() != 4 && input.dim() != 5) {
            throw new IllegalArgumentException(op + ": Expected 4D or 5D tensor, but got shape " + Shapes.str(input.shapeArray()));
        }
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        long n = x.size(0), c = x.size(1), depth = x.size(2);
        Tensor flat = x.reshape(n * c * depth, 1, x.size(3), x.size(4));
        Tensor hw = max ? Functional.adaptiveMaxPool2d(flat, o[1], o[2]) : Functional.adaptiveAvgPool2d(flat, o[1], o[2]);
        Tensor planes = hw.reshape(n * c, 1, depth, o[1] * o[2]);
        Tensor dd = max ? Functional.adaptiveMaxPool2d(planes, o[0], o[1] * o[2]) : Functional.adaptiveAvgPool2d(planes, o[0], o[1] * o[2]);
        Tensor y = dd.reshape(n, c, o[0], o[1], o[2]);
        return unbatched ? y.squeeze(0) : y;
    }
}
