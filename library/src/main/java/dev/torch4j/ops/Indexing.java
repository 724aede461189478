package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Index;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.Graph;
import dev.torch4j.backend.BinaryOp;
import dev.torch4j.core.Shapes;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code tensor[...]} and {@code tensor[...] = value}, with PyTorch's semantics (a port of its {@code applySlicing},
 * {@code get_item} and {@code set_item}): integers select, slices narrow with a step, {@code NONE} inserts a dim,
 * {@code ELLIPSIS} skips dims. Those give a view. Index tensors (int64/int32, bool masks) are "advanced" indices:
 * the result is a copy made by {@link AdvancedIndexing}. For autograd each view step records PyTorch's node
 * ({@code SelectBackward0}, {@code SliceBackward0}, {@code UnsqueezeBackward0}, {@code AliasBackward0}), advanced
 * indexing records {@code IndexBackward0}, and writes go through {@code copy_} or {@code index_put_}
 * ({@code IndexPutBackward0}; {@code CopySlices} on the base when the written place is a view).
 */
public final class Indexing {
    private Indexing() {}

    // ---------------------------------------------------------------- getitem

    /** {@code self[indices]}: a view when every index is basic, else a new tensor. */
    public static Tensor index(Tensor self, Object... indices) {
        if (self.isComplex()) return ComplexSelection.index(self, indices);
        Object[] ix = normalize(self, indices);
        if (ix.length == 1) {
            // PyTorch's single-index fast paths (their errors differ slightly from the general path's)
            Object o = ix[0];
            if (o instanceof Long v) return applySelect(self, 0, v, 0);
            if (o instanceof Index.Slice s) return applySlice(self, 0, s);
            if (o == Index.NONE) return self.unsqueeze(0);
            if (o == Index.ELLIPSIS) return alias(self);
            if (o instanceof Boolean b) {
                Tensor r = self.unsqueeze(0);
                return AdvancedIndexing.index(r, AdvancedIndexing.list(boolToIndexingTensor(r, b)));
            }
        }
        List<Tensor> tensorIndices = new ArrayList<>();
        Tensor sliced = applySlicing(self, ix, tensorIndices);
        if (tensorIndices.isEmpty()) return sliced == self ? alias(self) : sliced;
        return AdvancedIndexing.index(sliced, tensorIndices);
    }

    // ---------------------------------------------------------------- setitem

    /**
     * {@code self[indices] = values} (or {@code +=} when {@code accumulate}, where duplicate indices all add up,
     * as {@code index_put_(..., accumulate=True)}). Basic indexing writes through the view with {@code copy_}
     * (converting the dtype); advanced indexing requires values of self's dtype, as PyTorch does.
     */
    public static Tensor indexPut_(Tensor self, Object[] indices, Tensor values, boolean accumulate) {
        if (self.isComplex()) return ComplexSelection.indexPut_(self, indices, values, accumulate);
        Object[] ix = normalize(self, indices);
        if (ix.length == 1) {
            Object o = ix[0];
            Tensor target = null;
            if (o instanceof Boolean b && !b) return self;
            if (o == Index.ELLIPSIS) target = self;
            else if (o == Index.NONE || o instanceof Boolean) target = self.unsqueeze(0);
            else if (o instanceof Long v) target = applySelect(self, 0, v, 0);
            else if (o instanceof Index.Slice s) target = applySlice(self, 0, s);
            if (target != null) {
                copyTo(target, values, accumulate);
                return self;
            }
        }
        List<Tensor> tensorIndices = new ArrayList<>();
        Tensor sliced = applySlicing(self, ix, tensorIndices);
        if (tensorIndices.isEmpty()) {
            copyTo(sliced, values, accumulate);
            return self;
        }
        AdvancedIndexing.indexPut_(sliced, tensorIndices, stripLeadingOnes(values), accumulate);
        return self;
    }

    /** {@code self[indices] = value} for a Java number: a 0-d tensor of self's dtype, as Python scalars are. */
    public static Tensor indexPut_(Tensor self, Object[] indices, double value, boolean accumulate) {
        return indexPut_(self, indices, Creation.full(new long[0], value, self.dtype(), self.device()), accumulate);
    }

    /** {@code self[indices] = value} for an integer, exact for int64. */
    public static Tensor indexPut_(Tensor self, Object[] indices, long value, boolean accumulate) {
        return indexPut_(self, indices, Creation.fullLong(new long[0], value, self.dtype(), self.device()), accumulate);
    }

