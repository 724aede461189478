package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.Function;
import dev.torch4j.autograd.FunctionCtx;
import dev.torch4j.autograd.GradMode;

import java.util.function.DoubleUnaryOperator;

/**
 * {@code torch.special}'s newer functions: erfcx, log_ndtr, ndtri and xlog1py with PyTorch's derivatives; the Bessel
 * functions (J0, J1, Y0, Y1, modified I0, I1, K0, K1 and scaled K0, K1, spherical j0) and the orthogonal polynomials,
 * which PyTorch does not differentiate (their results do not require grad). Computed elementwise in double on the
 * host, like the rest of {@link SpecialOps}.
 */
public final class SpecialExtras {
    private SpecialExtras() {}

    /** The input as a floating tensor (integers as float32); complex input is refused, as PyTorch's kernels refuse it. */
    private static Tensor floating(String op, Tensor x) {
        if (x.isComplex()) throw new IllegalArgumentException("\"" + op + "\" not implemented for '" + x.dtype().scalarTypeName() + "'");
        return x.isFloatingPoint() ? x : x.to(DType.FLOAT32);
    }

    /** A function PyTorch records no derivative for: computed from the values, the result a constant. */
    private static Tensor constant(String op, DoubleUnaryOperator f, Tensor x) {
        try (var g = GradMode.noGrad()) {
            return SpecialOps.pointwise(v -> f.applyAsDouble(v[0]), floating(op, x).detach());
        }
    }

    /** {@code special.erfcx(x)}: {@code exp(x^2) erfc(x)}. */
    public static Tensor erfcx(Tensor x) { return new Unary("SpecialErfcxBackward0", NormalMath::erfcx).apply(floating("erfcx", x)); }

    /** {@code special.log_ndtr(x)}: the log of the standard normal CDF. */
    public static Tensor logNdtr(Tensor x) { return new Unary("SpecialLogNdtrBackward0", NormalMath::logNdtr).apply(floating("logNdtr", x)); }

    /** {@code special.ndtri(p)}: the standard normal quantile. */
    public static Tensor ndtri(Tensor p) { return new Unary("SpecialNdtriBackward0", NormalMath::ndtri).apply(floating("ndtri", p)); }

    /** {@code special.xlog1py(x, y)}: {@code x log1p(y)}, 0 where x is 0 (and y is not NaN). */
    public static Tensor xlog1py(Tensor x, Tensor y) { return new Xlog1py().apply(x, y); }

    /** The Bessel-family function of {@code name} (PyTorch's {@code torch.special} name), not differentiated. */
    public static Tensor bessel(String name, Tensor x) {
        DoubleUnaryOperator f = switch (name) {
            case "bessel_j0" -> BesselMath::j0;
            case "bessel_j1" -> BesselMath::j1;
            case "bessel_y0" -> BesselMath::y0;
            case "bessel_y1" -> BesselMath::y1;
            case "modified_bessel_i0" -> v -> Bessel.value(Bessel.Kind.I0, v);
            case "modified_bessel_i1" -> v -> Bessel.value(Bessel.Kind.I1, v);
            case "modified_bessel_k0" -> v -> BesselMath.k0(v, false);
            case "modified_bessel_k1" -> v -> BesselMath.k1(v, false);
            case "scaled_modified_bessel_k0" -> v -> BesselMath.k0(v, true);
            case "scaled_modified_bessel_k1" -> v -> BesselMath.k1(v, true);
            case "spherical_bessel_j0" -> SpecialExtras::sphericalJ0;
            case "airy_ai" -> BesselMath::airyAi;
            default -> throw new IllegalArgumentException("no special function " + name);
        };
        return constant(name, f, x);
    }

