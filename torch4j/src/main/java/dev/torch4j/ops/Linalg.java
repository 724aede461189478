package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.core.Shapes;

/** Matrix products with PyTorch's shape rules: {@code matmul}, {@code mm}, {@code bmm}, {@code mv}, {@code dot}. */
public final class Linalg {
    private Linalg() {}

    private static String dims(Tensor t) {
        long[] s = t.shapeArray();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length; i++) sb.append(i > 0 ? "x" : "").append(s[i]);
        return sb.toString();
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

    /** {@code torch.matmul}: dot, mv, mm or broadcast batched mm depending on the ranks. */
    public static Tensor matmul(Tensor a, Tensor b) {
        int da = a.dim(), db = b.dim();
        if (da == 0 || db == 0) {
            throw new IllegalArgumentException("matmul: both arguments to matmul need to be at least 1D, but they are "
                    + da + "D and " + db + "D");
        }
        if (da == 1 && db == 1) return dot(a, b);
        if (da == 2 && db == 1) return mv(a, b);
        if (da == 1 && db == 2) return mm(a.unsqueeze(0), b).squeeze(0);
        if (da == 2 && db == 2) return mm(a, b);
        checkSameDtype("matmul", a, b);
        // batched: a [..., n, k] (a 1-D a is [1, k]); b [..., k, m] (a 1-D b is [k, 1])
        Tensor a2 = da == 1 ? a.unsqueeze(0) : a;
        Tensor b2 = db == 1 ? b.unsqueeze(1) : b;
        long[] as = a2.shapeArray(), bs = b2.shapeArray();
        long n = as[as.length - 2], k = as[as.length - 1], k2 = bs[bs.length - 2], m = bs[bs.length - 1];
        if (k != k2) {
            throw new IllegalArgumentException("matmul: mat1 and mat2 shapes cannot be multiplied (" + rows(as) + "x" + k
                    + " and " + k2 + "x" + m + ") (input shapes " + Shapes.str(a.shapeArray()) + " and " + Shapes.str(b.shapeArray()) + ")");
        }
        long[] batchA = java.util.Arrays.copyOf(as, as.length - 2), batchB = java.util.Arrays.copyOf(bs, bs.length - 2);
        long[] batch = Shapes.broadcast("matmul", batchA, batchB);
        long nb = Shapes.numel(batch);
        Tensor a3 = a2.expand(concat(batch, n, k)).reshape(nb, n, k);
        Tensor b3 = b2.expand(concat(batch, k, m)).reshape(nb, k, m);
        Tensor r = bmmUnchecked(a3, b3).view(concat(batch, n, m));
        if (da == 1) r = r.squeeze(-2);
        if (db == 1) r = r.squeeze(-1);
        return r;
    }

    private static long rows(long[] s) {
        long r = 1;
        for (int i = 0; i < s.length - 1; i++) r *= s[i];
        return r;
    }

    private static long[] concat(long[] batch, long x, long y) {
        long[] r = java.util.Arrays.copyOf(batch, batch.length + 2);
        r[batch.length] = x;
        r[batch.length + 1] = y;
        return r;
    }

    /** {@code torch.mm}: [n, k] x [k, m]. */
    public static Tensor mm(Tensor a, Tensor b) {
        if (a.dim() != 2) throw new IllegalArgumentException("mm: self must be a matrix, got a " + a.dim() + "D tensor of shape " + Shapes.str(a.shapeArray()));
        if (b.dim() != 2) throw new IllegalArgumentException("mm: mat2 must be a matrix, got a " + b.dim() + "D tensor of shape " + Shapes.str(b.shapeArray()));
        if (a.size(1) != b.size(0)) {
            throw new IllegalArgumentException("mm: mat1 and mat2 shapes cannot be multiplied (" + dims(a) + " and " + dims(b) + ")");
        }
        checkSameDtype("mm", a, b);
        return bmmUnchecked(a.unsqueeze(0), b.unsqueeze(0)).squeeze(0);
    }

