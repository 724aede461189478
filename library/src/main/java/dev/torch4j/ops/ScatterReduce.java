package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.ValuesIndices;
import dev.torch4j.autograd.FnNode;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.autograd.SavedTensor;
import dev.torch4j.core.Shapes;

import java.util.List;

/**
 * {@code scatter_reduce(dim, index, src, reduce, include_self)}: like scatter_add, with the elements sent to one
 * place combined by sum, prod, mean, amax or amin. sum and mean are scatter_adds. prod, amax and amin sort the
 * elements by their destination (a stable sort) and combine each destination's run with a segmented Hillis-Steele
 * scan, so every backend runs them; NaN propagates through amax and amin, as in PyTorch. The derivative is
 * PyTorch's {@code scatter_reduce_backward}, written with differentiable ops.
 */
public final class ScatterReduce {
    private ScatterReduce() {}

    private enum Reduce { SUM, PROD, MEAN, AMAX, AMIN }

    private static Reduce parse(String reduce) {
        return switch (reduce) {
            case "sum" -> Reduce.SUM;
            case "prod" -> Reduce.PROD;
            case "mean" -> Reduce.MEAN;
            case "amax" -> Reduce.AMAX;
            case "amin" -> Reduce.AMIN;
            default -> throw new IllegalArgumentException("reduce argument must be either sum, prod, mean, amax or amin, got " + reduce);
        };
    }

    /** {@code self.scatter_reduce(dim, index, src, reduce, include_self)}; recorded as {@code ScatterReduceBackward0}. */
    public static Tensor scatterReduce(Tensor self, long dim, Tensor index, Tensor src, String reduce, boolean includeSelf) {
        Reduce r = parse(reduce);
        if (self.dim() == 0 && index.dim() <= 1 && src.dim() <= 1) { // as 1-d, as scatter treats a 0-d tensor
            return scatterReduce(self.reshape(1), dim, index.reshape(-1), src.reshape(-1), reduce, includeSelf).reshape(new long[0]);
        }
        int d = Shapes.wrapDim("scatter_reduce", dim, Math.max(self.dim(), 1));
        boolean record = self.isFloatingPoint() && Graph.isRecording(self, src);
        Tensor out;
        try (var g = GradMode.noGrad()) {
            out = forward(self.detach(), d, index, src.detach(), r, includeSelf);
        }
        if (!record) return out;
        FnNode n = Graph.node("ScatterReduceBackward0", self, src);
        SavedTensor sx = n.save(self), ss = n.save(src), si = n.save(index), sr = n.save(out);
        long[] srcShape = src.shapeArray();
        return n.backward(gs -> {
            Tensor[] g = backward(gs[0], sx.get(), ss.get(), si.get(), sr.get(), d, r, includeSelf);
            return new Tensor[] {n.needsInputGrad(0) ? g[0] : null, n.needsInputGrad(1) ? padTo(g[1], srcShape) : null};
        }).output(out);
    }

    /** {@code self.scatter_reduce_(dim, index, src, reduce, include_self)}. */
    public static Tensor scatterReduce_(Tensor self, long dim, Tensor index, Tensor src, String reduce, boolean includeSelf) {
        Elementwise.checkNoInternalOverlap("scatter_reduce_", self);
        if (self.isFloatingPoint() && Graph.isRecording(self, src)) {
            Graph.checkInplace("scatter_reduce_", self);
            return Graph.commitInplace(self, scatterReduce(self, dim, index, src, reduce, includeSelf));
        }
        Tensor r = scatterReduce(self, dim, index, src, reduce, includeSelf);
        try (var g = GradMode.noGrad()) {
            return self.copy_(r);
        }
    }

    private static Tensor forward(Tensor self, int d, Tensor index, Tensor src, Reduce r, boolean includeSelf) {
        // scatter does PyTorch's checks (dtypes, dims, sizes, index bounds) with PyTorch's words ("scatter(): ...")
        self.scatter(d, index, src);
        Tensor base = includeSelf ? self.clone() : self.scatter(d, index, 0.0);
        return switch (r) {
            case SUM -> base.scatterAdd_(d, index, src);
            case MEAN -> {
                Tensor sum = base.scatterAdd_(d, index, src);
                Tensor count = Creation.full(self.shapeArray(), includeSelf ? 1 : 0, self.dtype(), self.device())
                        .scatterAdd_(d, index, Creation.full(index.shapeArray(), 1, self.dtype(), self.device()));
                count.maskedFill_(count.eq(0L), 1.0);
                yield self.isFloatingPoint() ? sum.div(count) : sum.div(count, "floor");
            }
            default -> segmented(self, d, index, src, r, includeSelf);
        };
    }

