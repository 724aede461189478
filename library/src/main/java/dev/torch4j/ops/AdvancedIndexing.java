package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.FnNode;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.autograd.SavedTensor;
import dev.torch4j.backend.Indexer;
import dev.torch4j.backend.Strided;
import dev.torch4j.core.Shapes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * PyTorch's advanced indexing ({@code aten::index} and {@code aten::index_put_}): a list of optional index tensors,
 * one per leading dim of self. Bool masks become their nonzero coordinates, the index tensors broadcast together,
 * and the indexed dims are replaced by the broadcast shape: in place when the indexed dims are adjacent, first
 * when a basic index separates them (NumPy's rule). Self is then restrided to the result shape (stride 0 on the
 * replaced dims) so one backend kernel reads or writes every element.
 */
final class AdvancedIndexing {
    private AdvancedIndexing() {}

    /** The restrided operation: the result shape, self's descriptor read with that shape, and the index operands. */
    record Plan(long[] shape, Strided src, Indexer indexer) {}

    /**
     * {@code aten::index}: a new tensor (never a view). Null entries leave their dim whole. Recorded as
     * {@code IndexBackward0}: the gradient is zeros with the output gradient added at the indexed places
     * ({@code index_put} with accumulate, so duplicate indices add up).
     */
    static Tensor index(Tensor self, List<Tensor> indices) {
        if (!Graph.isRecording(self) || !self.dtype().isFloatingPoint()) return indexImpl(self, indices);
        Tensor out;
        try (var g = GradMode.noGrad()) {
            out = indexImpl(self, indices);
        }
        FnNode n = Graph.node("IndexBackward0", self);
        long[] shape = self.shapeArray();
        List<SavedTensor> saved = save(n, indices);
        return n.backward(gs -> {
            Tensor zeros = Creation.full(shape, 0, gs[0].dtype(), gs[0].device());
            return new Tensor[] {indexPut_(zeros, restore(saved), gs[0], true)};
        }).output(out);
    }

    private static Tensor indexImpl(Tensor self, List<Tensor> indices) {
        Plan p = plan(self, indices);
        Tensor out = Dispatch.empty(p.shape, self.dtype(), self.device());
        Dispatch.backend(self.device()).index(out.strided(), p.src, p.indexer);
        return out;
    }

    /**
     * {@code aten::index_put_}: writes {@code values} (broadcast to the indexing result shape, same dtype as self)
     * into the indexed elements, adding when {@code accumulate}. While recording, computed out of place by
     * {@link #indexPut} and committed into self (so a view's base gets CopySlices).
     */
    static Tensor indexPut_(Tensor self, List<Tensor> indices, Tensor values, boolean accumulate) {
        if (!Graph.isRecording(self, values) || !self.dtype().isFloatingPoint()) return indexPutImpl(self, indices, values, accumulate);
        Graph.checkInplace("index_put_", self);
        return Graph.commitInplace(self, indexPut(self, indices, values, accumulate), true);
    }

    /**
     * Out-of-place {@code index_put}: a copy of self with values written (or added). Recorded as
     * {@code IndexPutBackward0}: self's gradient is the output gradient with the written places zeroed (passed
     * through whole with accumulate); values' gradient is the output gradient at the indexed places (summed down
     * to values' shape by the engine when values was broadcast).
     */
    static Tensor indexPut(Tensor self, List<Tensor> indices, Tensor values, boolean accumulate) {
        if (!Graph.isRecording(self, values) || !self.dtype().isFloatingPoint()) {
            return indexPutImpl(Conversions.clone(self), indices, values, accumulate);
        }
        Tensor out;
        try (var g = GradMode.noGrad()) {
            out = indexPutImpl(Conversions.clone(self), indices, values, accumulate);
        }
        FnNode n = Graph.node("IndexPutBackward0", self, values);
        List<SavedTensor> saved = save(n, indices);
        return n.backward(gs -> {
            Tensor g = gs[0];
            List<Tensor> ix = restore(saved);
            Tensor gSelf = null, gValues = null;
            if (n.needsInputGrad(0)) {
                gSelf = accumulate ? g : indexPut(g, ix, Creation.full(new long[0], 0, g.dtype(), g.device()), false);
            }
            if (n.needsInputGrad(1)) gValues = index(g, ix);
            return new Tensor[] {gSelf, gValues};
        }).output(out);
    }

    /** Saves the index tensors (with their versions: an index changed in place before backward is an error). */
    private static List<SavedTensor> save(FnNode n, List<Tensor> indices) {
        List<SavedTensor> saved = new ArrayList<>(indices.size());
        for (Tensor t : indices) saved.add(t == null ? null : n.save(t));
        return saved;
    }

