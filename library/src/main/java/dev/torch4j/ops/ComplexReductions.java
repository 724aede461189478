package dev.torch4j.ops;

import static dev.torch4j.ops.ComplexOps.abs;
import static dev.torch4j.ops.ComplexOps.asComplex;
import static dev.torch4j.ops.ComplexOps.conj;
import static dev.torch4j.ops.ComplexOps.imag;
import static dev.torch4j.ops.ComplexOps.join;
import static dev.torch4j.ops.ComplexOps.mul;
import static dev.torch4j.ops.ComplexOps.ofParts;
import static dev.torch4j.ops.ComplexOps.real;
import static dev.torch4j.ops.ComplexOps.complexResult;
import static dev.torch4j.ops.ComplexOps.viewAsReal;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.core.Shapes;
import dev.torch4j.core.TypePromotion;

import java.util.List;
import java.util.function.BinaryOperator;

/**
 * The complex reductions and products ({@code sum}, {@code mean}, {@code prod}, {@code vector_norm}, the matmul
 * family, {@code vdot}), composed of real ops on the parts or the real view as {@link ComplexOps} is.
 */
public final class ComplexReductions {
    private ComplexReductions() {}

    /**
     * {@code z.sum(dims)} or {@code z.mean(dims)} (dims null: all) of a complex tensor, in a complex dtype when given
     * (Reductions casts to a real one before it gets here).
     */
    public static Tensor sumOrMean(Tensor z, long[] dims, boolean keepdim, DType dtype, boolean mean) {
        Tensor c = dtype == null ? z : asComplex(z, dtype);
        int n = c.dim();
        long[] d = dims == null || dims.length == 0 ? java.util.stream.LongStream.range(0, n).toArray() : dims.clone();
        for (int i = 0; i < d.length; i++) d[i] = Shapes.wrapDim(d[i], Math.max(n, 1));
        Tensor r = viewAsReal(c);
        if (n == 0) return ComplexOps.clone(c);
        Tensor s = mean ? r.mean(d, keepdim) : r.sum(d, keepdim);
        return complexResult(s.contiguous());
    }

    /**
     * A product that is bilinear over the reals ({@code mm}, {@code bmm}, {@code matmul}, {@code mv}, {@code dot})
     * applied to complex operands: four real products.
     */
    public static Tensor bilinear(Tensor a, Tensor b, BinaryOperator<Tensor> f) {
        DType t = TypePromotion.promoteTypes(a.dtype(), b.dtype());
        Tensor x = asComplex(a, t), y = asComplex(b, t);
        Tensor ar = real(x), ai = imag(x), br = real(y), bi = imag(y);
        return ofParts(f.apply(ar, br).sub(f.apply(ai, bi)), f.apply(ar, bi).add(f.apply(ai, br)));
    }

    /**
     * {@code torch.vdot(a, b)}: the dot product of two 1-D tensors of one dtype, conjugating the first
     * ({@code sum(conj(a) * b)}); for real tensors, {@code dot}.
     */
    public static Tensor vdot(Tensor a, Tensor b) {
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("1D tensors expected, but got " + a.dim() + "D and " + b.dim() + "D tensors");
        }
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("vdot: expected both vectors to have same dtype, but found "
                    + a.dtype().scalarTypeName() + " and " + b.dtype().scalarTypeName());
        }
        return Linalg.dot(conj(a), b);
    }

    /**
     * {@code z.prod(dim)} (dim null: every element) of a complex tensor: the halves of the dim multiplied together
     * until one slice is left (log2 n complex products; PyTorch multiplies left to right, so the last bits may differ).
     */
    public static Tensor prod(Tensor z, Long dim, boolean keepdim, DType dtype) {
        Tensor c = dtype == null ? z : asComplex(z, dtype);
        if (dim == null) return prodAlong(c.reshape(-1), 0).reshape();
        int d = Shapes.wrapDim("prod", dim, c.dim());
        if (c.dim() == 0) return ComplexOps.clone(c);
        Tensor r = prodAlong(c, d);
        return keepdim ? r : r.squeeze(d);
    }

    private static Tensor prodAlong(Tensor c, int d) {
        if (c.size(d) == 0) {
            // ones, recorded through the (zero) sum so that the result takes part in autograd as PyTorch's does
            Tensor s = sumOrMean(c, new long[] {d}, true, null, false);
            return ofParts(real(s).add(1), imag(s));
        }
        Tensor r = c;
        while (r.size(d) > 1) {
            long n = r.size(d), h = n / 2;
            Tensor p = mul(r.narrow(d, 0, h), r.narrow(d, h, h));
            r = n % 2 == 0 ? p : join(List.of(p, r.narrow(d, n - 1, 1)), d, false);
        }
        return r;
    }

    /** {@code linalg.vector_norm} of a complex tensor: the norm of {@code |z|} (a real result). */
    public static Tensor norm(Tensor z, double p, long[] dims, boolean keepdim) {
        return Reductions.norm(abs(z), p, dims, keepdim);
    }

    /**
     * PyTorch 2.x's complex {@code logcumsumexp} along dim d (1.13 refuses complex input): its CPU loop's running
     * {@code acc = logAddExp(x_i, acc)} from {@code acc = -inf}, step by step (the imaginary parts are not wrapped,
     * so they depend on that order), in complex128 as PyTorch accumulates complex64 in double.
     */
    static Tensor logcumsumexp(Tensor z, int d) {
        if (z.dim() == 0) return logcumsumexp(z.reshape(1), 0).reshape();
        Tensor w = asComplex(z, DType.COMPLEX128);
        long n = w.size(d);
        if (n == 0) return ComplexOps.clone(z);
        Tensor first = w.select(d, 0);
        Tensor acc = ofParts(dev.torch4j.Torch.fullLike(real(first), Double.NEGATIVE_INFINITY), dev.torch4j.Torch.zerosLike(real(first)));
        List<Tensor> steps = new java.util.ArrayList<>();
        for (long i = 0; i < n; i++) {
            acc = ComplexElementary.logAddExp(w.select(d, i), acc);
            steps.add(acc);
        }
        return asComplex(join(steps, d, true), z.dtype());
    }
}
