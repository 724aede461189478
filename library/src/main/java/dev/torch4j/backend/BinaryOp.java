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
    },
    // Integer-only ops (the op layer refuses floating operands with PyTorch's "not implemented" error). Narrower
    // dtypes compute in int32 on sign-extended values, which gives the same low bits for each of them.
    BITWISE_AND { public long applyL(long a, long b) { return a & b; } },
    BITWISE_OR { public long applyL(long a, long b) { return a | b; } },
    BITWISE_XOR { public long applyL(long a, long b) { return a ^ b; } },
    /**
     * PyTorch 2.x's shift: a negative shift or one of at least the width gives 0. Done in 64 bits this also gives
     * the right low bits for the narrower dtypes (the bits that a shift in the narrow width keeps are the same).
     */
    LSHIFT { public long applyL(long a, long b) { return b < 0 || b >= 64 ? 0 : a << b; } },
    /** PyTorch 2.x's shift: a negative shift or one past the sign bit fills with the sign (0 for unsigned). */
    RSHIFT { public long applyL(long a, long b) { return b < 0 || b >= 63 ? a >> 63 : a >> b; } },
    /**
     * Euclid's algorithm on |a| and |b| (C's truncating %), as PyTorch: |MIN| wraps to MIN, so gcd(MIN, 6) is -2 in
     * the dtype's width. {@link #applyI} gives the int32 width; the op layer scales int8/int16 up to it.
     */
    GCD {
        public long applyL(long a, long b) { return euclid(Math.abs(a), Math.abs(b)); }
        // int's Math.abs wraps |MIN| in 32 bits; the steps then stay in int's range, so long arithmetic is exact
        public int applyI(int a, int b) { return (int) euclid(Math.abs(a), Math.abs(b)); }
    },
    /** {@code |a / gcd * b|} wrapping in the dtype's width (0 when both are 0), as PyTorch. */
    LCM {
        public long applyL(long a, long b) {
            long g = GCD.applyL(a, b);
            return g == 0 ? 0 : Math.abs(a / g * b);
        }
        public int applyI(int a, int b) {
            int g = GCD.applyI(a, b);
            return g == 0 ? 0 : Math.abs(a / g * b);
        }
    };

    /** True when the op writes bool. */
    public final boolean predicate;

    BinaryOp() { this(false); }

    BinaryOp(boolean predicate) { this.predicate = predicate; }

    /** Euclid's algorithm with C's truncating %, on |a| and |b| as the dtype's abs gives them (MIN stays MIN). */
    private static long euclid(long x, long y) {
        while (x != 0) {
            long c = x;
            x = y % x;
            y = c;
        }
        return y;
    }

    /** The op on floating point (computed in double); integer-only ops have none. */
    public double applyD(double a, double b) { throw new UnsupportedOperationException(opName() + " is not defined on floating point"); }

    /** The op on integers; ops without an integer form are promoted to floating point by the op layer. */
    public long applyL(long a, long b) { throw new UnsupportedOperationException(opName() + " is not defined on integers"); }

    /**
     * The op on int32 compute operands: {@link #applyL} cut to 32 bits, except for ops whose intermediate values
     * must wrap in 32 bits (gcd's |MIN|, lcm's product before its absolute value).
     */
    public int applyI(int a, int b) { return (int) applyL(a, b); }

    /** True when {@link #applyL} is defined. */
    public boolean hasIntegerForm() { return this != DIV && this != ATAN2; }

    /** True for the ops PyTorch defines on integers and bool only (bitwise ops, shifts, gcd, lcm). */
    public boolean integerOnly() { return ordinal() >= BITWISE_AND.ordinal(); }

    /** True for the integer-only ops PyTorch refuses on bool too (shifts, gcd, lcm). */
    public boolean refusesBool() { return integerOnly() && this != BITWISE_AND && this != BITWISE_OR && this != BITWISE_XOR; }

    public String opName() { return name().toLowerCase(); }
}