    /** {@code torch.bmm}: [b, n, k] x [b, k, m], no broadcasting. */
    public static Tensor bmm(Tensor a, Tensor b) {
        if (a.dim() != 3) throw new IllegalArgumentException("bmm: batch1 must be a 3D tensor, got shape " + Shapes.str(a.shapeArray()));
        if (b.dim() != 3) throw new IllegalArgumentException("bmm: batch2 must be a 3D tensor, got shape " + Shapes.str(b.shapeArray()));
        if (a.size(0) != b.size(0) || a.size(2) != b.size(1)) {
            throw new IllegalArgumentException("bmm: Expected size for first two dimensions of batch2 tensor to be: ["
                    + a.size(0) + ", " + a.size(2) + "] but got: [" + b.size(0) + ", " + b.size(1) + "].");
        }
        checkSameDtype("bmm", a, b);
        return bmmUnchecked(a, b);
    }

    /** {@code torch.mv}: [n, k] x [k]. */
    public static Tensor mv(Tensor mat, Tensor vec) {
        if (mat.dim() != 2 || vec.dim() != 1) {
            throw new IllegalArgumentException("mv: vector + matrix @ vector expected, got " + mat.dim() + ", " + vec.dim()
                    + " (shapes " + Shapes.str(mat.shapeArray()) + " and " + Shapes.str(vec.shapeArray()) + ")");
        }
        if (mat.size(1) != vec.size(0)) {
            throw new IllegalArgumentException("mv: size mismatch, got input (" + mat.size(0) + "), mat (" + dims(mat)
                    + "), vec (" + vec.size(0) + ")");
        }
        checkSameDtype("mv", mat, vec);
        return bmmUnchecked(mat.unsqueeze(0), vec.view(1, -1, 1)).view(mat.size(0));
    }

    /** {@code torch.dot}: inner product of two 1-D tensors of the same size and dtype. */
    public static Tensor dot(Tensor a, Tensor b) {
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
        return bmmUnchecked(a.view(1, 1, -1), b.view(1, -1, 1)).view();
    }

    /** {@code torch.outer}: {@code a[i] * b[j]}, with type promotion. */
    public static Tensor outer(Tensor a, Tensor b) {
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("outer: expected 1D tensors, but got " + a.dim() + "D and " + b.dim() + "D tensors");
        }
        return a.unsqueeze(1).mul(b.unsqueeze(0));
    }

    /** {@code torch.addmm}: {@code beta * input + alpha * (mat1 @ mat2)}, input broadcast to the product's shape. */
    public static Tensor addmm(Tensor input, Tensor mat1, Tensor mat2, double beta, double alpha) {
        Tensor p = mm(mat1, mat2);
        Shapes.expandStrides("addmm", input.shapeArray(), input.stride(), p.shapeArray());
        Tensor scaled = alpha == 1 ? p : p.mul(alpha);
        if (beta == 0) return scaled; // beta=0 ignores input, NaN included, as PyTorch documents
        return (beta == 1 ? input : input.mul(beta)).add(scaled).expand(p.shapeArray()).contiguous();
    }

    /** The batched product of 3-d operands after all checks; computes float16/bfloat16 in float32, integers in int64. */
    static Tensor bmmUnchecked(Tensor a, Tensor b) {
        Device dev = Dispatch.commonDevice("matmul", a, b);
        DType t = a.dtype();
        DType compute = t.isFloatingPoint() ? (t == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32) : DType.INT64;
        Tensor x = a.to(compute), y = b.to(compute);
        long[] shape = {a.size(0), a.size(1), b.size(2)};
        Tensor out = Dispatch.empty(shape, compute, dev);
        if (a.size(2) > 0 && out.numel() > 0) Dispatch.backend(dev).bmm(out.strided(), x.strided(), y.strided());
        return out.to(t);
    }
}
