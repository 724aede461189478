package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.FnNode;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.autograd.SavedTensor;
import dev.torch4j.backend.Storage;
import dev.torch4j.core.Shapes;

import static dev.torch4j.ops.ReductionsGrad.untracked;

/**
 * Convolution and the sliding-window copies behind it ({@code F.conv1d/conv2d}, {@code F.unfold/fold}). A
 * convolution is im2col (the {@link dev.torch4j.backend.Backend#im2col} primitive) followed by one batched matmul
 * per group, and records one {@code ConvolutionBackward0} node whose formulas are Tensor ops (col2im of
 * {@code W^T g} for the input, {@code g cols^T} summed over the batch for the weight, {@code g} summed for the
 * bias), so double backward works. 1-d convolution is the 2-d one with a height of 1.
 */
public final class Convolution {
    private Convolution() {}

    // ---- unfold / fold (im2col / col2im) ----

    /** {@code F.unfold(input, kernel_size, dilation, padding, stride)}: [N, C, H, W] (or [C, H, W]) to [N, C*kH*kW, L]. */
    public static Tensor unfold(Tensor input, long[] kernelSize, long[] dilation, long[] padding, long[] stride) {
        int d = input.dim();
        if (d != 3 && d != 4) {
            throw new IllegalArgumentException("unfold: Expected 3D or 4D (batch mode) tensor for input with possibly 0 batch size and "
                    + "non-zero dimensions for input, but got: " + Shapes.str(input.shapeArray()));
        }
        Tensor x = d == 3 ? input.unsqueeze(0) : input;
        long[] k = pair("unfold", "kernel_size", kernelSize), dl = pair("unfold", "dilation", dilation),
                pd = pair("unfold", "padding", padding), st = pair("unfold", "stride", stride);
        checkFloating("unfold", x);
        long oh = outSize(x.size(2), pd[0] * 2, k[0], dl[0], st[0]), ow = outSize(x.size(3), pd[1] * 2, k[1], dl[1], st[1]);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException("unfold: Given input with spatial size (" + x.size(2) + ", " + x.size(3)
                    + "), kernel_size=(" + k[0] + ", " + k[1] + "), dilation=(" + dl[0] + ", " + dl[1] + "), padding=("
                    + pd[0] + ", " + pd[1] + "), calculated shape of the array of sliding blocks as (" + oh + ", " + ow
                    + "), but its components must be at least one.");
        }
        Tensor r = im2col(x, params(k, st, pd, dl, oh, ow));
        return d == 3 ? r.squeeze(0) : r;
    }

    /** {@code F.fold(input, output_size, kernel_size, dilation, padding, stride)}: [N, C*kH*kW, L] (or 2-d) to [N, C, H, W]. */
    public static Tensor fold(Tensor input, long[] outputSize, long[] kernelSize, long[] dilation, long[] padding, long[] stride) {
        int d = input.dim();
        if (d != 2 && d != 3) {
            throw new IllegalArgumentException("fold: Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and "
                    + "non-zero dimensions for input, but got: " + Shapes.str(input.shapeArray()));
        }
        Tensor x = d == 2 ? input.unsqueeze(0) : input;
        long[] os = pair("fold", "output_size", outputSize), k = pair("fold", "kernel_size", kernelSize),
                dl = pair("fold", "dilation", dilation), pd = pair("fold", "padding", padding), st = pair("fold", "stride", stride);
        checkFloating("fold", x);
        long kk = k[0] * k[1];
        if (x.size(1) % kk != 0) {
            throw new IllegalArgumentException("fold: Expected size of input's dimension 1 to be divisible by the product of "
                    + "kernel_size, but got input.size(1)=" + x.size(1) + " and kernel_size=(" + k[0] + ", " + k[1] + ").");
        }
        long oh = outSize(os[0], pd[0] * 2, k[0], dl[0], st[0]), ow = outSize(os[1], pd[1] * 2, k[1], dl[1], st[1]);
        if (oh < 1 || ow < 1 || x.size(2) != oh * ow) {
            throw new IllegalArgumentException("fold: Given output_size=(" + os[0] + ", " + os[1] + "), kernel_size=(" + k[0]
                    + ", " + k[1] + "), dilation=(" + dl[0] + ", " + dl[1] + "), padding=(" + pd[0] + ", " + pd[1]
                    + "), stride=(" + st[0] + ", " + st[1] + "), expected size of input's dimension 2 to match the calculated "
                    + "number of sliding blocks " + oh + " * " + ow + " = " + (oh * ow) + ", but got input.size(2)="
                    + x.size(2) + ".");
        }
        Tensor r = col2im(x, os[0], os[1], params(k, st, pd, dl, oh, ow));
        return d == 2 ? r.squeeze(0) : r;
    }

    /** im2col of a 4-d floating tensor, recorded as {@code Im2ColBackward0} (its gradient is col2im). */
    static Tensor im2col(Tensor x, int[] p) {
        if (!Graph.isRecording(x)) return im2colRaw(x, p);
        Tensor r = untracked(() -> im2colRaw(x, p));
        long h = x.size(2), w = x.size(3);
        FnNode n = Graph.node("Im2ColBackward0", x);
        return n.backward(g -> new Tensor[] {col2im(g[0], h, w, p)}).output(r);
    }

    /** col2im into [N, C, h, w], recorded as {@code Col2ImBackward0} (its gradient is im2col). */
    static Tensor col2im(Tensor cols, long h, long w, int[] p) {
        if (!Graph.isRecording(cols)) return col2imRaw(cols, h, w, p);
        Tensor r = untracked(() -> col2imRaw(cols, h, w, p));
        FnNode n = Graph.node("Col2ImBackward0", cols);
        return n.backward(g -> new Tensor[] {im2col(g[0], p)}).output(r);
    }

    private static Tensor im2colRaw(Tensor x, int[] p) {
        Device dev = Dispatch.commonDevice("im2col", x);
        DType t = x.dtype(), c = compute(t);
        Tensor in = x.to(c);
        long n = x.size(0), ch = x.size(1);
        Tensor cols = Dispatch.empty(new long[] {n, ch * p[0] * p[1], (long) p[8] * p[9]}, c, dev);
        if (cols.numel() > 0) Dispatch.backend(dev).im2col(cols.strided(), in.strided(), p);
        return cols.to(t);
    }

    private static Tensor col2imRaw(Tensor cols, long h, long w, int[] p) {
        Device dev = Dispatch.commonDevice("col2im", cols);
        DType t = cols.dtype(), c = compute(t);
        Tensor in = cols.to(c);
        long n = cols.size(0), ch = cols.size(1) / ((long) p[0] * p[1]);
        Tensor out = Dispatch.empty(new long[] {n, ch, h, w}, c, dev);
        if (out.numel() > 0) {
            if (cols.numel() > 0) Dispatch.backend(dev).col2im(out.strided(), in.strided(), p);
            else Dispatch.backend(dev).fill(out.strided(), 0);
        }
        return out.to(t);
    }

    // ---- convolution ----

    /**
     * {@code F.conv2d(input, weight, bias, stride, padding, dilation, groups)} with explicit padding; input
     * [N, C, H, W] or unbatched [C, H, W], weight [O, C/groups, kH, kW], bias [O] or null.
     */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] dilation, long groups) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.CONV, a -> conv2d(a[0], a[1], a[2], stride, padding, dilation, groups),
                    input, weight, bias);
        }
        return conv(2, input, weight, bias, stride, padding, null, dilation, groups);
    }

    /** {@code F.conv2d(..., padding="same"|"valid", ...)}. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, long[] stride, String padding, long[] dilation, long groups) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.CONV, a -> conv2d(a[0], a[1], a[2], stride, padding, dilation, groups),
                    input, weight, bias);
        }
        return conv(2, input, weight, bias, stride, null, padding, dilation, groups);
    }

    /** {@code F.conv1d(input, weight, bias, stride, padding, dilation, groups)}: input [N, C, L] or [C, L], weight [O, C/groups, k]. */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] dilation, long groups) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.CONV, a -> conv1d(a[0], a[1], a[2], stride, padding, dilation, groups),
                    input, weight, bias);
        }
        return conv(1, input, weight, bias, stride, padding, null, dilation, groups);
    }

    /** {@code F.conv1d(..., padding="same"|"valid", ...)}. */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, long[] stride, String padding, long[] dilation, long groups) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.CONV, a -> conv1d(a[0], a[1], a[2], stride, padding, dilation, groups),
                    input, weight, bias);
        }
        return conv(1, input, weight, bias, stride, null, padding, dilation, groups);
    }

    private static Tensor conv(int nd, Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding, String padMode,
            long[] dilation, long groups) {
        String op = "conv" + nd + "d";
        int d = checkRanks(op, nd, input, weight);
        boolean unbatched = d == nd + 1;
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        Tensor w = weight;
        if (nd == 1) {
            x = x.unsqueeze(2);
            w = w.unsqueeze(2);
        }
        long[] st = spatial(op, "stride", stride, nd), dl = spatial(op, "dilation", dilation, nd);
        for (long s : st) if (s <= 0) throw new IllegalArgumentException(op + ": non-positive stride is not supported");
        for (long s : dl) if (s <= 0) throw new IllegalArgumentException(op + ": dilation should be greater than zero");
        if (groups <= 0) throw new IllegalArgumentException(op + ": non-positive groups is not supported");
        if (input.dtype() != weight.dtype()) {
            throw new IllegalArgumentException(op + ": expected scalar type " + scalarName(input.dtype()) + " but found "
                    + scalarName(weight.dtype()));
        }
        if (bias != null && bias.dtype() != input.dtype()) {
            throw new IllegalArgumentException(op + ": Input type (" + cName(input.dtype()) + ") and bias type ("
                    + cName(bias.dtype()) + ") should be the same");
        }
        checkFloating(op, input);
        long o = w.size(0), c = x.size(1), kh = w.size(2), kw = w.size(3);
        if (o < groups || o % groups != 0) {
            throw new IllegalArgumentException(op + ": Given groups=" + groups + ", expected weight to be "
                    + (o < groups ? "at least " + groups : "divisible by " + groups) + " at dimension 0, but got weight of size ["
                    + Shapes.str(weight.shapeArray()) + "] instead");
        }
        if (c != w.size(1) * groups) {
            throw new IllegalArgumentException(op + ": Given groups=" + groups + ", weight of size " + Shapes.str(weight.shapeArray())
                    + ", expected input" + Shapes.str(input.shapeArray()) + " to have " + (w.size(1) * groups)
                    + " channels, but got " + c + " channels instead");
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != o)) {
            throw new IllegalArgumentException(op + ": Given weight of size " + Shapes.str(weight.shapeArray())
                    + ", expected bias to be 1-dimensional with " + o + " elements, but got bias of size "
                    + Shapes.str(bias.shapeArray()) + " instead");
        }
        long[] k = {kh, kw}, dl2 = nd == 1 ? new long[] {1, dl[0]} : dl, st2 = nd == 1 ? new long[] {1, st[0]} : st;
        long[] pd = padMode != null ? null : spatial(op, "padding", padding, nd);
        if (pd != null && nd == 1) pd = new long[] {0, pd[0]};
        long[][] pads = paddings(op, pd, padMode, k, dl2, st2);
        long[] padBefore = pads[0], padTotal = pads[1];
        long[] in = {x.size(2), x.size(3)};
        for (int i = 0; i < 2; i++) {
            if (in[i] + padTotal[i] < dl2[i] * (k[i] - 1) + 1) {
                int from = nd == 1 ? 1 : 0;
                throw new IllegalArgumentException(op + ": Calculated padded input size per channel: (" + sizes(in, padTotal, from)
                        + "). Kernel size: (" + sizes(new long[] {dl2[0] * (k[0] - 1) + 1, dl2[1] * (k[1] - 1) + 1}, new long[2], from)
                        + "). Kernel size can't be greater than actual input size");
            }
        }
        long oh = outSize(in[0], padTotal[0], k[0], dl2[0], st2[0]), ow = outSize(in[1], padTotal[1], k[1], dl2[1], st2[1]);
        int[] p = params(k, st2, padBefore, dl2, oh, ow);
        long[] outShape = input.shapeArray().clone();
        outShape[unbatched ? 0 : 1] = o;
        outShape[outShape.length - 1] = ow;
        if (nd == 2) outShape[outShape.length - 2] = oh;
        if (Graph.isRecording(input, weight) || bias != null && Graph.isRecording(bias)) {
            Tensor x4 = x, w4 = w;
            // a fresh tensor over the result's storage, not a view: an in-place op on the output (ReLU(inplace=True))
            // must rebase the convolution's history, not that of an untracked base
            Tensor r = untracked(() -> freshView(forward(x4, w4, bias, p, groups), outShape));
            return recorded(input, weight, bias, x.shapeArray(), w.shapeArray(), p, groups, r);
        }
        return forward(x, w, bias, p, groups).view(outShape);
    }

    /** {@code t} reshaped to {@code shape} as a tensor of its own (no view of an untracked base). */
    private static Tensor freshView(Tensor t, long[] shape) {
        Tensor c = t.contiguous();
        if (c.storageOffset() != 0 || c.storage().numel() != c.numel()) c = c.clone();
        return Fused.wrapNew(c.storage(), shape);
    }

    /** The forward: cols = im2col(x), then one bmm per (batch, group), plus the bias. Result [N, O, oH, oW]. */
    private static Tensor forward(Tensor x, Tensor w, Tensor bias, int[] p, long groups) {
        long n = x.size(0), o = w.size(0), kdim = w.numel() / o, l = (long) p[8] * p[9];
        if (sameDevice(x, w, bias)) {
            Tensor wc = w.reshape(o, kdim).contiguous(), bc = bias == null ? null : bias.contiguous();
            Storage fused = Dispatch.backend(x.device()).conv2d(x.strided(), wc.strided(), bc == null ? null : bc.strided(), p, (int) groups);
            if (fused != null) return Fused.wrapNew(fused, new long[] {n, o, p[8], p[9]});
        }
        Tensor cols = im2colRaw(x, p);
        Tensor out;
        if (groups == 1) {
            out = Linalg.bmmUnchecked(w.reshape(1, o, kdim).expand(n, o, kdim), cols);
        } else {
            Tensor wg = w.reshape(1, groups, o / groups, kdim).expand(n, groups, o / groups, kdim).reshape(n * groups, o / groups, kdim);
            out = Linalg.bmmUnchecked(wg, cols.view(n * groups, kdim, l));
        }
        out = out.view(n, o, p[8], p[9]);
        if (bias != null) out.add_(bias.view(1, o, 1, 1));   // out is fresh and untracked: no second buffer
        return out;
    }

    /**
     * Records {@code ConvolutionBackward0} on the caller's input/weight/bias (whatever their rank: conv1d and
     * unbatched inputs are viewed as batched 2-d inside the formulas); the formulas re-read the input through a
     * recorded im2col so that double backward reaches it.
     */
    private static Tensor recorded(Tensor input, Tensor weight, Tensor bias, long[] xShape, long[] wShape, int[] p, long groups,
            Tensor r) {
        FnNode node = bias == null ? Graph.node("ConvolutionBackward0", input, weight) : Graph.node("ConvolutionBackward0", input, weight, bias);
        SavedTensor sx = node.needsInputGrad(1) ? node.save(input) : null;
        SavedTensor sw = node.needsInputGrad(0) ? node.save(weight) : null;
        long n = xShape[0], c = xShape[1], h = xShape[2], wd = xShape[3], o = wShape[0], kdim = c / groups * p[0] * p[1];
        long l = (long) p[8] * p[9];
        long[] inShape = input.shapeArray(), weightShape = weight.shapeArray();
        boolean fused = sameDevice(input, weight, bias);
        return node.backward(gs -> {
            // grad mode is on inside backward only under create_graph: then the formulas must be recorded
            Tensor[] f = fused && !GradMode.isEnabled() ? fusedBackward(node, gs[0], sx, sw, bias != null, xShape, inShape, weightShape, p, groups) : null;
            if (f != null) return f;
            Tensor g = gs[0].reshape(n, groups, o / groups, l);
            Tensor gx = null, gw = null, gb = null;
            if (sw != null) {
                Tensor wt = sw.get().reshape(groups, o / groups, kdim).transpose(1, 2);
                // one group: a stride-0 batch of W^T straight into bmm (matmul's broadcasting would copy it n times)
                Tensor gcols = groups == 1 ? wt.expand(n, kdim, o).bmm(g.view(n, o, l)) : wt.matmul(g);
                gx = col2im(gcols.reshape(n, c * p[0] * p[1], l), h, wd, p).reshape(inShape);
            }
            if (sx != null) {
                Tensor cols = im2col(sx.get().reshape(xShape), p);
                gw = groups == 1
                        ? g.view(n, o, l).bmm(cols.transpose(1, 2)).sum(0).reshape(weightShape)
                        : g.matmul(cols.view(n, groups, kdim, l).transpose(2, 3)).sum(0).reshape(weightShape);
            }
            if (bias != null && node.needsInputGrad(2)) gb = gs[0].reshape(n, o, l).sum(0, 2);
            return bias == null ? new Tensor[] {gx, gw} : new Tensor[] {gx, gw, gb};
        }).output(r);
    }

    /**
     * The backend's fused backward when no graph is being built (no double backward), instead of the recorded
     * im2col / bmm / col2im formulas; null when the backend has none for these operands.
     */
    private static Tensor[] fusedBackward(FnNode node, Tensor grad, SavedTensor sx, SavedTensor sw, boolean hasBias, long[] xShape,
            long[] inShape, long[] weightShape, int[] p, long groups) {
        long n = xShape[0], o = weightShape[0], kdim = Shapes.numel(weightShape) / o;
        Tensor g = grad.reshape(n, o, (long) p[8] * p[9]).contiguous();
        Tensor x = sx == null ? null : sx.get().reshape(xShape);
        Tensor w = sw == null ? null : sw.get().reshape(o, kdim).contiguous();
        boolean gb = hasBias && node.needsInputGrad(2);
        if (x != null && !x.device().equals(g.device()) || w != null && !w.device().equals(g.device())) return null;
        Storage[] r = Dispatch.backend(g.device()).conv2dBackward(g.strided(), x == null ? null : x.strided(),
                w == null ? null : w.strided(), xShape, w != null, x != null, gb, p, (int) groups);
        if (r == null) return null;
        Tensor rx = r[0] == null ? null : Fused.wrapNew(r[0], inShape), rw = r[1] == null ? null : Fused.wrapNew(r[1], weightShape);
        Tensor rb = r[2] == null ? null : Fused.wrapNew(r[2], new long[] {o});
        return hasBias ? new Tensor[] {rx, rw, rb} : new Tensor[] {rx, rw};
    }

    /** All operands on one device, so one backend's fused kernel may take them. */
    private static boolean sameDevice(Tensor x, Tensor w, Tensor bias) {
        return x.device().equals(w.device()) && (bias == null || bias.device().equals(x.device()));
    }

    // ---- helpers ----

    /** c10's scalar type name ("Float", "Double", "Half", "BFloat16"). */
    private static String scalarName(DType t) {
        return switch (t) {
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
            case FLOAT16 -> "Half";
            case BFLOAT16 -> "BFloat16";
            default -> t.toString();
        };
    }

    /** The C type name PyTorch's input/bias check prints ("float", "double", ...). */
    static String cName(DType t) {
        return switch (t) {
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case FLOAT16 -> "c10::Half";
            case BFLOAT16 -> "c10::BFloat16";
            default -> t.toString();
        };
    }

    private static DType compute(DType t) { return t == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32; }

    /**
     * The padding before each spatial dim and in total, from explicit {@code pd} (one per dim) or, when it is null,
     * the string {@code padMode} ("same": total {@code dilation * (k - 1)}, the odd one after, as PyTorch does;
     * "valid": none), with PyTorch's errors.
     */
    static long[][] paddings(String op, long[] pd, String padMode, long[] k, long[] dilation, long[] stride) {
        int n = k.length;
        long[] before = new long[n], total = new long[n];
        if (pd == null) {
            if (padMode.equals("same")) {
                for (long s : stride) {
                    if (s != 1) throw new IllegalArgumentException(op + ": padding='same' is not supported for strided convolutions");
                }
                for (int i = 0; i < n; i++) {
                    total[i] = dilation[i] * (k[i] - 1);
                    before[i] = total[i] / 2;
                }
            } else if (!padMode.equals("valid")) {
                throw new IllegalArgumentException(op + ": Invalid padding string '" + padMode + "', should be one of {'valid', 'same'}");
            }
        } else {
            for (long s : pd) if (s < 0) throw new IllegalArgumentException(op + ": negative padding is not supported");
            for (int i = 0; i < n; i++) {
                before[i] = pd[i];
                total[i] = 2 * pd[i];
            }
        }
        return new long[][] {before, total};
    }

    /** PyTorch's rank checks of an {@code nd}-d convolution's input and weight; the input's rank. */
    static int checkRanks(String op, int nd, Tensor input, Tensor weight) {
        int d = input.dim();
        if (d != nd + 1 && d != nd + 2) {
            throw new IllegalArgumentException(op + ": Expected " + (nd + 1) + "D (unbatched) or " + (nd + 2) + "D (batched) input to "
                    + op + ", but got input of size: " + Shapes.str(input.shapeArray()));
        }
        if (weight.dim() != nd + 2) {
            throw new IllegalArgumentException(op + ": Expected " + (nd + 2) + "-dimensional weight for " + op + ", but got weight of size "
                    + Shapes.str(weight.shapeArray()));
        }
        return d;
    }

    static void checkFloating(String op, Tensor t) {
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": \"" + op + "\" not implemented for '" + t.dtype().scalarTypeName() + "'");
        }
    }

    static long outSize(long in, long padTotal, long k, long dil, long stride) {
        return Math.floorDiv(in + padTotal - dil * (k - 1) - 1, stride) + 1;   // floor: a kernel past the input gives 0, not 1
    }

    static int[] params(long[] k, long[] st, long[] pd, long[] dl, long oh, long ow) {
        return new int[] {(int) k[0], (int) k[1], (int) st[0], (int) st[1], (int) pd[0], (int) pd[1], (int) dl[0], (int) dl[1],
            (int) oh, (int) ow};
    }

    /** A 2-d argument given as one value (used for both dims) or two. */
    private static long[] pair(String op, String name, long[] v) {
        if (v.length == 1) return new long[] {v[0], v[0]};
        if (v.length == 2) return v.clone();
        throw new IllegalArgumentException(op + ": " + name + " must be an int or a tuple of 2 ints, got " + java.util.Arrays.toString(v));
    }

    /** An nd-length spatial argument given as one value or nd values. */
    static long[] spatial(String op, String name, long[] v, int nd) {
        if (v.length == nd) return v.clone();
        if (v.length == 1) {
            long[] r = new long[nd];
            java.util.Arrays.fill(r, v[0]);
            return r;
        }
        throw new IllegalArgumentException(op + ": expected " + name + " to be a single integer value or a list of " + nd
                + " values to match the convolution dimensions, but got " + name + "=" + java.util.Arrays.toString(v));
    }

    static String sizes(long[] a, long[] add, int from) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < a.length; i++) {
            if (i > from) sb.append(" x ");
            sb.append(a[i] + add[i]);
        }
        return sb.toString();
    }
}
