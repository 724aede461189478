package dev.torch4j.backend;

/**
 * Elementwise binary primitives over operands of one compute dtype (float32, float64, int64 or int32; the op
 * layer casts). Comparisons and logical ops write bool. Scalar bodies give PyTorch's semantics.
 */
public enum BinaryOp {
    ADD {
        public double applyD(double a, double b) { return a + b; }
        public long applyL(long a, long b) { return a + b; }
    },
    SUB {
        public double applyD(double a, double b) { return a - b; }
        public long applyL(long a, long b) { return a - b; }
    },
    MUL {
        public double applyD(double a, double b) { return a * b; }
        public long applyL(long a, long b) { return a * b; }
    },
    /** True division; the op layer promotes integers to floating point first. */
    DIV {
        public double applyD(double a, double b) { return a / b; }
    },
    FLOOR_DIVIDE {
        public double applyD(double a, double b) {
            if (b == 0) return a / b;
            double mod = a % b;
            double div = (a - mod) / b;
            if (mod != 0 && (b < 0) != (mod < 0)) div -= 1.0;
            double floor = Math.floor(div);
            if (div - floor > 0.5) floor += 1.0;
            return div == 0 ? Math.copySign(0.0, a / b) : floor;
        }
        public long applyL(long a, long b) {
            if (b == 0) throw new ArithmeticException("ZeroDivisionError: integer division by zero");
            return Math.floorDiv(a, b);
        }
    },
    /** Python-style modulo: the result takes the sign of the divisor (torch.remainder). */
    REMAINDER {
        public double applyD(double a, double b) {
            double m = a % b;
            if (m != 0 && (b < 0) != (m < 0)) m += b;
            return m;
        }
        public long applyL(long a, long b) {
            if (b == 0) throw new ArithmeticException("ZeroDivisionError: integer division or modulo by zero");
            return Math.floorMod(a, b);
        }
    },
    POW {
        public double applyD(double a, double b) {
            // C's pow (which PyTorch calls) gives 1 for pow(1, y) and pow(-1, +-inf), even for a NaN y; Java's gives NaN
            if (a == 1.0 || a == -1.0 && Double.isInfinite(b)) return 1.0;
            return Math.pow(a, b);
        }
        public long applyL(long a, long b) {
            if (b < 0) { // as PyTorch's integer kernel: 1/a^|b| truncated (a Java-scalar exponent is refused earlier)
                if (a == 1) return 1;
                if (a == -1) return (b & 1) == 0 ? 1 : -1;
                return 0;
            }
            long r = 1, base = a;
            while (b > 0) {
                if ((b & 1) == 1) r *= base;
                base *= base;
                b >>= 1;
            }
            return r;
        }
    },
    MAXIMUM {
        public double applyD(double a, double b) { return Math.max(a, b); }
        public long applyL(long a, long b) { return Math.max(a, b); }
    },
    MINIMUM {
        public double applyD(double a, double b) { return Math.min(a, b); }
        public long applyL(long a, long b) { return Math.min(a, b); }
    },
    ATAN2 {
        public double applyD(double a, double b) { return Math.atan2(a, b); }
    },
    EQ(true) {
        public double applyD(double a, double b) { return a == b ? 1 : 0; }
        public long applyL(long a, long b) { return a == b ? 1 : 0; }
    },
    NE(true) {
        public double applyD(double a, double b) { return a != b ? 1 : 0; }
        public long applyL(long a, long b) { return a != b ? 1 : 0; }
    },
    LT(true) {
        public double applyD(double a, double b) { return a < b ? 1 : 0; }
        public long applyL(long a, long b) { return a < b ? 1 : 0; }
    },
    LE(true) {
        public double applyD(double a, double b) { return a <= b ? 1 : 0; }
        public long applyL(long a, long b) { return a <= b ? 1 : 0; }
    },
    GT(true) {
        public double applyD(double a, double b) { return a > b ? 1 : 0; }
        public long applyL(long a, long b) { return a > b ? 1 : 0; }
    },
    GE(true) {
        public double applyD(double a, double b) { return a >= b ? 1 : 0; }
        public long applyL(long a, long b) { return a >= b ? 1 : 0; }
    },
    LOGICAL_AND(true) {
        public double applyD(double a, double b) { return a != 0 && b != 0 ? 1 : 0; }
        public long applyL(long a, long b) { return a != 0 && b != 0 ? 1 : 0; }
    },
    LOGICAL_OR(true) {
        public double applyD(double a, double b) { return a != 0 || b != 0 ? 1 : 0; }
        public long applyL(long a, long b) { return a != 0 || b != 0 ? 1 : 0; }
    },
    LOGICAL_XOR(true) {
        public double applyD(double a, double b) { return (a != 0) != (b != 0) ? 1 : 0; }
        public long applyL(long a, long b) { return (a != 0) != (b != 0) ? 1 : 0; }
    };

    /** True when the op writes bool. */
    public final boolean predicate;

    BinaryOp() { this(false); }

    BinaryOp(boolean predicate) { this.predicate = predicate; }

    public abstract double applyD(double a, double b);

    /** The op on integers; ops without an integer form are promoted to floating point by the op layer. */
    public long applyL(long a, long b) { throw new UnsupportedOperationException(opName() + " is not defined on integers"); }

    /** True when {@link #applyL} is defined. */
    public boolean hasIntegerForm() { return this != DIV && this != ATAN2; }

    public String opName() { return name().toLowerCase(); }
}
