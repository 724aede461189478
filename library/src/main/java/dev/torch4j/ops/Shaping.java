package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.core.Shapes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shape functions composed of views, expands and copies (so their derivatives are those of the parts): repeat,
 * tile, movedim, broadcast_to/broadcast_tensors, unflatten, rot90, diag_embed, take_along_dim, kron, tensordot,
 * block_diag, cartesian_prod, tril/triu_indices, tensor_split, atleast_Nd.
 */
public final class Shaping {
    private Shaping() {}

    /** {@code tensor.repeat(*sizes)}: the tensor tiled {@code sizes[i]} times along each dim (leading new dims allowed). */
    public static Tensor repeat(Tensor t, long... sizes) {
        if (sizes.length < t.dim()) {
            throw new IllegalArgumentException("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor");
        }
        long[] s = new long[sizes.length];
        Arrays.fill(s, 1);
        System.arraycopy(t.shapeArray(), 0, s, sizes.length - t.dim(), t.dim());
        long[] viewed = new long[2 * sizes.length], expanded = new long[2 * sizes.length], out = new long[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 0) throw new IllegalArgumentException("Trying to create tensor with negative dimension " + sizes[i] + ": " + Shapes.str(sizes));
            viewed[2 * i] = 1;
            viewed[2 * i + 1] = s[i];
            expanded[2 * i] = sizes[i];
            expanded[2 * i + 1] = s[i];
            out[i] = sizes[i] * s[i];
        }
        return t.reshape(viewed).expand(expanded).contiguous().reshape(out);
    }

    /** {@code torch.tile(t, dims)}: repeat with missing leading repeats taken as 1. */
    public static Tensor tile(Tensor t, long... dims) {
        if (dims.length >= t.dim()) return repeat(t, dims);
        long[] r = new long[t.dim()];
        Arrays.fill(r, 1);
        System.arraycopy(dims, 0, r, t.dim() - dims.length, dims.length);
        return repeat(t, r);
    }

    /** {@code torch.movedim(t, source, destination)}: the given dims moved, the others keeping their order. */
    public static Tensor movedim(Tensor t, long[] source, long[] destination) {
        int n = t.dim();
        if (source.length != destination.length) {
            throw new IllegalArgumentException("movedim: Invalid source or destination dims: source (" + Arrays.toString(source)
                    + " dims) should contain the same number of dims as destination (" + Arrays.toString(destination) + " dims)");
        }
        if (n == 0) {   // a 0-d tensor has the one dim -1/0 to move, onto itself
            for (int i = 0; i < source.length; i++) {
                Shapes.wrapDim("movedim", source[i], 0);
                Shapes.wrapDim("movedim", destination[i], 0);
            }
            return dev.torch4j.autograd.Graph.view("AliasBackward0", t, t.restride(t.shapeArray(), t.stride(), t.storageOffset()));
        }
        long[] perm = new long[n];
        Arrays.fill(perm, -1);
        boolean[] used = new boolean[n];
        for (int i = 0; i < source.length; i++) {
            int s = Shapes.wrapDim("movedim", source[i], n), d = Shapes.wrapDim("movedim", destination[i], n);
            if (perm[d] != -1 || used[s]) throw new IllegalArgumentException("movedim: repeated dim in `source` or `destination`");
            perm[d] = s;
            used[s] = true;
        }
        int next = 0;
        for (int d = 0; d < n; d++) {
            if (perm[d] != -1) continue;
            while (used[next]) next++;
            perm[d] = next++;
        }
        return t.permute(perm);
    }

    /** {@code torch.broadcast_to(t, shape)}: t expanded under broadcasting's rules (-1 keeps a size). */
    public static Tensor broadcastTo(Tensor t, long... shape) { return t.expand(shape); }

    /** {@code torch.broadcast_tensors(*ts)}: every tensor expanded to their common shape. */
    public static Tensor[] broadcastTensors(Tensor... ts) {
        long[] s = new long[0];
        for (Tensor t : ts) s = Shapes.broadcast("broadcast_tensors", s, t.shapeArray());
        Tensor[] out = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) out[i] = ts[i].expand(s);
        return out;
    }

    /** {@code tensor.unflatten(dim, sizes)}: dim split into sizes (one may be -1), with PyTorch's checks. */
    public static Tensor unflatten(Tensor t, long dim, long... sizes) {
        int d = Shapes.wrapDim("unflatten", dim, t.dim());
        if (sizes.length == 0) throw new IllegalArgumentException("unflatten: sizes must be non-empty");
        // PyTorch's infer_size for a -1 (beside a 0 over an empty dim it is ambiguous); without one, the product check
        long[] sz = java.util.Arrays.stream(sizes).anyMatch(v -> v == -1) ? Views.inferShape("unflatten", sizes, t.size(d)) : sizes;
        long prod = 1;
        for (long v : sz) prod *= v;
        if (prod != t.size(d)) {
            throw new IllegalArgumentException("unflatten: Provided sizes " + Shapes.str(sizes) + " don't multiply up to the size "
                    + "of dim " + dim + " (" + t.size(d) + ") in the input tensor");
        }
        long[] s = t.shapeArray();
        long[] out = new long[s.length - 1 + sz.length];
        System.arraycopy(s, 0, out, 0, d);
        System.arraycopy(sz, 0, out, d, sz.length);
        System.arraycopy(s, d + 1, out, d + sz.length, s.length - d - 1);
        return t.view(out);
    }

    /** {@code torch.rot90(t, k, dims)}: k quarter turns from dims[0] towards dims[1]. */
    public static Tensor rot90(Tensor t, long k, long[] dims) {
        if (dims.length != 2) throw new IllegalArgumentException("expected total rotation dims == 2, but got dims = " + dims.length);
        int a = Shapes.wrapDim("rot90", dims[0], t.dim()), b = Shapes.wrapDim("rot90", dims[1], t.dim());
        if (a == b) throw new IllegalArgumentException("expected rotation dims to be different, but got dim0 = " + a + " and dim1 = " + b);
        int turns = (int) Math.floorMod(k, 4L);
        return switch (turns) {
            case 1 -> t.flip(b).transpose(a, b);
            case 2 -> t.flip(a, b);
            case 3 -> t.flip(a).transpose(a, b);
            default -> t.clone();
        };
    }

    /** {@code torch.diag_embed(t, offset, dim1, dim2)}: the last dim of t placed on a diagonal of new square dims. */
    public static Tensor diagEmbed(Tensor t, long offset, long dim1, long dim2) {
        int outDims = t.dim() + 1;
        int d1 = Shapes.wrapDim("diag_embed", dim1, outDims), d2 = Shapes.wrapDim("diag_embed", dim2, outDims);
        if (d1 == d2) throw new IllegalArgumentException("diagonal dimensions cannot be identical " + dim1 + ", " + dim2);
        // v on the main diagonal of [..., m, m], padded so that diagonal becomes the offset one of [..., n, n]
        long m = t.size(-1);
        // zeros off the diagonal whatever t holds (a product with the identity would spread NaN and inf there)
        Tensor base = t.unsqueeze(-1).where(Creation.eye(m, m, dev.torch4j.DType.BOOL, t.device()), 0.0);
        Tensor r = Padding.pad(base, new long[] {Math.max(0, offset), Math.max(0, -offset), Math.max(0, -offset), Math.max(0, offset)},
                "constant", 0.0);
        return movedim(r, new long[] {-2, -1}, new long[] {d1, d2});
    }

    /** {@code torch.take_along_dim(t, indices, dim)}: gather with t and indices broadcast against each other. */
    public static Tensor takeAlongDim(Tensor t, Tensor indices, Long dim) {
        if (dim == null) return t.reshape(-1).gather(0, indices.reshape(-1));
        int d = Shapes.wrapDim("take_along_dim", dim, t.dim());
        long[] ts = t.shapeArray(), is = indices.shapeArray();
        if (ts.length != is.length) {
            throw new IllegalArgumentException("torch.take_along_dim(): input and indices should have the same number of dimensions, but "
                    + "got " + ts.length + " dimensions for input, and " + is.length + " dimensions for indices");
        }
        long[] st = ts.clone(), si = is.clone();
        st[d] = 1;
        si[d] = 1;
        long[] b = Shapes.broadcast("take_along_dim", st, si);
        long[] bt = b.clone(), bi = b.clone();
        bt[d] = ts[d];
        bi[d] = is[d];
        return t.expand(bt).gather(d, indices.expand(bi));
    }

    /** {@code torch.kron(a, b)}: the Kronecker product. */
    public static Tensor kron(Tensor a, Tensor b) {
        int n = Math.max(a.dim(), b.dim());
        Tensor x = a.reshape(padShape(a.shapeArray(), n)), y = b.reshape(padShape(b.shapeArray(), n));
        long[] xs = new long[2 * n], ys = new long[2 * n], out = new long[n];
        for (int i = 0; i < n; i++) {
            xs[2 * i] = x.size(i);
            xs[2 * i + 1] = 1;
            ys[2 * i] = 1;
            ys[2 * i + 1] = y.size(i);
            out[i] = x.size(i) * y.size(i);
        }
        return x.reshape(xs).mul(y.reshape(ys)).reshape(out);
    }

    private static long[] padShape(long[] s, int n) {
        long[] r = new long[n];
        Arrays.fill(r, 1);
        System.arraycopy(s, 0, r, n - s.length, s.length);
        return r;
    }

    /** {@code torch.tensordot(a, b, dims)}: the last {@code dims} dims of a contracted with the first of b. */
    public static Tensor tensordot(Tensor a, Tensor b, int dims) {
        long[] da = new long[dims], db = new long[dims];
        for (int i = 0; i < dims; i++) {
            da[i] = a.dim() - dims + i;
            db[i] = i;
        }
        return tensordot(a, b, da, db);
    }

    /** {@code torch.tensordot(a, b, dims=(dims_a, dims_b))}. */
    public static Tensor tensordot(Tensor a, Tensor b, long[] dimsA, long[] dimsB) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.PROMOTE, x -> tensordot(x[0], x[1], dimsA, dimsB), a, b);
        }
        if (dimsA.length != dimsB.length) throw new IllegalArgumentException("both dimension lists should have same length");
        int na = a.dim(), nb = b.dim();
        boolean[] ca = new boolean[na], cb = new boolean[nb];
        long k = 1;
        for (int i = 0; i < dimsA.length; i++) {
            int x = Shapes.wrapDim("tensordot", dimsA[i], na), y = Shapes.wrapDim("tensordot", dimsB[i], nb);
            if (a.size(x) != b.size(y)) {
                throw new IllegalArgumentException("contracted dimensions need to match, but first has size " + a.size(x) + " in dim " + x
                        + " and second has size " + b.size(y) + " in dim " + y);
            }
            ca[x] = true;
            cb[y] = true;
            k *= a.size(x);
        }
        List<Long> permA = new ArrayList<>(), permB = new ArrayList<>(), outShape = new ArrayList<>();
        long m = 1, n = 1;
        for (int i = 0; i < na; i++) {
            if (!ca[i]) {
                permA.add((long) i);
                outShape.add(a.size(i));
                m *= a.size(i);
            }
        }
        for (int i = 0; i < dimsA.length; i++) permA.add((long) Shapes.wrapDim("tensordot", dimsA[i], na));
        for (int i = 0; i < dimsB.length; i++) permB.add((long) Shapes.wrapDim("tensordot", dimsB[i], nb));
        for (int i = 0; i < nb; i++) {
            if (!cb[i]) {
                permB.add((long) i);
                outShape.add(b.size(i));
                n *= b.size(i);
            }
        }
        Tensor x = a.permute(permA.stream().mapToLong(Long::longValue).toArray()).reshape(m, k);
        Tensor y = b.permute(permB.stream().mapToLong(Long::longValue).toArray()).reshape(k, n);
        return x.mm(y).reshape(outShape.stream().mapToLong(Long::longValue).toArray());
    }

    /** {@code torch.block_diag(*ts)}: the (at most 2-d) tensors on the diagonal of one matrix. */
    public static Tensor blockDiag(Tensor... ts) {
        long rows = 0, cols = 0;
        Tensor[] m = new Tensor[ts.length];
        DType dt = null;
        for (int i = 0; i < ts.length; i++) {
            if (ts[i].dim() > 2) {
                throw new IllegalArgumentException("torch.block_diag: Input tensors must have 2 or fewer dimensions. Input " + i + " has "
                        + ts[i].dim() + " dimensions");
            }
            m[i] = ts[i].dim() == 2 ? ts[i] : ts[i].reshape(1, -1);
            rows += m[i].size(0);
            cols += m[i].size(1);
            dt = dt == null ? ts[i].dtype() : dev.torch4j.core.TypePromotion.promoteTypes(dt, ts[i].dtype());
        }
        List<Tensor> blocks = new ArrayList<>();
        long c0 = 0;
        for (Tensor x : m) {
            blocks.add(Padding.pad(x.to(dt), new long[] {c0, cols - c0 - x.size(1), 0, 0}, "constant", 0.0));
            c0 += x.size(1);
        }
        return blocks.isEmpty() ? Dispatch.empty(new long[] {0, 0}, DType.FLOAT32, dev.torch4j.Device.CPU) : Joining.cat(blocks, 0);
    }

    /** {@code torch.cartesian_prod(*ts)}: every combination of the 1-d tensors' elements, as rows. */
    public static Tensor cartesianProd(Tensor... ts) {
        for (Tensor t : ts) {
            if (t.dim() != 1) throw new IllegalArgumentException("Expect a 1D vector, but got shape " + Shapes.str(t.shapeArray()));
        }
        if (ts.length == 1) return ts[0];
        Tensor[] grids = Assembly.meshgrid("ij", ts);
        List<Tensor> cols = new ArrayList<>();
        for (Tensor g : grids) cols.add(g.reshape(-1));
        return Joining.stack(cols, 1);
    }

    /** {@code torch.tril_indices(row, col, offset)} (int64 {@code [2, n]}) on the CPU. */
    public static Tensor trilIndices(long row, long col, long offset, boolean upper) {
        List<long[]> ij = new ArrayList<>();
        for (long i = 0; i < row; i++) {
            for (long j = 0; j < col; j++) if (upper ? j - i >= offset : j - i <= offset) ij.add(new long[] {i, j});
        }
        long[] v = new long[2 * ij.size()];
        for (int k = 0; k < ij.size(); k++) {
            v[k] = ij.get(k)[0];
            v[ij.size() + k] = ij.get(k)[1];
        }
        return Creation.wrap(v, new long[] {2, ij.size()}, DType.INT64);
    }

    /** {@code torch.atleast_Nd(t)}: t with leading (1-d: none; 2-d: one; 3-d: also a trailing) unit dims. */
    public static Tensor atleast(Tensor t, int n) {
        if (t.dim() >= n) return t;
        return switch (n) {
            case 1 -> t.reshape(1);
            case 2 -> t.dim() == 0 ? t.reshape(1, 1) : t.unsqueeze(0);
            default -> t.dim() == 0 ? t.reshape(1, 1, 1) : t.dim() == 1 ? t.unsqueeze(0).unsqueeze(-1) : t.unsqueeze(-1);
        };
    }

    /** {@code torch.tensor_split(t, sections, dim)}: sections nearly equal parts (the first ones one longer). */
    public static Tensor[] tensorSplit(Tensor t, long sections, long dim) {
        if (sections <= 0) throw new IllegalArgumentException("number of sections must be larger than 0, got " + sections);
        int d = Shapes.wrapDim("tensor_split", dim, t.dim());
        long size = t.size(d), base = size / sections, extra = size % sections;
        Tensor[] out = new Tensor[(int) sections];
        long start = 0;
        for (int i = 0; i < sections; i++) {
            long len = base + (i < extra ? 1 : 0);
            out[i] = t.narrow(d, start, len);
            start += len;
        }
        return out;
    }

    /** {@code torch.tensor_split(t, indices, dim)}: split before each index. */
    public static Tensor[] tensorSplit(Tensor t, long[] indices, long dim) {
        int d = Shapes.wrapDim("tensor_split", dim, t.dim());
        long size = t.size(d);
        Tensor[] out = new Tensor[indices.length + 1];
        long start = 0;
        for (int i = 0; i <= indices.length; i++) {
            long end = i < indices.length ? indices[i] : size;
            // PyTorch's at::slice(start, end): negative bounds count from the end, then both clamp into [0, size]
            long s = clampBound(start, size), e = Math.max(clampBound(end, size), s);
            out[i] = t.narrow(d, s, e - s);
            start = end;
        }
        return out;
    }

    private static long clampBound(long b, long size) {
        if (b < 0) b += size;
        return Math.min(Math.max(b, 0), size);
    }

    /** {@code torch.fliplr(t)}: reversed along dim 1. */
    public static Tensor fliplr(Tensor t) {
        if (t.dim() < 2) throw new IllegalArgumentException("fliplr: Input must be >= 2-d.");
        return t.flip(1);
    }

    /** {@code torch.flipud(t)}: reversed along dim 0. */
    public static Tensor flipud(Tensor t) {
        if (t.dim() < 1) throw new IllegalArgumentException("flipud: Input must be >= 1-d.");
        return t.flip(0);
    }

    /** {@code torch.diagflat(t, offset)}: the flattened input on a diagonal of a square matrix. */
    public static Tensor diagflat(Tensor t, long offset) { return t.reshape(-1).diag(offset); }

    /** {@code torch.msort(t)}: sorted along dim 0. */
    public static Tensor msort(Tensor t) { return t.sort(0).values(); }
}
