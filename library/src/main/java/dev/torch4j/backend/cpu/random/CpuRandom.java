package dev.torch4j.backend.cpu.random;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.torch4j.DType;
import dev.torch4j.core.Half;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Optional;

/**
 * PyTorch's CPU random kernels over Java arrays, bit for bit: {@code uniform_}, {@code normal_}, {@code random_}
 * (from/to, full 64-bit range, and no-argument), scalar-{@code p} {@code bernoulli_}, {@code exponential_},
 * {@code multinomial} with replacement, and {@code randperm}.
 * Every routine takes the engine ({@link Mt19937}, which also holds the cached Box-Muller sample) and draws from it
 * in exactly the order PyTorch does; callers serialize access (see {@code dev.torch4j.Generator}).
 *
 * <p>Verified bit for bit against torch 1.13 (Debian's x86-64 build) by {@code goldens/random.txt}; the 2.x sources
 * read the same for these paths except where noted (not run against a 2.x binary). Sources followed:
 * {@code aten/src/ATen/core/DistributionsHelper.h}, {@code core/TransformationHelper.h},
 * {@code native/cpu/DistributionTemplates.h}, {@code native/DistributionTemplates.h} and {@code randperm_cpu} in
 * {@code native/TensorFactories.cpp}.
 *
 * <p>Note [fill order]: PyTorch fills a tensor through a {@code TensorIterator} (or, for the vectorized normal
 * path, its data pointer), so values are drawn in <em>memory order</em>: dimensions sorted by stride, the smallest
 * stride fastest. The array routines here fill a contiguous region in draw order; a caller with a strided output
 * fills a buffer of {@code numel} values and scatters it in that order (for a non-overlapping dense tensor: the
 * storage order). Element {@code i} of the buffer is the {@code i}-th value PyTorch generates.
 *
 * <p>Note [normal paths]: {@code normal_} (and so {@code randn}) has two algorithms. A <em>contiguous</em> tensor
 * with at least 16 elements takes the vectorized path ({@code normal_fill}: all uniforms first, then Box-Muller
 * over blocks of 16, the last partial block redrawn as the final 16 elements); anything else (fewer than 16
 * elements, or a non-contiguous tensor of any size) takes the serial path, one {@code normal_distribution<double>}
 * per element, which uses and refills the generator's cached second sample. {@link #normal(Mt19937, float[], int,
 * int, double, double)} chooses as PyTorch does for a contiguous output; {@link #normalSerial} is the path for a
 * non-contiguous output.
 *
 * <p>Note [cpu capability]: PyTorch compiles its kernels once per CPU capability and picks one at start-up
 * ({@code ATEN_CPU_CAPABILITY} overrides it). The capabilities give different bits: the {@link Capability#AVX2}
 * build (used on every x86-64 CPU with AVX2, and on AVX-512 CPUs, whose {@code normal_} falls back to the AVX2
 * kernel and whose other kernels round the same way) fuses {@code a * b + c} into one FMA in the uniform and normal
 * affine steps and runs a float32 normal fill through {@code avx_mathfun.h}'s {@code log256_ps} / {@code
 * sincos256_ps}; the {@link Capability#DEFAULT} build rounds each step and calls libm. {@link #capability()}
 * starts from the system property {@code torch4j.cpuCapability} or the environment variable {@code
 * ATEN_CPU_CAPABILITY} ({@code default}, {@code avx2}, {@code avx512}), else AVX2 on x86-64 and DEFAULT elsewhere.
 *
 * <p>Note [libm]: PyTorch's double-precision Box-Muller calls the platform's {@code log}, {@code sin}, {@code cos}
 * (and the DEFAULT float fill {@code logf}, {@code sinf}, {@code cosf}), which are not correctly rounded: Java's
 * {@code Math}/{@code StrictMath} disagree with glibc in the last bit for 0.1% to 7% of arguments. These routines
 * call the same libm functions through the FFM API, so they match PyTorch on the same machine; when libm cannot be
 * bound they fall back to {@code Math} (see {@link #platformLibm()}), close but not bit-exact.
 */
public final class CpuRandom {
    private CpuRandom() {}

    /** Which of PyTorch's per-CPU kernel builds to reproduce; see Note [cpu capability]. */
    public enum Capability {
        /** PyTorch's {@code DEFAULT} kernels: no FMA, scalar libm Box-Muller for float32. */
        DEFAULT,
        /** PyTorch's {@code AVX2} (and {@code AVX512}) kernels: fused multiply-adds, AVX2 float32 normal fill. */
        AVX2
    }

    private static volatile Capability capability = initialCapability();

    /** The capability these routines reproduce. */
    public static Capability capability() {
        return capability;
    }

    /** Chooses the capability to reproduce, for all threads (PyTorch: {@code ATEN_CPU_CAPABILITY}). */
    public static void setCapability(Capability c) {
        capability = java.util.Objects.requireNonNull(c, "capability");
    }

    private static Capability initialCapability() {
        String v = System.getProperty("torch4j.cpuCapability");
        if (v == null || v.isBlank()) v = System.getenv("ATEN_CPU_CAPABILITY");
        if (v != null && !v.isBlank()) {
            String s = v.trim().toLowerCase(Locale.ROOT);
            if (s.equals("default")) return Capability.DEFAULT;
            if (s.equals("avx2") || s.equals("avx512")) return Capability.AVX2;
        }
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return arch.equals("amd64") || arch.equals("x86_64") ? Capability.AVX2 : Capability.DEFAULT;
    }