    /** {@code sin(x) / x}, its Taylor series near 0 where the quotient loses digits. */
    private static double sphericalJ0(double x) {
        if (Double.isInfinite(x)) return 0;
        if (Math.abs(x) < 0.5) {
            double z = x * x, term = 1, s = 1;
            for (int k = 1; k < 12; k++) {
                term *= -z / ((2.0 * k) * (2.0 * k + 1));
                s += term;
            }
            return s;
        }
        return Math.sin(x) / x;
    }

    /**
     * The orthogonal polynomial {@code kind} at x of degree n (broadcast; n's values truncated to integers), in the
     * promoted floating dtype of x and n; not differentiated.
     */
    public static Tensor polynomial(String kind, Tensor x, Tensor n) {
        OrthogonalPolynomials.Kind k = OrthogonalPolynomials.Kind.valueOf(kind);
        DType dtype = dev.torch4j.core.TypePromotion.promoteTypes(x.dtype(), n.dtype());
        if (!dtype.isFloatingPoint()) dtype = DType.FLOAT32;
        try (var g = GradMode.noGrad()) {
            return SpecialOps.pointwise(v -> OrthogonalPolynomials.value(k, v[0], v[1]), x.detach().to(dtype), n.detach());
        }
    }

    private static final class Unary extends Function.Unary {
        private final String name;
        private final DoubleUnaryOperator f;

        Unary(String name, DoubleUnaryOperator f) {
            this.name = name;
            this.f = f;
        }

        @Override
        protected String backwardName() { return name; }

        @Override
        protected Tensor forward(FunctionCtx ctx, Tensor x) {
            Tensor y = SpecialOps.pointwise(v -> f.applyAsDouble(v[0]), x);
            ctx.saveForBackward(x, y);
            return y;
        }

        @Override
        protected Tensor backward(FunctionCtx ctx, Tensor grad) {
            Tensor x = ctx.savedTensors()[0], y = ctx.savedTensors()[1];
            Tensor d = switch (name) {
                case "SpecialErfcxBackward0" -> x.mul(y).mul(2.0).sub(2 * 0.5641895835477563);
                // phi(x) / Phi(x) = exp(-x^2/2 - log Phi(x)) / sqrt(2 pi); below -1 as sqrt(2/pi) / erfcx(-x/sqrt 2),
                // which does not cancel (-x^2/2 and log Phi(x) are both huge far into the tail)
                case "SpecialLogNdtrBackward0" -> x.mul(x).mul(-0.5).sub(y).exp().div(NormalMath.sqrt2Pi())
                        .where(x.ge(-1.0), erfcx(x.mul(-Math.sqrt(0.5))).reciprocal().mul(Math.sqrt(2 / Math.PI)));
                default -> y.mul(y).mul(0.5).exp().mul(NormalMath.sqrt2Pi()); // ndtri
            };
            return grad.mul(d);
        }
    }

    private static final class Xlog1py extends Function {
        @Override
        protected String backwardName() { return "SpecialXlog1PyBackward0"; }

        @Override
        protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1]);
            return new Tensor[] {values(in[0], in[1])};
        }

        @Override
        protected Tensor[] backward(FunctionCtx ctx, Tensor... grads) {
            Tensor x = ctx.savedTensors()[0], y = ctx.savedTensors()[1], g = grads[0];
            // PyTorch's xlog1py(grad, y), 0 only where x is 0 and y <= -1 (not wherever x is 0)
            Tensor gx = ctx.needsInputGrad(0) ? values(g, y).maskedFill(x.eq(0.0).logicalAnd(y.le(-1.0)), 0.0) : null;
            Tensor gy = ctx.needsInputGrad(1) ? g.mul(x).div(y.add(1.0)) : null;
            return new Tensor[] {gx, gy};
        }

        private static Tensor values(Tensor x, Tensor y) {
            Tensor xf = x.isFloatingPoint() || !y.isFloatingPoint() ? floating("xlog1py", x) : x.to(y.dtype());
            Tensor r = xf.mul(floating("xlog1py", y).log1p());
            return r.where(xf.ne(0.0).logicalOr(y.isnan()), 0.0);
        }
    }
}
