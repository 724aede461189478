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

    /** Records {@code r = a.mm(b)}: {@code (g @ b^T, a^T @ g)}. */
    static Tensor mm(Tensor a, Tensor b, Tensor r) {
        return bilinear("MmBackward0", a, b, r, (g, y) -> g.mm(y.t()), (g, x) -> x.t().mm(g));
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
        return n.backward(gs -> {
            Tensor g = gs[0];
            return new Tensor[] {
                    n.needsInputGrad(0) ? maybeMultiply(g, beta) : null,
                    s2 == null ? null : maybeMultiply(g.mm(s2.get().t()), alpha),
                    s1 == null ? null : maybeMultiply(s1.get().t().mm(g), alpha)};
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
