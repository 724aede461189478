package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.Strided;
import dev.torch4j.core.Shapes;

import java.util.Arrays;

import static dev.torch4j.ops.ReductionsGrad.untracked;

/**
 * Matrix products with PyTorch's shape rules: {@code matmul}, {@code mm}, {@code bmm}, {@code mv}, {@code dot},
 * {@code outer}, {@code addmm}; each recorded for autograd under PyTorch's grad_fn name (see {@link LinalgGrad}).
 */
public final class Linalg {
    private Linalg() {}

    private static String dims(Tensor t) {
        long[] s = t.shapeArray();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length; i++) sb.append(i > 0 ? "x" : "").append(s[i]);
        return sb.toString();
    }

    /** A product of complex operands (same dtype, as for real ones): four real products of their parts. */
    private static Tensor complexProduct(String op, Tensor a, Tensor b, java.util.function.BinaryOperator<Tensor> f) {
        checkSameDtype(op, a, b);
        return ComplexReductions.bilinear(a, b, f);
    }

    private static void checkSameDtype(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": expected m1 and m2 to have the same dtype, but got: "
                    + a.dtype().scalarTypeName().toLowerCase() + " != " + b.dtype().scalarTypeName().toLowerCase()
                    + " (shapes " + Shapes.str(a.shapeArray()) + " and " + Shapes.str(b.shapeArray()) + ")");
        }
        if (a.dtype() == DType.BOOL) {
            throw new IllegalArgumentException(op + ": not implemented for 'Bool'");
        }
    }

    /**
     * {@code torch.matmul}: dot, mv, mm or broadcast batched mm depending on the ranks, built as PyTorch 2.x's
     * {@code _matmul_impl} builds it, so the graph (and each result's grad_fn) is the one PyTorch records:
     * 1-D x 1-D {@code DotBackward0}, 2-D x 1-D {@code MvBackward0}, 1-D x 2-D {@code SqueezeBackward4},
     * 2-D x 2-D {@code MmBackward0}; with a 3-D or larger operand the batch dims are folded into one mm/mv when
     * that needs no copy (or the other operand requires grad), else expanded into one bmm, and the result is an
     * {@code UnsafeViewBackward0} (a {@code CloneBackward0} for a 2-D operand requiring grad times a batch).
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        if (ComplexOps.anyComplex(a, b)) return complexProduct("matmul", a, b, Linalg::matmul);
        if (AutocastMode.active()) return AutocastMode.apply(AutocastMode.Op.MATMUL, x -> matmul(x[0], x[1]), a, b);
        int da = a.dim(), db = b.dim();
        if (da == 0 || db == 0) {
            throw new IllegalArgumentException("matmul: both arguments to matmul need to be at least 1D, but they are "
                    + da + "D and " + db + "D");
        }
        if (da == 1 && db == 1) return dot(a, b);
        if (da == 2 && db == 1) return mv(a, b);
        if (da == 1 && db == 2) return LinalgGrad.unsafeView("SqueezeBackward4", mm(a.unsqueeze(0), b), b.size(1));
        if (da == 2 && db == 2) return mm(a, b);
        checkSameDtype("matmul", a, b);
        // a [..., n, k] (a 1-D a is [1, k]); b [..., k, m] (a 1-D b is [k, 1])
        long[] as = da == 1 ? new long[] {1, a.size(0)} : a.shapeArray();
        long[] bs = db == 1 ? new long[] {b.size(0), 1} : b.shapeArray();
        long k = as[as.length - 1], k2 = bs[bs.length - 2];
        if (k != k2) {
            throw new IllegalArgumentException("matmul: mat1 and mat2 shapes cannot be multiplied (" + rows(as) + "x" + k
                    + " and " + k2 + "x" + bs[bs.length - 1] + ") (input shapes " + Shapes.str(a.shapeArray()) + " and "
                    + Shapes.str(b.shapeArray()) + ")");
        }
        if (shouldFold(a, b)) return folded(a, b);
        long[] batchA = Arrays.copyOf(a.shapeArray(), Math.max(da - 2, 0)), batchB = Arrays.copyOf(b.shapeArray(), Math.max(db - 2, 0));
        if (da == 3 && db == 3 && batchA[0] != batchB[0]) {
            // PyTorch squeezes a broadcast batch of one that requires grad, so its gradient needs no batch reduction
            if (batchA[0] == 1 && a.requiresGrad()) return matmul(a.squeeze(0), b);
            if (batchB[0] == 1 && b.requiresGrad()) return matmul(a, b.squeeze(0));
        }
        long n = as[as.length - 2], p = bs[bs.length - 1];
        long[] batch = Shapes.broadcast("matmul", batchA, batchB);
        long nb = Shapes.numel(batch);
        Tensor a3 = a.expand(concat(batch, n, k)).reshape(nb, n, k);
        Tensor b3 = db == 1 ? b.expand(concat(batch, k)).reshape(nb, k).unsqueeze(2) : b.expand(concat(batch, k, p)).reshape(nb, k, p);
        Tensor r = bmm(a3, b3);
        if (db == 1) r = r.squeeze(-1);
        long[] outShape = batch;
        if (da > 1) outShape = concat(outShape, n);
        if (db > 1) outShape = concat(outShape, p);
        return LinalgGrad.unsafeView("UnsafeViewBackward0", r, outShape);
    }

    /**
     * PyTorch's should_fold: with one operand of 3+ dims and the other of 1 or 2, fold the batch dims into the
     * rows of one mm/mv when the large operand views as a matrix without a copy, or when the small operand
     * requires grad (then its gradient is one mm instead of a batched product and a reduction).
     */
    private static boolean shouldFold(Tensor a, Tensor b) {
        boolean aLarger = a.dim() >= b.dim();
        Tensor big = aLarger ? a : b;
        int dimT1 = big.dim(), dimT2 = aLarger ? b.dim() : a.dim();
        if (!(dimT1 >= 3 && dimT2 <= 2)) return false;
        if ((aLarger ? b : a).requiresGrad()) return true;
        if (a.dim() == 2) return false;
        if (big.numel() == 0) return true;
        // big (transposed in its last two dims when it is b) must view as [-1, size(-1)]: leading dims contiguous
        long[] sh = big.shapeArray(), st = big.stride();
        if (!aLarger) {
            swapLast(sh);
            swapLast(st);
        }
        for (int i = 0; i < dimT1 - 2; i++) if (st[i] != st[i + 1] * sh[i + 1]) return false;
        return true;
    }

    private static void swapLast(long[] x) {
        long t = x[x.length - 1];
        x[x.length - 1] = x[x.length - 2];
        x[x.length - 2] = t;
    }

    /** The folded product: [..., n, k] viewed as [-1, k] times a matrix or vector (b^T a^T when b is the large one). */
    private static Tensor folded(Tensor a, Tensor b) {
        boolean transpose = b.dim() > a.dim();
        Tensor t1 = transpose ? b.mT() : a;
        Tensor t2 = !transpose ? b : a.dim() == 2 ? a.t() : a;
        long[] s1 = t1.shapeArray();
        long[] outShape = Arrays.copyOf(s1, s1.length - 1);
        long rows = Shapes.numel(outShape);
        Tensor t1Folded = t1.reshape(rows, s1[s1.length - 1]);
        if (t2.dim() == 2) {
            Tensor out = LinalgGrad.unsafeView("UnsafeViewBackward0", mm(t1Folded, t2), concat(outShape, t2.size(1)));
            return transpose ? out.mT().contiguous() : out;
        }
        return LinalgGrad.unsafeView("UnsafeViewBackward0", mv(t1Folded, t2), outShape);
    }

    private static long rows(long[] s) {
        long r = 1;
        for (int i = 0; i < s.length - 1; i++) r *= s[i];
        return r;
    }

    private static long[] concat(long[] batch, long... tail) {
        long[] r = Arrays.copyOf(batch, batch.length + tail.length);
        System.arraycopy(tail, 0, r, batch.length, tail.length);
        return r;
    }

    /** {@code torch.mm}: [n, k] x [k, m]. */
    public static Tensor mm(Tensor a, Tensor b) {
        if (ComplexOps.anyComplex(a, b)) return complexProduct("mm", a, b, Linalg::mm);
        if (AutocastMode.active()) return AutocastMode.apply(AutocastMode.Op.MM, x -> mm(x[0], x[1]), a, b);
        checkMm(a, b);
        if (Graph.isRecording(a, b)) return LinalgGrad.mm(a, b, untracked(() -> mm(a, b)));
        DType t = a.dtype();
        if ((t == DType.FLOAT32 || t == DType.FLOAT64) && a.device().equals(b.device())) {
            // the common case without the two unsqueezed handles and dtype round trips of the general path
            long n = a.size(0), m = b.size(1);
            Tensor out = Dispatch.empty(new long[] {n, m}, t, a.device());
            // an empty inner dim leaves the fresh (zero-filled) result as it is, as bmmUnchecked does
            if (a.size(1) > 0 && out.numel() > 0) Dispatch.backend(a.device()).bmm(batchOfOne(out), batchOfOne(a), batchOfOne(b));
            return out;
        }
        return product(a.unsqueeze(0), b.unsqueeze(0), a.size(0), b.size(1));
    }

    private static void checkMm(Tensor a, Tensor b) {
        if (a.dim() != 2) throw new IllegalArgumentException("mm: self must be a matrix, got a " + a.dim() + "D tensor of shape " + Shapes.str(a.shapeArray()));
        if (b.dim() != 2) throw new IllegalArgumentException("mm: mat2 must be a matrix, got a " + b.dim() + "D tensor of shape " + Shapes.str(b.shapeArray()));
        if (a.size(1) != b.size(0)) {
            throw new IllegalArgumentException("mm: mat1 and mat2 shapes cannot be multiplied (" + dims(a) + " and " + dims(b) + ")");
        }
        checkSameDtype("mm", a, b);
    }

    /**
     * {@code torch.mm(a, b, out=out)}: the product written into {@code out} (the product's shape, dtype and device;
     * any layout) and returned; not recorded for autograd.
     */
    public static Tensor mmOut(Tensor a, Tensor b, Tensor out) {
        OutArgs.checkNotRecording("mm", out, a, b);
        checkMm(a, b);
        checkProductOut("mm", new long[] {a.size(0), b.size(1)}, a.dtype(), Dispatch.commonDevice("mm", a, b), out);
        return gemmInto(out, batchOfOne(out), a, batchOfOne(a), b, batchOfOne(b), a.size(1), () -> mm(a, b));
    }

    /** {@code torch.bmm(a, b, out=out)}: as {@link #mmOut}, for batches. */
    public static Tensor bmmOut(Tensor a, Tensor b, Tensor out) {
        OutArgs.checkNotRecording("bmm", out, a, b);
        checkBmm(a, b);
        checkProductOut("bmm", new long[] {a.size(0), a.size(1), b.size(2)}, a.dtype(), Dispatch.commonDevice("bmm", a, b), out);
        return gemmInto(out, out.strided(), a, a.strided(), b, b.strided(), a.size(2), () -> bmm(a, b));
    }

    /**
     * The GEMM straight into a contiguous float out that shares no memory with the operands (no temporary, as
     * PyTorch's out= kernels); anything else (integers, strided outs, an operand that is out) through a temporary.
     */
    private static Tensor gemmInto(Tensor out, Strided out3, Tensor a, Strided a3, Tensor b, Strided b3, long k,
                                   java.util.function.Supplier<Tensor> product) {
        DType t = out.dtype();
        if ((t == DType.FLOAT32 || t == DType.FLOAT64) && out.isContiguous()
                && out.storage() != a.storage() && out.storage() != b.storage()) {
            if (k == 0) return out.zero_();
            if (out.numel() > 0) Dispatch.backend(out.device()).bmm(out3, a3, b3);
            out.storage().bumpVersion();
            return out;
        }
        return copyInto(out, product);
    }

    /**
     * {@code torch.matmul(a, b, out=out)}: as {@link #mmOut} (2-D operands) or {@link #bmmOut} (3-D ones of one
     * batch size); other ranks through a temporary. Refused under autograd with the name of the product PyTorch reduces the call to.
     */
    public static Tensor matmulOut(Tensor a, Tensor b, Tensor out) {
        int da = a.dim(), db = b.dim();
        if (da == 2 && db == 2) return mmOut(a, b, out);
        if (da == 3 && db == 3 && a.size(0) == b.size(0)) return bmmOut(a, b, out);   // what matmul computes then
        String name = da == 1 && db == 1 ? "dot" : db == 1 ? "mv" : db == 2 ? "mm" : "bmm";
        OutArgs.checkNotRecording(name, out, a, b);
        return productOut(name, out, () -> matmul(a, b));
    }

    /** Computes a product (its own checks first), then checks out against it and copies it in. */
    private static Tensor productOut(String op, Tensor out, java.util.function.Supplier<Tensor> product) {
        Tensor r;
        try (var g = GradMode.noGrad()) {
            r = product.get();
        }
        checkProductOut(op, r.shapeArray(), r.dtype(), r.device(), out);
        return copyInto(out, () -> r);
    }

    /** PyTorch's checks of a product's out= tensor: same device and dtype (no casting), then shape and self-overlap. */
    private static void checkProductOut(String op, long[] shape, DType t, Device dev, Tensor out) {
        if (!out.device().equals(dev)) {
            throw new IllegalArgumentException(op + ": Expected out tensor to have device " + dev + ", but got "
                    + out.device() + " instead");
        }
        if (out.dtype() != t) {
            throw new IllegalArgumentException(op + ": Expected out tensor to have dtype " + OutArgs.cppName(t)
                    + ", but got " + OutArgs.cppName(out.dtype()) + " instead");
        }
        OutArgs.checkShape(op, shape, out);
        Elementwise.checkNoInternalOverlap(op, out);
        Graph.checkInferenceInplace(op, out);
    }

    /** The product computed apart (so operands that share memory with out are read before it is written), copied in. */
    private static Tensor copyInto(Tensor out, java.util.function.Supplier<Tensor> product) {
        try (var g = GradMode.noGrad()) {
            return out.copy_(product.get());
        }
    }

    /** A matrix's descriptor as a batch of one, {@code [1, rows, cols]}. */
    private static Strided batchOfOne(Tensor m) {
        Strided s = m.strided();
        long[] sh = s.shape(), st = s.strides();
        return s.as(new long[] {1, sh[0], sh[1]}, new long[] {sh[0] * sh[1], st[0], st[1]});
    }

    /** {@code torch.bmm}: [b, n, k] x [b, k, m], no broadcasting. */
    public static Tensor bmm(Tensor a, Tensor b) {
        if (ComplexOps.anyComplex(a, b)) return complexProduct("bmm", a, b, Linalg::bmm);
        if (AutocastMode.active()) return AutocastMode.apply(AutocastMode.Op.BMM, x -> bmm(x[0], x[1]), a, b);
        checkBmm(a, b);
        if (Graph.isRecording(a, b)) return LinalgGrad.bmm(a, b, untracked(() -> bmm(a, b)));
        return bmmUnchecked(a, b);
    }

    private static void checkBmm(Tensor a, Tensor b) {
        if (a.dim() != 3) throw new IllegalArgumentException("bmm: batch1 must be a 3D tensor, got shape " + Shapes.str(a.shapeArray()));
        if (b.dim() != 3) throw new IllegalArgumentException("bmm: batch2 must be a 3D tensor, got shape " + Shapes.str(b.shapeArray()));
        if (a.size(0) != b.size(0) || a.size(2) != b.size(1)) {
            throw new IllegalArgumentException("bmm: Expected size for first two dimensions of batch2 tensor to be: ["
                    + a.size(0) + ", " + a.size(2) + "] but got: [" + b.size(0) + ", " + b.size(1) + "].");
        }
        checkSameDtype("bmm", a, b);
    }

    /** {@code torch.mv}: [n, k] x [k]. */
    public static Tensor mv(Tensor mat, Tensor vec) {
        if (ComplexOps.anyComplex(mat, vec)) return complexProduct("mv", mat, vec, Linalg::mv);
        if (AutocastMode.active()) return AutocastMode.apply(AutocastMode.Op.MV, a -> mv(a[0], a[1]), mat, vec);
        if (mat.dim() != 2 || vec.dim() != 1) {
            throw new IllegalArgumentException("mv: vector + matrix @ vector expected, got " + mat.dim() + ", " + vec.dim()
                    + " (shapes " + Shapes.str(mat.shapeArray()) + " and " + Shapes.str(vec.shapeArray()) + ")");
        }
        if (mat.size(1) != vec.size(0)) {
            throw new IllegalArgumentException("mv: size mismatch, got input (" + mat.size(0) + "), mat (" + dims(mat)
                    + "), vec (" + vec.size(0) + ")");
        }
        checkSameDtype("mv", mat, vec);
        if (Graph.isRecording(mat, vec)) return LinalgGrad.mv(mat, vec, untracked(() -> mv(mat, vec)));
        return product(mat.unsqueeze(0), vec.view(1, -1, 1), mat.size(0));
    }

    /** {@code torch.dot}: inner product of two 1-D tensors of the same size and dtype. */
    public static Tensor dot(Tensor a, Tensor b) {
        if (ComplexOps.anyComplex(a, b)) return complexProduct("dot", a, b, Linalg::dot);
        if (AutocastMode.active()) return AutocastMode.apply(AutocastMode.Op.PROMOTE, x -> dot(x[0], x[1]), a, b);
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("dot: 1D tensors expected, but got " + a.dim() + "D and " + b.dim() + "D tensors");
        }
        if (a.size(0) != b.size(0)) {
            throw new IllegalArgumentException("dot: inconsistent tensor size, expected tensor [" + a.size(0) + "] and src ["
                    + b.size(0) + "] to have the same number of elements, but got " + a.size(0) + " and " + b.size(0)
                    + " elements respectively");
        }
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("dot: expected both vectors to have same dtype, but found "
                    + a.dtype().scalarTypeName() + " and " + b.dtype().scalarTypeName());
        }
        checkSameDtype("dot", a, b);
        if (Graph.isRecording(a, b)) return LinalgGrad.dot(a, b, untracked(() -> dot(a, b)));
        return product(a.view(1, 1, -1), b.view(1, -1, 1));
    }

    /** {@code torch.outer}: {@code a[i] * b[j]}, with type promotion; as in PyTorch 2.x, a product ({@code MulBackward0}). */
    public static Tensor outer(Tensor a, Tensor b) {
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("outer: expected 1D tensors, but got " + a.dim() + "D and " + b.dim() + "D tensors");
        }
        return a.reshape(a.size(0), 1).mul(b);
    }

    /**
     * {@code torch.addmm}: {@code beta * input + alpha * (mat1 @ mat2)}, input broadcast to the product's shape;
     * recorded as one {@code AddmmBackward0}.
     */
    public static Tensor addmm(Tensor input, Tensor mat1, Tensor mat2, double beta, double alpha) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.ADDMM, a -> addmm(a[0], a[1], a[2], beta, alpha), input, mat1, mat2);
        }
        if (Graph.isRecording(input, mat1, mat2)) {
            return LinalgGrad.addmm(input, mat1, mat2, beta, alpha, untracked(() -> addmm(input, mat1, mat2, beta, alpha)));
        }
        Tensor fused = fusedAddmm(input, mat1, mat2, beta, alpha);
        if (fused != null) return fused;
        Tensor p = mm(mat1, mat2);
        Shapes.expandStrides("addmm", input.shapeArray(), input.stride(), p.shapeArray());
        Tensor scaled = alpha == 1 ? p : p.mul(alpha);
        if (beta == 0) return scaled; // beta=0 ignores input, NaN included, as PyTorch documents
        Tensor in = beta == 1 ? input : input.mul(beta);
        // the product is a fresh tensor no one else holds: add into it (same sums, one allocation and pass fewer)
        if (in.dtype() == scaled.dtype() && in.device().equals(scaled.device())) return scaled.add_(in);
        return in.add(scaled).expand(p.shapeArray()).contiguous();
    }

    /**
     * addmm as PyTorch computes it on the CPU: the input broadcast into the result, then one GEMM adding
     * {@code alpha * mat1 @ mat2} to {@code beta} times it (see {@code Backend.addmm}); null when the operands are
     * not floating matrices of one dtype and device with an input that broadcasts to the product (the composed form
     * then computes it or reports the error), or the backend has no such kernel.
     */
    private static Tensor fusedAddmm(Tensor input, Tensor mat1, Tensor mat2, double beta, double alpha) {
        DType t = mat1.dtype();
        if (beta == 0 || mat1.dim() != 2 || mat2.dim() != 2 || mat1.size(1) != mat2.size(0) || mat1.size(1) == 0
                || t != DType.FLOAT32 && t != DType.FLOAT64 || mat2.dtype() != t || input.dtype() != t) {
            return null;
        }
        Device dev = mat1.device();
        if (!mat2.device().equals(dev) || !input.device().equals(dev) || input.dim() > 2) return null;
        long m = mat1.size(0), n = mat2.size(1);
        long[] shape = {m, n}, is = input.shapeArray(), ist = input.stride(), st = new long[2];
        for (int d = 0; d < 2; d++) {
            int id = d - (2 - is.length);
            if (id < 0 || is[id] == 1 && shape[d] != 1) st[d] = 0;
            else if (is[id] == shape[d]) st[d] = ist[id];
            else return null;
        }
        Strided in3 = new Strided(input.storage(), new long[] {1, m, n}, new long[] {0, st[0], st[1]}, input.storageOffset());
        Storage s = m * n == 0 ? null : Dispatch.backend(dev).addmm(in3, batched(mat1), batched(mat2), beta, alpha);
        return s == null ? null : Fused.wrapNew(s, shape);
    }

    /** A matrix as a batch of one for the backend's products. */
    private static Strided batched(Tensor x) {
        long[] s = x.shapeArray(), st = x.stride();
        return new Strided(x.storage(), new long[] {1, s[0], s[1]}, new long[] {0, st[0], st[1]}, x.storageOffset());
    }

    /**
     * The product of 3-d operands as a new contiguous tensor of {@code shape} (no view of a temporary, so
     * in-place ops on the result are plain in-place ops).
     */
    private static Tensor product(Tensor a3, Tensor b3, long... shape) {
        Tensor r = bmmUnchecked(a3, b3);
        return Tensor.wrap(r.storage(), shape, Shapes.contiguousStrides(shape), r.storageOffset());
    }

    /**
     * The batched product of 3-d operands after all checks; computes integers in int64, float16/bfloat16 in float32
     * (rounded once) unless the backend does that itself ({@code Backend.bmmReducedPrecision}).
     */
    static Tensor bmmUnchecked(Tensor a, Tensor b) {
        Device dev = Dispatch.commonDevice("matmul", a, b);
        DType t = a.dtype();
        boolean reduced = t == DType.FLOAT16 || t == DType.BFLOAT16;
        DType compute = reduced && Dispatch.backend(dev).bmmReducedPrecision() ? t
                : t.isFloatingPoint() ? (t == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32) : DType.INT64;
        Tensor x = a.to(compute), y = b.to(compute);
        long[] shape = {a.size(0), a.size(1), b.size(2)};
        Tensor out = Dispatch.empty(shape, compute, dev);
        if (a.size(2) > 0 && out.numel() > 0) Dispatch.backend(dev).bmmIntoZeros(out.strided(), x.strided(), y.strided());
        return out.to(t);
    }
}
