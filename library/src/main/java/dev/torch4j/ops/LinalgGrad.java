package dev.torch4j.ops;

import dev.torch4j.Tensor;
import dev.torch4j.autograd.FnNode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.autograd.SavedTensor;
import dev.torch4j.core.Shapes;

/**
 * Derivatives of the matrix products ({@code tools/autograd/derivatives.yaml}), written with the products
 * themselves so they are differentiable again. The engine sums a gradient over broadcast dims and casts it, so
 * {@code addmm}'s input gradient is just the (scaled) output gradient.
 */
final class LinalgGrad {
    private LinalgGrad() {}

    /** One input's gradient of a bilinear product, from the output gradient and the other input. */
    @FunctionalInterface
    private interface PartialGrad {
        Tensor of(Tensor grad, Tensor other);
    }

    /** Records a product {@code r} of a and b; each input saves the other only when that gradient is needed. */
    private static Tensor bilinear(String name, Tensor a, Tensor b, Tensor r, PartialGrad da, PartialGrad db) {
        FnNode n = Graph.node(name, a, b);
        SavedTensor sa = n.needsInputGrad(1) ? n.save(a) : null;
        SavedTensor sb = n.needsInputGrad(0) ? n.save(b) : null;
        return n.backward(g -> new Tensor[] {
                sb == null ? null : da.of(g[0], sb.get()),
                sa == null ? null : db.of(g[0], sa.get())}).output(r);
    }

    /** Records {@code r = a.mm(b)}: {@code (g @ b^T, a^T @ g)}, each in its input's layout (see {@link #mat1Grad}). */
    static Tensor mm(Tensor a, Tensor b, Tensor r) {
        boolean aCol = columnMajor(a), bCol = columnMajor(b);
        return bilinear("MmBackward0", a, b, r, (g, y) -> mat1Grad(g, y, aCol), (g, x) -> mat2Grad(g, x, bCol));
    }

    /**
     * PyTorch's layout test in mm_mat1_backward / mm_mat2_backward: a matrix stored column by column (the transpose
     * of a contiguous one, as {@code weight.t()} in {@code F.linear}).
     */
    private static boolean columnMajor(Tensor m) {
        long[] sz = m.shapeArray(), st = m.stride();
        return st[0] == 1 && st[1] == sz[0];
    }

    /**
     * {@code g @ mat2^T}, the gradient of mat1; for a column-major mat1 computed as {@code (mat2 @ g^T)^T} so that it
     * comes out in mat1's layout (PyTorch's mm_mat1_backward): a transposed view's backward is then a plain view
     * instead of a copy, and the product reads and writes the same memory either way.
     */
    private static Tensor mat1Grad(Tensor g, Tensor mat2, boolean mat1ColumnMajor) {
        return mat1ColumnMajor ? mat2.mm(g.t()).t() : g.mm(mat2.t());
    }

    /** {@code mat1^T @ g}, the gradient of mat2; {@code (g^T @ mat1)^T} for a column-major mat2 (mm_mat2_backward). */
    private static Tensor mat2Grad(Tensor g, Tensor mat1, boolean mat2ColumnMajor) {
        return mat2ColumnMajor ? g.t().mm(mat1).t() : mat1.t().mm(g);
    }

    /** Records {@code r = a.bmm(b)}: {@code (g @ b^T, a^T @ g)} per batch. */
    static Tensor bmm(Tensor a, Tensor b, Tensor r) {
        return bilinear("BmmBackward0", a, b, r, (g, y) -> g.bmm(y.transpose(1, 2)), (g, x) -> x.transpose(1, 2).bmm(g));
    }

    /** Records {@code r = mat.mv(vec)}: {@code (outer(g, vec), mat^T @ g)}. */
    static Tensor mv(Tensor mat, Tensor vec, Tensor r) {
        return bilinear("MvBackward0", mat, vec, r, (g, v) -> Linalg.outer(g, v), (g, m) -> m.t().mv(g));
    }

    /** Records {@code r = a.dot(b)}: {@code (g * b, g * a)}. */
    static Tensor dot(Tensor a, Tensor b, Tensor r) {
        return bilinear("DotBackward0", a, b, r, Tensor::mul, Tensor::mul);
    }

    /** Records {@code r = beta * input + alpha * mat1 @ mat2}: {@code (beta g, alpha g @ mat2^T, alpha mat1^T @ g)}. */
    static Tensor addmm(Tensor input, Tensor mat1, Tensor mat2, double beta, double alpha, Tensor r) {
        FnNode n = Graph.node("AddmmBackward0", input, mat1, mat2);
        SavedTensor s1 = n.needsInputGrad(2) ? n.save(mat1) : null;
        SavedTensor s2 = n.needsInputGrad(1) ? n.save(mat2) : null;
        boolean col1 = columnMajor(mat1), col2 = columnMajor(mat2);
        return n.backward(gs -> {
            Tensor g = gs[0];
            return new Tensor[] {
                    n.needsInputGrad(0) ? maybeMultiply(g, beta) : null,
                    s2 == null ? null : maybeMultiply(mat1Grad(g, s2.get(), col1), alpha),
                    s1 == null ? null : maybeMultiply(mat2Grad(g, s1.get(), col2), alpha)};
        }).output(r);
    }

    /** PyTorch's maybe_multiply: skips the product by one. */
    private static Tensor maybeMultiply(Tensor t, double s) { return s == 1 ? t : t.mul(s); }

    /**
     * PyTorch's {@code _unsafe_view} (and the in-place {@code squeeze_} of matmul's 1-D x 2-D case): {@code t}, a
     * fresh product no one else holds, seen with another shape; not a view for autograd (so in-place ops on it are
     * plain ones), recorded as {@code name} with the gradient reshaped back.
     */
    static Tensor unsafeView(String name, Tensor t, long... shape) {
        Tensor c = t.contiguous();
        Tensor r = Tensor.wrap(c.storage(), shape, Shapes.contiguousStrides(shape), c.storageOffset());
        if (!Graph.isRecording(c)) return r;
        long[] in = c.shapeArray();
        return Graph.node(name, c).backward(g -> new Tensor[] {g[0].reshape(in)}).output(r);
    }
}
