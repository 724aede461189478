package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.FnNode;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.autograd.SavedTensor;
import dev.torch4j.backend.Indexer;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.Strided;
import dev.torch4j.core.Shapes;

import java.util.function.UnaryOperator;

/**
 * gather / scatter / index_select / index_add_ / take / masked_select / nonzero. Each is a restriding of its
 * operands onto the backend's one index read or index write kernel (see {@link dev.torch4j.backend.Backend#index}),
 * after PyTorch's shape and dtype checks. A 0-d tensor counts as 1-d with one element, as in PyTorch.
 */
public final class Gathering {
    private Gathering() {}

    // ---------------------------------------------------------------- gather / scatter

    /**
     * {@code torch.gather}: {@code out[i][j] = self[index[i][j]][j]} for dim 0 (and likewise for other dims).
     * Recorded as {@code GatherBackward0}: the gradient is zeros with the output gradient scatter-added back.
     */
    public static Tensor gather(Tensor self, long dim, Tensor index) {
        if (self.isComplex()) return ComplexSelection.gather(self, dim, index);
        if (!recording(self, null)) return gatherImpl(self, dim, index, null);
        Tensor out;
        try (var g = GradMode.noGrad()) {
            out = gatherImpl(self, dim, index, null);
        }
        FnNode n = Graph.node("GatherBackward0", self);
        SavedTensor si = n.save(index);
        long[] shape = self.shapeArray();
        return n.backward(gs -> new Tensor[] {scatterAdd_(zeros(shape, gs[0]), dim, si.get(), gs[0])}).output(out);
    }

    /**
     * {@link #gather} without autograd, with the caller's wording of a bad index (a loss names a bad target): on
     * CUDA the error comes at the next synchronisation, too late for the caller to catch and reword.
     */
    public static Tensor gather(Tensor self, long dim, Tensor index, Indexer.Wording wording) {
        return gatherImpl(self, dim, index, wording);
    }

    private static Tensor gatherImpl(Tensor self, long dim, Tensor index, Indexer.Wording wording) {
        Dispatch.sameDevice("gather", self, index);
        if (index.dtype() != DType.INT64) throw new IllegalArgumentException("gather(): Expected dtype int64 for index");
        int d = Shapes.wrapDim(dim, self.dim());
        if (index.numel() > 0 && Math.max(index.dim(), 1) != Math.max(self.dim(), 1)) {   // unchecked for an empty index
            throw new IllegalArgumentException("gather(): Index tensor must have the same number of dimensions as input tensor"
                    + " (index " + Shapes.str(index.shapeArray()) + ", input " + Shapes.str(self.shapeArray()) + ")");
        }
        long[] is = nonempty(index.shapeArray()), ss = nonempty(self.shapeArray());
        for (int i = 0; i < is.length && index.numel() > 0; i++) {   // PyTorch checks sizes only for a non-empty index
            if (i != d && is[i] > ss[i]) {
                throw new IllegalArgumentException("gather(): Size does not match at dimension " + i + " expected index "
                        + Shapes.str(index.shapeArray()) + " to be smaller than self " + Shapes.str(self.shapeArray())
                        + " apart from dimension " + d);
            }
        }
        Tensor out = Dispatch.empty(index.shapeArray(), self.dtype(), self.device());
        if (out.numel() == 0) return out;
        long[] st = nonemptyStrides(self);
        Strided src = self.strided().as(is, withZero(st, d));
        Indexer ix = new Indexer(new Strided[] {index.strided().as(is, nonemptyStrides(index))}, new long[] {ss[d]},
                new long[] {st[d]}, false, wording != null ? wording : outOfBounds("gather", d));
        Dispatch.backend(self.device()).index(out.strided().as(is, nonemptyStrides(out)), src, ix);
        return out;
    }

    /** {@code self.scatter_(dim, index, src)}: {@code self[index[i][j]][j] = src[i][j]} for dim 0. */
    public static Tensor scatter_(Tensor self, long dim, Tensor index, Tensor src) {
        if (!recording(self, src)) return scatterInto("scatter", self, dim, index, src, 0, false);
        Graph.checkInplace("scatter_", self);
        Elementwise.checkNoInternalOverlap("scatter_", self); // before the op's own checks, as PyTorch
        return Graph.commitInplace(self, scatter(self, dim, index, src));
    }

