package dev.torch4j.ops;

import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.core.Shapes;

import java.util.Arrays;

/** Ops that return views: same storage, new shape/strides/offset. */
public final class Views {
    private Views() {}

    /** Resolves one -1 in a requested shape against {@code numel}, with PyTorch's errors. */
    public static long[] inferShape(long[] shape, long numel) {
        return inferShape("view", shape, numel);
    }

    /** {@link #inferShape(long[], long)} whose errors name the op. */
    public static long[] inferShape(String op, long[] shape, long numel) {
        long[] out = shape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException(op + ": only one dimension can be inferred (shape " + Shapes.str(shape) + ")");
                }
                infer = i;
            } else if (out[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid shape dimension " + out[i] + " in " + Shapes.str(shape));
            } else {
                known *= out[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 && numel == 0) {
                throw new IllegalArgumentException(op + ": cannot reshape tensor of 0 elements into shape " + Shapes.str(shape)
                        + " because the unspecified dimension size -1 can be any value and is ambiguous");
            }
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException(op + ": shape '" + Shapes.str(shape) + "' is invalid for input of size " + numel);
            }
            out[infer] = numel / known;
        } else if (known != numel) {
            throw new IllegalArgumentException(op + ": shape '" + Shapes.str(shape) + "' is invalid for input of size " + numel);
        }
        return out;
    }

    /**
     * Strides for viewing a tensor of {@code oldShape}/{@code oldStrides} as {@code newShape} without copying, or
     * null when the memory layout does not allow it. Dims are matched in chunks of contiguous memory.
     */
    static long[] viewStrides(long[] oldShape, long[] oldStrides, long[] newShape) {
        long numel = Shapes.numel(oldShape);
        // an empty tensor keeps its strides when the shape stays (PyTorch's computeStride, NumPy's rule)
        if (numel == 0) return Arrays.equals(oldShape, newShape) ? oldStrides.clone() : Shapes.contiguousStrides(newShape);
        if (oldShape.length == 0) {
            oldShape = new long[] {1};
            oldStrides = new long[] {1};
        }
        long[] newStrides = new long[newShape.length];
        int viewD = newShape.length - 1;
        long chunkBase = oldStrides[oldStrides.length - 1];
        long tensorNumel = 1, viewNumel = 1;
        for (int d = oldShape.length - 1; d >= 0; d--) {
            tensorNumel *= oldShape[d];
            boolean chunkEnds = d == 0 || oldShape[d - 1] != 1 && oldStrides[d - 1] != tensorNumel * chunkBase;
            if (chunkEnds) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    newStrides[viewD] = viewNumel * chunkBase;
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (d > 0) {
                    chunkBase = oldStrides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? newStrides : null;
    }

    public static Tensor view(Tensor t, long... shape) {
        long[] s = inferShape("view", shape, t.numel());
        long[] st = viewStrides(t.shapeArray(), t.stride(), s);
        if (st == null) {
            throw new IllegalArgumentException("view: view size is not compatible with input tensor's size and stride (at least one "
                    + "dimension spans across two contiguous subspaces). Use .reshape(...) instead. (input shape "
                    + Shapes.str(t.shapeArray()) + ", strides " + Shapes.str(t.stride()) + ", requested " + Shapes.str(shape) + ")");
        }
        return Graph.view("ViewBackward0", t, t.restride(s, st, t.storageOffset()));
    }

    public static Tensor reshape(Tensor t, long... shape) {
        long[] s = inferShape("reshape", shape, t.numel());
        long[] st = viewStrides(t.shapeArray(), t.stride(), s);
        if (st != null) return Graph.view("ViewBackward0", t, t.restride(s, st, t.storageOffset()));
        // a copy, no view: PyTorch's _unsafe_view of a contiguous clone
        Tensor c = t.contiguous();
        Tensor out = c.restride(s, Shapes.contiguousStrides(s), c.storageOffset());
        if (Graph.isRecording(c)) {
            long[] cs = c.shapeArray();
            Graph.node("UnsafeViewBackward0", c).backward(g -> new Tensor[] {g[0].reshape(cs)}).output(out);
        }
        return out;
    }

    public static Tensor flatten(Tensor t, long startDim, long endDim) {
        // a 0-d tensor's dims wrap as one dim's (-1 and 0), as PyTorch checks them before its 0-d case
        int s = Shapes.wrapDim("flatten", startDim, Math.max(t.dim(), 1)), e = Shapes.wrapDim("flatten", endDim, Math.max(t.dim(), 1));
        if (s > e) throw new IllegalArgumentException("flatten() has invalid args: start_dim cannot come after end_dim");
        if (t.dim() == 0) return t.reshape(1);
        if (s == e) return t;
        long[] sh = t.shapeArray();
        long[] out = new long[sh.length - (e - s)];
        int j = 0;
        for (int i = 0; i < s; i++) out[j++] = sh[i];
        long m = 1;
        for (int i = s; i <= e; i++) m *= sh[i];
        out[j++] = m;
        for (int i = e + 1; i < sh.length; i++) out[j++] = sh[i];
        return t.reshape(out);
    }

    public static Tensor permute(Tensor t, long... dims) {
        int n = t.dim();
        if (dims.length != n) {
            throw new IllegalArgumentException("permute(): number of dimensions in the tensor input does not match the "
                    + "length of the desired ordering of dimensions i.e. input.dim() = " + n
                    + " is not equal to len(dims) = " + dims.length);
        }
        long[] sh = t.shapeArray(), st = t.stride();
        long[] ns = new long[n], nst = new long[n];
        boolean[] seen = new boolean[n];
        for (int i = 0; i < n; i++) {
            int d = Shapes.wrapDim("permute", dims[i], n);
            if (seen[d]) throw new IllegalArgumentException("permute(): duplicate dims are not allowed.");
            seen[d] = true;
            ns[i] = sh[d];
            nst[i] = st[d];
        }
        return Graph.view("PermuteBackward0", t, t.restride(ns, nst, t.storageOffset()));
    }

    public static Tensor transpose(Tensor t, long dim0, long dim1) {
        int n = t.dim();
        if (n == 0) {
            Shapes.wrapDim("transpose", dim0, 0);
            Shapes.wrapDim("transpose", dim1, 0);
            return Graph.view("TransposeBackward0", t, t.restride(t.shapeArray(), t.stride(), t.storageOffset()));
        }
        int a = Shapes.wrapDim("transpose", dim0, n), b = Shapes.wrapDim("transpose", dim1, n);
        long[] sh = t.shapeArray(), st = t.stride();
        long tmp = sh[a]; sh[a] = sh[b]; sh[b] = tmp;
        tmp = st[a]; st[a] = st[b]; st[b] = tmp;
        return Graph.view("TransposeBackward0", t, t.restride(sh, st, t.storageOffset()));
    }

    public static Tensor t(Tensor t) {
        if (t.dim() > 2) {
            throw new IllegalArgumentException("t() expects a tensor with <= 2 dimensions, but self is " + t.dim() + "D");
        }
        Tensor r;
        try (var g = GradMode.noGrad()) {
            r = t.dim() < 2 ? transpose(t, 0, 0) : transpose(t, 0, 1);
        }
        return Graph.view("TBackward0", t, r.restride(r.shapeArray(), r.stride(), r.storageOffset()));
    }

    public static Tensor squeeze(Tensor t) {
        boolean[] all = new boolean[t.dim()];
        Arrays.fill(all, true);
        return dropSizeOne("SqueezeBackward0", t, all);
    }

    /** The view of {@code t} without the dims of size 1 that {@code listed} marks, recorded under {@code name}. */
    private static Tensor dropSizeOne(String name, Tensor t, boolean[] listed) {
        long[] sh = t.shapeArray(), st = t.stride();
        int kept = 0;
        for (int i = 0; i < sh.length; i++) if (!listed[i] || sh[i] != 1) kept++;
        long[] ns = new long[kept], nst = new long[kept];
        for (int i = 0, j = 0; i < sh.length; i++) {
            if (listed[i] && sh[i] == 1) continue;
            ns[j] = sh[i];
            nst[j++] = st[i];
        }
        return Graph.view(name, t, t.restride(ns, nst, t.storageOffset()));
    }

    public static Tensor squeeze(Tensor t, long dim) {
        int n = t.dim();
        int d = Shapes.wrapDim("squeeze", dim, n);
        if (n == 0 || t.shapeArray()[d] != 1) return Graph.view("SqueezeBackward1", t, t.restride(t.shapeArray(), t.stride(), t.storageOffset()));
        return Graph.view("SqueezeBackward1", t, t.restride(remove(t.shapeArray(), d), remove(t.stride(), d), t.storageOffset()));
    }

    /** PyTorch 2's {@code squeeze(dims)}: removes those of the listed dims whose size is 1. */
    public static Tensor squeeze(Tensor t, long[] dims) {
        int n = t.dim();
        boolean[] seen = new boolean[Math.max(n, 1)];
        for (long dim : dims) {
            int d = Shapes.wrapDim("squeeze", dim, n);
            if (seen[d]) throw new IllegalArgumentException("squeeze: dim " + d + " appears multiple times in the list of dims");
            seen[d] = true;
        }
        return dropSizeOne("SqueezeBackward2", t, Arrays.copyOf(seen, n));
    }

    public static Tensor unsqueeze(Tensor t, long dim) {
        int n = t.dim();
        int d = Shapes.wrapDim("unsqueeze", dim, n + 1);
        long[] sh = t.shapeArray(), st = t.stride();
        long newStride = d >= n ? 1 : sh[d] * st[d];
        return Graph.view("UnsqueezeBackward0", t, t.restride(insert(sh, d, 1), insert(st, d, newStride), t.storageOffset()));
    }

    public static Tensor expand(Tensor t, long... sizes) {
        long[] target = sizes.clone();
        int n = target.length, m = t.dim();
        if (n < m) {
            throw new IllegalArgumentException("expand: the number of sizes provided (" + n
                    + ") must be greater or equal to the number of dimensions in the tensor (" + m + ")");
        }
        for (int i = 0; i < n; i++) {
            int j = m - n + i;
            if (target[i] == -1) {
                if (j < 0) throw new IllegalArgumentException("expand: the expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension " + i);
                target[i] = t.shapeArray()[j];
            }
        }
        long[] st = Shapes.expandStrides("expand", t.shapeArray(), t.stride(), target);
        return expanded(t, t.restride(target, st, t.storageOffset()));
    }

    public static Tensor narrow(Tensor t, long dim, long start, long length) {
        if (t.dim() == 0) throw new IllegalArgumentException("narrow() cannot be applied to a 0-dim tensor.");
        int d = Shapes.wrapDim("narrow", dim, t.dim());
        long size = t.shapeArray()[d];
        if (start < 0) start += size;
        if (start < 0 || start > size || length < 0 || start + length > size) {
            throw new IndexOutOfBoundsException("narrow(): start (" + start + ") + length (" + length
                    + ") exceeds dimension size (" + size + ") of dim " + dim + " in shape " + Shapes.str(t.shapeArray()));
        }
        long[] sh = t.shapeArray();
        sh[d] = length;
        return Graph.view("SliceBackward0", t, t.restride(sh, t.stride(), t.storageOffset() + start * t.stride()[d]),
                new Graph.Along(d, start, 1, false));
    }

    public static Tensor select(Tensor t, long dim, long index) {
        if (t.dim() == 0) throw new IndexOutOfBoundsException("select() cannot be applied to a 0-dim tensor.");
        int d = Shapes.wrapDim("select", dim, t.dim());
        long size = t.shapeArray()[d];
        if (index < -size || index >= size) {
            throw new IndexOutOfBoundsException("select(): index " + index + " out of range for tensor of size "
                    + Shapes.str(t.shapeArray()) + " at dimension " + d);
        }
        long i = index < 0 ? index + size : index;
        return Graph.view("SelectBackward0", t, t.restride(remove(t.shapeArray(), d), remove(t.stride(), d), t.storageOffset() + i * t.stride()[d]),
                new Graph.Along(d, i, 1, true));
    }

    /** {@code torch.unbind}: the selects along dim, recorded as one multi-output {@code UnbindBackward0} (gradient: their stack). */
    public static Tensor[] unbind(Tensor t, long dim) {
        if (t.dim() == 0) throw new IndexOutOfBoundsException("unbind: Dimension specified as " + dim + " but tensor has no dimensions");
        int d = Shapes.wrapDim("unbind", dim, t.dim());
        Tensor[] out = new Tensor[(int) t.shapeArray()[d]];
        long[] sh = remove(t.shapeArray(), d), st = remove(t.stride(), d);
        for (int i = 0; i < out.length; i++) out[i] = t.restride(sh, st, t.storageOffset() + i * t.stride()[d]);
        return Joining.views("UnbindBackward0", t, out, gs -> Joining.stack(Arrays.asList(gs), d));
    }

    /** {@code torch.diagonal}: a view of the diagonal with the given offset over dims d1, d2 (appended last). */
    public static Tensor diagonal(Tensor t, long offset, long dim1, long dim2) {
        int n = t.dim();
        int a = Shapes.wrapDim("diagonal", dim1, n), b = Shapes.wrapDim("diagonal", dim2, n);
        if (a == b) throw new IllegalArgumentException("diagonal: diagonal dimensions cannot be identical " + dim1 + ", " + dim2);
        long[] sh = t.shapeArray(), st = t.stride();
        long off = t.storageOffset(), len;
        if (offset >= 0) {
            len = Math.max(Math.min(sh[a], sh[b] - offset), 0);
            if (len > 0) off += offset * st[b];
        } else {
            len = Math.max(Math.min(sh[a] + offset, sh[b]), 0);
            if (len > 0) off -= offset * st[a];
        }
        long[] ns = new long[n - 1], nst = new long[n - 1];
        int j = 0;
        for (int i = 0; i < n; i++) {
            if (i == a || i == b) continue;
            ns[j] = sh[i];
            nst[j++] = st[i];
        }
        ns[j] = len;
        nst[j] = st[a] + st[b];
        // over an input whose elements overlap, the gradient goes through the diagonal of zeros shaped like it
        return Graph.view("DiagonalBackward0", t, t.restride(ns, nst, off),
                Graph.Along.replay(z -> z.diagonal(offset, dim1, dim2)));
    }

    /** An expanded view: its gradient is summed back to the input's shape (the engine's broadcast reduction). */
    private static Tensor expanded(Tensor t, Tensor view) {
        Graph.linkBase(t, view); // the non-overlapping view formula does not apply to expand
        if (Graph.isRecording(t)) Graph.node("ExpandBackward0", t).backward(g -> new Tensor[] {g[0]}).output(view);
        return view;
    }

    static long[] remove(long[] a, int i) {
        long[] r = new long[a.length - 1];
        System.arraycopy(a, 0, r, 0, i);
        System.arraycopy(a, i + 1, r, i, a.length - i - 1);
        return r;
    }

    static long[] insert(long[] a, int i, long v) {
        long[] r = new long[a.length + 1];
        System.arraycopy(a, 0, r, 0, i);
        r[i] = v;
        System.arraycopy(a, i, r, i + 1, a.length - i);
        return r;
    }

    /** Checks that two shapes are equal, for ops that require it. */
    static void checkSameShape(String op, long[] a, long[] b) {
        if (!Arrays.equals(a, b)) {
            throw new IllegalArgumentException(op + ": shapes " + Shapes.str(a) + " and " + Shapes.str(b) + " must match");
        }
    }
}