    /** PyTorch's {@code copy_to}: leading size-1 dims of the value are ignored, the rest must broadcast. */
    private static void copyTo(Tensor dst, Tensor src, boolean accumulate) {
        // a 0-d value of another shape is written as fill_(value.item()), which checks that the value fits and, being
        // idempotent, also fills an expanded dst: written here through one element of each stride-0 dim
        if (!accumulate && src.dim() == 0 && dst.dim() > 0) {
            checkFits(src, dst.dtype());
            if (Graph.isRecording(dst, src) && dst.isFloatingPoint() && !src.isComplex()) {
                Conversions.fillRecorded(dst, src);
                return;
            }
            long[] sh = dst.shapeArray(), st = dst.stride();
            for (int i = 0; i < sh.length; i++) if (st[i] == 0 && sh[i] > 1) dst = dst.narrow(i, 0, 1);
        }
        Tensor s = src;
        if (!java.util.Arrays.equals(dst.shapeArray(), src.shapeArray()) && src.dim() > 0) {
            s = stripLeadingOnes(src);
            Shapes.expandStrides("setitem", s.shapeArray(), s.stride(), dst.shapeArray());
        }
        if (accumulate) Elementwise.binary(BinaryOp.ADD, dst, s, dst);
        else Conversions.copyInto(dst, s);
    }

    /** c10's check of a one-element value converted to {@code d} as a Scalar ("value cannot be converted ... without overflow"). */
    static void checkFits(Tensor value, DType d) {
        if (value.isComplex() || value.dtype() == DType.BOOL) return;
        boolean over;
        Object item;
        if (value.isFloatingPoint()) {
            double v = value.item();
            over = dev.torch4j.core.ScalarConversion.overflows(v, d);
            item = v;
        } else {
            long v = value.itemLong();
            over = dev.torch4j.core.ScalarConversion.overflows(v, d);
            item = v;
        }
        if (over) throw new IllegalArgumentException(dev.torch4j.core.ScalarConversion.overflowMessage("fill_", item, d));
    }

    private static Tensor stripLeadingOnes(Tensor t) {
        long[] sh = t.shapeArray();
        int i = 0;
        while (i < sh.length && sh[i] == 1) i++;
        if (i == 0) return t;
        long[] s = java.util.Arrays.copyOfRange(sh, i, sh.length);
        long[] st = java.util.Arrays.copyOfRange(t.stride(), i, sh.length);
        Tensor v = t.restride(s, st, t.storageOffset());
        // PyTorch's copy_to views the value with its leading 1s dropped (ViewBackward0). Only size-1 dims go, so the
        // gradient is a plain reshape back: recorded here, cheaper than the generic strided-view formula (values are
        // often expanded)
        Graph.linkBase(t, v);
        if (Graph.isRecording(t)) Graph.node("ViewBackward0", t).backward(g -> new Tensor[] {g[0].reshape(sh)}).output(v);
        return v;
    }

    // ---------------------------------------------------------------- basic indexing

    /**
     * {@code self[start:stop:step]} along {@code dim}: a view. Negative bounds count from the end, out-of-range
     * bounds are clamped, null bounds mean the ends (PyTorch's {@code aten::slice}).
     */
    public static Tensor slice(Tensor self, long dim, Long start, Long stop, long step) {
        if (self.dim() == 0) throw new IndexOutOfBoundsException("slice() cannot be applied to a 0-dim tensor.");
        if (step <= 0) throw new IllegalArgumentException("slice step must be positive");
        int d = Shapes.wrapDim(dim, self.dim());
        long[] sh = self.shapeArray(), st = self.stride();
        long size = sh[d];
        long s = start == null ? 0 : start, e = stop == null ? Long.MAX_VALUE : stop;
        if (s < 0) s += size;
        if (e < 0) e += size;
        s = Math.clamp(s, 0, size);
        e = Math.clamp(e, s, size);
        sh[d] = (e - s + step - 1) / step;
        long offset = self.storageOffset() + s * st[d];
        st[d] *= step;
        return Graph.view("SliceBackward0", self, self.restride(sh, st, offset), new Graph.Along(d, s, step, false));
    }

    private static Tensor applySlice(Tensor self, int dim, Index.Slice s) {
        return slice(self, dim, s.start(), s.stop(), s.step());
    }