    private static List<Tensor> restore(List<SavedTensor> saved) {
        List<Tensor> out = new ArrayList<>(saved.size());
        for (SavedTensor s : saved) out.add(s == null ? null : s.get());
        return out;
    }

    private static Tensor indexPutImpl(Tensor self, List<Tensor> indices, Tensor values, boolean accumulate) {
        Dispatch.commonDevice("index_put_", self, values); // a CPU scalar value is moved to self's device below
        // PyTorch writes one value through a single mask as masked_fill_ does: cast, with no dtype check
        if (!accumulate && values.numel() == 1 && values.dtype() != self.dtype() && singleMask(indices)) {
            Indexing.checkFits(values, self.dtype());
            values = values.to(self.dtype());
        }
        if (values.dtype() != self.dtype()) {
            throw new IllegalArgumentException("Index put requires the source and destination dtypes match, got "
                    + self.dtype().scalarTypeName() + " for the destination and " + values.dtype().scalarTypeName()
                    + " for the source.");
        }
        Elementwise.warnIfInternalOverlap("index_put_", self, "tensor[indices] = tensor");
        Plan p = plan(self, indices);
        if (!expandable(values.shapeArray(), p.shape)) {
            throw new IllegalArgumentException("shape mismatch: value tensor of shape " + Shapes.str(values.shapeArray())
                    + " cannot be broadcast to indexing result of shape " + Shapes.str(p.shape));
        }
        // values read after self's elements were written would see new data: read aliasing values from a copy
        Tensor v = values.storage() == self.storage() ? values.clone() : values.to(self.device());
        Strided vs = Elementwise.broadcastTo("index_put_", v, p.shape);
        Dispatch.backend(self.device()).indexPut(p.src, vs, p.indexer, accumulate);
        self.storage().bumpVersion();
        return self;
    }

    /** Whether the indices are one bool (or uint8) mask and full slices: PyTorch's canDispatchToMaskedFill. */
    private static boolean singleMask(List<Tensor> indices) {
        int masks = 0;
        for (Tensor t : indices) {
            if (t == null) continue;
            if (t.dtype() != DType.BOOL && t.dtype() != DType.UINT8) return false;
            masks++;
        }
        return masks == 1;
    }

    static boolean expandable(long[] from, long[] to) {
        if (from.length > to.length) return false;
        for (int i = 0; i < from.length; i++) {
            long f = from[from.length - 1 - i], t = to[to.length - 1 - i];
            if (f != t && f != 1) return false;
        }
        return true;
    }

    /** Checks, mask expansion, broadcasting, transposition and restriding: PyTorch's {@code make_info}. */
    static Plan plan(Tensor self, List<Tensor> rawIndices) {
        checkIndexTensorTypes(rawIndices);
        List<Tensor> indices = expandMasks(self, rawIndices);
        int nd = self.dim();
        if (indices.size() > nd) {
            throw new IndexOutOfBoundsException("too many indices for tensor of dimension " + nd + " (got " + indices.size() + ")");
        }
        while (indices.size() < nd) indices.add(null);
        long[] replacement = broadcastIndices(indices);
        Device dev = self.device();
        for (int i = 0; i < nd; i++) {
            Tensor t = indices.get(i);
            if (t == null) continue;
            Tensor c = t.to(dev, DType.INT64);
            // an index read while self is written must not change under the kernel
            if (c.storage() == self.storage()) c = c.clone();
            indices.set(i, c);
        }
        if (!adjacent(indices)) {
            long[] order = new long[nd];
            List<Tensor> moved = new ArrayList<>(nd);
            int j = 0;
            for (int i = 0; i < nd; i++) if (indices.get(i) != null) { order[j++] = i; moved.add(indices.get(i)); }
            for (int i = 0; i < nd; i++) if (indices.get(i) == null) { order[j++] = i; moved.add(null); }
            self = self.permute(order);
            indices = moved;
        }
        return restride(self, indices, replacement);
    }

    private static void checkIndexTensorTypes(List<Tensor> indices) {
        for (Tensor t : indices) {
            if (t == null) continue;
            DType d = t.dtype();
            if (d != DType.INT64 && d != DType.INT32 && d != DType.UINT8 && d != DType.BOOL) {
                throw new IndexOutOfBoundsException("tensors used as indices must be long, int, byte or bool tensors (got "
                        + d.scalarTypeName() + ")");
            }
        }
    }

