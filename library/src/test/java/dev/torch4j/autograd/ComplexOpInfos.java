package dev.torch4j.autograd;

import static dev.torch4j.autograd.OpInfo.away0;
import static dev.torch4j.autograd.OpInfo.idx;
import static dev.torch4j.autograd.OpInfo.in;
import static dev.torch4j.autograd.OpInfo.mask;
import static dev.torch4j.autograd.OpInfo.pos;
import static dev.torch4j.autograd.OpInfo.r;
import static dev.torch4j.autograd.OpInfos.op;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.List;
import java.util.function.Function;

/**
 * The complex ops in the op table: each sample is real, made complex inside the function and returned as its real
 * view (or a real result), so gradcheck sees a real function whose derivative PyTorch's complex convention fixes:
 * the gradient of a real loss at {@code z} is {@code dL/dRe + i dL/dIm}, which is the real view's gradient.
 */
final class ComplexOpInfos {
    private ComplexOpInfos() {}

    private static Tensor z(Tensor re, Tensor im) { return Torch.complex(re, im); }

    static void complexOps(List<OpInfo> t) {
        op(t, "complex", "static", x -> z(x[0], x[1]).viewAsReal()).sample(r(3), r(3)).sample(r(2, 3), r(3));
        op(t, "viewAsReal", "", x -> z(x[0], x[1]).mul(z(x[1], x[0])).viewAsReal()).sample(r(2, 3), r(2, 3));
        op(t, "viewAsReal", "static", x -> Torch.viewAsReal(z(x[0], x[1]).exp())).sample(r(4), r(4));
        op(t, "viewAsComplex", "static", x -> Torch.viewAsComplex(x[0].contiguous()).mul(Torch.viewAsComplex(x[1].contiguous())).viewAsReal())
                .sample(r(3, 2), r(3, 2));
        op(t, "real", "", x -> z(x[0], x[1]).mul(z(x[1], x[0])).real()).sample(r(3), r(3));
        op(t, "real", "static", x -> Torch.real(z(x[0], x[1]).exp())).sample(r(3), r(3));
        op(t, "imag", "", x -> z(x[0], x[1]).mul(z(x[1], x[0])).imag()).sample(r(3), r(3));
        op(t, "imag", "static", x -> Torch.imag(z(x[0], x[1]).exp())).sample(r(3), r(3));
        op(t, "polar", "static", x -> Torch.polar(x[0], x[1]).viewAsReal()).sample(r(3), r(3));
        op(t, "conj", "", x -> z(x[0], x[1]).conj().mul(z(x[1], x[0])).viewAsReal()).sample(r(3), r(3));
        op(t, "conj", "static", x -> Torch.conj(z(x[0], x[1])).viewAsReal()).sample(r(3), r(3));
        op(t, "conjPhysical", "", x -> z(x[0], x[1]).conjPhysical().exp().viewAsReal()).sample(r(3), r(3));
        op(t, "conjPhysical", "static", x -> Torch.conjPhysical(z(x[0], x[1])).viewAsReal()).sample(r(3), r(3));
        op(t, "resolveConj", "", x -> z(x[0], x[1]).resolveConj().viewAsReal()).sample(r(3), r(3));
        op(t, "resolveNeg", "", x -> x[0].neg().resolveNeg()).sample(r(3));
        op(t, "angle", "complex", x -> z(x[0], x[1]).angle()).sample(r(3), r(3));
        op(t, "angle", "static", x -> Torch.angle(z(x[0], x[1]).exp())).sample(r(3), r(3));
        arithmetic(t);
        reductionsAndProducts(t);
        selection(t);
        views(t);
        linalg(t);
    }

    /** A unary complex op on a sample pair (re, im), returned as its real view (or its real result). */
    private static void unary(List<OpInfo> t, String name, Function<Tensor, Tensor> f) {
        op(t, name, "complex", x -> real(f.apply(z(x[0], x[1])))).sample(r(2, 3), r(2, 3));
    }

    private static Tensor real(Tensor out) { return out.isComplex() ? out.viewAsReal() : out; }

