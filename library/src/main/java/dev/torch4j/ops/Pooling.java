package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.ValuesIndices;
import dev.torch4j.autograd.FnNode;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.autograd.SavedTensor;
import dev.torch4j.backend.Storage;
import dev.torch4j.core.Shapes;

import java.util.Arrays;

/**
 * Pooling over the last two dims of {@code (C, H, W)} or {@code (N, C, H, W)} inputs (1-d pooling is 2-d pooling
 * of an unsqueezed input, as PyTorch does it). Max pooling runs the backend's {@code maxPool2d} primitive and
 * records {@code MaxPool2DWithIndicesBackward0} (the gradient goes to the argmax positions). Average pooling sums
 * the {@code kH * kW} strided window views; adaptive average pooling is separable, so it is two matmuls with small
 * banded averaging matrices ({@code A_h @ x @ A_w^T}). Both are composites that any backend runs and autograd
 * differentiates to any order (so their grad_fn names are those of the ops they are made of).
 */
public final class Pooling {
    private Pooling() {}

    /** PyTorch's pooling_output_shape, including its checks on the padding and the ceil-mode correction. */
    static long outputSize(long in, long k, long pad, long stride, long dilation, boolean ceil) {
        if (stride == 0) throw new IllegalArgumentException("stride should not be zero");
        if (pad > ((k - 1) * dilation + 1) / 2) {
            throw new IllegalArgumentException("pad should be at most half of effective kernel size, but got pad=" + pad
                    + ", kernel_size=" + k + " and dilation=" + dilation);
        }
        long num = in + 2 * pad - dilation * (k - 1) - 1 + (ceil ? stride - 1 : 0);
        long out = Math.floorDiv(num, stride) + 1;
        // the last window must start inside the input or the left padding
        if (ceil && (out - 1) * stride >= in + pad) out--;
        return out;
    }

    private static void checkParams(String op, long[] k, long[] s, long[] d) {
        if (k[0] <= 0 || k[1] <= 0) {
            throw new IllegalArgumentException(op + ": kernel size should be greater than zero, but got kH: " + k[0] + " kW: " + k[1]);
        }
        if (s[0] <= 0 || s[1] <= 0) {
            throw new IllegalArgumentException(op + ": stride should be greater than zero, but got dH: " + s[0] + " dW: " + s[1]);
        }
        if (d[0] <= 0 || d[1] <= 0) {
            throw new IllegalArgumentException(op + ": dilation should be greater than zero, but got dilationH: " + d[0]
                    + " dilationW: " + d[1]);
        }
    }

    private static void checkInput(String op, Tensor x) {
        // the batch dim of a 4-d input may be empty, as in PyTorch; (C, H, W) may not
        boolean ok = (x.dim() == 3 || x.dim() == 4) && x.size(-1) > 0 && x.size(-2) > 0 && x.size(-3) > 0;
        if (!ok) {
            throw new IllegalArgumentException(op + ": Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:"
                    + Shapes.str(x.shapeArray()));
        }
    }