    /**
     * Out-of-place {@code scatter(dim, index, src)}. Recorded as {@code ScatterBackward0}: self's gradient is the
     * output gradient with the scattered places zeroed; src's is the output gradient gathered at index.
     */
    public static Tensor scatter(Tensor self, long dim, Tensor index, Tensor src) {
        if (ComplexOps.anyComplex(self, src)) return ComplexSelection.scatter(self, dim, index, src);
        return outOfPlace("ScatterBackward0", self, src, index, c -> scatterInto("scatter", c, dim, index, src, 0, false),
                (n, g, ix) -> new Tensor[] {
                        n.needsInputGrad(0) ? scatter(g, dim, ix, 0) : null,
                        n.needsInputGrad(1) ? gather(g, dim, ix) : null});
    }

    /** {@code self.scatter_(dim, index, value)}. */
    public static Tensor scatter_(Tensor self, long dim, Tensor index, double value) {
        if (!recording(self, null)) return scatterInto("scatter", self, dim, index, null, value, false);
        Graph.checkInplace("scatter_", self);
        Elementwise.checkNoInternalOverlap("scatter_", self); // before the op's own checks, as PyTorch
        return Graph.commitInplace(self, scatter(self, dim, index, value));
    }

    /** Out-of-place {@code scatter(dim, index, value)}; recorded as {@code ScatterBackward1} (self: gradient with the scattered places zeroed). */
    public static Tensor scatter(Tensor self, long dim, Tensor index, double value) {
        if (self.isComplex()) return ComplexSelection.scatter(self, dim, index, value);
        return outOfPlace("ScatterBackward1", self, null, index, c -> scatterInto("scatter", c, dim, index, null, value, false),
                (n, g, ix) -> new Tensor[] {scatter(g, dim, ix, 0)});
    }

    /** {@code self.scatter_add_(dim, index, src)}: like scatter_, but every write adds, duplicates included. */
    public static Tensor scatterAdd_(Tensor self, long dim, Tensor index, Tensor src) {
        if (!recording(self, src)) return scatterInto("scatter_add", self, dim, index, src, 0, true);
        Graph.checkInplace("scatter_add_", self);
        Elementwise.checkNoInternalOverlap("scatter_add_", self); // before the op's own checks, as PyTorch
        return Graph.commitInplace(self, scatterAdd(self, dim, index, src));
    }