    /** Whether log/sin/cos come from the platform's libm (bit-exact with PyTorch); false means {@code Math}. */
    public static boolean platformLibm() {
        return Libm.AVAILABLE;
    }

    // ============================================ scalar draws =====================================================

    /** {@code uniform_real_distribution<float>(from, to)}: 24 random bits of one {@code random()}. */
    public static float uniformFloat(Mt19937 g, float from, float to) {
        float x = (g.random() & 0xFFFFFF) * 0x1p-24f;
        return capability == Capability.AVX2 ? Math.fma(x, to - from, from) : x * (to - from) + from;
    }

    /** {@code uniform_real_distribution<double>(from, to)}: 53 random bits of one {@code random64()}. */
    public static double uniformDouble(Mt19937 g, double from, double to) {
        double x = (g.random64() & 0x1FFFFFFFFFFFFFL) * 0x1p-53;
        return capability == Capability.AVX2 ? Math.fma(x, to - from, from) : x * (to - from) + from;
    }

    private static float uniformFloat01(Mt19937 g) {
        return (g.random() & 0xFFFFFF) * 0x1p-24f;
    }

    private static double uniformDouble01(Mt19937 g) {
        return (g.random64() & 0x1FFFFFFFFFFFFFL) * 0x1p-53;
    }

    /**
     * {@code normal_distribution<double>(mean, std)}, the serial Box-Muller: returns the cached sample when there is
     * one (clearing it), else draws two uniforms, returns {@code r cos(theta)} and caches {@code r sin(theta)}.
     */
    public static double normalDouble(Mt19937 g, double mean, double std) {
        boolean fma = capability == Capability.AVX2;
        double ret;
        if (g.hasNextDoubleNormal()) {
            ret = g.nextDoubleNormal();
            g.setNextDoubleNormal(false, 0.0);
        } else {
            double u1 = uniformDouble01(g);
            double u2 = uniformDouble01(g);
            double r = Math.sqrt(-2.0 * Libm.log(1.0 - u2));
            double theta = 2.0 * Math.PI * u1;
            g.setNextDoubleNormal(true, r * Libm.sin(theta));
            ret = r * Libm.cos(theta);
        }
        return fma ? Math.fma(ret, std, mean) : ret * std + mean;
    }

    /** {@code bernoulli_distribution<double>(p)}: one 53-bit uniform {@code u}, true when {@code u < p}. */
    public static boolean bernoulli(Mt19937 g, double p) {
        return uniformDouble01(g) < p;
    }

    /**
     * Whether {@code random_(from, to)} on this dtype draws {@code random64()} once the range reaches 2^32
     * (int64, float64, float32, bfloat16); every other dtype always draws one 32-bit {@code random()}.
     */
    public static boolean drawsWide(DType dtype) {
        return dtype == DType.INT64 || dtype == DType.FLOAT64 || dtype == DType.FLOAT32 || dtype == DType.BFLOAT16;
    }

    /**
     * {@code uniform_int_from_to_distribution}: {@code base + (bits mod range)} as an int64 (wrapping), where
     * {@code range} is read as unsigned and {@code bits} is {@code random64()} when {@code wide && range >= 2^32},
     * else {@code random()}. The caller casts the result to its dtype.
     */
    public static long fromTo(Mt19937 g, long range, long base, boolean wide) {
        long bits = wide && Long.compareUnsigned(range, 1L << 32) >= 0 ? g.random64() : g.randomUnsigned();
        return Long.remainderUnsigned(bits, range) + base;
    }

    /** {@code uniform_int_full_range_distribution}: {@code random_(INT64_MIN, None)}, one {@code random64()}. */
    public static long full64(Mt19937 g) {
        return g.random64();
    }

    /**
     * {@code uniform_int_distribution<T>}, the no-argument {@code random_()}: {@code [0, 2^digits]} for floating
     * dtypes, {@code [0, max]} for integer ones, {@code {0, 1}} for bool; int64 and float64 draw {@code random64()},
     * the rest {@code random()}. Returns the value before the cast to {@code dtype}.
     */
    public static long randomDefault(Mt19937 g, DType dtype) {
        return switch (dtype) {
            case COMPLEX64, COMPLEX128 -> throw new IllegalArgumentException("complex dtypes reach this code only through their real view");
            case QUINT8, QINT8, QINT32, QUINT4X2 -> throw new IllegalArgumentException("quantized dtypes reach this code only through their integer view");
            case FLOAT64 -> Long.remainderUnsigned(g.random64(), (1L << 53) + 1);
            case INT64 -> g.random64() & Long.MAX_VALUE;
            case FLOAT32 -> g.randomUnsigned() % ((1L << 24) + 1);
            case FLOAT16 -> g.randomUnsigned() % ((1L << 11) + 1);
            case BFLOAT16 -> g.randomUnsigned() % ((1L << 8) + 1);
            case INT32 -> g.randomUnsigned() % (1L << 31);
            case INT16 -> g.randomUnsigned() % (1L << 15);
            case INT8 -> g.randomUnsigned() % (1L << 7);
            case UINT8 -> g.randomUnsigned() % (1L << 8);
            case BOOL -> g.randomUnsigned() & 1;
        };
    }

    // ============================================ uniform_ =========================================================

    /** {@code uniform_(from, to)} on float32; {@code from}/{@code to} are cast to float first, as in PyTorch. */
    public static void uniform(Mt19937 g, float[] out, int off, int n, double from, double to) {
        checkUniform(from, to, Float.MAX_VALUE, "Float");
        float f = (float) from, t = (float) to;
        for (int i = 0; i < n; i++) out[off + i] = uniformFloat(g, f, t);
    }