    /** prod, amax or amin: each destination's elements combined by a segmented scan over a sort by destination. */
    private static Tensor segmented(Tensor self, int d, Tensor index, Tensor src, Reduce r, boolean includeSelf) {
        Tensor flat = self.contiguous().reshape(-1).clone();
        if (index.numel() == 0) return flat.view(self.shapeArray());
        Tensor to = destinations(self.shapeArray(), d, index).reshape(-1);
        Tensor from = narrowTo(src, index.shapeArray()).reshape(-1);
        ValuesIndices byDest = Sorting.sort(to, 0, false, true);
        Tensor t = byDest.values(), v = from.indexSelect(0, byDest.indices());
        long m = t.size(0);
        for (long k = 1; k < m; k <<= 1) {
            // element i takes in i - k when both lie in one destination's run (runs are contiguous after the sort)
            Tensor same = t.narrow(0, k, m - k).eq(t.narrow(0, 0, m - k));
            Tensor combined = combine(r, v.narrow(0, 0, m - k), v.narrow(0, k, m - k));
            v = Joining.cat(List.of(v.narrow(0, 0, k), combined.where(same, v.narrow(0, k, m - k))), 0);
        }
        Tensor last = m == 1 ? Creation.full(new long[] {1}, 1, DType.BOOL, t.device())
                : Joining.cat(List.of(t.narrow(0, 1, m - 1).ne(t.narrow(0, 0, m - 1)),
                        Creation.full(new long[] {1}, 1, DType.BOOL, t.device())), 0);
        Tensor at = last.nonzero().reshape(-1);
        Tensor dest = t.indexSelect(0, at), reduced = v.indexSelect(0, at);
        if (includeSelf) reduced = combine(r, flat.indexSelect(0, dest), reduced);
        return flat.indexCopy_(0, dest, reduced).view(self.shapeArray());
    }

    private static Tensor combine(Reduce r, Tensor a, Tensor b) {
        return switch (r) {
            case PROD -> a.mul(b);
            case AMAX -> a.maximum(b);
            case AMIN -> a.minimum(b);
            default -> throw new IllegalStateException(r.name());
        };
    }

    /** The row-major position in a tensor of {@code shape} that each index element scatters to (int64, index's shape). */
    private static Tensor destinations(long[] shape, int d, Tensor index) {
        long[] is = index.shapeArray(), strides = Shapes.contiguousStrides(shape);
        Tensor t = index.mul(strides[d]);
        for (int i = 0; i < is.length; i++) {
            if (i == d) continue;
            long[] col = new long[is.length];
            java.util.Arrays.fill(col, 1);
            col[i] = is[i];
            t = t.add(Creation.arangeLong(0, is[i] * strides[i], strides[i], DType.INT64, index.device()).reshape(col));
        }
        return t;
    }

    /** The leading {@code shape} block of t (the part of src that index addresses). */
    private static Tensor narrowTo(Tensor t, long[] shape) {
        for (int i = 0; i < shape.length; i++) if (t.size(i) != shape[i]) t = t.narrow(i, 0, shape[i]);
        return t;
    }

    /** A gradient for src's leading block, zero-padded to src's shape (src may be larger than index). */
    private static Tensor padTo(Tensor g, long[] shape) {
        long[] gs = g.shapeArray();
        if (java.util.Arrays.equals(gs, shape)) return g;
        long[] pad = new long[2 * shape.length];
        for (int i = 0; i < shape.length; i++) pad[2 * (shape.length - 1 - i) + 1] = shape[i] - gs[i];
        return Padding.pad(g, pad, "constant", 0);
    }

    /** PyTorch's scatter_reduce_backward: {self's gradient, the gradient of src's addressed block}. */
    private static Tensor[] backward(Tensor grad, Tensor self, Tensor src, Tensor index, Tensor result, int d, Reduce r,
                                     boolean includeSelf) {
        Tensor s = narrowTo(src, index.shapeArray());
        DType dt = self.dtype();
        Tensor gSelf, gSrc;
        switch (r) {
            case SUM -> {
                gSelf = grad;
                gSrc = grad.gather(d, index);
            }
            case MEAN -> {
                Tensor n = Creation.full(grad.shapeArray(), includeSelf ? 1 : 0, dt, grad.device())
                        .scatterAdd(d, index, Creation.full(index.shapeArray(), 1, dt, grad.device()));
                n = n.maskedFill(n.eq(0L), 1.0);
                gSelf = grad.div(n);
                gSrc = grad.gather(d, index).div(n.gather(d, index));
            }
            case PROD -> {
                // zeros handled apart: the gradient at a zero is the product of the others, not result / 0
                Tensor maskedSelf = self.maskedFill(self.eq(0L), 1.0);
                gSelf = grad.mul(scatterReduce(maskedSelf, d, index, src, "prod", includeSelf)).div(maskedSelf);
                Tensor srcZero = s.eq(0L);
                Tensor zerosThere = Creation.full(self.shapeArray(), 0, dt, self.device()).scatterAdd(d, index, srcZero.to(dt)).gather(d, index);
                Tensor singleZero = srcZero.logicalAnd(zerosThere.eq(1L));
                Tensor othersProduct = scatterReduce(self, d, index, s.maskedFill(singleZero, 1.0), "prod", includeSelf);
                gSrc = grad.mul(othersProduct).gather(d, index)
                        .where(singleZero, grad.mul(result).gather(d, index).div(s.maskedFill(srcZero, 1.0)));
            }
            default -> { // amax, amin: the gradient split evenly among the elements equal to the result
                Tensor value = result.gather(d, index);
                Tensor selfIs = self.eq(result).to(dt), srcIs = s.eq(value).to(dt);
                Tensor share = grad.div(selfIs.scatterAdd(d, index, srcIs));
                gSelf = selfIs.mul(share);
                gSrc = srcIs.mul(share.gather(d, index));
            }
        }
        if (!includeSelf) gSelf = gSelf.scatter(d, index, 0.0);
        return new Tensor[] {gSelf, gSrc};
    }
}
