package dev.torch4j.backend;

/**
 * Elementwise unary primitives. Every backend implements each one for the compute dtypes float32, float64 and,
 * where {@link #integral} is true, int64 and int32. Predicates write bool. The scalar bodies here are the
 * reference semantics (PyTorch's) that the CPU backend runs directly.
 */
public enum UnaryOp {
    NEG(true) {
        public double applyD(double x) { return -x; }
        public long applyL(long x) { return -x; }
    },
    ABS(true) {
        public double applyD(double x) { return Math.abs(x); }
        public long applyL(long x) { return Math.abs(x); }
    },
    SIGN(true) {
        public double applyD(double x) { return Double.isNaN(x) ? 0.0 : Math.signum(x) + 0.0; }
        public long applyL(long x) { return Long.signum(x); }
    },
    RELU(true) {
        public double applyD(double x) { return x > 0 || Double.isNaN(x) ? x : 0.0; }
        public long applyL(long x) { return Math.max(x, 0); }
    },
    EXP { public double applyD(double x) { return Math.exp(x); } },
    LOG { public double applyD(double x) { return Math.log(x); } },
    LOG1P {
        // PyTorch's CPU kernel (Sleef's log1p) gives inf above 1e307 (float: 1e38), where log1p itself is still finite
        public double applyD(double x) { return x > 1e307 ? Double.POSITIVE_INFINITY : Math.log1p(x); }
        @Override public float applyF(float x) { return x > 1e38f ? Float.POSITIVE_INFINITY : (float) Math.log1p(x); }
    },
    EXPM1 { public double applyD(double x) { return Math.expm1(x); } },
    SQRT { public double applyD(double x) { return Math.sqrt(x); } },
    RSQRT {
        public double applyD(double x) { return 1.0 / Math.sqrt(x); }
        // PyTorch's float kernel (and ours on CUDA) divides in float: 1 / sqrtf, two roundings
        @Override public float applyF(float x) { return 1f / (float) Math.sqrt(x); }
    },
    SIN { public double applyD(double x) { return Math.sin(x); } },
    COS { public double applyD(double x) { return Math.cos(x); } },
    TAN { public double applyD(double x) { return Math.tan(x); } },
    TANH { public double applyD(double x) { return Math.tanh(x); } },
    SIGMOID {
        public double applyD(double x) { return 1.0 / (1.0 + Math.exp(-x)); }
        // in float, as PyTorch's kernel and FastLoops' vector loop: exp(-x) overflows to inf below about -88.7, so 0
        @Override public float applyF(float x) { return 1f / (1f + (float) Math.exp(-x)); }
    },
    /**
     * Exact GELU: x * Phi(x) (PyTorch's default approximate='none'), with 2 Phi(x) as erfc(-x / sqrt 2): PyTorch's
     * 1 + erf(x / sqrt 2) cancels for negative x (to 0 below about -8.3, where GELU is still 1e-16).
     */
    GELU { public double applyD(double x) { return 0.5 * x * Erf.erfc(x * -0.7071067811865476); } },
    /**
     * GELU with approximate='tanh': 0.5 x (1 + tanh u), u = sqrt(2/pi) (x + 0.044715 x^3), taken as x sigmoid(2u),
     * which does not cancel for negative x.
     */
    GELU_TANH {
        public double applyD(double x) {
            return x / (1.0 + Math.exp(-2.0 * 0.7978845608028654 * (x + 0.044715 * x * x * x)));
        }
    },
    SILU { public double applyD(double x) { return x / (1.0 + Math.exp(-x)); } },
    ERF { public double applyD(double x) { return Erf.erf(x); } },
    FLOOR(true) {
        public double applyD(double x) { return Math.floor(x); }
        public long applyL(long x) { return x; }
    },
    CEIL(true) {
        public double applyD(double x) { return Math.ceil(x); }
        public long applyL(long x) { return x; }
    },
    /** Round half to even, as torch.round. */
    ROUND(true) {
        public double applyD(double x) { return Math.rint(x); }
        public long applyL(long x) { return x; }
    },
    TRUNC(true) {
        public double applyD(double x) { return x < 0 ? Math.ceil(x) : Math.floor(x); }
        public long applyL(long x) { return x; }
    },
    RECIPROCAL { public double applyD(double x) { return 1.0 / x; } },
    SQUARE(true) {
        public double applyD(double x) { return x * x; }
        public long applyL(long x) { return x * x; }
    },
    ACOS { public double applyD(double x) { return Math.acos(x); } },
    ASIN { public double applyD(double x) { return Math.asin(x); } },
    ATAN { public double applyD(double x) { return Math.atan(x); } },
    ACOSH {
        public double applyD(double x) {
            if (!(x >= 1)) return Double.NaN;
            double t = x - 1;
            return x > 1e8 ? Math.log(x) + LN2 : Math.log1p(t + Math.sqrt(t * (x + 1)));
        }
    },
    ASINH {
        public double applyD(double x) {
            double a = Math.abs(x);
            double r = a > 1e8 ? Math.log(a) + LN2 : Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
            return Math.copySign(r, x);
        }
    },
    ATANH { public double applyD(double x) { return 0.5 * Math.log1p(2 * x / (1 - x)); } },
    COSH { public double applyD(double x) { return Math.cosh(x); } },
    SINH { public double applyD(double x) { return Math.sinh(x); } },
    /** Exact at powers of two (log2(8) is 3), as libm's log2. */
    LOG2 {
        public double applyD(double x) {
            if (!(x > 0) || Double.isInfinite(x)) return Math.log(x) / LN2;
            int e = Math.getExponent(x);
            if (e < Double.MIN_EXPONENT) e = Math.getExponent(x * 0x1p54) - 54; // subnormal
            return e + Math.log(Math.scalb(x, -e)) / LN2;
        }
    },
    LOG10 { public double applyD(double x) { return Math.log10(x); } },
    EXP2 { public double applyD(double x) { return Math.pow(2, x); } },
    ERFC { public double applyD(double x) { return Erf.erfc(x); } },
    /** {@code ~x} on integers (the op layer refuses floating point and runs bool as logical not, as PyTorch). */
    BITWISE_NOT(true) {
        public double applyD(double x) { throw new UnsupportedOperationException("bitwise_not is not defined on floating point"); }
        public long applyL(long x) { return ~x; }
    },
    ISNAN(true, true) {
        public double applyD(double x) { return Double.isNaN(x) ? 1 : 0; }
        public long applyL(long x) { return 0; }
    },
    ISINF(true, true) {
        public double applyD(double x) { return Double.isInfinite(x) ? 1 : 0; }
        public long applyL(long x) { return 0; }
    },
    ISFINITE(true, true) {
        public double applyD(double x) { return Double.isFinite(x) ? 1 : 0; }
        public long applyL(long x) { return 1; }
    },
    LOGICAL_NOT(true, true) {
        public double applyD(double x) { return x == 0 ? 1 : 0; }
        public long applyL(long x) { return x == 0 ? 1 : 0; }
    };

    private static final double LN2 = 0.6931471805599453;

    /** True when the op is defined on integers without promotion to floating point. */
    public final boolean integral;
    /** True when the op writes bool (1 for true, 0 for false). */
    public final boolean predicate;

    UnaryOp() { this(false, false); }

    UnaryOp(boolean integral) { this(integral, false); }

    UnaryOp(boolean integral, boolean predicate) {
        this.integral = integral;
        this.predicate = predicate;
    }

    /** The op on a double. */
    public abstract double applyD(double x);

    /**
     * The op on a float32: computed in double and rounded once, unless PyTorch's float kernel rounds otherwise (an op
     * PyTorch composes of float steps overrides it).
     */
    public float applyF(float x) { return (float) applyD(x); }

    /** The op on an integer; only for ops with {@link #integral}. */
    public long applyL(long x) { throw new UnsupportedOperationException(name().toLowerCase() + " is not defined on integers"); }

    /** PyTorch's name of the op, for messages. */
    public String opName() { return name().toLowerCase(); }
}
