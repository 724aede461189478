package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.FnNode;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.core.Shapes;
import dev.torch4j.core.TypePromotion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Joining and splitting: cat, stack, hstack/vstack/dstack (copies into narrowed views of the output, so every
 * backend gets them from its copy kernel), split and chunk (views). Derivatives as PyTorch records them:
 * {@code CatBackward0} (hstack/vstack/dstack are cats of views), {@code StackBackward0}, and one multi-output
 * {@code SplitBackward0} / {@code SplitWithSizesBackward0} node per split or chunk.
 */
public final class Joining {
    private Joining() {}

    // ---------------------------------------------------------------- joining

    /**
     * {@code torch.cat}: concatenates along {@code dim}. The result dtype promotes over all inputs (PyTorch 2.x);
     * 1-d empty tensors (shape {@code [0]}) are skipped for shape checks, as PyTorch's legacy rule.
     */
    public static Tensor cat(List<Tensor> tensors, long dim) {
        if (tensors.stream().anyMatch(Tensor::isComplex)) return ComplexOps.join(tensors, dim, false);
        if (!tensors.isEmpty() && tensors.get(0).dtype().isQuantized()) return Quantized.cat(tensors, dim);
        Tensor[] ts = tensors.toArray(Tensor[]::new);
        if (!Graph.isRecording(ts)) return catImpl(tensors, dim);
        Tensor out;
        try (var g = GradMode.noGrad()) {
            out = catImpl(tensors, dim);
        }
        if (!out.dtype().isFloatingPoint()) return out;
        // CatBackward0: each input's gradient is its slice of the output gradient (legacy empty inputs get [0] zeros)
        int d = 0;
        for (Tensor t : ts) {
            if (!skipped(t)) {
                d = Shapes.wrapDim(dim, t.dim());
                break;
            }
        }
        int catDim = d;
        long[] sizes = new long[ts.length];
        for (int i = 0; i < ts.length; i++) sizes[i] = skipped(ts[i]) ? -1 : ts[i].size(catDim);
        FnNode n = Graph.node("CatBackward0", ts);
        return n.backward(gs -> {
            Tensor g = gs[0];
            Tensor[] r = new Tensor[sizes.length];
            long offset = 0;
            for (int i = 0; i < sizes.length; i++) {
                if (sizes[i] < 0) {
                    if (n.needsInputGrad(i)) r[i] = Creation.full(new long[] {0}, 0, g.dtype(), g.device());
                    continue;
                }
                if (n.needsInputGrad(i)) r[i] = g.narrow(catDim, offset, sizes[i]);
                offset += sizes[i];
            }
            return r;
        }).output(out);
    }