    private static long[] outShape(String op, Tensor x, long oh, long ow) {
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(op + ": Given input size: (" + x.size(-3) + "x" + x.size(-2) + "x" + x.size(-1)
                    + "). Calculated output size: (" + x.size(-3) + "x" + oh + "x" + ow + "). Output size is too small");
        }
        long[] shape = x.shapeArray().clone();
        shape[shape.length - 2] = oh;
        shape[shape.length - 1] = ow;
        return shape;
    }

    /** Two-element form of a PyTorch int-or-pair argument. */
    static long[] pair(String op, String what, long[] v) {
        if (v.length == 1) return new long[] {v[0], v[0]};
        if (v.length == 2) return v;
        throw new IllegalArgumentException(op + ": " + what + " must either be a single int, or a tuple of two ints");
    }

    /**
     * {@code torch.nn.functional.max_pool2d(x, kernel, stride, padding, dilation, ceil_mode, return_indices=True)}:
     * the maxima over each dilated window and their flat {@code h * W + w} indices in the input plane (int64).
     * An empty stride means stride = kernel.
     */
    public static ValuesIndices maxPool2dWithIndices(Tensor x, long[] kernel, long[] stride, long[] padding, long[] dilation, boolean ceilMode) {
        if (x.isQuantized()) return QuantizedNn.maxPool2d(x, kernel, stride, padding, dilation, ceilMode);
        String op = "max_pool2d";
        long[] k = pair(op, "kernel_size", kernel);
        long[] s = stride == null || stride.length == 0 ? k : pair(op, "stride", stride);
        long[] p = pair(op, "padding", padding);
        long[] d = pair(op, "dilation", dilation);
        checkParams(op, k, s, d);
        checkInput(op, x);
        if (!x.isFloatingPoint()) {
            throw new IllegalArgumentException("\"max_pool2d\" not implemented for '" + x.dtype().scalarTypeName() + "'");
        }
        long h = x.size(-2), w = x.size(-1);
        long oh = outputSize(h, k[0], p[0], s[0], d[0], ceilMode);
        long ow = outputSize(w, k[1], p[1], s[1], d[1], ceilMode);
        long[] shape = outShape(op, x, oh, ow);
        if (Graph.isRecording(x)) {
            ValuesIndices r;
            try (var g = GradMode.noGrad()) {
                r = maxPool2dWithIndices(x, k, s, p, d, ceilMode);
            }
            FnNode n = Graph.node("MaxPool2DWithIndicesBackward0", x);
            SavedTensor si = n.save(r.indices());
            long[] inShape = x.shapeArray();
            Tensor out = n.backward(gs -> new Tensor[] {maxPoolBackward(gs[0], si.get(), inShape)}).output(r.values());
            return new ValuesIndices(out, r.indices());
        }
        DType dt = x.dtype();
        DType kdt = dt == DType.FLOAT64 ? dt : DType.FLOAT32; // float16/bfloat16 compute in float32
        Tensor in = dt == kdt ? x : x.to(kdt);
        long planes = x.numel() / (h * w);
        Tensor values = Dispatch.empty(shape, kdt, x.device());
        Tensor indices = Dispatch.empty(shape, DType.INT64, x.device());
        if (values.numel() > 0) {
            // (N, C, H, W) as N*C planes: a view when the strides nest, else reshape copies
            var sIn = in.reshape(planes, h, w).strided();
            var sv = values.strided();
            var sx = indices.strided();
            int[] params = {(int) k[0], (int) k[1], (int) s[0], (int) s[1], (int) p[0], (int) p[1], (int) d[0], (int) d[1]};
            Dispatch.backend(x.device()).maxPool2d(sv.as(new long[] {planes, oh, ow}, new long[] {oh * ow, ow, 1}),
                    sx.as(new long[] {planes, oh, ow}, new long[] {oh * ow, ow, 1}), sIn, params);
        }
        return new ValuesIndices(dt == kdt ? values : values.to(dt), indices);
    }

    /** The gradient of max pooling: each output gradient added at its argmax position (written with Tensor ops, so it is itself differentiable). */
    static Tensor maxPoolBackward(Tensor grad, Tensor indices, long[] inShape) {
        int r = inShape.length;
        long hw = inShape[r - 2] * inShape[r - 1];
        long planes = Shapes.numel(inShape) / hw;
        if (!Graph.isRecording(grad, indices) && grad.device().equals(indices.device())) {
            // no double backward to record: the backend's one pass per plane (zero, then add at the argmax), if it has one
            Tensor g = grad.reshape(planes, -1).contiguous(), ix = indices.reshape(planes, -1).contiguous();
            Storage s = Dispatch.backend(grad.device()).maxPool2dBackward(g.strided(), ix.strided(), hw);
            if (s != null) return Fused.wrapNew(s, inShape);
        }
        Tensor z = Torch.zeros(Torch.shape(planes, hw), TensorOptions.DEFAULT.dtype(grad.dtype()).device(grad.device()));
        return z.scatterAdd(1, indices.reshape(planes, -1), grad.reshape(planes, -1)).view(inShape);
    }

    /** {@code max_pool1d(x, kernel, stride, padding, dilation, ceil_mode, return_indices=True)} over {@code (C, L)} or {@code (N, C, L)}. */
    public static ValuesIndices maxPool1dWithIndices(Tensor x, long kernel, long stride, long padding, long dilation, boolean ceilMode) {
        if (x.dim() != 2 && x.dim() != 3) {
            throw new IllegalArgumentException("max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:"
                    + Shapes.str(x.shapeArray()));
        }
        if (kernel <= 0) throw new IllegalArgumentException("max_pool1d() kernel_size must be greater than zero, but got " + kernel);
        long s = stride <= 0 ? kernel : stride;
        ValuesIndices r = maxPool2dWithIndices(x.unsqueeze(-2), new long[] {1, kernel}, new long[] {1, s}, new long[] {0, padding},
                new long[] {1, dilation}, ceilMode);
        return new ValuesIndices(r.values().squeeze(-2), r.indices().squeeze(-2));
    }

    /**
     * The divisor of each window along one dim (PyTorch's avg_pool2d rules: the window clipped at {@code in + pad}
     * when counting padding, clipped at the input otherwise). The 2-d divisor is the product of the two dims'.
     */
    private static double[] divisors(long in, long out, long k, long s, long pad, boolean countIncludePad) {
        double[] div = new double[(int) out];
        for (int o = 0; o < out; o++) {
            long start = o * s - pad;
            long end = Math.min(start + k, in + pad);
            long poolSize = end - start;
            start = Math.max(start, 0);
            end = Math.min(end, in);
            div[o] = countIncludePad ? poolSize : end - start;
        }
        return div;
    }

    /**
     * {@code F.avg_pool2d(x, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override)}. An empty
     * stride means stride = kernel; a null divisor override means none. Composite: the zero-padded input's
     * {@code kH * kW} strided window views summed, then divided by the per-window divisor (recorded as those
     * ops, so it differentiates to any order).
     */
    public static Tensor avgPool2d(Tensor x, long[] kernel, long[] stride, long[] padding, boolean ceilMode, boolean countIncludePad, Long divisorOverride) {
        String op = "avg_pool2d";
        long[] k = pair(op, "kernel_size", kernel);
        long[] s = stride == null || stride.length == 0 ? k : pair(op, "stride", stride);
        long[] p = pair(op, "padding", padding);
        checkParams(op, k, s, new long[] {1, 1});
        checkInput(op, x);
        if (divisorOverride != null && divisorOverride == 0) throw new IllegalArgumentException("divisor must be not zero");
        if (x.isQuantized()) return QuantizedNn.avgPool2d(x, k, s, p, ceilMode, countIncludePad, divisorOverride);
        boolean int64 = x.dtype() == DType.INT64;   // PyTorch's int64 kernel: int64 sums divided with C's truncation
        if (!x.isFloatingPoint() && !int64) {
            throw new IllegalArgumentException("\"avg_pool2d\" not implemented for '" + x.dtype().scalarTypeName() + "'");
        }
        long h = x.size(-2), w = x.size(-1);
        long oh = outputSize(h, k[0], p[0], s[0], 1, ceilMode);
        long ow = outputSize(w, k[1], p[1], s[1], 1, ceilMode);
        outShape(op, x, oh, ow);
        // ceil mode's last window may run past the right padding: pad enough zeros for every window to be whole
        long rh = Math.max(0, (oh - 1) * s[0] + k[0] - h - p[0]), rw = Math.max(0, (ow - 1) * s[1] + k[1] - w - p[1]);
        Tensor xp = p[0] == 0 && p[1] == 0 && rh == 0 && rw == 0 ? x : Padding.pad(x, new long[] {p[1], rw, p[0], rh}, "constant", 0.0);
        int dh = x.dim() - 2, dw = x.dim() - 1;
        boolean tracked = Graph.isRecording(x);
        Tensor sum = null;
        for (long i = 0; i < k[0]; i++) {
            Tensor rows = Indexing.slice(xp, dh, i, i + (oh - 1) * s[0] + 1, s[0]);
            for (long j = 0; j < k[1]; j++) {
                Tensor win = Indexing.slice(rows, dw, j, j + (ow - 1) * s[1] + 1, s[1]);
                // untracked: accumulate in place into one fresh buffer instead of allocating per window
                sum = sum == null ? (tracked ? win : win.contiguous().clone()) : tracked ? sum.add(win) : sum.add_(win);
            }
        }
        if (int64 && divisorOverride != null) return sum.div(Torch.tensor(divisorOverride.longValue()), "trunc");
        if (divisorOverride != null) return tracked ? sum.div((double) divisorOverride) : sum.div_((double) divisorOverride);
        double[] divH = divisors(h, oh, k[0], s[0], p[0], countIncludePad), divW = divisors(w, ow, k[1], s[1], p[1], countIncludePad);
        double[][] div = new double[(int) oh][(int) ow];
        for (int i = 0; i < oh; i++) for (int j = 0; j < ow; j++) div[i][j] = divH[i] * divW[j];
        Tensor divisor = Torch.tensor(div, TensorOptions.DEFAULT.dtype(x.dtype()).device(x.device()));
        if (int64) return sum.div(divisor, "trunc");
        return tracked ? sum.div(divisor) : sum.div_(divisor);
    }

    /** {@code F.avg_pool1d(x, kernel, stride, padding, ceil_mode, count_include_pad)} over {@code (C, L)} or {@code (N, C, L)}; stride 0 means kernel. */
    public static Tensor avgPool1d(Tensor x, long kernel, long stride, long padding, boolean ceilMode, boolean countIncludePad) {
        if (x.dim() != 2 && x.dim() != 3) {
            throw new IllegalArgumentException("avg_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:"
                    + Shapes.str(x.shapeArray()));
        }
        long s = stride <= 0 ? kernel : stride;
        return avgPool2d(x.unsqueeze(-2), new long[] {1, kernel}, new long[] {1, s}, new long[] {0, padding}, ceilMode, countIncludePad, null)
                .squeeze(-2);
    }

    /** {@code F.adaptive_avg_pool2d(x, output_size)} over {@code (C, H, W)} or {@code (N, C, H, W)}. Composite (an average pool, or one mean per window). */
    public static Tensor adaptiveAvgPool2d(Tensor x, long[] outputSize) {
        Nondeterministic.backwardOnCuda("adaptive_avg_pool2d_backward_cuda", x);
        String op = "adaptive_avg_pool2d";
        long[] os = pair(op, "output_size", outputSize);
        if (x.dim() != 3 && x.dim() != 4) {
            throw new IllegalArgumentException(op + ": Expected 3D or 4D tensor, but got " + Shapes.str(x.shapeArray()));
        }
        for (int d = x.dim() - 2; d < x.dim(); d++) {
            if (x.size(d) <= 0) {
                throw new IllegalArgumentException(op + "(): Expected input to have non-zero size for non-batch dimensions, but input has sizes "
                        + Shapes.str(x.shapeArray()) + " with dimension " + d + " being empty");
            }
        }
        // no windows: an empty result of any dtype (PyTorch's kernel never runs)
        if (os[0] == 0 || os[1] == 0) return (os[0] == 0 ? x.narrow(-2, 0, 0) : x.narrow(-1, 0, 0)).reshape(withLast2(x, os));
        if (x.isQuantized()) return QuantizedNn.adaptiveAvgPool2d(x, os);
        if (!x.isFloatingPoint()) {
            throw new IllegalArgumentException("\"adaptive_avg_pool2d\" not implemented for '" + x.dtype().scalarTypeName() + "'");
        }
        long h = x.size(-2), w = x.size(-1);
        if (h % os[0] == 0 && w % os[1] == 0) {
            // uniform windows are a plain average pool: exact, and a NaN stays in its own window
            long[] k = {h / os[0], w / os[1]};
            return avgPool2d(x, k, k, new long[] {0, 0}, false, true, null);
        }
        // ragged windows: each averaged on its own (a pooling matrix product would spread NaN and infinities)
        Tensor[] cols = new Tensor[(int) (os[0] * os[1])];
        for (long oy = 0; oy < os[0]; oy++) {
            long hs = Math.floorDiv(oy * h, os[0]), he = -Math.floorDiv(-(oy + 1) * h, os[0]);
            for (long ox = 0; ox < os[1]; ox++) {
                long ws = Math.floorDiv(ox * w, os[1]), we = -Math.floorDiv(-(ox + 1) * w, os[1]);
                cols[(int) (oy * os[1] + ox)] = x.narrow(-2, hs, he - hs).narrow(-1, ws, we - ws).mean(new long[] {-2, -1}, false);
            }
        }
        return Torch.stack(cols, -1).reshape(withLast2(x, os));
    }

    /** x's shape with the last two sizes replaced. */
    private static long[] withLast2(Tensor x, long[] last) {
        long[] shape = x.shapeArray().clone();
        shape[shape.length - 2] = last[0];
        shape[shape.length - 1] = last[1];
        return shape;
    }

    /** {@code F.adaptive_avg_pool1d(x, output_size)} over {@code (C, L)} or {@code (N, C, L)}. */
    public static Tensor adaptiveAvgPool1d(Tensor x, long outputSize) {
        if (x.dim() != 2 && x.dim() != 3) {
            throw new IllegalArgumentException("adaptive_avg_pool1d() argument 'input' should be 2D or 3D, but got " + Shapes.str(x.shapeArray()));
        }
        return adaptiveAvgPool2d(x.unsqueeze(-2), new long[] {1, outputSize}).squeeze(-2);
    }

    /**
     * {@code F.adaptive_max_pool2d(x, output_size, return_indices=True)}: the maximum over each adaptive window
     * ({@code [floor(o*in/out), ceil((o+1)*in/out))} on each dim) and its flat {@code h * W + w} index. Uniform
     * windows (sizes that divide) run the max-pool kernel; otherwise the argmax is found per window and the values
     * are gathered from it (recorded as a gather: the gradient goes to the argmax positions either way).
     */
    public static ValuesIndices adaptiveMaxPool2d(Tensor x, long[] outputSize) {
        Nondeterministic.backwardOnCuda("adaptive_max_pool2d_backward_cuda", x);
        String op = "adaptive_max_pool2d";
        long[] os = pair(op, "output_size", outputSize);
        if (x.dim() != 3 && x.dim() != 4) {
            throw new IllegalArgumentException(op + "(): Expected 3D or 4D tensor, but got: " + Shapes.str(x.shapeArray()));
        }
        for (int d = x.dim() - 2; d < x.dim(); d++) {
            if (x.size(d) <= 0) {
                throw new IllegalArgumentException(op + "(): Expected input to have non-zero size for non-batch dimensions, but input has sizes "
                        + Shapes.str(x.shapeArray()) + " with dimension " + d + " being empty");
            }
        }
        if (!x.isFloatingPoint()) throw new IllegalArgumentException("\"adaptive_max_pool2d\" not implemented for '" + x.dtype().scalarTypeName() + "'");
        if (os[0] < 0 || os[1] < 0) throw new IllegalArgumentException(op + "(): internal error: output_size.size() must be 2 and positive, got " + Shapes.str(os));
        long h = x.size(-2), w = x.size(-1);
        if (os[0] == 0 || os[1] == 0) {   // no windows: empty values and indices, as PyTorch
            Tensor v = (os[0] == 0 ? x.narrow(-2, 0, 0) : x.narrow(-1, 0, 0)).reshape(withLast2(x, os));
            return new ValuesIndices(v, Torch.zeros(Torch.shape(v.shapeArray()), Torch.dtype(DType.INT64).device(x.device())));
        }
        if (h % os[0] == 0 && w % os[1] == 0) {
            long[] k = {h / os[0], w / os[1]};
            return maxPool2dWithIndices(x, k, k, new long[] {0, 0}, new long[] {1, 1}, false);
        }
        long[] shape = x.shapeArray().clone();
        shape[shape.length - 2] = os[0];
        shape[shape.length - 1] = os[1];
        Tensor idx;
        try (var g = GradMode.noGrad()) {
            Tensor[] cols = new Tensor[(int) (os[0] * os[1])];
            for (long oy = 0; oy < os[0]; oy++) {
                long hs = Math.floorDiv(oy * h, os[0]), he = -Math.floorDiv(-(oy + 1) * h, os[0]);
                for (long ox = 0; ox < os[1]; ox++) {
                    long ws = Math.floorDiv(ox * w, os[1]), we = -Math.floorDiv(-(ox + 1) * w, os[1]);
                    long ww = we - ws;
                    Tensor win = x.narrow(-2, hs, he - hs).narrow(-1, ws, ww);
                    win = win.reshape(concat(Arrays.copyOf(shape, shape.length - 2), -1));
                    // window-local argmax -> plane index (h * W + w); PyTorch's kernel takes a later value when it is
                    // greater or NaN, so the last NaN wins (max's indices give the first)
                    Tensor a = win.max(-1).indices();
                    Tensor pos = Torch.arange(1, win.size(-1) + 1).to(x.device());
                    Tensor lastNan = win.isnan().to(DType.INT64).mul(pos).max(-1).values();
                    a = Torch.where(lastNan.gt(0L), lastNan.sub(1L), a);
                    Tensor row = a.sub(a.remainder(ww)).div(Torch.tensor(ww), "floor").add(hs);
                    cols[(int) (oy * os[1] + ox)] = row.mul(w).add(a.remainder(ww)).add(ws);
                }
            }
            idx = Torch.stack(cols, -1).reshape(shape);
        }
        Tensor flat = x.flatten(-2, -1);
        Tensor values = flat.gather(-1, idx.flatten(-2, -1)).view(shape);
        return new ValuesIndices(values, idx);
    }

    private static long[] concat(long[] a, long b) {
        long[] r = Arrays.copyOf(a, a.length + 1);
        r[a.length] = b;
        return r;
    }
}