    private static void arithmetic(List<OpInfo> t) {
        op(t, "add", "complex", x -> z(x[0], x[1]).add(z(x[2], x[3])).viewAsReal()).sample(r(2, 3), r(2, 3), r(3), r(3));
        op(t, "sub", "complex", x -> z(x[0], x[1]).sub(x[2]).viewAsReal()).sample(r(2, 3), r(2, 3), r(3));
        op(t, "mul", "complex", x -> z(x[0], x[1]).mul(z(x[2], x[3])).viewAsReal()).sample(r(2, 3), r(2, 3), r(3), r(3));
        op(t, "mul", "complex scalar", x -> z(x[0], x[1]).mul(2.5).viewAsReal()).sample(r(3), r(3));
        op(t, "div", "complex", x -> z(x[0], x[1]).div(z(x[2], x[3])).viewAsReal()).sample(r(2, 3), r(2, 3), pos(3), pos(3));
        op(t, "div", "complex by real", x -> z(x[0], x[1]).div(x[2]).viewAsReal()).sample(r(2, 3), r(2, 3), pos(3));
        op(t, "div", "real by complex", x -> x[2].div(z(x[0], x[1])).viewAsReal()).sample(pos(3), pos(3), r(3));
        op(t, "pow", "complex", x -> z(x[0], x[1]).pow(z(x[2], x[3])).viewAsReal()).sample(pos(3), r(3), r(3), r(3));
        op(t, "pow", "complex scalar", x -> z(x[0], x[1]).pow(2.5).viewAsReal()).sample(pos(3), r(3));
        op(t, "pow", "complex square", x -> z(x[0], x[1]).pow(2).viewAsReal()).sample(r(3), r(3));
        op(t, "pow", "real to complex", x -> x[0].pow(z(x[1], x[2])).viewAsReal()).sample(pos(3), r(3), r(3));
        unary(t, "exp", Tensor::exp);
        unary(t, "log", Tensor::log);
        op(t, "sqrt", "complex", x -> z(x[0], x[1]).sqrt().viewAsReal()).sample(pos(2, 3), r(2, 3));
        unary(t, "sin", Tensor::sin);
        unary(t, "cos", Tensor::cos);
        unary(t, "tan", Tensor::tan);
        unary(t, "sinh", Tensor::sinh);
        unary(t, "cosh", Tensor::cosh);
        unary(t, "tanh", Tensor::tanh);
        unary(t, "sigmoid", Tensor::sigmoid);
        op(t, "reciprocal", "complex", x -> z(x[0], x[1]).reciprocal().viewAsReal()).sample(pos(2, 3), r(2, 3));
        // on the imaginary axis (real parts 0): the composed root once gave the kink of |x| there, which rsqrt's
        // fuzzed gradient showed
        op(t, "sqrt", "complex on the imaginary axis", x -> z(x[0], x[1]).sqrt().viewAsReal()).sample(in(0, 0, 2, 3), away0(2, 3));
        op(t, "rsqrt", "complex on the imaginary axis", x -> z(x[0], x[1]).rsqrt().viewAsReal()).sample(in(0, 0, 2, 3), away0(2, 3));
        unary(t, "asin", Tensor::asin);
        unary(t, "acos", Tensor::acos);
        unary(t, "atan", Tensor::atan);
        unary(t, "asinh", Tensor::asinh);
        unary(t, "acosh", Tensor::acosh);
        unary(t, "atanh", Tensor::atanh);
        unary(t, "log2", Tensor::log2);
        unary(t, "log10", Tensor::log10);
        unary(t, "log1p", Tensor::log1p);
        unary(t, "expm1", Tensor::expm1);
        op(t, "logaddexp", "complex", x -> z(x[0], x[1]).logaddexp(z(x[2], x[3])).viewAsReal()).sample(r(2, 3), r(2, 3), r(3), r(3));
        op(t, "logaddexp", "complex and real", x -> x[2].logaddexp(z(x[0], x[1])).viewAsReal()).sample(r(2, 3), r(2, 3), r(3));
        op(t, "logcumsumexp", "complex", x -> z(x[0], x[1]).logcumsumexp(1).viewAsReal()).sample(r(2, 4), r(2, 4));
        unary(t, "nanToNum", Tensor::nanToNum);
        op(t, "floatPower", "complex", x -> z(x[0], x[1]).floatPower(z(x[2], x[3])).viewAsReal()).sample(pos(3), r(3), r(3), r(3));
        op(t, "floatPower", "complex scalar", x -> z(x[0], x[1]).floatPower(2.5).viewAsReal()).sample(pos(3), r(3));
        unary(t, "square", Tensor::square);
        unary(t, "abs", Tensor::abs);
        // sgn is an alias of sign in the table (OpInfos.ALIAS); its complex form is checked under abs's name
        op(t, "abs", "complex sgn", x -> z(x[0], x[1]).sgn().viewAsReal()).sample(r(2, 3), r(2, 3));
        unary(t, "neg", Tensor::neg);
        op(t, "neg_", "complex", x -> z(x[0], x[1]).mul(1.0).neg_().viewAsReal()).sample(r(2, 3), r(2, 3));
        op(t, "mul_", "complex", x -> z(x[0], x[1]).mul(1.0).mul_(z(x[2], x[3])).viewAsReal()).sample(r(2, 3), r(2, 3), r(3), r(3));
        op(t, "add_", "complex", x -> z(x[0], x[1]).mul(1.0).add_(x[2]).viewAsReal()).sample(r(2, 3), r(2, 3), r(3));
    }