    /** {@code uniform_(from, to)} on float64. */
    public static void uniform(Mt19937 g, double[] out, int off, int n, double from, double to) {
        checkUniform(from, to, Double.MAX_VALUE, "Double");
        for (int i = 0; i < n; i++) out[off + i] = uniformDouble(g, from, to);
    }

    /**
     * {@code uniform_(from, to)} on float16 ({@code bfloat16 == false}) or bfloat16, into float32 values the caller
     * rounds to the dtype: as {@code uniform_real_distribution<Half>} draws, the dtype's own number of mantissa bits
     * (11 or 8) of one {@code random()}, and the range {@code to - from} rounded to the dtype first, as c10's Half
     * arithmetic rounds it; then {@code x * range + from} in float32.
     */
    public static void uniformReduced(Mt19937 g, float[] out, int off, int n, double from, double to, boolean bfloat16) {
        String type = bfloat16 ? "BFloat16" : "Half";
        checkUniform(from, to, bfloat16 ? 0x1.FEp127 : 65504.0, "c10::" + type, type);
        float f = round(from, bfloat16), range = round(round(to, bfloat16) - f, bfloat16);
        int mask = bfloat16 ? 0xFF : 0x7FF;
        float scale = bfloat16 ? 0x1p-8f : 0x1p-11f;
        for (int i = 0; i < n; i++) {
            float x = (g.random() & mask) * scale;
            out[off + i] = capability == Capability.AVX2 ? Math.fma(x, range, f) : x * range + f;
        }
    }

    private static float round(double v, boolean bfloat16) {
        return bfloat16 ? Half.bf16ToFloat(Half.floatToBf16((float) v)) : Half.f16ToFloat(Half.floatToF16((float) v));
    }

    private static void checkUniform(double from, double to, double max, String type) { checkUniform(from, to, max, type, type); }

    private static void checkUniform(double from, double to, double max, String type, String limitType) {
        if (!(from >= -max && from <= max)) throw new IllegalArgumentException("from is out of bounds for " + type);
        if (!(to >= -max && to <= max)) throw new IllegalArgumentException("to is out of bounds for " + type);
        if (!(from <= to)) {
            throw new IllegalArgumentException("uniform_ expects to return a [from, to) range, but found from="
                    + from + " > to=" + to);
        }
        if (!(to - from <= max)) {
            throw new IllegalArgumentException("uniform_ expects to-from <= std::numeric_limits<" + limitType
                    + ">::max(), but found to=" + to + " and from=" + from
                    + " which result in to-from to exceed the limit");
        }
    }

    // ============================================ normal_ ==========================================================

    /**
     * {@code normal_(mean, std)} on a contiguous float32 region of {@code n} elements: the vectorized fill when
     * {@code n >= 16} (AVX2 or DEFAULT per {@link #capability()}), else the serial path. See Note [normal paths].
     */
    public static void normal(Mt19937 g, float[] out, int off, int n, double mean, double std) {
        checkStd(std);
        if (n < 16) {
            normalSerial(g, out, off, n, mean, std);
        } else if (capability == Capability.AVX2) {
            NormalAvx2.fill(g, out, off, n, (float) mean, (float) std);
        } else {
            normalFillDefault(g, out, off, n, (float) mean, (float) std);
        }
    }

    /** {@code normal_(mean, std)} on a contiguous float64 region: {@code normal_fill<double>} when n >= 16. */
    public static void normal(Mt19937 g, double[] out, int off, int n, double mean, double std) {
        checkStd(std);
        if (n < 16) {
            normalSerial(g, out, off, n, mean, std);
            return;
        }
        for (int i = 0; i < n; i++) out[off + i] = uniformDouble01(g);
        for (int i = 0; i < n - 15; i += 16) normalFill16(out, off + i, mean, std);
        if (n % 16 != 0) {
            int tail = off + n - 16;
            for (int i = 0; i < 16; i++) out[tail + i] = uniformDouble01(g);
            normalFill16(out, tail, mean, std);
        }
    }

    /**
     * The serial {@code normal_} path (PyTorch's choice for a non-contiguous output, or fewer than 16 elements):
     * one {@code normal_distribution<double>} per element, cast to float.
     */
    public static void normalSerial(Mt19937 g, float[] out, int off, int n, double mean, double std) {
        checkStd(std);
        for (int i = 0; i < n; i++) out[off + i] = (float) normalDouble(g, mean, std);
    }

    /** The serial {@code normal_} path on float64. */
    public static void normalSerial(Mt19937 g, double[] out, int off, int n, double mean, double std) {
        checkStd(std);
        for (int i = 0; i < n; i++) out[off + i] = normalDouble(g, mean, std);
    }

    private static void checkStd(double std) {
        if (!(std >= 0.0)) throw new IllegalArgumentException("normal expects std >= 0.0, but found std " + std);
    }

    // normal_fill_16<double>
    private static void normalFill16(double[] d, int p, double mean, double std) {
        boolean fma = capability == Capability.AVX2;
        for (int j = 0; j < 8; j++) {
            double u1 = 1 - d[p + j];
            double u2 = d[p + j + 8];
            double radius = Math.sqrt(-2 * Libm.log(u1));
            double theta = 2.0 * Math.PI * u2;
            double c = radius * Libm.cos(theta), s = radius * Libm.sin(theta);
            d[p + j] = fma ? Math.fma(c, std, mean) : c * std + mean;
            d[p + j + 8] = fma ? Math.fma(s, std, mean) : s * std + mean;
        }
    }