    /**
     * Out-of-place {@code scatter_add}. Recorded as {@code ScatterAddBackward0}: self's gradient is the output
     * gradient; src's is the output gradient gathered at index.
     */
    public static Tensor scatterAdd(Tensor self, long dim, Tensor index, Tensor src) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.PROMOTE, a -> scatterAdd(a[0], dim, index, a[1]), self, src);
        }
        return outOfPlace("ScatterAddBackward0", self, src, index, c -> scatterInto("scatter_add", c, dim, index, src, 0, true),
                (n, g, ix) -> new Tensor[] {g, n.needsInputGrad(1) ? gather(g, dim, ix) : null});
    }

    private static Tensor scatterInto(String op, Tensor self, long dim, Tensor index, Tensor src, double value, boolean add) {
        Dispatch.sameDevice(op, self, index, src);
        if (index.dtype() != DType.INT64) throw new IllegalArgumentException(op + "(): Expected dtype int64 for index");
        if (src != null && src.dtype() != self.dtype()) {
            throw new IllegalArgumentException(op + "(): Expected self.dtype to be equal to src.dtype (got "
                    + self.dtype().scalarTypeName() + " and " + src.dtype().scalarTypeName() + ")");
        }
        int d = Shapes.wrapDim(dim, self.dim());
        if (index.numel() == 0) {   // PyTorch checks no shapes for an empty index
            Elementwise.checkNoInternalOverlap(op + "_", self);
            self.storage().bumpVersion(); // a write of nothing still counts, as in PyTorch
            return self;
        }
        if (Math.max(index.dim(), 1) != Math.max(self.dim(), 1)) {
            throw new IllegalArgumentException(op + "(): Index tensor must have the same number of dimensions as self tensor"
                    + " (index " + Shapes.str(index.shapeArray()) + ", self " + Shapes.str(self.shapeArray()) + ")");
        }
        if (src != null && Math.max(index.dim(), 1) != Math.max(src.dim(), 1)) {
            throw new IllegalArgumentException(op + "(): Index tensor must have the same number of dimensions as src tensor"
                    + " (index " + Shapes.str(index.shapeArray()) + ", src " + Shapes.str(src.shapeArray()) + ")");
        }
        long[] is = nonempty(index.shapeArray()), ss = nonempty(self.shapeArray());
        long[] rs = src == null ? null : nonempty(src.shapeArray());
        for (int i = 0; i < is.length; i++) {
            if ((i != d && is[i] > ss[i]) || (rs != null && is[i] > rs[i])) {
                throw new IllegalArgumentException(op + "(): Expected index " + Shapes.str(index.shapeArray())
                        + " to be smaller than self " + Shapes.str(self.shapeArray()) + " apart from dimension " + d
                        + (src == null ? "" : " and to be smaller size than src " + Shapes.str(src.shapeArray())));
            }
        }
        Elementwise.checkNoInternalOverlap(op + "_", self);
        if (index.numel() == 0) return self;
        Strided values;
        if (src == null) {
            values = Creation.full(new long[0], value, self.dtype(), self.device()).strided().as(is, new long[is.length]);
        } else {
            Tensor s = src.storage() == self.storage() ? src.clone() : src;
            values = s.strided().as(is, nonemptyStrides(s));
        }
        Tensor idx = index.storage() == self.storage() ? index.clone() : index;
        write(op, self, d, idx.strided().as(is, nonemptyStrides(idx)), is, values, add);
        return self;
    }

    /**
     * Writes {@code values} (of shape {@code shape}) into self along {@code dim}: element p goes to self at p with
     * coordinate {@code dim} replaced by {@code index[p]}.
     */
    private static void write(String op, Tensor self, int dim, Strided index, long[] shape, Strided values, boolean add) {
        long[] st = nonemptyStrides(self);
        Strided dst = self.strided().as(shape, withZero(st, dim));
        // index_fill_ alone takes negative indices (from the end)
        Indexer ix = new Indexer(new Strided[] {index}, new long[] {nonempty(self.shapeArray())[dim]}, new long[] {st[dim]},
                op.equals("index_fill_"), outOfBounds(op, dim));
        try {
            Dispatch.backend(self.device()).indexPut(dst, values, ix, add);
        } finally {
            self.storage().bumpVersion();
        }
    }

    // ---------------------------------------------------------------- index_select / index_add_ / index_copy_ / index_fill_

    /**
     * {@code torch.index_select}: the slices of self at {@code index} (a vector) along {@code dim}. Recorded as
     * {@code IndexSelectBackward0}: the gradient is zeros with the output gradient's slices index-added back.
     */
    public static Tensor indexSelect(Tensor self, long dim, Tensor index) {
        if (self.isComplex()) return ComplexSelection.indexSelect(self, dim, index);
        if (!recording(self, null)) return indexSelectImpl(self, dim, index);
        Tensor out;
        try (var g = GradMode.noGrad()) {
            out = indexSelectImpl(self, dim, index);
        }
        FnNode n = Graph.node("IndexSelectBackward0", self);
        SavedTensor si = n.save(index);
        long[] shape = self.shapeArray();
        return n.backward(gs -> new Tensor[] {indexAdd_(zeros(shape, gs[0]), dim, si.get(), gs[0], 1)}).output(out);
    }

    private static Tensor indexSelectImpl(Tensor self, long dim, Tensor index) {
        Dispatch.sameDevice("index_select", self, index);
        Tensor idx = vectorIndex("index_select", index, "int32 or int64");
        int d = Shapes.wrapDim(dim, self.dim());
        if (self.dim() == 0) {
            indexSelectImpl(self.reshape(1), 0, idx); // bounds check only: PyTorch returns the 0-d value itself
            return self.clone();
        }
        long[] shape = self.shapeArray();
        shape[d] = idx.numel();
        Tensor out = Dispatch.empty(shape, self.dtype(), self.device());
        if (out.numel() == 0) {
            // PyTorch checks the indices even when nothing is gathered (another dim empty)
            long size = self.size(d);
            for (long v : idx.cpu().toLongArray()) {
                if (v < -size || v >= size) {
                    throw new IllegalArgumentException("index_select(): index " + v + " is out of bounds for dimension " + d
                            + " with size " + size);
                }
            }
            return out;
        }
        long[] st = self.stride();
        Strided src = self.strided().as(shape, withZero(st, d));
        Indexer ix = new Indexer(new Strided[] {alongDim(idx, shape, d)}, new long[] {self.size(d)}, new long[] {st[d]}, false,
                outOfBounds("index_select", d));
        Dispatch.backend(self.device()).index(out.strided(), src, ix);
        return out;
    }

    /** {@code self.index_add_(dim, index, source, alpha=alpha)}: adds {@code alpha * source[i]} into self's slice {@code index[i]}. */
    public static Tensor indexAdd_(Tensor self, long dim, Tensor index, Tensor source, double alpha) {
        if (!recording(self, source)) return indexAddImpl(self, dim, index, source, alpha);
        Graph.checkInplace("index_add_", self);
        Elementwise.checkNoInternalOverlap("index_add_", self); // before the op's own checks, as PyTorch
        return Graph.commitInplace(self, indexAdd(self, dim, index, source, alpha));
    }

    /**
     * Out-of-place {@code index_add}. Recorded as {@code IndexAddBackward0}: self's gradient is the output
     * gradient; source's is alpha times the output gradient's slices at index.
     */
    public static Tensor indexAdd(Tensor self, long dim, Tensor index, Tensor source, double alpha) {
        return outOfPlace("IndexAddBackward0", self, source, index, c -> indexAddImpl(c, dim, index, source, alpha),
                (n, g, ix) -> {
                    Tensor gs = null;
                    if (n.needsInputGrad(1)) {
                        gs = indexSelect(g, dim, ix);
                        if (alpha != 1) gs = gs.mul(alpha);
                    }
                    return new Tensor[] {g, gs};
                });
    }

    private static Tensor indexAddImpl(Tensor self, long dim, Tensor index, Tensor source, double alpha) {
        Tensor src = source;
        if (alpha != 1) src = Elementwise.binary(dev.torch4j.backend.BinaryOp.MUL, source,
                Creation.full(new long[0], alpha, self.dtype(), self.device()), null).to(self.dtype());
        return indexWrite("index_add_", self, dim, index, source, src, true);
    }

    /** {@code self.index_copy_(dim, index, source)}: copies {@code source[i]} into self's slice {@code index[i]}. */
    public static Tensor indexCopy_(Tensor self, long dim, Tensor index, Tensor source) {
        if (!recording(self, source)) return indexWrite("index_copy_", self, dim, index, source, source, false);
        Graph.checkInplace("index_copy_", self);
        Elementwise.checkNoInternalOverlap("index_copy_", self); // before the op's own checks, as PyTorch
        return Graph.commitInplace(self, indexCopy(self, dim, index, source));
    }

    /**
     * Out-of-place {@code index_copy}. Recorded as {@code IndexCopyBackward0}: self's gradient is the output
     * gradient with the copied slices zeroed; source's is the output gradient's slices at index.
     */
    public static Tensor indexCopy(Tensor self, long dim, Tensor index, Tensor source) {
        return outOfPlace("IndexCopyBackward0", self, source, index, c -> indexWrite("index_copy_", c, dim, index, source, source, false),
                (n, g, ix) -> new Tensor[] {
                        n.needsInputGrad(0) ? indexFill(g, dim, ix.to(DType.INT64), 0) : null,
                        n.needsInputGrad(1) ? indexSelect(g, dim, ix) : null});
    }

    /** {@code self.index_fill_(dim, index, value)}: fills self's slices {@code index[i]} along dim. */
    public static Tensor indexFill_(Tensor self, long dim, Tensor index, double value) {
        if (!recording(self, null)) return indexFillImpl(self, dim, index, value);
        Graph.checkInplace("index_fill_", self);
        return Graph.commitInplace(self, indexFill(self, dim, index, value), true);
    }

    /** Out-of-place {@code index_fill}; recorded as {@code IndexFillBackward0} (self: gradient with the filled slices zeroed). */
    public static Tensor indexFill(Tensor self, long dim, Tensor index, double value) {
        return outOfPlace("IndexFillBackward0", self, null, index, c -> indexFillImpl(c, dim, index, value),
                (n, g, ix) -> new Tensor[] {indexFill(g, dim, ix, 0)});
    }

    private static Tensor indexFillImpl(Tensor self, long dim, Tensor index, double value) {
        Dispatch.sameDevice("index_fill_", self, index);
        Tensor idx = vectorIndex("index_fill_", index, "int64");
        int d = Shapes.wrapDim(dim, self.dim());
        Elementwise.warnIfInternalOverlap("index_fill_", self, "tensor[mask] = scalar");
        long[] shape = nonempty(self.shapeArray());
        shape[d] = idx.numel();
        if (dev.torch4j.core.ScalarConversion.overflows(value, self.dtype())) {   // checked before any early return
            throw new IllegalArgumentException(dev.torch4j.core.ScalarConversion.overflowMessage("index_fill_", value, self.dtype()));
        }
        if (Shapes.numel(shape) == 0) {
            self.storage().bumpVersion(); // a write of nothing still counts, as in PyTorch
            return self;
        }
        Strided values = Creation.full(new long[0], value, self.dtype(), self.device()).strided().as(shape, new long[shape.length]);
        write("index_fill_", self, d, alongDim(idx, shape, d), shape, values, false);
        return self;
    }

    private static Tensor indexWrite(String op, Tensor self, long dim, Tensor index, Tensor source, Tensor values, boolean add) {
        Dispatch.sameDevice(op, self, index, source);
        Tensor idx = vectorIndex(op, index, "int32/int64");
        if (op.equals("index_copy_") && index.dtype() != DType.INT64) {   // index_add_ takes int32, index_copy_ does not
            throw new IllegalArgumentException("index_copy_(): Expected a long tensor for index, but got " + index.dtype().scalarTypeName());
        }
        int d = Shapes.wrapDim(dim, self.dim());
        if (source.dtype() != self.dtype()) {
            throw new IllegalArgumentException(op + "(): self (" + self.dtype().scalarTypeName() + ") and source ("
                    + source.dtype().scalarTypeName() + ") must have the same scalar type");
        }
        long[] ss = nonempty(self.shapeArray()), rs = nonempty(source.shapeArray());
        if (source.dim() > 0 && self.dim() > 0 && source.dim() != self.dim()) {
            throw new IllegalArgumentException(op + "(): source " + Shapes.str(source.shapeArray()) + " and self "
                    + Shapes.str(self.shapeArray()) + " must have the same number of dimensions");
        }
        if (idx.numel() != (source.dim() == 0 ? 1 : rs[d])) {
            throw new IllegalArgumentException(op + "(): Number of indices (" + idx.numel() + ") should be equal to source.size(dim): ("
                    + (source.dim() == 0 ? 1 : rs[d]) + "), for dim: " + d);
        }
        for (int i = 0; i < ss.length && source.dim() > 0; i++) {
            if (i != d && rs[i] != ss[i]) {
                throw new IllegalArgumentException(op + "(): source " + Shapes.str(source.shapeArray()) + " and self "
                        + Shapes.str(self.shapeArray()) + " must have the same size apart from dimension " + d);
            }
        }
        Elementwise.checkNoInternalOverlap(op, self);
        long[] shape = ss.clone();
        shape[d] = idx.numel();
        if (Shapes.numel(shape) == 0) {
            // index_add_ checks its indices even when the slices they pick are empty
            if (add && idx.numel() > 0) {
                for (long k : idx.cpu().toLongArray()) {
                    if (k < 0 || k >= ss[d]) throw new IndexOutOfBoundsException(op + "(): index out of range in self");
                }
            }
            self.storage().bumpVersion(); // a write of nothing still counts, as in PyTorch
            return self;
        }
        Tensor v = values.storage() == self.storage() ? values.clone() : values;
        Strided vs = source.dim() == 0 ? v.strided().as(shape, new long[shape.length]) : v.strided();
        if (idx.storage() == self.storage()) idx = idx.clone();
        write(op, self, d, alongDim(idx, shape, d), shape, vs, add);
        return self;
    }

    /** Checks a 0-d or 1-d int32/int64 index (int64 only for index_fill_) and returns it as int64. */
    private static Tensor vectorIndex(String op, Tensor index, String allowed) {
        if (index.dim() > 1) throw new IndexOutOfBoundsException(op + "(): Index is supposed to be a vector (got shape "
                + Shapes.str(index.shapeArray()) + ")");
        boolean ok = index.dtype() == DType.INT64 || index.dtype() == DType.INT32 && !allowed.equals("int64");
        if (!ok) throw new IllegalArgumentException(op + "(): Expected dtype " + allowed + " for index (got "
                + index.dtype().scalarTypeName() + ")");
        return index.to(DType.INT64);
    }

    /** A vector index read along {@code dim} of an iteration space of {@code shape}: stride 0 on every other dim. */
    private static Strided alongDim(Tensor idx, long[] shape, int dim) {
        long[] st = new long[shape.length];
        st[dim] = idx.dim() == 0 ? 0 : idx.stride(0);
        return idx.strided().as(shape, st);
    }

    // ---------------------------------------------------------------- take / masked_select / nonzero

    /**
     * {@code torch.take}: elements of self (read as 1-d, row-major) at {@code index}; negative indices count from
     * the end. Recorded as {@code TakeBackward0}: the gradient is zeros with the output gradient added at the
     * flat indices (PyTorch's {@code put_(index, grad, accumulate=True)}), so duplicates add up.
     */
    public static Tensor take(Tensor self, Tensor index) {
        if (!recording(self, null)) return takeImpl(self, index);
        Tensor out;
        try (var g = GradMode.noGrad()) {
            out = takeImpl(self, index);
        }
        FnNode n = Graph.node("TakeBackward0", self);
        SavedTensor si = n.save(index);
        long[] shape = self.shapeArray();
        long numel = self.numel();
        return n.backward(gs -> {
            Tensor flat = zeros(new long[] {numel}, gs[0]);
            return new Tensor[] {AdvancedIndexing.indexPut_(flat, AdvancedIndexing.list(si.get()), gs[0], true).reshape(shape)};
        }).output(out);
    }

    private static Tensor takeImpl(Tensor self, Tensor index) {
        Dispatch.sameDevice("take", self, index);
        if (index.dtype() != DType.INT64) {
            throw new IllegalArgumentException("take(): Expected a long tensor for index, but got " + index.dtype().scalarTypeName());
        }
        long n = self.numel();
        if (n == 0 && index.numel() != 0) throw new IndexOutOfBoundsException("take(): tried to take from an empty tensor");
        Tensor out = Dispatch.empty(index.shapeArray(), self.dtype(), self.device());
        if (out.numel() == 0) return out;
        Tensor flat = self.contiguous();
        long[] shape = index.shapeArray();
        Strided src = flat.strided().as(shape, new long[shape.length]);
        Indexer ix = new Indexer(new Strided[] {index.strided()}, new long[] {n}, new long[] {1}, true,
                (k, value, size) -> "take(): out of range: tried to access index " + value + " on a tensor of " + n + " elements.");
        Dispatch.backend(self.device()).index(out.strided(), src, ix);
        return out;
    }

    /**
     * {@code torch.masked_select}: the elements of self where the (broadcast) mask is true, as a 1-d tensor.
     * Recorded as {@code MaskedSelectBackward0}: the gradient is zeros of the broadcast shape with the output
     * gradient written at the mask's places (summed down to self's shape by the engine when self was broadcast).
     */
    public static Tensor maskedSelect(Tensor self, Tensor mask) {
        Dispatch.sameDevice("masked_select", self, mask);
        if (mask.dtype() != DType.BOOL && mask.dtype() != DType.UINT8) {
            throw new IllegalArgumentException("masked_select: expected BoolTensor or ByteTensor for mask (got "
                    + mask.dtype().scalarTypeName() + ")");
        }
        long[] b = Shapes.broadcast("masked_select", self.shapeArray(), mask.shapeArray());
        long[] shape = b.length == 0 ? new long[] {1} : b;
        if (!recording(self, null)) return AdvancedIndexing.index(self.expand(shape), AdvancedIndexing.list(mask.expand(shape)));
        Tensor out;
        try (var g = GradMode.noGrad()) {
            out = AdvancedIndexing.index(self.expand(shape), AdvancedIndexing.list(mask.expand(shape)));
        }
        FnNode n = Graph.node("MaskedSelectBackward0", self);
        SavedTensor sm = n.save(mask);
        return n.backward(gs -> new Tensor[] {AdvancedIndexing.indexPut_(zeros(shape, gs[0]),
                AdvancedIndexing.list(sm.get().expand(shape)), gs[0], false)}).output(out);
    }

    /** {@code torch.nonzero}: the int64 coordinates {@code [n, ndim]} of the nonzero elements, row-major. */
    public static Tensor nonzero(Tensor self) {
        if (self.dim() == 0) {
            long count = nonzero(self.reshape(1)).size(0);
            return Dispatch.empty(new long[] {count, 0}, DType.INT64, self.device());
        }
        int nd = self.dim();
        if (self.numel() == 0) return Dispatch.empty(new long[] {0, nd}, DType.INT64, self.device());
        Storage s = Dispatch.backend(self.device()).nonzero(self.strided());
        long n = s.numel() / nd;
        return Tensor.wrap(s, new long[] {n, nd}, new long[] {nd, 1}, 0);
    }

    // ---------------------------------------------------------------- autograd helpers

    /** True when the op on floating {@code self} (and {@code other}, when given) must be recorded. */
    private static boolean recording(Tensor self, Tensor other) {
        return self.dtype().isFloatingPoint() && (other == null ? Graph.isRecording(self) : Graph.isRecording(self, other));
    }

    /**
     * Zeros of {@code shape} with the dtype and device of {@code like} (a gradient). Formulas write into these in
     * place (they are fresh, so no copy is needed), never into a gradient they are given: other nodes may hold it.
     */
    private static Tensor zeros(long[] shape, Tensor like) {
        return Creation.full(shape, 0, like.dtype(), like.device());
    }

    /** A derivative formula of an index write: the node, the output gradient and the saved index. */
    @FunctionalInterface
    private interface IndexFormula {
        Tensor[] apply(FnNode n, Tensor grad, Tensor index);
    }

    /**
     * The out-of-place form of an index write: {@code write} applied to a copy of self. While recording, the write
     * runs without recording and one node {@code name} over (self, other) is recorded, with the index saved.
     */
    private static Tensor outOfPlace(String name, Tensor self, Tensor other, Tensor index, UnaryOperator<Tensor> write,
                                     IndexFormula formula) {
        if (!recording(self, other)) return write.apply(Conversions.clone(self));
        Tensor out;
        try (var g = GradMode.noGrad()) {
            out = write.apply(Conversions.clone(self));
        }
        FnNode n = other == null ? Graph.node(name, self) : Graph.node(name, self, other);
        SavedTensor si = n.save(index);
        return n.backward(gs -> formula.apply(n, gs[0], si.get())).output(out);
    }

    // ---------------------------------------------------------------- helpers

    /** PyTorch's wording of a bad index along {@code dim} for gather/scatter-like ops. */
    private static Indexer.Wording outOfBounds(String op, int dim) {
        return (k, value, size) -> op + "(): index " + value + " is out of bounds for dimension " + dim + " with size " + size;
    }

    /** A 0-d shape counts as {@code [1]}. */
    private static long[] nonempty(long[] shape) {
        return shape.length == 0 ? new long[] {1} : shape;
    }

    private static long[] nonemptyStrides(Tensor t) {
        return t.dim() == 0 ? new long[] {1} : t.stride();
    }

    private static long[] withZero(long[] strides, int dim) {
        long[] s = strides.clone();
        s[dim] = 0;
        return s;
    }
}