    private static Tensor applySelect(Tensor self, int dim, long index, int realDim) {
        if (self.dim() == 0) {
            throw new IndexOutOfBoundsException("invalid index of a 0-dim tensor. Use `tensor.item()` to convert a 0-dim "
                    + "tensor to a number");
        }
        long size = self.shapeArray()[dim];
        if (index < -size || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " is out of bounds for dimension " + realDim + " with size " + size);
        }
        return self.select(dim, index);
    }

    /** A new handle on the same storage and layout ({@code at::alias}). */
    private static Tensor alias(Tensor t) {
        return Graph.view("AliasBackward0", t, t.restride(t.shapeArray(), t.stride(), t.storageOffset()));
    }

    /** A boolean index adds a dim of size 1, indexed as {@code [0]} when true and as {@code []} when false. */
    private static Tensor boolToIndexingTensor(Tensor self, boolean value) {
        return Creation.fullLong(new long[] {value ? 1 : 0}, 0, DType.INT64, self.device());
    }

    /** Number of dims of self the indices consume (everything but None, Ellipsis and Python-style booleans). */
    private static int countSpecifiedDims(Object[] ix) {
        int count = 0;
        for (Object o : ix) {
            if (o instanceof Tensor t) count += t.dtype() == DType.BOOL || t.dtype() == DType.UINT8 ? t.dim() : 1;
            else if (o instanceof Long || o instanceof Index.Slice) count++;
        }
        return count;
    }

    /**
     * Applies the basic indices in order and collects the tensor indices at the dims of the result they index
     * (null elsewhere), as PyTorch's {@code applySlicing}. Error messages name the position in the index list,
     * as PyTorch's do.
     */
    private static Tensor applySlicing(Tensor self, Object[] ix, List<Tensor> out) {
        int specified = countSpecifiedDims(ix);
        if (specified > self.dim()) throw new IndexOutOfBoundsException("too many indices for tensor of dimension " + self.dim());
        Tensor result = self;
        int dim = 0;
        for (int i = 0; i < ix.length; i++) {
            Object o = ix[i];
            if (o instanceof Long v) {
                result = applySelect(result, dim, v, i);
            } else if (o instanceof Index.Slice s) {
                // PyTorch's slice optimization: 0:len with step 1 (as written, not normalized) is no view at all
                boolean whole = (s.start() == null || s.start() == 0) && s.stop() != null && s.step() == 1
                        && result.dim() > dim && s.stop() == result.shapeArray()[dim];
                if (!whole) result = applySlice(result, dim, s);
                dim++;
            } else if (o == Index.ELLIPSIS) {
                dim += self.dim() - specified;
            } else if (o == Index.NONE) {
                result = result.unsqueeze(dim);
                dim++;
            } else if (o instanceof Boolean b) {
                result = result.unsqueeze(dim);
                dim = record(out, dim, boolToIndexingTensor(result, b));
            } else {
                Tensor t = (Tensor) o;
                DType d = t.dtype();
                if (t.dim() == 0 && !d.isFloatingPoint()) {
                    if (d != DType.BOOL && d != DType.UINT8) {
                        result = applySelect(result, dim, t.itemLong(), i);
                    } else {
                        result = result.unsqueeze(dim);
                        dim = record(out, dim, boolToIndexingTensor(result, t.itemLong() != 0));
                    }
                } else {
                    dim = record(out, dim, t);
                }
            }
        }
        return result;
    }

    private static int record(List<Tensor> out, int dim, Tensor t) {
        while (out.size() <= dim) out.add(null);
        out.set(dim, t);
        return dim + 1;
    }

    // ---------------------------------------------------------------- index arguments

    /**
     * Integers become Long, arrays and lists become index tensors (int64 or bool), slices/None/Ellipsis, booleans
     * and tensors pass through; anything else is PyTorch's "only integers, slices, ..." error.
     */
    private static Object[] normalize(Tensor self, Object[] indices) {
        Object[] out = new Object[indices.length];
        for (int i = 0; i < indices.length; i++) out[i] = normalizeOne(self, indices[i]);
        return out;
    }

    private static Object normalizeOne(Tensor self, Object o) {
        return switch (o) {
            case null -> throw new IllegalArgumentException("index: null is not an index; use Index.NONE for a new axis");
            case Long v -> v;
            case Integer v -> (long) v;
            case Short v -> (long) v;
            case Byte v -> (long) v;
            case Boolean b -> b;
            case Index idx -> idx;
            case Tensor t -> t;
            case List<?> l -> listToTensor(l).to(self.device());
            default -> {
                if (o.getClass().isArray()) yield Creation.tensor(o, null, self.device());
                throw new IndexOutOfBoundsException("only integers, slices (`:`), ellipsis (`...`), None and long or byte "
                        + "Variables are valid indices (got " + o.getClass().getSimpleName() + ")");
            }
        };
    }

    /**
     * The index tuple of a Groovy subscript: {@code t[a, b]} arrives as the List {@code [a, b]} (so a top-level list
     * is a tuple, not an index tensor) and an {@code Object[]} is a tuple too; a Groovy range ({@code 1..3}, a List
     * of its values) is one index tensor of its values, which selects the same elements as Groovy's list slicing.
     */
    public static Object[] groovyIndices(Object index) {
        if (index instanceof Object[] a) return a;
        if (index instanceof List<?> l) return isGroovyRange(l) ? new Object[] {listToTensor(l)} : l.toArray();
        return new Object[] {index};
    }

    private static boolean isGroovyRange(Object o) {
        for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) if (i.getName().equals("groovy.lang.Range")) return true;
        }
        return false;
    }

    /** A (nested) list of integers or booleans as a tensor, like a Python list used as an index. */
    static Tensor listToTensor(List<?> l) {
        return Creation.tensor(toArray(l), null, dev.torch4j.Device.CPU);
    }

    private static Object[] toArray(List<?> l) {
        Object[] a = l.toArray();
        for (int i = 0; i < a.length; i++) if (a[i] instanceof List<?> inner) a[i] = toArray(inner);
        return a;
    }
}