    // normal_fill<float> (the DEFAULT build's float32 path): float arithmetic, libm's logf/cosf/sinf
    private static void normalFillDefault(Mt19937 g, float[] out, int off, int n, float mean, float std) {
        for (int i = 0; i < n; i++) out[off + i] = uniformFloat01(g);
        for (int i = 0; i < n - 15; i += 16) normalFill16Default(out, off + i, mean, std);
        if (n % 16 != 0) {
            int tail = off + n - 16;
            for (int i = 0; i < 16; i++) out[tail + i] = uniformFloat01(g);
            normalFill16Default(out, tail, mean, std);
        }
    }

    private static void normalFill16Default(float[] d, int p, float mean, float std) {
        for (int j = 0; j < 8; j++) {
            float u1 = 1 - d[p + j];
            float u2 = d[p + j + 8];
            float radius = (float) Math.sqrt(-2 * Libm.logf(u1));
            float theta = (float) (2.0 * Math.PI * u2);
            d[p + j] = radius * Libm.cosf(theta) * std + mean;
            d[p + j + 8] = radius * Libm.sinf(theta) * std + mean;
        }
    }

    // ============================================ random_ / randint ================================================

    /**
     * {@code random_(from, toExclusive)} (and {@code randint}) on int64: {@code range = to - from} (unsigned),
     * {@code random64()} per element when the range reaches 2^32, else {@code random()}.
     */
    public static void randomFromTo(Mt19937 g, long[] out, int off, int n, long from, long toExclusive) {
        long range = checkedRange(from, toExclusive);
        for (int i = 0; i < n; i++) out[off + i] = fromTo(g, range, from, true);
    }

    /** {@code random_(from, toExclusive)} on int32: always one {@code random()} per element. */
    public static void randomFromTo(Mt19937 g, int[] out, int off, int n, long from, long toExclusive) {
        long range = checkedRange(from, toExclusive);
        for (int i = 0; i < n; i++) out[off + i] = (int) fromTo(g, range, from, false);
    }

    /** {@code random_(from, toExclusive)} on int16: one {@code random()} per element. */
    public static void randomFromTo(Mt19937 g, short[] out, int off, int n, long from, long toExclusive) {
        long range = checkedRange(from, toExclusive);
        for (int i = 0; i < n; i++) out[off + i] = (short) fromTo(g, range, from, false);
    }

    /** {@code random_(from, toExclusive)} on int8, uint8 or bool (the same draws; the byte keeps the low 8 bits). */
    public static void randomFromTo(Mt19937 g, byte[] out, int off, int n, long from, long toExclusive) {
        long range = checkedRange(from, toExclusive);
        for (int i = 0; i < n; i++) out[off + i] = (byte) fromTo(g, range, from, false);
    }

    /**
     * {@code random_(from, toExclusive)} on float32: {@code from}/{@code to} first move inward to values float32
     * represents (PyTorch's {@code update_from}/{@code update_to}); draws are wide from a 2^32 range.
     */
    public static void randomFromTo(Mt19937 g, float[] out, int off, int n, long from, long toExclusive) {
        long f = updateFrom(from, 24), t = updateTo(toExclusive, 24);
        long range = checkedRange(f, t);
        for (int i = 0; i < n; i++) out[off + i] = (float) fromTo(g, range, f, true);
    }

    /** {@code random_(from, toExclusive)} on float64 (see the float32 overload). */
    public static void randomFromTo(Mt19937 g, double[] out, int off, int n, long from, long toExclusive) {
        long f = updateFrom(from, 53), t = updateTo(toExclusive, 53);
        long range = checkedRange(f, t);
        for (int i = 0; i < n; i++) out[off + i] = (double) fromTo(g, range, f, true);
    }

    /**
     * {@code random_(from, None)} on {@code dtype}, as int64 values before the cast to {@code dtype}: the range is
     * {@code [from, 2^digits]} for floating dtypes (after {@code update_from}), {@code [from, max]} for integer
     * dtypes ({@code [from, 1]} for bool); {@code from == Long.MIN_VALUE} is the full 64-bit range, one
     * {@code random64()} per value (int64, float32, float64 and bfloat16 only, as in PyTorch).
     */
    public static void randomFrom(Mt19937 g, DType dtype, long from, long[] out, int off, int n) {
        if (from == Long.MIN_VALUE) {
            if (!drawsWide(dtype)) {
                throw new IllegalArgumentException(
                        "random_full_64_bits_range_kernel_cpu handles only int64, double, float and bfloat16");
            }
            for (int i = 0; i < n; i++) out[off + i] = full64(g);
            return;
        }
        long toInc = switch (dtype) {
            case COMPLEX64, COMPLEX128 -> throw new IllegalArgumentException("complex dtypes reach this code only through their real view");
            case QUINT8, QINT8, QINT32, QUINT4X2 -> throw new IllegalArgumentException("quantized dtypes reach this code only through their integer view");
            case FLOAT32 -> 1L << 24;
            case FLOAT64 -> 1L << 53;
            case FLOAT16 -> 1L << 11;
            case BFLOAT16 -> 1L << 8;
            case INT64 -> Long.MAX_VALUE;
            case INT32 -> Integer.MAX_VALUE;
            case INT16 -> Short.MAX_VALUE;
            case INT8 -> Byte.MAX_VALUE;
            case UINT8 -> 255;
            case BOOL -> 1;
        };
        if (dtype == DType.FLOAT32) from = updateFrom(from, 24);
        else if (dtype == DType.FLOAT64) from = updateFrom(from, 53);
        if (from > toInc) {
            throw new IllegalArgumentException("random_ expects 'from' casted to dtype to be less than or equal to"
                    + " 'to_inc' casted to dtype, but got from=" + from + " > to_inc=" + toInc);
        }
        long range = toInc - from + 1;
        boolean wide = drawsWide(dtype);
        for (int i = 0; i < n; i++) out[off + i] = fromTo(g, range, from, wide);
    }

