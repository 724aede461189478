package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Generator;
import dev.torch4j.Tensor;
import dev.torch4j.backend.cpu.CpuStorage;
import dev.torch4j.backend.cpu.random.CpuRandom;
import dev.torch4j.backend.cpu.random.Mt19937;
import dev.torch4j.backend.cuda.CudaRandom;
import dev.torch4j.core.Shapes;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Random sampling. CPU tensors (and any tensor filled with an explicit CPU {@link Generator}) draw from PyTorch's
 * CPU generator, so the same seed gives the same numbers as PyTorch: values are drawn into a contiguous buffer in
 * the order PyTorch draws them (memory order) and then written into the target. CUDA tensors filled from the
 * default generator draw on their GPU from its Philox generator ({@code CudaRandom}); {@code randperm} draws on the
 * CPU for every device.
 */
public final class RandomOps {
    private RandomOps() {}

    private static Generator gen(Generator g) { return g != null ? g : Generator.defaultGenerator(); }

    /** Which distribution a fill draws from. */
    private enum Kind { UNIFORM, NORMAL, FROM_TO, BERNOULLI, EXPONENTIAL, CAUCHY, LOG_NORMAL, GEOMETRIC }

    /** {@code t.uniform_(from, to)}. */
    public static Tensor uniform_(Tensor t, double from, double to, Generator g) {
        // PyTorch draws both parts of a complex tensor from [from, to) on its real view
        if (t.isComplex()) {
            uniform_(ComplexOps.viewAsReal(t), from, to, g);
            return t;
        }
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("uniform_ expects a floating point tensor, got " + t.dtype());
        }
        if (from > to) {
            throw new IllegalArgumentException("uniform_ expects to return a [from, to) range, but found from=" + from + " > to=" + to);
        }
        return fill(t, Kind.UNIFORM, from, to, g);
    }

    /** {@code t.normal_(mean, std)}. */
    public static Tensor normal_(Tensor t, double mean, double std, Generator g) {
        // PyTorch's complex normal: both parts on the real view, std / sqrt(2) each (so that E|z - mean|^2 = std^2)
        if (t.isComplex()) {
            if (std < 0) throw new IllegalArgumentException("normal expects std >= 0.0, but found std " + std);
            normal_(ComplexOps.viewAsReal(t), mean, std / Math.sqrt(2), g);
            return t;
        }
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("normal_ expects a floating point tensor, got " + t.dtype());
        }
        if (std < 0) throw new IllegalArgumentException("normal expects std >= 0.0, but found std " + std);
        return fill(t, Kind.NORMAL, mean, std, g);
    }

    /** {@code t.random_(from, to)}: integers uniformly in {@code [from, to)}. */
    public static Tensor random_(Tensor t, long from, long to, Generator g) {
        if (from >= to) {
            throw new IllegalArgumentException("random_ expects 'from' to be less than 'to', but got from=" + from + " >= to=" + to);
        }
        checkBounds(t.dtype(), from, to);
        return fill(t, Kind.FROM_TO, from, to, g);
    }

    /** {@code t.bernoulli_(p)}: 1 with probability p, else 0. */
    public static Tensor bernoulli_(Tensor t, double p, Generator g) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("bernoulli_ expects p to be in [0, 1], but got p=" + p);
        return fill(t, Kind.BERNOULLI, p, 0, g);
    }

    /**
     * {@code t.exponential_(lambd)}: samples of the exponential distribution with rate {@code lambd}. On the CPU (or
     * from an explicit generator) PyTorch 2.x's CPU values: one double draw per element in memory order, see
     * {@link CpuRandom#exponential}. A CUDA tensor on its default generator takes a uniform fill on the GPU and
     * {@code -log1p(-u) / lambd}, with {@code -log1p(-u)} kept at least half of float32's epsilon (float64's for
     * float64) as PyTorch's CUDA kernel keeps it above 0.
     */
    public static Tensor exponential_(Tensor t, double lambd, Generator g) {
        if (!(lambd > 0.0)) {
            throw new IllegalArgumentException("exponential_ expects lambda > 0.0, but found lambda=" + cppNumber(lambd));
        }
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("Exponential distribution is a continuous probability distribution."
                    + " dtype must be a floating point but you specified " + t.dtype().scalarTypeName());
        }
        if (t.numel() == 0) return t;
        if (g == null && t.device().isCuda()) return exponentialFromUniform(t, lambd, null);
        return fill(t, Kind.EXPONENTIAL, lambd, 0, g);
    }

    /**
     * {@code t.cauchy_(median, sigma)}: samples of the Cauchy distribution. On the CPU (or from an explicit
     * generator) PyTorch's CPU values (one double draw per element in memory order, {@link CpuRandom#cauchy}); a CUDA
     * tensor on its default generator transforms a uniform fill on the GPU (PyTorch's CUDA values differ anyway).
     */
    public static Tensor cauchy_(Tensor t, double median, double sigma, Generator g) {
        if (!(sigma > 0.0)) throw new IllegalArgumentException("cauchy_ expects sigma > 0.0, but found sigma=" + cppNumber(sigma));
        requireFloating(t, "Cauchy");
        if (t.numel() == 0) return t;
        if (g == null && t.device().isCuda()) {
            uniform_(t, 0, 1, null);
            return ReductionsGrad.untracked(() -> t.copy_(t.sub(0.5).mul(Math.PI).tan().mul(sigma).add(median)));
        }
        return fill(t, Kind.CAUCHY, median, sigma, g);
    }

    /** {@code t.log_normal_(mean, std)}: {@code exp} of normal samples, PyTorch's CPU values as {@link #cauchy_}. */
    public static Tensor logNormal_(Tensor t, double mean, double std, Generator g) {
        if (!(std > 0.0)) throw new IllegalArgumentException("log_normal_ expects std > 0.0, but found std=" + cppNumber(std));
        requireFloating(t, "LogNormal");
        if (t.numel() == 0) return t;
        if (g == null && t.device().isCuda()) {
            normal_(t, mean, std, null);
            return ReductionsGrad.untracked(() -> t.exp_());
        }
        return fill(t, Kind.LOG_NORMAL, mean, std, g);
    }

    /**
     * {@code t.geometric_(p)}: the number of Bernoulli(p) trials up to the first success, {@code ceil(log(u) /
     * log1p(-p))}; integer tensors too (not bool), PyTorch's CPU values as {@link #cauchy_}.
     */
    public static Tensor geometric_(Tensor t, double p, Generator g) {
        if (!(p > 0 && p < 1)) throw new IllegalArgumentException("geometric_ expects p to be in (0, 1), but got p=" + cppNumber(p));
        if (t.dtype() == DType.BOOL || t.dtype().isComplex()) {
            throw new IllegalArgumentException("\"geometric_cpu\" not implemented for '" + t.dtype().scalarTypeName() + "'");
        }
        if (t.numel() == 0) return t;
        if (g == null && t.device().isCuda()) {
            Tensor u = uniform_(Dispatch.empty(t.shapeArray(), DType.FLOAT64, t.device()), 0, 1, null);
            double denominator = Math.log1p(-p);
            return ReductionsGrad.untracked(() -> t.copy_(u.log().div(denominator).ceil()));
        }
        return fill(t, Kind.GEOMETRIC, p, 0, g);
    }

    private static void requireFloating(Tensor t, String distribution) {
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(distribution + " distribution is a continuous probability distribution."
                    + " dtype must be a floating point but you specified " + t.dtype().scalarTypeName());
        }
    }

    /** The CUDA path of {@link #exponential_}, built from a uniform fill and elementwise ops (any device). */
    static Tensor exponentialFromUniform(Tensor t, double lambd, Generator g) {
        uniform_(t, 0, 1, g);
        double halfEps = t.dtype() == DType.FLOAT64 ? 0x1p-53 : 0x1p-24;
        return ReductionsGrad.untracked(() -> t.copy_(t.neg().log1p().neg().clampMin(halfEps).div(lambd)));
    }

    // C++'s default stream format for the whole numbers its messages usually carry
    private static String cppNumber(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** {@code torch.randperm(n)}. */
    public static Tensor randperm(long n, DType dtype, Device device, Generator g) {
        if (n < 0) throw new IllegalArgumentException("randperm: n must be non-negative, got " + n);
        long[] out = new long[Shapes.checkedNumel("randperm", new long[] {n})];
        gen(g).withEngine(e -> CpuRandom.randperm(e, out, out.length));
        return Creation.wrap(out, new long[] {n}, DType.INT64).to(dtype).to(device);
    }

    private static void checkBounds(DType t, long from, long to) {
        if (t.isFloatingPoint() || t == DType.INT64) return;
        long lo, hi;
        switch (t) {
            case BOOL -> { lo = 0; hi = 1; }
            case UINT8 -> { lo = 0; hi = 255; }
            case INT8 -> { lo = Byte.MIN_VALUE; hi = Byte.MAX_VALUE; }
            case INT16 -> { lo = Short.MIN_VALUE; hi = Short.MAX_VALUE; }
            default -> { lo = Integer.MIN_VALUE; hi = Integer.MAX_VALUE; }
        }
        if (from < lo || from > hi) {
            throw new IllegalArgumentException("random_ expects 'from' to be in [" + lo + ", " + hi + "] for " + t + ", but got " + from);
        }
        if (to - 1 < lo || to - 1 > hi) {
            throw new IllegalArgumentException("random_ expects 'to' to be in [" + lo + ", " + (hi + 1) + "] for " + t + ", but got " + to);
        }
    }

    private static Tensor fill(Tensor t, Kind kind, double a, double b, Generator g) {
        int n = Shapes.checkedNumel(kind.name().toLowerCase(), t.shapeArray());
        Elementwise.checkNoInternalOverlap(kind.name().toLowerCase() + "_", t);
        if (g == null && t.device().isCuda()) return fillCuda(t, kind, a, b);
        DType carrier = carrierFor(t.dtype(), kind);
        boolean contiguous = t.isContiguous() && t.device().isCpu();
        // a contiguous CPU tensor of the carrier's dtype that autograd has never seen (a fresh dropout mask, rand,
        // randn) takes the draws in place: memory order is index order, so the values are the same without the
        // buffer and its copy
        if (contiguous && t.dtype() == carrier && t.autogradMetaOrNull() == null && t.storage() instanceof CpuStorage cs) {
            int off = Math.toIntExact(t.storageOffset());
            gen(g).withEngine(e -> draw(e, kind, cs.array(), off, n, a, b, true, t.dtype()));
            cs.bumpVersion();
            return t;
        }
        CpuStorage buf = CpuStorage.allocate(carrier, n);
        gen(g).withEngine(e -> draw(e, kind, buf.array(), 0, n, a, b, contiguous, t.dtype()));
        Tensor values = Tensor.wrap(buf, new long[] {n}, new long[] {1}, 0);
        memoryOrder(t).copy_(values.view(memoryOrder(t).shapeArray()));
        return t;
    }

    private static Tensor fillCuda(Tensor t, Kind kind, double a, double b) {
        Tensor target = t.isContiguous() ? t : Dispatch.empty(t.shapeArray(), t.dtype(), t.device());
        long lo = (long) a, range = (long) b - (long) a; // FROM_TO's bounds (exact to 2^53, as on the CPU)
        CudaRandom.fill(target.strided(), CudaRandom.Kind.valueOf(kind.name()), a, b, lo, range);
        if (target != t) t.copy_(target);
        t.storage().bumpVersion();
        return t;
    }

    /** The dtype the draws are made in: the target's own where the generator has a routine for it. */
    private static DType carrierFor(DType t, Kind kind) {
        // PyTorch draws a double and casts it once
        if (kind == Kind.EXPONENTIAL || kind == Kind.CAUCHY || kind == Kind.LOG_NORMAL || kind == Kind.GEOMETRIC) return DType.FLOAT64;
        return switch (t) {
            case COMPLEX64, COMPLEX128 -> throw new IllegalArgumentException("complex dtypes reach this code only through their real view");
            case QUINT8, QINT8, QINT32, QUINT4X2 -> throw new IllegalArgumentException("quantized dtypes reach this code only through their integer view");
            case FLOAT64 -> DType.FLOAT64;
            case FLOAT32, FLOAT16, BFLOAT16 -> DType.FLOAT32;
            case INT64, INT32, INT8, UINT8, BOOL -> t;
            case INT16 -> kind == Kind.FROM_TO ? DType.INT16 : DType.INT64;
        };
    }

    private static void draw(Mt19937 e, Kind kind, Object arr, int off, int n, double a, double b, boolean contiguous, DType target) {
        switch (kind) {
            case UNIFORM -> {
                if (target == DType.FLOAT16 || target == DType.BFLOAT16) CpuRandom.uniformReduced(e, (float[]) arr, off, n, a, b, target == DType.BFLOAT16);
                else if (arr instanceof float[] f) CpuRandom.uniform(e, f, off, n, a, b);
                else CpuRandom.uniform(e, (double[]) arr, off, n, a, b);
            }
            case NORMAL -> {
                if (arr instanceof float[] f) {
                    if (contiguous) CpuRandom.normal(e, f, off, n, a, b);
                    else CpuRandom.normalSerial(e, f, off, n, a, b);
                } else if (contiguous) {
                    CpuRandom.normal(e, (double[]) arr, off, n, a, b);
                } else {
                    CpuRandom.normalSerial(e, (double[]) arr, off, n, a, b);
                }
            }
            case FROM_TO -> {
                long from = (long) a, to = (long) b;
                switch (arr) {
                    case float[] f -> CpuRandom.randomFromTo(e, f, off, n, from, to);
                    case double[] d -> CpuRandom.randomFromTo(e, d, off, n, from, to);
                    case long[] l -> CpuRandom.randomFromTo(e, l, off, n, from, to);
                    case int[] i -> CpuRandom.randomFromTo(e, i, off, n, from, to);
                    case short[] s -> CpuRandom.randomFromTo(e, s, off, n, from, to);
                    case byte[] y -> CpuRandom.randomFromTo(e, y, off, n, from, to);
                    default -> throw new IllegalStateException();
                }
            }
            case EXPONENTIAL -> CpuRandom.exponential(e, (double[]) arr, off, n, a);
            case CAUCHY -> CpuRandom.cauchy(e, (double[]) arr, off, n, a, b);
            case LOG_NORMAL -> CpuRandom.logNormal(e, (double[]) arr, off, n, a, b);
            case GEOMETRIC -> CpuRandom.geometric(e, (double[]) arr, off, n, a);
            case BERNOULLI -> {
                switch (arr) {
                    case float[] f -> CpuRandom.bernoulli(e, f, off, n, a);
                    case double[] d -> CpuRandom.bernoulli(e, d, off, n, a);
                    case long[] l -> CpuRandom.bernoulli(e, l, off, n, a);
                    case int[] i -> CpuRandom.bernoulli(e, i, off, n, a);
                    case byte[] y -> CpuRandom.bernoulli(e, y, off, n, a);
                    default -> throw new IllegalStateException();
                }
            }
        }
    }

    /**
     * A view of {@code t} whose row-major order is the tensor's memory order (dims sorted by decreasing stride),
     * the order in which PyTorch's TensorIterator fills it.
     */
    private static Tensor memoryOrder(Tensor t) {
        long[] st = t.stride();
        long[] sh = t.shapeArray();
        Integer[] dims = IntStream.range(0, st.length).boxed().toArray(Integer[]::new);
        Arrays.sort(dims, Comparator.<Integer>comparingLong(d -> sh[d] == 1 ? Long.MAX_VALUE : st[d]).reversed()
                .thenComparingInt(d -> d));
        long[] perm = Arrays.stream(dims).mapToLong(Integer::longValue).toArray();
        return t.permute(perm);
    }
}