    private static Tensor catImpl(List<Tensor> tensors, long dim) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("torch.cat(): expected a non-empty list of Tensors");
        Tensor ref = null;
        DType dtype = null;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (t.dim() == 0) {
                throw new IllegalArgumentException("torch.cat(): zero-dimensional tensor (at position " + i + ") cannot be concatenated");
            }
            dtype = dtype == null ? t.dtype() : TypePromotion.promoteTypes(dtype, t.dtype());
            if (ref == null && !skipped(t)) ref = t;
        }
        Device dev = Dispatch.commonDevice("torch.cat()", tensors.toArray(Tensor[]::new));
        if (ref == null) return Dispatch.empty(new long[] {0}, dtype, dev);
        int d = Shapes.wrapDim(dim, ref.dim());
        long[] shape = ref.shapeArray();
        long total = 0;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (skipped(t)) continue;
            if (t.dim() != ref.dim()) {
                throw new IllegalArgumentException("torch.cat(): Tensors must have same number of dimensions: got " + ref.dim()
                        + " and " + t.dim());
            }
            long[] ts = t.shapeArray();
            for (int k = 0; k < shape.length; k++) {
                if (k != d && ts[k] != shape[k]) {
                    throw new IllegalArgumentException("torch.cat(): Sizes of tensors must match except in dimension " + d
                            + ". Expected size " + shape[k] + " but got size " + ts[k] + " for tensor number " + i + " in the list.");
                }
            }
            total += ts[d];
        }
        shape[d] = total;
        Tensor out = Dispatch.empty(shape, dtype, dev);
        long offset = 0;
        for (Tensor t : tensors) {
            if (skipped(t)) continue;
            long n = t.size(d);
            if (n > 0) Conversions.copyInto(out.narrow(d, offset, n), t);
            offset += n;
        }
        return out;
    }

    /** PyTorch skips legacy empty tensors of shape [0] in cat, whatever the other inputs' rank. */
    private static boolean skipped(Tensor t) {
        return t.dim() == 1 && t.size(0) == 0;
    }

    /** {@code torch.stack}: joins equal-shaped tensors along a new dim. */
    public static Tensor stack(List<Tensor> tensors, long dim) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("stack expects a non-empty TensorList");
        if (tensors.stream().anyMatch(Tensor::isComplex)) return ComplexOps.join(tensors, dim, true);
        long[] s0 = tensors.get(0).shapeArray();
        for (int i = 1; i < tensors.size(); i++) {
            long[] si = tensors.get(i).shapeArray();
            if (!Arrays.equals(s0, si)) {
                throw new IllegalArgumentException("stack expects each tensor to be equal size, but got " + Shapes.str(s0)
                        + " at entry 0 and " + Shapes.str(si) + " at entry " + i);
            }
        }
        int d = Shapes.wrapDim(dim, s0.length + 1);
        Tensor[] ts = tensors.toArray(Tensor[]::new);
        boolean record = Graph.isRecording(ts);
        Tensor out;
        try (var g = GradMode.setGradEnabled(GradMode.isEnabled() && !record)) {
            List<Tensor> expanded = new ArrayList<>(ts.length);
            for (Tensor t : ts) expanded.add(t.unsqueeze(d));
            out = ts[0].dtype().isQuantized() ? Quantized.cat(expanded, d) : catImpl(expanded, d);
        }
        if (!record || !out.dtype().isFloatingPoint()) return out;
        // StackBackward0: each input's gradient is its index of the output gradient along the new dim
        FnNode n = Graph.node("StackBackward0", ts);
        return n.backward(gs -> {
            Tensor[] r = new Tensor[ts.length];
            for (int i = 0; i < r.length; i++) if (n.needsInputGrad(i)) r[i] = gs[0].select(d, i);
            return r;
        }).output(out);
    }

    /** {@code torch.hstack}: cat along dim 1, or dim 0 for 1-d inputs (0-d inputs count as 1-d). */
    public static Tensor hstack(List<Tensor> tensors) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("hstack expects a non-empty TensorList");
        List<Tensor> ts = atLeast(tensors, 1);
        return cat(ts, ts.get(0).dim() == 1 ? 0 : 1);
    }

    /** {@code torch.vstack}: cat along dim 0 of the inputs made at least 2-d ({@code [n]} becomes {@code [1, n]}). */
    public static Tensor vstack(List<Tensor> tensors) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("vstack expects a non-empty TensorList");
        return cat(atLeast(tensors, 2), 0);
    }

    /** {@code torch.dstack}: cat along dim 2 of the inputs made at least 3-d. */
    public static Tensor dstack(List<Tensor> tensors) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("dstack expects a non-empty TensorList");
        return cat(atLeast(tensors, 3), 2);
    }

    /** {@code torch.atleast_1d/2d/3d} views: {@code []} to {@code [1]}, {@code [n]} to {@code [1, n]}, {@code [m, n]} to {@code [m, n, 1]}. */
    private static List<Tensor> atLeast(List<Tensor> tensors, int rank) {
        List<Tensor> out = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) {
            Tensor r = t;
            if (r.dim() == 0) r = r.reshape(1);
            if (rank >= 2 && r.dim() == 1) r = r.unsqueeze(0);
            if (rank >= 3 && r.dim() == 2) r = r.unsqueeze(2);
            out.add(r);
        }
        return out;
    }

    // ---------------------------------------------------------------- splitting (views)

    /** {@code torch.split(t, splitSize, dim)}: views of {@code splitSize} along dim; the last may be smaller. */
    public static Tensor[] split(Tensor t, long splitSize, long dim) {
        if (t.dim() == 0) throw new IllegalArgumentException("split expects at least a 1-dimensional tensor");
        if (splitSize < 0) {
            throw new IllegalArgumentException("split expects split_size be non-negative, but got split_size=" + splitSize);
        }
        int d = Shapes.wrapDim(dim, t.dim());
        long size = t.size(d);
        if (splitSize == 0 && size != 0) {
            throw new IllegalArgumentException("split_size can only be 0 if dimension size is 0, but got dimension size of " + size);
        }
        long n = splitSize == 0 ? 1 : Math.max(Math.ceilDiv(size, splitSize), 1);
        long[] sizes = new long[Math.toIntExact(n)];
        for (int i = 0; i < sizes.length; i++) sizes[i] = i == sizes.length - 1 ? size - i * splitSize : splitSize;
        return splitViews("SplitBackward0", t, d, sizes);
    }

    /** {@code torch.split(t, [sizes...], dim)} ({@code split_with_sizes}): views with the given sizes. */
    public static Tensor[] split(Tensor t, long[] sizes, long dim) {
        if (t.dim() == 0) throw new IllegalArgumentException("split_with_sizes expects at least a 1-dimensional tensor");
        int d = Shapes.wrapDim(dim, t.dim());
        long size = t.size(d), sum = 0;
        for (long s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException("split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes="
                        + Shapes.str(sizes));
            }
            sum += s;
        }
        if (sum != size) {
            throw new IllegalArgumentException("split_with_sizes expects split_sizes to sum exactly to " + size
                    + " (input tensor's size at dimension " + d + "), but got split_sizes=" + Shapes.str(sizes));
        }
        return splitViews("SplitWithSizesBackward0", t, d, sizes);
    }

    /** Consecutive views of {@code sizes} along dim d, recorded as one node {@code name} whose gradient is their cat. */
    private static Tensor[] splitViews(String name, Tensor t, int d, long[] sizes) {
        Tensor[] out = new Tensor[sizes.length];
        long[] sh = t.shapeArray(), st = t.stride();
        long start = 0;
        for (int i = 0; i < sizes.length; i++) {
            sh[d] = sizes[i];
            out[i] = t.restride(sh, st, t.storageOffset() + start * st[d]);
            start += sizes[i];
        }
        return views(name, t, out, gs -> cat(Arrays.asList(gs), d));
    }

    /**
     * Records {@code views} of {@code input} as the outputs of one node {@code name} (PyTorch's multi-output view
     * functions: split, unbind), whose input gradient is {@code join} of the views' gradients (zeros stand in for
     * views that got none). Each view is linked to the input's base for in-place ops. Returns the views.
     */
    static Tensor[] views(String name, Tensor input, Tensor[] views, Function<Tensor[], Tensor> join) {
        for (Tensor v : views) Graph.linkBase(input, v);
        Graph.markMultiOutput(views);
        if (views.length == 0 || !Graph.isRecording(input)) return views;
        long[][] shapes = new long[views.length][];
        for (int i = 0; i < views.length; i++) shapes[i] = views[i].shapeArray();
        FnNode n = Graph.node(name, views.length, input);
        n.backward(gs -> {
            Tensor any = null;
            for (Tensor g : gs) if (g != null) any = g;
            Tensor[] full = new Tensor[gs.length];
            for (int i = 0; i < gs.length; i++) {
                full[i] = gs[i] != null ? gs[i] : Creation.full(shapes[i], 0, any.dtype(), any.device());
            }
            return new Tensor[] {join.apply(full)};
        }).outputs(views);
        return views;
    }

    /**
     * {@code torch.chunk}: up to {@code chunks} views of {@code ceil(size / chunks)} along dim (fewer when the size
     * does not allow that many; exactly {@code chunks} empty views when the size is 0).
     */
    public static Tensor[] chunk(Tensor t, long chunks, long dim) {
        if (t.dim() == 0) throw new IllegalArgumentException("chunk expects at least a 1-dimensional tensor");
        if (chunks <= 0) throw new IllegalArgumentException("chunk expects `chunks` to be greater than 0, got: " + chunks);
        int d = Shapes.wrapDim(dim, t.dim());
        long size = t.size(d);
        long splitSize = Math.ceilDiv(size, chunks);
        if (splitSize == 0 && size == 0) {
            long[] sizes = new long[Math.toIntExact(chunks)];
            return split(t, sizes, d);
        }
        return split(t, splitSize, d);
    }
}