    private static void reductionsAndProducts(List<OpInfo> t) {
        unary(t, "sum", a -> a.sum(new long[] {0}, true));
        unary(t, "mean", Tensor::mean);
        unary(t, "prod", Tensor::prod);
        op(t, "prod", "complex dim", x -> z(x[0], x[1]).prod(1).viewAsReal()).sample(r(2, 3), r(2, 3));
        unary(t, "norm", Tensor::norm);
        op(t, "mm", "complex", x -> z(x[0], x[1]).mm(z(x[2], x[3])).viewAsReal()).sample(r(2, 3), r(2, 3), r(3, 2), r(3, 2));
        op(t, "matmul", "complex", x -> z(x[0], x[1]).matmul(z(x[2], x[3])).viewAsReal()).sample(r(2, 2, 3), r(2, 2, 3), r(3, 2), r(3, 2));
        op(t, "bmm", "complex", x -> z(x[0], x[1]).bmm(z(x[2], x[3])).viewAsReal()).sample(r(2, 2, 3), r(2, 2, 3), r(2, 3, 2), r(2, 3, 2));
        op(t, "mv", "complex", x -> z(x[0], x[1]).mv(z(x[2], x[3])).viewAsReal()).sample(r(2, 3), r(2, 3), r(3), r(3));
        op(t, "dot", "complex", x -> z(x[0], x[1]).dot(z(x[2], x[3])).viewAsReal()).sample(r(3), r(3), r(3), r(3));
        op(t, "vdot", "", x -> z(x[0], x[1]).vdot(z(x[2], x[3])).viewAsReal()).sample(r(3), r(3), r(3), r(3));
        op(t, "vdot", "static", x -> Torch.vdot(x[0], x[1])).sample(r(3), r(3));
    }

    private static void selection(List<OpInfo> t) {
        // masks and indices are sample inputs (not captured), so that the CUDA parity test moves them too
        Tensor m = mask(new boolean[] {true, false, false, true, true, false}, 2, 3);
        op(t, "where", "complex", x -> Torch.where(x[4], z(x[0], x[1]), z(x[2], x[3])).viewAsReal())
                .sample(r(2, 3), r(2, 3), r(3), r(3), m);
        op(t, "where", "complex and real", x -> Torch.where(x[3], z(x[0], x[1]), x[2]).viewAsReal()).sample(r(2, 3), r(2, 3), r(2, 3), m);
        op(t, "maskedFill", "complex", x -> z(x[0], x[1]).maskedFill(x[2], 2.0).viewAsReal()).sample(r(2, 3), r(2, 3), m);
        op(t, "index", "complex", x -> z(x[0], x[1]).index(x[2]).viewAsReal()).sample(r(2, 3), r(2, 3), idx(new long[] {1, 0, 1}, 3));
        op(t, "index", "complex mask", x -> z(x[0], x[1]).index(x[2]).viewAsReal()).sample(r(2, 3), r(2, 3), m);
        op(t, "indexPut_", "complex", x -> z(x[0], x[1]).mul(1.0).indexPut_(new Object[] {x[4]}, z(x[2], x[3])).viewAsReal())
                .sample(r(3, 2), r(3, 2), r(2), r(2), idx(new long[] {2, 0}, 2));
        op(t, "indexSelect", "complex", x -> z(x[0], x[1]).indexSelect(1, x[2]).viewAsReal())
                .sample(r(2, 3), r(2, 3), idx(new long[] {2, 0, 2}, 3));
        op(t, "gather", "complex", x -> z(x[0], x[1]).gather(1, x[2]).viewAsReal()).sample(r(2, 3), r(2, 3), idx(new long[] {0, 2, 1, 1}, 2, 2));
        op(t, "scatter", "complex", x -> z(x[0], x[1]).scatter(1, x[4], z(x[2], x[3])).viewAsReal())
                .sample(r(2, 3), r(2, 3), r(2, 1), r(2, 1), idx(new long[] {0, 2}, 2, 1));
        unary(t, "flip", a -> a.flip(0, 1));
        unary(t, "roll", a -> a.roll(1, 1));
        unary(t, "repeat", a -> a.repeat(2, 1));
        op(t, "tril", "complex", x -> z(x[0], x[1]).tril().viewAsReal()).sample(r(3, 3), r(3, 3));
        op(t, "triu", "complex", x -> z(x[0], x[1]).triu(1).viewAsReal()).sample(r(3, 3), r(3, 3));
    }