    /** Replaces each k-dim bool (or uint8) mask by the k int64 columns of its nonzero coordinates. */
    private static List<Tensor> expandMasks(Tensor self, List<Tensor> indices) {
        List<Tensor> out = new ArrayList<>(indices.size() + 4);
        long[] sh = self.shapeArray();
        for (Tensor t : indices) {
            if (t == null || (t.dtype() != DType.BOOL && t.dtype() != DType.UINT8)) {
                out.add(t);
                continue;
            }
            long[] ms = t.shapeArray();
            for (int j = 0; j < ms.length; j++) {
                int srcIdx = out.size() + j;
                if (srcIdx >= sh.length) {
                    throw new IndexOutOfBoundsException("too many indices for tensor of dimension " + sh.length);
                }
                if (ms[j] != sh[srcIdx]) {
                    throw new IndexOutOfBoundsException("The shape of the mask " + Shapes.str(ms) + " at index " + j
                            + " does not match the shape of the indexed tensor " + Shapes.str(sh) + " at index " + srcIdx);
                }
            }
            Tensor nz = Gathering.nonzero(t);
            for (int j = 0; j < ms.length; j++) out.add(nz.select(1, j));
        }
        return out;
    }

    /** The broadcast shape of the defined indices, with PyTorch's message when they do not broadcast. */
    private static long[] broadcastIndices(List<Tensor> indices) {
        long[] shape = null;
        for (Tensor t : indices) {
            if (t == null) continue;
            if (shape == null) shape = t.shapeArray();
            else {
                try {
                    shape = Shapes.broadcast("index", shape, t.shapeArray());
                } catch (IllegalArgumentException e) {
                    StringBuilder sb = new StringBuilder();
                    for (Tensor u : indices) {
                        if (u == null) continue;
                        if (!sb.isEmpty()) sb.append(", ");
                        sb.append(Shapes.str(u.shapeArray()));
                    }
                    throw new IndexOutOfBoundsException("shape mismatch: indexing tensors could not be broadcast together with shapes " + sb);
                }
            }
        }
        return shape == null ? new long[0] : shape;
    }

    private static boolean adjacent(List<Tensor> indices) {
        int first = -1, last = -1, count = 0;
        for (int i = 0; i < indices.size(); i++) {
            if (indices.get(i) == null) continue;
            if (first < 0) first = i;
            last = i;
            count++;
        }
        return count == 0 || last - first + 1 == count;
    }

    /**
     * Result shape = dims before the indexed block + the broadcast index shape + dims after it. Self is read with
     * stride 0 over the replacement dims; each index is read with its own strides there and 0 elsewhere.
     */
    private static Plan restride(Tensor self, List<Tensor> indices, long[] replacement) {
        long[] sh = self.shapeArray(), st = self.stride();
        int nd = sh.length;
        int first = -1, last = -1;
        for (int i = 0; i < nd; i++) {
            if (indices.get(i) == null) continue;
            if (first < 0) first = i;
            last = i;
        }
        if (first < 0) { // no index at all: a plain copy
            first = nd;
            last = nd - 1;
        }
        int before = first, after = nd - last - 1, r = replacement.length;
        int outNd = before + r + after;
        long[] shape = new long[outNd], srcStrides = new long[outNd];
        for (int i = 0; i < before; i++) { shape[i] = sh[i]; srcStrides[i] = st[i]; }
        System.arraycopy(replacement, 0, shape, before, r);
        for (int i = 0; i < after; i++) { shape[before + r + i] = sh[last + 1 + i]; srcStrides[before + r + i] = st[last + 1 + i]; }
        int count = last - first + 1;
        Strided[] ops = new Strided[count];
        long[] sizes = new long[count], strides = new long[count];
        boolean emptyIndexed = false;
        for (int k = 0; k < count; k++) {
            Tensor t = indices.get(first + k);
            sizes[k] = sh[first + k];
            strides[k] = st[first + k];
            emptyIndexed |= sizes[k] == 0;
            long[] es = Shapes.expandStrides("index", t.shapeArray(), t.stride(), replacement);
            long[] full = new long[outNd];
            System.arraycopy(es, 0, full, before, r);
            ops[k] = t.strided().as(shape, full);
        }
        if (emptyIndexed && Shapes.numel(replacement) != 0) {
            throw new IndexOutOfBoundsException("index is out of bounds for dimension with size 0");
        }
        Strided src = self.strided().as(shape, srcStrides);
        return new Plan(shape, src, new Indexer(ops, sizes, strides, true));
    }

    /** A list with the given entries (nulls allowed), for callers building index lists. */
    static List<Tensor> list(Tensor... ts) { return new ArrayList<>(Arrays.asList(ts)); }
}