    private static long checkedRange(long from, long toExclusive) {
        if (from >= toExclusive) {
            throw new IllegalArgumentException("random_ expects 'from' to be less than 'to', but got from=" + from
                    + " >= to=" + toExclusive);
        }
        return toExclusive - from; // as unsigned: exact for every from < to
    }

    /** PyTorch's {@code update_from<scalar_t>} for a floating dtype with {@code digits} mantissa bits. */
    static long updateFrom(long from, int digits) {
        long fromPlus1 = roundTrip(from + 1, digits);
        if (fromPlus1 < from) {
            long a = Math.abs(from + 1);
            int n = 0;
            while ((a >>= 1) != 0) ++n;
            from = fromPlus1 + (1L << (n - digits + 1));
        }
        return from;
    }

    /** PyTorch's {@code update_to<scalar_t>}. */
    static long updateTo(long to, int digits) {
        long toMinus1 = roundTrip(to - 1, digits);
        if (toMinus1 >= to) {
            long a = Math.abs(to - 1);
            int n = 0;
            while ((a >>= 1) != 0) ++n;
            to = toMinus1 - (1L << (n - digits + 1));
        }
        return to;
    }

    // static_cast<int64_t>(static_cast<scalar_t>(v)) for float (24 digits) or double (53)
    private static long roundTrip(long v, int digits) {
        return digits == 24 ? (long) (float) v : (long) (double) v;
    }

    // ============================================ bernoulli_(p) ====================================================

    /** Samples per chunk of the bulk Bernoulli loops (two engine words each). */
    private static final int CHUNK = 2048;

    /** The 53 bits of {@link #uniformDouble01}'s uniform, {@code u * 2^53}, from its two words (the first one high). */
    private static long bits53(int hi, int lo) {
        return (((long) hi << 32) | (lo & 0xffffffffL)) & 0x1FFFFFFFFFFFFFL;
    }

    /**
     * 1 when {@code bits < t}, else 0, without a branch (a dropout mask's draws fall either way at random): both are
     * below 2^54, so the difference is negative exactly when {@code bits < t}.
     */
    private static int below(long bits, long t) {
        return (int) ((bits - t) >>> 63);
    }

    /**
     * The bound {@code t} with {@code u < p} exactly when {@code bits53 < t}: {@code u = bits53 * 2^-53} and
     * {@code p * 2^53} are exact (powers of two scale), so {@code bits53 < p * 2^53} is {@code bits53 < ceil(p * 2^53)}
     * for an integer bits53, and the comparison runs on integers.
     */
    private static long bound53(double p) {
        return (long) Math.ceil(p * 0x1p53);
    }

    /**
     * {@code bernoulli_(p)} with a scalar {@code p} on float32 (PyTorch's non-MKL kernel: one 53-bit uniform per
     * element, in order). The engine's words are drawn in chunks ({@link Mt19937#random(int[], int, int)}), the same
     * words as one {@code random64()} per element.
     */
    public static void bernoulli(Mt19937 g, float[] out, int off, int n, double p) {
        checkP(p);
        long t = bound53(p);
        int[] w = new int[2 * Math.min(n, CHUNK)];
        for (int done = 0; done < n; ) {
            int k = Math.min(CHUNK, n - done);
            g.random(w, 0, 2 * k);
            for (int i = 0; i < k; i++) out[off + done + i] = below(bits53(w[2 * i], w[2 * i + 1]), t);
            done += k;
        }
    }

    /** {@code bernoulli_(p)} on float64, chunked as the float32 one. */
    public static void bernoulli(Mt19937 g, double[] out, int off, int n, double p) {
        checkP(p);
        long t = bound53(p);
        int[] w = new int[2 * Math.min(n, CHUNK)];
        for (int done = 0; done < n; ) {
            int k = Math.min(CHUNK, n - done);
            g.random(w, 0, 2 * k);
            for (int i = 0; i < k; i++) out[off + done + i] = below(bits53(w[2 * i], w[2 * i + 1]), t);
            done += k;
        }
    }

    /** {@code bernoulli_(p)} on bool, uint8 or int8. */
    public static void bernoulli(Mt19937 g, byte[] out, int off, int n, double p) {
        checkP(p);
        for (int i = 0; i < n; i++) out[off + i] = (byte) (bernoulli(g, p) ? 1 : 0);
    }

    /** {@code bernoulli_(p)} on int32. */
    public static void bernoulli(Mt19937 g, int[] out, int off, int n, double p) {
        checkP(p);
        for (int i = 0; i < n; i++) out[off + i] = bernoulli(g, p) ? 1 : 0;
    }

    /** {@code bernoulli_(p)} on int64. */
    public static void bernoulli(Mt19937 g, long[] out, int off, int n, double p) {
        checkP(p);
        for (int i = 0; i < n; i++) out[off + i] = bernoulli(g, p) ? 1L : 0L;
    }