    private static void views(List<OpInfo> t) {
        unary(t, "reshape", a -> a.t().reshape(6));
        unary(t, "flatten", a -> a.t().flatten());
        unary(t, "squeeze", a -> a.unsqueeze(0).squeeze(0));
        unary(t, "unsqueeze", a -> a.unsqueeze(1));
        unary(t, "permute", a -> a.permute(1, 0));
        unary(t, "transpose", a -> a.transpose(0, 1));
        unary(t, "select", a -> a.select(1, 2));
        unary(t, "narrow", a -> a.narrow(1, 1, 2));
        unary(t, "expand", a -> a.unsqueeze(0).expand(2, 2, 3));
        unary(t, "mH", Tensor::mH);
        unary(t, "adjoint", Tensor::adjoint);
        unary(t, "H", Tensor::H);
        unary(t, "conjPhysical_", a -> a.mul(1.5).conjPhysical_());
    }

    /** {@code z + 2I}: a square complex matrix away from singular (the transposed and expanded layouts too). */
    private static Tensor well(Tensor re, Tensor im) {
        long n = re.size(-1);
        Tensor a = z(re, im); // the identity in a's dtype, so a float32 sample stays in complex64 (CUDA parity tolerances)
        return a.add(Torch.eye(n, n, Torch.dtype(a.dtype()).device(re.device())).mul(2.0));
    }

    /** {@code z z^H + n I}: Hermitian positive-definite. */
    private static Tensor hpd(Tensor re, Tensor im) {
        Tensor a = z(re, im);
        long n = a.size(-1);
        return a.matmul(a.mH()).add(Torch.eye(n, n, Torch.dtype(a.dtype()).device(re.device())).mul((double) n));
    }

    /** The Tensor methods of torch.linalg on complex matrices (Linalg's are in ComplexLinalgGradCheckTest). */
    private static void linalg(List<OpInfo> t) {
        op(t, "det", "complex", x -> well(x[0], x[1]).det().viewAsReal()).sample(r(3, 3), r(3, 3)).sample(r(2, 3, 3), r(2, 3, 3));
        op(t, "logdet", "complex", x -> well(x[0], x[1]).logdet().viewAsReal()).sample(r(3, 3), r(3, 3));
        op(t, "logdet", "complex Hermitian positive-definite", x -> hpd(x[0], x[1]).logdet().viewAsReal()).sample(r(2, 3, 3), r(2, 3, 3));
        op(t, "inverse", "complex", x -> well(x[0], x[1]).inverse().viewAsReal()).sample(r(3, 3), r(3, 3));
        op(t, "matrixPower", "complex negative", x -> well(x[0], x[1]).matrixPower(-2).viewAsReal()).sample(r(2, 3, 3), r(2, 3, 3));
        op(t, "choleskySolve", "complex", x -> z(x[0], x[1]).choleskySolve(well(x[2], x[3]).tril()).viewAsReal())
                .sample(r(3, 2), r(3, 2), r(3, 3), r(3, 3));
        op(t, "choleskyInverse", "complex upper", x -> Torch.choleskyInverse(well(x[0], x[1]).triu(), true).viewAsReal())
                .sample(r(3, 3), r(3, 3));
        op(t, "pinverse", "complex", x -> z(x[0], x[1]).pinverse().viewAsReal()).sample(r(3, 4), r(3, 4)).sample(r(2, 4, 3), r(2, 4, 3));
        op(t, "matrixExp", "complex", x -> z(x[0], x[1]).matrixExp().viewAsReal()).sample(r(2, 3, 3), r(2, 3, 3));
    }
}
