package dev.torch4j.autograd;

import dev.torch4j.DType;
import dev.torch4j.Generator;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.core.Shapes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One differentiable op of the generic gradient suite (PyTorch's OpInfo idea): the public method it covers, a
 * function of tensors, sample inputs, and the layouts or checks it opts out of (each with the reason). Floating
 * sample inputs are float64 leaves that require grad; integer and bool inputs (indices, masks) are passed as they are.
 */
final class OpInfo {
    /** How the differentiable inputs of a sample are laid out in memory (same values where possible). */
    enum Layout {
        /** The sample as made: contiguous. */
        CONTIGUOUS,
        /** Same shape and values, last two dims stored transposed (column-major for matrices). */
        TRANSPOSED,
        /** Same shape and values, every dim stored with a step of 2 (a step-sliced view of a larger buffer). */
        SLICED,
        /**
         * A stride-0 view: the leaf is the sample's first slice along its first dim of size > 1 and the op gets it
         * expanded back to the sample's shape. (gradcheck, like PyTorch's, needs non-overlapping leaves, so the
         * expansion happens inside the checked function; the values repeat that first slice.)
         */
        EXPANDED
    }

    /** The inputs an op gets, and the leaves gradcheck perturbs for them. */
    record Prepared(Tensor[] leaves, Function<Tensor[], Tensor[]> toOpInputs) {}

    final String name;
    final String variant;
    final Function<Tensor[], Tensor[]> fn;
    final List<Tensor[]> samples = new ArrayList<>();
    final Map<Layout, String> skipped = new EnumMap<>(Layout.class);
    final Map<Layout, String> gradGradSkipped = new EnumMap<>(Layout.class);
    String noGradGrad;
    double eps = GradCheck.EPS, atol = GradCheck.ATOL, rtol = GradCheck.RTOL;

    private OpInfo(String name, String variant, Function<Tensor[], Tensor[]> fn) {
        this.name = name;
        this.variant = variant;
        this.fn = fn;
    }

    static OpInfo single(String name, String variant, Function<Tensor[], Tensor> fn) {
        return new OpInfo(name, variant, in -> new Tensor[] {fn.apply(in)});
    }

    static OpInfo multi(String name, String variant, Function<Tensor[], Tensor[]> fn) {
        return new OpInfo(name, variant, fn);
    }

    /** Adds a sample (one tensor per argument of the function). */
    OpInfo sample(Tensor... inputs) {
        samples.add(inputs);
        return this;
    }

    /** Skips a layout for this op, saying why. */
    OpInfo skip(Layout layout, String reason) {
        skipped.put(layout, reason);
        return this;
    }

    /** Skips gradgradcheck at one layout only, saying why (the first derivative is still checked there). */
    OpInfo skipGradGrad(Layout layout, String reason) {
        gradGradSkipped.put(layout, reason);
        return this;
    }

    /** Skips gradgradcheck, saying why (PyTorch has ops that are only once differentiable too). */
    OpInfo noGradGrad(String reason) {
        noGradGrad = reason;
        return this;
    }

    /** Another finite-difference step and tolerances (for ops computed in lower precision, e.g. casts to float32). */
    OpInfo tolerance(double eps, double atol, double rtol) {
        this.eps = eps;
        this.atol = atol;
        this.rtol = rtol;
        return this;
    }

    @Override
    public String toString() { return variant.isEmpty() ? name : name + "." + variant; }

    // ------------------------------------------------------------------------------------------- layouts

    /** The sample laid out as {@code layout}, or null when that layout would not differ from the contiguous one. */
    static Prepared prepare(Tensor[] sample, Layout layout) {
        Tensor[] leaves = new Tensor[sample.length];
        boolean changed = false;
        int[] expandDim = new int[sample.length];
        Arrays.fill(expandDim, -1);
        for (int i = 0; i < sample.length; i++) {
            Tensor x = sample[i];
            leaves[i] = x;
            if (x == null || !x.requiresGrad()) continue;
            Tensor t = switch (layout) {
                case CONTIGUOUS -> x;
                case TRANSPOSED -> x.dim() < 2 ? x : relaidOut(x, transposedStrides(x.shapeArray()), 1);
                case SLICED -> x.numel() < 2 ? x : relaidOut(x, steppedStrides(x.shapeArray()), 2);
                case EXPANDED -> {
                    int d = firstNonUnitDim(x);
                    if (d < 0) yield x;
                    expandDim[i] = d;
                    yield x.detach().narrow(d, 0, 1).clone().requiresGrad_(true);
                }
            };
            changed |= t != x;
            leaves[i] = t;
        }
        if (!changed && layout != Layout.CONTIGUOUS) return null;
        long[][] shapes = new long[sample.length][];
        for (int i = 0; i < sample.length; i++) if (sample[i] != null) shapes[i] = sample[i].shapeArray();
        Function<Tensor[], Tensor[]> toOp = in -> {
            Tensor[] r = in.clone();
            for (int i = 0; i < r.length; i++) if (expandDim[i] >= 0) r[i] = r[i].expand(shapes[i]);
            return r;
        };
        return new Prepared(leaves, toOp);
    }

    private static int firstNonUnitDim(Tensor x) {
        long[] s = x.shapeArray();
        for (int d = 0; d < s.length; d++) if (s[d] > 1) return d;
        return -1;
    }

    /** A new leaf with x's shape and values laid out with {@code strides} in a buffer {@code spread} times larger. */
    private static Tensor relaidOut(Tensor x, long[] strides, int spread) {
        Tensor buf = Torch.zeros(Torch.shape(x.numel() * spread), Torch.dtype(x.dtype()));
        Tensor t = buf.asStrided(x.shapeArray(), strides, 0);
        try (var g = Torch.noGrad()) {
            t.copy_(x);
        }
        return t.requiresGrad_(true);
    }

    /** Strides of a layout whose last two dims are swapped in memory (as {@code y.transpose(-1, -2)} of a contiguous y). */
    private static long[] transposedStrides(long[] shape) {
        int n = shape.length;
        long[] swapped = shape.clone();
        swapped[n - 1] = shape[n - 2];
        swapped[n - 2] = shape[n - 1];
        long[] st = Shapes.contiguousStrides(swapped);
        long tmp = st[n - 1];
        st[n - 1] = st[n - 2];
        st[n - 2] = tmp;
        return st;
    }

    private static long[] steppedStrides(long[] shape) {
        long[] st = Shapes.contiguousStrides(shape);
        for (int i = 0; i < st.length; i++) st[i] *= 2;
        return st;
    }


    // ------------------------------------------------------------------------------------------- sample values

    /** Sample values come from one seeded generator, so every run checks the same points. */
    static final Generator GEN = new Generator().manualSeed(20240611);

    private static Tensor uniform(long[] shape, double lo, double hi) {
        return Torch.zeros(Torch.shape(shape), Torch.dtype(DType.FLOAT64)).uniform_(lo, hi, GEN);
    }

    /** Values in [lo, hi), requiring grad. */
    static Tensor in(double lo, double hi, long... shape) { return uniform(shape, lo, hi).requiresGrad_(true); }

    /** Values in [-1, 1), requiring grad. */
    static Tensor r(long... shape) { return uniform(shape, -1, 1).requiresGrad_(true); }

    /** Values in [0.5, 2), requiring grad (logs, roots, divisors, bases of real powers). */
    static Tensor pos(long... shape) { return uniform(shape, 0.5, 2).requiresGrad_(true); }

    /** Values with 0.3 <= |x| < 1.3, requiring grad (away from the kink of abs, relu, sign, ...). */
    static Tensor away0(long... shape) {
        Tensor mag = uniform(shape, 0.3, 1.3);
        Tensor sign = uniform(shape, -1, 1).sign();
        Tensor s = sign.where(sign.ne(0.0), 1.0);
        return mag.mul(s).requiresGrad_(true);
    }

    /** Values at least 0.1 away from every integer and half-integer, requiring grad (floor, round, remainder, ...). */
    static Tensor offGrid(long... shape) {
        Tensor whole = uniform(shape, -3, 3).floor();
        return whole.add(uniform(shape, 0.1, 0.4)).requiresGrad_(true);
    }

    /** A constant float64 tensor that does not require grad. */
    static Tensor constant(Tensor t) { return t.detach().clone(); }

    /** An int64 index tensor. */
    static Tensor idx(long[] values, long... shape) {
        return Torch.fromArray(values.clone()).reshape(shape.length == 0 ? new long[] {values.length} : shape);
    }

    /** A bool mask. */
    static Tensor mask(boolean[] values, long... shape) {
        return Torch.tensor(values).reshape(shape.length == 0 ? new long[] {values.length} : shape);
    }
}