    private static void checkP(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("bernoulli_ expects p to be in [0, 1], but got p=" + p);
        }
    }

    // ============================================ exponential_ ======================================================

    /**
     * {@code exponential_(lambd)} into {@code out[off, off + n)}: per element one {@code uniform_real_distribution<double>}
     * draw {@code u} (53 bits of one {@code random64()}) and {@code -1 / lambd * log1p(-u)}, as PyTorch 2.x's
     * {@code exponential_distribution<double>}; the caller casts to its dtype. PyTorch 1.13 computed
     * {@code log(1 - u)} instead, which differs from this in the last bit for a few percent of draws. (PyTorch 2.1 to
     * 2.4 builds with MKL drew from MKL's generator instead; later releases went back to this kernel.)
     */
    public static void exponential(Mt19937 g, double[] out, int off, int n, double lambd) {
        double scale = -1.0 / lambd;
        for (int i = 0; i < n; i++) out[off + i] = scale * Libm.log1p(-uniformDouble01(g));
    }

    /**
     * {@code tensor.cauchy_(median, sigma)}'s CPU kernel: per element, in order, {@code cauchy_distribution<double>}:
     * one 53-bit uniform {@code u} and {@code median + sigma * tan(pi * (u - 0.5))}.
     */
    public static void cauchy(Mt19937 g, double[] out, int off, int n, double median, double sigma) {
        for (int i = 0; i < n; i++) out[off + i] = median + sigma * Libm.tan(Math.PI * (uniformDouble01(g) - 0.5));
    }

    /** {@code tensor.log_normal_(mean, std)}: {@code exp} of the serial {@link #normalDouble}, per element in order. */
    public static void logNormal(Mt19937 g, double[] out, int off, int n, double mean, double std) {
        for (int i = 0; i < n; i++) out[off + i] = Libm.exp(normalDouble(g, mean, std));
    }

    /** {@code tensor.geometric_(p)}: one 53-bit uniform {@code u} per element and {@code ceil(log(u) / log1p(-p))}. */
    public static void geometric(Mt19937 g, double[] out, int off, int n, double p) {
        double denominator = Libm.log1p(-p);
        for (int i = 0; i < n; i++) out[off + i] = Math.ceil(Libm.log(uniformDouble01(g)) / denominator);
    }

    // ============================================ multinomial ======================================================

    /**
     * {@code torch.multinomial(p, samples, replacement=True)}'s CPU kernel for float64 weights {@code w} (rows of
     * {@code categories}, row-major): per row, the running sum as the cumulative distribution (the row checked as it
     * goes), divided by the total, the last bucket set to 1; then per sample one 53-bit uniform {@code u} and a binary
     * search for the first bucket {@code >= u}. Writes {@code rows * samples} indices row-major into {@code out}.
     */
    public static void multinomialWithReplacement(Mt19937 g, double[] w, int rows, int categories, int samples, long[] out) {
        double[] cum = new double[categories];
        for (int i = 0; i < rows; i++) {
            double sum = 0;
            for (int j = 0; j < categories; j++) {
                double v = w[i * categories + j];
                checkWeight(v >= 0, Double.isFinite(v));
                sum += v;
                cum[j] = sum;
            }
            checkSum(sum > 0);
            for (int j = 0; j < categories; j++) cum[j] /= sum;
            cum[categories - 1] = 1;
            for (int j = 0; j < samples; j++) {
                double u = uniformDouble01(g);
                int left = 0, right = categories;
                while (right - left > 0) {
                    int mid = left + (right - left) / 2;
                    if (cum[mid] < u) left = mid + 1;
                    else right = mid;
                }
                out[i * samples + j] = left;
            }
        }
    }

    /**
     * {@link #multinomialWithReplacement(Mt19937, double[], int, int, int, long[])} for float32, float16 and bfloat16
     * weights (given as floats): PyTorch accumulates and normalizes those in float and compares against the double
     * uniform.
     */
    public static void multinomialWithReplacement(Mt19937 g, float[] w, int rows, int categories, int samples, long[] out) {
        float[] cum = new float[categories];
        for (int i = 0; i < rows; i++) {
            float sum = 0;
            for (int j = 0; j < categories; j++) {
                float v = w[i * categories + j];
                checkWeight(v >= 0, Float.isFinite(v));
                sum += v;
                cum[j] = sum;
            }
            checkSum(sum > 0);
            for (int j = 0; j < categories; j++) cum[j] /= sum;
            cum[categories - 1] = 1;
            for (int j = 0; j < samples; j++) {
                double u = uniformDouble01(g);
                int left = 0, right = categories;
                while (right - left > 0) {
                    int mid = left + (right - left) / 2;
                    if (cum[mid] < u) left = mid + 1;
                    else right = mid;
                }
                out[i * samples + j] = left;
            }
        }
    }

    // NaN fails the first test, so PyTorch reports it as "< 0"
    private static void checkWeight(boolean nonNegative, boolean finite) {
        if (!nonNegative) {
            throw new IllegalArgumentException("invalid multinomial distribution (encountering probability entry < 0)");
        }
        if (!finite) {
            throw new IllegalArgumentException(
                    "invalid multinomial distribution (encountering probability entry = infinity or NaN)");
        }
    }

    private static void checkSum(boolean positive) {
        if (!positive) throw new IllegalArgumentException("invalid multinomial distribution (sum of probabilities <= 0)");
    }

    // ============================================ randperm =========================================================

    /**
     * {@code torch.randperm(n)} on the CPU into {@code out[0, n)}, as PyTorch 1.13's {@code randperm_cpu}: the
     * identity, then a Fisher-Yates pass that swaps {@code i} with {@code i + random() % (n - i)} for
     * {@code i < n - 1}. Checked against torch 1.13 up to n = 214,748,364. Later PyTorch releases keep this for
     * {@code n < 2^32 / 20} (= 214,748,364) and switch to an "inside-out" shuffle with {@code random64()} from there
     * on, so from that size on they differ from 1.13 (and from this method).
     */
    public static void randperm(Mt19937 g, long[] out, int n) {
        if (n < 0) throw new IllegalArgumentException("n must be non-negative, got" + n);
        for (int i = 0; i < n; i++) out[i] = i;
        for (int i = 0; i < n - 1; i++) {
            int z = (int) (g.randomUnsigned() % (n - i));
            long save = out[i];
            out[i] = out[z + i];
            out[z + i] = save;
        }
    }

    // ============================================ AVX2 float normal ================================================

    /**
     * {@code normal_fill_AVX2}: float32 Box-Muller in blocks of 16 through {@code log256_ps} and {@code sincos256_ps}
     * (Cephes polynomials), ported lane by lane. PyTorch's AVX2 objects are compiled with FMA contraction (GCC's
     * default {@code -ffp-contract=fast}), which fuses the polynomial steps {@code y * x + c}; the {@code fma(...)}
     * calls below are the fusions GCC made in Debian's torch 1.13 build, checked on 200,000-element fills. A build
     * from another compiler could fuse differently.
     */
    static final class NormalAvx2 {
        private NormalAvx2() {}

        private static final float TWO_PI = (float) (2.0f * Math.PI);
        private static final float SQRTHF = 0.707106781186547524f;
        private static final float LOG_P0 = 7.0376836292E-2f, LOG_P1 = -1.1514610310E-1f, LOG_P2 = 1.1676998740E-1f,
                LOG_P3 = -1.2420140846E-1f, LOG_P4 = +1.4249322787E-1f, LOG_P5 = -1.6668057665E-1f,
                LOG_P6 = +2.0000714765E-1f, LOG_P7 = -2.4999993993E-1f, LOG_P8 = +3.3333331174E-1f,
                LOG_Q1 = -2.12194440e-4f, LOG_Q2 = 0.693359375f;
        private static final float DP1 = -0.78515625f, DP2 = -2.4187564849853515625e-4f,
                DP3 = -3.77489497744594108e-8f;
        private static final float SIN_P0 = -1.9515295891E-4f, SIN_P1 = 8.3321608736E-3f,
                SIN_P2 = -1.6666654611E-1f;
        private static final float COS_P0 = 2.443315711809948E-005f, COS_P1 = -1.388731625493765E-003f,
                COS_P2 = 4.166664568298827E-002f;
        private static final float FOPI = 1.27323954473516f;

        static void fill(Mt19937 g, float[] out, int off, int n, float mean, float std) {
            for (int i = 0; i < n; i++) out[off + i] = uniformFloat01(g);
            for (int i = 0; i < n - 15; i += 16) fill16(out, off + i, mean, std);
            if (n % 16 != 0) {
                int tail = off + n - 16;
                for (int i = 0; i < 16; i++) out[tail + i] = uniformFloat01(g);
                fill16(out, tail, mean, std);
            }
        }

        private static void fill16(float[] d, int p, float mean, float std) {
            for (int j = 0; j < 8; j++) {
                float u1 = 1.0f - d[p + j];
                float u2 = d[p + j + 8];
                float radius = (float) Math.sqrt(-2.0f * log(u1));
                float theta = TWO_PI * u2;
                long sc = sincos(theta);
                float sin = Float.intBitsToFloat((int) (sc >>> 32)), cos = Float.intBitsToFloat((int) sc);
                d[p + j] = Math.fma(radius * cos, std, mean);
                d[p + j + 8] = Math.fma(radius * sin, std, mean);
            }
        }

        /** {@code log256_ps}, one lane. */
        static float log(float x) {
            boolean invalid = x <= 0f;
            x = Math.max(x, Float.MIN_NORMAL); // _mm256_max_ps(x, min_norm_pos); x is never NaN here
            int bits = Float.floatToRawIntBits(x);
            int imm0 = (bits >>> 23) - 0x7f;
            x = Float.intBitsToFloat((bits & ~0x7f800000) | Float.floatToRawIntBits(0.5f));
            float e = (float) imm0 + 1.0f;
            boolean mask = x < SQRTHF;
            float tmp = mask ? x : 0f;
            x = x - 1.0f;
            e = e - (mask ? 1.0f : 0f);
            x = x + tmp;
            float z = x * x;
            float y = Math.fma(LOG_P0, x, LOG_P1);
            y = Math.fma(y, x, LOG_P2);
            y = Math.fma(y, x, LOG_P3);
            y = Math.fma(y, x, LOG_P4);
            y = Math.fma(y, x, LOG_P5);
            y = Math.fma(y, x, LOG_P6);
            y = Math.fma(y, x, LOG_P7);
            y = Math.fma(y, x, LOG_P8);
            y = y * x;
            y = Math.fma(y, z, e * LOG_Q1);
            y = y - z * 0.5f; // z * 0.5 is exact: fused or not, one rounding
            x = x + y;
            x = Math.fma(e, LOG_Q2, x);
            return invalid ? Float.intBitsToFloat(-1) : x;
        }

        /** {@code sincos256_ps}, one lane: sin in the high 32 bits, cos in the low 32 bits. */
        static long sincos(float x) {
            int signSin = Float.floatToRawIntBits(x) & 0x80000000;
            x = Math.abs(x);
            float y = x * FOPI;
            int j = (int) y; // _mm256_cvttps_epi32; theta is in [0, 2 pi) so no overflow
            j = (j + 1) & ~1;
            y = (float) j;
            int swapSin = (j & 4) << 29;
            boolean polyMask = (j & 2) == 0;
            x = Math.fma(y, DP1, x);
            x = Math.fma(y, DP2, x);
            x = Math.fma(y, DP3, x);
            int signCos = (~(j - 2) & 4) << 29;
            signSin ^= swapSin;
            float z = x * x;
            float yc = Math.fma(COS_P0, z, COS_P1);
            yc = Math.fma(yc, z, COS_P2);
            yc = yc * z;
            yc = Math.fma(yc, z, -(z * 0.5f));
            yc = yc + 1.0f;
            float ys = Math.fma(SIN_P0, z, SIN_P1);
            ys = Math.fma(ys, z, SIN_P2);
            ys = ys * z;
            ys = Math.fma(ys, x, x);
            float ysin2 = polyMask ? ys : 0f;
            float ysin1 = polyMask ? 0f : yc;
            float y2 = ys - ysin2;
            float yy = yc - ysin1;
            float s = ysin1 + ysin2;
            float c = yy + y2;
            int sb = Float.floatToRawIntBits(s) ^ signSin;
            int cb = Float.floatToRawIntBits(c) ^ signCos;
            return ((long) sb << 32) | (cb & 0xFFFFFFFFL);
        }
    }

    // ============================================ libm ============================================================

    /** The platform's libm through FFM (see Note [libm]); {@code Math} when it cannot be bound. */
    static final class Libm {
        private Libm() {}

        static final boolean AVAILABLE;
        private static final MethodHandle LOG, SIN, COS, LOGF, SINF, COSF, LOG1P, TAN, EXP;

        static {
            MethodHandle l = null, s = null, c = null, lf = null, sf = null, cf = null, l1p = null, tn = null, xp = null;
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup lookup = linker.defaultLookup();
                FunctionDescriptor dd = FunctionDescriptor.of(JAVA_DOUBLE, JAVA_DOUBLE);
                FunctionDescriptor ff = FunctionDescriptor.of(JAVA_FLOAT, JAVA_FLOAT);
                Linker.Option critical = Linker.Option.critical(false);
                Optional<MemorySegment> a = lookup.find("log"), b = lookup.find("sin"), d = lookup.find("cos"),
                        e = lookup.find("logf"), f = lookup.find("sinf"), h = lookup.find("cosf"),
                        k = lookup.find("log1p"), tf = lookup.find("tan"), xf = lookup.find("exp");
                if (a.isPresent() && b.isPresent() && d.isPresent() && e.isPresent() && f.isPresent()
                        && h.isPresent() && k.isPresent() && tf.isPresent() && xf.isPresent()) {
                    l = linker.downcallHandle(a.get(), dd, critical);
                    s = linker.downcallHandle(b.get(), dd, critical);
                    c = linker.downcallHandle(d.get(), dd, critical);
                    lf = linker.downcallHandle(e.get(), ff, critical);
                    sf = linker.downcallHandle(f.get(), ff, critical);
                    cf = linker.downcallHandle(h.get(), ff, critical);
                    l1p = linker.downcallHandle(k.get(), dd, critical);
                    tn = linker.downcallHandle(tf.get(), dd, critical);
                    xp = linker.downcallHandle(xf.get(), dd, critical);
                }
            } catch (RuntimeException | LinkageError ex) {
                // e.g. IllegalCallerException without --enable-native-access: fall back to Math
                l = s = c = lf = sf = cf = l1p = tn = xp = null;
            }
            LOG = l;
            SIN = s;
            COS = c;
            LOGF = lf;
            SINF = sf;
            COSF = cf;
            LOG1P = l1p;
            TAN = tn;
            EXP = xp;
            AVAILABLE = l != null;
        }

        static double log(double x) {
            if (LOG == null) return Math.log(x);
            try {
                return (double) LOG.invokeExact(x);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        }

        static double log1p(double x) {
            if (LOG1P == null) return Math.log1p(x);
            try {
                return (double) LOG1P.invokeExact(x);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        }

        static double tan(double x) {
            if (TAN == null) return Math.tan(x);
            try {
                return (double) TAN.invokeExact(x);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        }

        static double exp(double x) {
            if (EXP == null) return Math.exp(x);
            try {
                return (double) EXP.invokeExact(x);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        }

        static double sin(double x) {
            if (SIN == null) return Math.sin(x);
            try {
                return (double) SIN.invokeExact(x);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        }

        static double cos(double x) {
            if (COS == null) return Math.cos(x);
            try {
                return (double) COS.invokeExact(x);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        }

        static float logf(float x) {
            if (LOGF == null) return (float) Math.log(x);
            try {
                return (float) LOGF.invokeExact(x);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        }

        static float sinf(float x) {
            if (SINF == null) return (float) Math.sin(x);
            try {
                return (float) SINF.invokeExact(x);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        }

        static float cosf(float x) {
            if (COSF == null) return (float) Math.cos(x);
            try {
                return (float) COSF.invokeExact(x);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        }
    }
}
