package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.ValuesIndices;
import dev.torch4j.backend.ReduceOp;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.Strided;
import dev.torch4j.core.Defaults;
import dev.torch4j.core.Shapes;

import static dev.torch4j.ops.ReductionsGrad.untracked;

/**
 * Reductions ({@code sum}, {@code mean}, {@code max}, {@code std}, {@code norm}, ...), cumulative scans and the
 * softmax family, with PyTorch's dtype rules and error messages. Dims are given as an array; null or empty means
 * every dim (as PyTorch's {@code dim=None} and {@code dim=()}); negative dims count from the end and a 0-d tensor
 * accepts dim 0 and -1. Everything is the backend's {@code reduce}/{@code scan} primitive or a composite of it
 * with elementwise ops, so a new backend gets the whole family from those two kernels.
 */
public final class Reductions {
    private Reductions() {}

    // ---------------------------------------------------------------- plumbing

    /** The dims to reduce as a mask over t's dims (all when dims is null or empty); checks range and duplicates. */
    static boolean[] mask(String op, Tensor t, long[] dims) {
        int nd = t.dim();
        boolean[] m = new boolean[nd];
        if (dims == null || dims.length == 0) {
            java.util.Arrays.fill(m, true);
            return m;
        }
        boolean[] seen = new boolean[Math.max(nd, 1)];
        for (long d : dims) {
            int w = Shapes.wrapDim(d, nd);
            if (seen[w]) throw new IllegalArgumentException(op + ": dim " + w + " appears multiple times in the list of dims");
            seen[w] = true;
            if (nd > 0) m[w] = true;
        }
        return m;
    }

    private static boolean allDims(long[] dims) { return dims == null || dims.length == 0; }

    /** Number of elements each output of a reduction folds. */
    static long reducedCount(Tensor t, boolean[] mask) {
        long n = 1;
        long[] s = t.shapeArray();
        for (int d = 0; d < s.length; d++) if (mask[d]) n *= s[d];
        return n;
    }

    /** Runs the backend reduction into a new tensor of dtype {@code outType}; reduced dims kept as size 1 or dropped. */
    static Tensor reduce(ReduceOp op, Tensor t, boolean[] mask, boolean keepdim, DType outType) {
        long[] keep = t.shapeArray();
        for (int d = 0; d < keep.length; d++) if (mask[d]) keep[d] = 1;
        Tensor out = Dispatch.empty(keep, outType, t.device());
        Dispatch.backend(t.device()).reduce(op, out.strided(), t.strided(), mask);
        return keepdim ? out : dropDims(out, mask);
    }

    /** A contiguous keepdim result viewed without its reduced (size-1) dims. */
    static Tensor dropDims(Tensor out, boolean[] mask) {
        long[] s = out.shapeArray();
        int n = 0;
        for (boolean b : mask) if (!b) n++;
        long[] shape = new long[n];
        for (int d = 0, k = 0; d < s.length; d++) if (!mask[d]) shape[k++] = s[d];
        return Tensor.wrap(out.storage(), shape, Shapes.contiguousStrides(shape), out.storageOffset());
    }

    /** PyTorch's errors for max/min/argmax-like reductions, which have no value over zero elements. */
    private static void checkNonEmpty(String op, Tensor t, boolean[] mask, boolean allDims, boolean arg) {
        if (t.numel() != 0) return;
        if (allDims) {
            if (arg) throw new IndexOutOfBoundsException(op + "(): Expected reduction dim to be specified for input.numel() == 0.");
            throw new IllegalArgumentException(op + "(): Expected reduction dim to be specified for input.numel() == 0. "
                    + "Specify the reduction dim with the 'dim' argument.");
        }
        long[] s = t.shapeArray();
        for (int d = 0; d < s.length; d++) {
            if (mask[d] && s[d] == 0) {
                throw new IndexOutOfBoundsException(op + "(): Expected reduction dim " + d + " to have non-zero size.");
            }
        }
    }

    private static boolean integralOrBool(DType t) { return !t.isFloatingPoint(); }

    /** A 0-d descriptor read as one element of a 1-d one, for kernels that work along a dim. */
    static Strided along(Tensor t) {
        Strided s = t.strided();
        return t.dim() > 0 ? s : s.as(new long[] {1}, new long[] {1});
    }

    // ---------------------------------------------------------------- sum, prod, mean

    /**
     * {@code torch.sum(t, dims, keepdim, dtype=dtype)}: bool and integer inputs sum to int64; with a dtype the
     * input is first cast to it.
     */
    public static Tensor sum(Tensor t, long[] dims, boolean keepdim, DType dtype) {
        if (t.isComplex() && dtype != null && !dtype.isComplex()) return sum(t.to(dtype), dims, keepdim, dtype); // cast first
        if (t.isComplex()) return ComplexReductions.sumOrMean(t, dims, keepdim, dtype, false);
        if (dtype == null && AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.REDUCE_FP32, a -> sum(a[0], dims, keepdim, null), t);
        }
        boolean[] m = mask("sum", t, dims);
        if (Graph.isRecording(t)) {
            Tensor r;
            try (var g = GradMode.noGrad()) {
                r = sum(t, dims, keepdim, dtype);
            }
            return ReductionsGrad.broadcastBack(dims == null ? "SumBackward0" : "SumBackward1", t, m, keepdim, r, 1.0);
        }
        Tensor x = dtype == null ? t : t.to(dtype);
        DType out = dtype != null ? dtype : integralOrBool(t.dtype()) ? DType.INT64 : t.dtype();
        return reduce(ReduceOp.SUM, x, m, keepdim, out);
    }

    /** {@code torch.prod} over every dim (dim null) or one dim; bool and integer inputs give int64. */
    public static Tensor prod(Tensor t, Long dim, boolean keepdim, DType dtype) {
        if (t.isComplex() && dtype != null && !dtype.isComplex()) return prod(t.to(dtype), dim, keepdim, dtype); // cast first
        if (t.isComplex()) return ComplexReductions.prod(t, dim, keepdim, dtype);
        if (dtype == null && AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.PROD, a -> prod(a[0], dim, keepdim, null), t);
        }
        boolean[] m = mask("prod", t, dim == null ? null : new long[] {dim});
        if (Graph.isRecording(t)) {
            Integer d = dim == null ? null : Shapes.wrapDim(dim, t.dim());
            return ReductionsGrad.prod(t, d, keepdim, untracked(() -> prod(t, dim, keepdim, dtype)));
        }
        Tensor x = dtype == null ? t : t.to(dtype);
        DType out = dtype != null ? dtype : integralOrBool(t.dtype()) ? DType.INT64 : t.dtype();
        return reduce(ReduceOp.PROD, x, m, keepdim, out);
    }

    /**
     * {@code torch.mean}: floating inputs only unless a floating dtype is given (PyTorch's rule); the mean of
     * zero elements is nan. Computed as PyTorch's CPU mean is, a sum divided by the count.
     */
    public static Tensor mean(Tensor t, long[] dims, boolean keepdim, DType dtype) {
        if (t.isComplex() && dtype != null && !dtype.isComplex()) return mean(t.to(dtype), dims, keepdim, dtype); // cast first
        if (t.isComplex()) return ComplexReductions.sumOrMean(t, dims, keepdim, dtype, true);
        if (dtype == null && !t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("mean(): could not infer output dtype. Input dtype must be either a floating point or "
                    + "complex dtype. Got: " + t.dtype().scalarTypeName());
        }
        if (dtype != null && !dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("mean(): could not infer output dtype. Optional dtype must be either a floating point "
                    + "or complex dtype. Got: " + dtype.scalarTypeName());
        }
        boolean[] m = mask("mean", t, dims);
        if (Graph.isRecording(t)) {
            Tensor r;
            try (var g = GradMode.noGrad()) {
                r = mean(t, dims, keepdim, dtype);
            }
            return ReductionsGrad.broadcastBack(dims == null ? "MeanBackward0" : "MeanBackward1", t, m, keepdim, r,
                    1.0 / reducedCount(t, m));
        }
        Tensor x = dtype == null ? t : t.to(dtype);
        return reduce(ReduceOp.SUM, x, m, keepdim, x.dtype()).div_((double) reducedCount(t, m));
    }

    // ---------------------------------------------------------------- max, min, argmax, argmin

    /** The largest element as a 0-d tensor (NaN if any element is NaN). */
    public static Tensor max(Tensor t) { return extreme("max", ReduceOp.MAX, t); }

    /** The smallest element as a 0-d tensor (NaN if any element is NaN). */
    public static Tensor min(Tensor t) { return extreme("min", ReduceOp.MIN, t); }

    private static Tensor extreme(String name, ReduceOp op, Tensor t) {
        boolean[] m = mask(name, t, null);
        checkNonEmpty(name, t, m, true, false);
        if (Graph.isRecording(t)) {
            String node = op == ReduceOp.MAX ? "MaxBackward1" : "MinBackward1";
            return ReductionsGrad.evenlyDistributed(node, t, untracked(() -> reduce(op, t, m, false, t.dtype())));
        }
        return reduce(op, t, m, false, t.dtype());
    }

    /** {@code torch.max(t, dim, keepdim)}: the largest values along dim and the index of their first occurrence. */
    public static ValuesIndices max(Tensor t, long dim, boolean keepdim) {
        return extremeAlong("max", ReduceOp.MAX, ReduceOp.ARGMAX, t, dim, keepdim);
    }

    /** {@code torch.min(t, dim, keepdim)}: the smallest values along dim and the index of their first occurrence. */
    public static ValuesIndices min(Tensor t, long dim, boolean keepdim) {
        return extremeAlong("min", ReduceOp.MIN, ReduceOp.ARGMIN, t, dim, keepdim);
    }

    private static ValuesIndices extremeAlong(String name, ReduceOp op, ReduceOp arg, Tensor t, long dim, boolean keepdim) {
        boolean[] m = mask(name, t, new long[] {dim});
        checkNonEmpty(name, t, m, false, false);
        // One pass over the input: the values are the elements at the indices (as PyTorch's fused kernel returns
        // them: a NaN where the index is the first NaN's, the first of equal extremes such as -0.0 before 0.0),
        // gathered from t instead of reduced a second time.
        Tensor idx = reduce(arg, t, m, true, DType.INT64);
        Tensor indices = keepdim ? idx : dropDims(idx, m);
        int d = Shapes.wrapDim(dim, t.dim());
        Tensor values = untracked(() -> {
            Tensor v = Gathering.gather(t, t.dim() == 0 ? 0 : d, idx);
            return keepdim ? v : dropDims(v, m);
        });
        if (Graph.isRecording(t)) {
            String node = op == ReduceOp.MAX ? "MaxBackward0" : "MinBackward0";
            return new ValuesIndices(ReductionsGrad.valueSelecting(node, t, d, keepdim, values, indices), indices);
        }
        return new ValuesIndices(values, indices);
    }

    /** {@code torch.amax(t, dims, keepdim)}: the largest values over dims (all when empty), NaN propagating. */
    public static Tensor amax(Tensor t, long[] dims, boolean keepdim) { return extremeOver("amax", ReduceOp.MAX, t, dims, keepdim); }

    /** {@code torch.amin(t, dims, keepdim)}. */
    public static Tensor amin(Tensor t, long[] dims, boolean keepdim) { return extremeOver("amin", ReduceOp.MIN, t, dims, keepdim); }

    private static Tensor extremeOver(String name, ReduceOp op, Tensor t, long[] dims, boolean keepdim) {
        boolean[] m = mask(name, t, dims);
        checkNonEmpty(name, t, m, allDims(dims), false);
        if (Graph.isRecording(t)) {
            String node = op == ReduceOp.MAX ? "AmaxBackward0" : "AminBackward0";
            return ReductionsGrad.amaxAmin(node, t, m, keepdim, untracked(() -> reduce(op, t, m, keepdim, t.dtype())));
        }
        return reduce(op, t, m, keepdim, t.dtype());
    }

    /**
     * {@code torch.argmax(t, dim, keepdim)}: int64 index of the first largest element along dim, or in the
     * flattened tensor when dim is null (then keepdim keeps every dim as size 1). NaN counts as the largest.
     */
    public static Tensor argmax(Tensor t, Long dim, boolean keepdim) { return arg("argmax", ReduceOp.ARGMAX, t, dim, keepdim); }

    /** {@code torch.argmin(t, dim, keepdim)}; NaN counts as the smallest. */
    public static Tensor argmin(Tensor t, Long dim, boolean keepdim) { return arg("argmin", ReduceOp.ARGMIN, t, dim, keepdim); }

    private static Tensor arg(String name, ReduceOp op, Tensor t, Long dim, boolean keepdim) {
        boolean[] m = mask(name, t, dim == null ? null : new long[] {dim});
        if (t.dtype() == DType.BOOL) throw new IllegalArgumentException("\"" + name + "_cpu\" not implemented for 'Bool'");
        checkNonEmpty(name, t, m, dim == null, true);
        return reduce(op, t, m, keepdim, DType.INT64);
    }

    // ---------------------------------------------------------------- var, std, logsumexp

    /**
     * {@code torch.var(t, dims, correction=c, keepdim)}: the sum of squared deviations divided by
     * {@code max(0, n - c)} (PyTorch 2.x); {@code c = 1} is Bessel's correction. Floating inputs only.
     */
    public static Tensor var(Tensor t, long[] dims, double correction, boolean keepdim) {
        // complex: the variances of the two parts added, a real result (PyTorch's E|z - mean|^2)
        if (t.isComplex()) return var(t.real(), dims, correction, keepdim).add(var(t.imag(), dims, correction, keepdim));
        if (Graph.isRecording(t)) {
            return ReductionsGrad.variance(false, t, allDims(dims) || t.dim() == 0, mask("var", t, dims), correction, keepdim,
                    untracked(() -> var(t, dims, correction, keepdim)));
        }
        return variance("var", t, dims, correction, keepdim, false);
    }

    /** {@code torch.std}: the square root of {@link #var}. */
    public static Tensor std(Tensor t, long[] dims, double correction, boolean keepdim) {
        if (t.isComplex()) {
            // sqrt of the variance, whose gradient is 0 where the variance is 0 (PyTorch masks std_backward there;
            // sqrt's own derivative would give inf * 0 = NaN)
            Tensor v = var(t, dims, correction, keepdim), zero = v.eq(0);
            return v.where(zero.logicalNot(), 1.0).sqrt().where(zero.logicalNot(), 0.0);
        }
        if (Graph.isRecording(t)) {
            return ReductionsGrad.variance(true, t, allDims(dims) || t.dim() == 0, mask("std", t, dims), correction, keepdim,
                    untracked(() -> std(t, dims, correction, keepdim)));
        }
        return variance("std", t, dims, correction, keepdim, true);
    }

    /** The variance, or with {@code sqrt} the standard deviation (the root taken before any rounding to t's dtype). */
    private static Tensor variance(String name, Tensor t, long[] dims, double correction, boolean keepdim, boolean sqrt) {
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(name + "(): std and var only support floating point and complex dtypes. Got "
                    + t.dtype().scalarTypeName());
        }
        Tensor kernel = varianceKernel(name, t, dims, correction, keepdim, sqrt);
        if (kernel != null) return kernel;
        // float32 and narrower in float64, rounded once at the end, as PyTorch's CPU kernel accumulates in double:
        // squared deviations of 1e30 overflow float32
        if (t.dtype() != DType.FLOAT64) return variance(name, t.to(DType.FLOAT64), dims, correction, keepdim, sqrt).to(t.dtype());
        boolean[] m = mask(name, t, dims);
        long n = reducedCount(t, m);
        // two passes (mean, then squared deviations): stable where the one-pass sum-of-squares formula cancels
        Tensor mu = reduce(ReduceOp.SUM, t, m, true, t.dtype()).div_((double) n);
        Tensor dev = t.sub(mu);
        Tensor ss = reduce(ReduceOp.SUM, dev.mul_(dev), m, keepdim, t.dtype());
        Tensor v = ss.div_(Math.max(0, n - correction));
        return sqrt ? v.sqrt_() : v;
    }

    /**
     * The backend's kernel ({@code Backend.variance}) over t seen as {@code [outer, n, inner]}: directly when t is
     * contiguous and its reduced dims are adjacent, else over a copy with the reduced dims moved last. Null when the
     * backend has no kernel for t.
     */
    private static Tensor varianceKernel(String name, Tensor t, long[] dims, double correction, boolean keepdim, boolean sqrt) {
        // the CPU is the backend with the kernel (a CUDA one would spare the copy below too)
        if ((t.dtype() != DType.FLOAT32 && t.dtype() != DType.FLOAT64) || t.numel() == 0 || !t.device().isCpu()) return null;
        boolean[] m = mask(name, t, dims);
        int nd = t.dim(), first = -1, last = -1;
        long[] keep = t.shapeArray();
        long n = 1;
        for (int d = 0; d < nd; d++) {
            if (m[d]) {
                if (first < 0) first = d;
                last = d;
                n *= keep[d];
                keep[d] = 1;
            }
        }
        boolean adjacent = true;
        for (int d = first; d <= last && first >= 0; d++) adjacent &= m[d] || t.size(d) == 1;
        Tensor x = t;
        long outer = 1, inner = 1;
        if (first < 0) {
            outer = t.numel();   // no dim reduced (a 0-d tensor): each element alone
        } else if (adjacent && t.isContiguous()) {
            for (int d = 0; d < first; d++) outer *= t.size(d);
            for (int d = last + 1; d < nd; d++) inner *= t.size(d);
        } else {
            long[] perm = new long[nd];
            int k = 0;
            for (int d = 0; d < nd; d++) if (!m[d]) perm[k++] = d;
            for (int d = 0; d < nd; d++) if (m[d]) perm[k++] = d;
            x = t.permute(perm).contiguous();
            outer = t.numel() / n;
        }
        Storage s = Dispatch.backend(t.device()).variance(x.strided().as(new long[] {outer, n, inner}, new long[] {n * inner, inner, 1}),
                correction, sqrt);
        if (s == null) return null;
        Tensor out = Tensor.wrap(s, keep, Shapes.contiguousStrides(keep), 0);
        return keepdim ? out : dropDims(out, m);
    }

    /**
     * {@code torch.logsumexp(t, dims, keepdim)}, stable: the max is subtracted before exponentiating (and an
     * infinite max is not, so all -inf gives -inf and any +inf gives +inf). Integer and bool inputs are promoted to
     * the default float dtype.
     */
    public static Tensor logsumexp(Tensor t, long[] dims, boolean keepdim) {
        if (AutocastMode.active()) return AutocastMode.apply(AutocastMode.Op.LOGSUMEXP, a -> logsumexp(a[0], dims, keepdim), t);
        boolean[] m = mask("logsumexp", t, dims);
        if (t.isComplex()) return complexLogsumexp(t, m, keepdim);
        if (Graph.isRecording(t)) return ReductionsGrad.logsumexp(t, m, keepdim, untracked(() -> logsumexp(t, dims, keepdim)));
        Tensor x = t.dtype().isFloatingPoint() ? t : t.to(Defaults.floatDType());
        if (x.numel() == 0) return reduce(ReduceOp.SUM, x.exp(), m, keepdim, x.dtype()).log_();
        Tensor mx = reduce(ReduceOp.MAX, x, m, true, x.dtype());
        mx = mx.maskedFill(mx.isinf(), 0.0);
        Tensor s = reduce(ReduceOp.SUM, x.sub(mx).exp_(), m, keepdim, x.dtype()).log_();
        return s.add_(keepdim ? mx : dropDims(mx, m));
    }

    /**
     * PyTorch 2.x's complex logsumexp: the max of the real parts is taken out (0 where infinite), so the result is
     * {@code log(sum(exp(z - m))) + m}, complex. Composed of differentiable ops.
     */
    private static Tensor complexLogsumexp(Tensor t, boolean[] m, boolean keepdim) {
        if (t.numel() == 0) return t.exp().sum(dimsOf(m), keepdim).log();   // log 0: -inf (no max to take out)
        Tensor mx;
        try (var g = dev.torch4j.autograd.GradMode.noGrad()) {
            mx = reduce(ReduceOp.MAX, t.real(), m, true, t.dtype().toReal());
            mx = mx.maskedFill(mx.isinf(), 0.0);
        }
        Tensor s = t.sub(mx).exp().sum(dimsOf(m), keepdim).log();
        return s.add(keepdim ? mx : dropDims(mx, m));
    }

    private static long[] dimsOf(boolean[] m) {
        return java.util.stream.IntStream.range(0, m.length).filter(i -> m[i]).asLongStream().toArray();
    }

    // ---------------------------------------------------------------- all, any, countNonzero, norm

    /** {@code torch.all(t, dims, keepdim)}: bool result (uint8 for uint8 input, as PyTorch). */
    public static Tensor all(Tensor t, long[] dims, boolean keepdim) {
        if (t.isComplex()) t = ComplexOps.nonzero(t);   // the truth values
        boolean[] m = mask("all", t, dims);
        return reduce(ReduceOp.ALL, t, m, keepdim, t.dtype() == DType.UINT8 ? DType.UINT8 : DType.BOOL);
    }

    /** {@code torch.any(t, dims, keepdim)}: bool result (uint8 for uint8 input). */
    public static Tensor any(Tensor t, long[] dims, boolean keepdim) {
        if (t.isComplex()) t = ComplexOps.nonzero(t);
        boolean[] m = mask("any", t, dims);
        return reduce(ReduceOp.ANY, t, m, keepdim, t.dtype() == DType.UINT8 ? DType.UINT8 : DType.BOOL);
    }

    /** {@code torch.count_nonzero(t, dims)}: int64 counts of nonzero (and NaN) elements. */
    public static Tensor countNonzero(Tensor t, long[] dims) {
        boolean[] m = mask("count_nonzero", t, dims);
        return reduce(ReduceOp.SUM, t.ne(0L), m, false, DType.INT64);
    }

    /**
     * {@code torch.norm(t, p, dims, keepdim)}, the vector p-norm over dims (all when empty; p = 2 over all dims is
     * the Frobenius norm): {@code sum(|x|^p)^(1/p)}, max |x| for p = inf, min |x| for p = -inf, the count of
     * nonzeros for p = 0. Floating inputs only. PyTorch 2.x routes {@code torch.norm} to
     * {@code linalg.vector_norm}, whose errors (and refusal of inf and negative orders over an empty dim) this
     * follows; 1.13 returned 0 there.
     */
    public static Tensor norm(Tensor t, double p, long[] dims, boolean keepdim) {
        if (AutocastMode.active()) return AutocastMode.apply(AutocastMode.Op.NORM, a -> norm(a[0], p, dims, keepdim), t);
        if (t.isComplex()) return ComplexReductions.norm(t, p, dims, keepdim);
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("linalg.vector_norm: Expected a floating point or complex tensor as input. Got "
                    + t.dtype().scalarTypeName());
        }
        boolean[] m = mask("norm", t, dims);
        if (p < 0 || p == Double.POSITIVE_INFINITY) {
            long[] s = t.shapeArray();
            for (int d = 0; d < s.length; d++) {
                if (!m[d] || s[d] != 0) continue;
                if (allDims(dims)) {
                    throw new IllegalArgumentException("linalg.vector_norm cannot compute the " + order(p)
                            + " norm on an empty tensor because the operation does not have an identity");
                }
                throw new IllegalArgumentException("linalg.vector_norm cannot compute the " + order(p) + " norm on the dimension " + d
                        + " because this dimension is empty and the operation does not have an identity");
            }
        }
        if (Graph.isRecording(t)) return ReductionsGrad.norm(t, p, m, keepdim, untracked(() -> norm(t, p, dims, keepdim)));
        DType dt = t.dtype();
        if (p == 2) return reduce(ReduceOp.SUM, t.square(), m, keepdim, dt).sqrt_();
        if (p == 1) return reduce(ReduceOp.SUM, t.abs(), m, keepdim, dt);
        if (p == Double.POSITIVE_INFINITY) return reduce(ReduceOp.MAX, t.abs(), m, keepdim, dt);
        if (p == Double.NEGATIVE_INFINITY) return reduce(ReduceOp.MIN, t.abs(), m, keepdim, dt);
        if (p == 0) return reduce(ReduceOp.SUM, t.ne(0L), m, keepdim, DType.INT64).to(dt);
        return reduce(ReduceOp.SUM, t.abs().pow_(p), m, keepdim, dt).pow_(1.0 / p);
    }

    /** An order as PyTorch prints a Scalar in messages: {@code inf}, {@code -1}, {@code 0.5}. */
    private static String order(double p) {
        if (Double.isInfinite(p)) return p > 0 ? "inf" : "-inf";
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }

    // ---------------------------------------------------------------- softmax, logSoftmax

    /**
     * {@code torch.softmax(t, dim, dtype)}: {@code exp(x - max) / sum(exp(x - max))} along dim, stable for large
     * inputs. With a dtype the input is cast first; otherwise it must be floating (PyTorch's rule).
     */
    public static Tensor softmax(Tensor t, long dim, DType dtype) {
        if (dtype == null && AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.REDUCE_FP32, a -> softmax(a[0], dim, null), t);
        }
        return softmaxFamily("softmax", t, dim, dtype, false);
    }

    /** {@code torch.log_softmax(t, dim, dtype)}: {@code x - max - log(sum(exp(x - max)))}, stable. */
    public static Tensor logSoftmax(Tensor t, long dim, DType dtype) {
        if (dtype == null && AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.REDUCE_FP32, a -> logSoftmax(a[0], dim, null), t);
        }
        return softmaxFamily("log_softmax", t, dim, dtype, true);
    }

    private static Tensor softmaxFamily(String name, Tensor t, long dim, DType dtype, boolean log) {
        int d = Shapes.wrapDim(dim, t.dim());
        Tensor x = dtype == null ? t : t.to(dtype);
        if (!x.dtype().isFloatingPoint()) {
            // PyTorch's kernel names (1.13 names the non-last-dim log_softmax kernel "softmax_kernel_impl" too)
            String kernel = d == Math.max(t.dim(), 1) - 1 ? name + "_lastdim_kernel_impl" : "softmax_kernel_impl";
            throw new IllegalArgumentException("\"" + kernel + "\" not implemented for '" + x.dtype().scalarTypeName() + "'");
        }
        if (Graph.isRecording(x)) return ReductionsGrad.softmax(x, d, log, untracked(() -> softmaxFamily(name, x, d, null, log)));
        if (x.numel() == 0) return x == t ? x.clone() : x;
        boolean[] m = mask(name, x, new long[] {d});
        Tensor fused = Fused.softmax(x, d, log);
        if (fused != null) return fused;
        Tensor y = x.sub(reduce(ReduceOp.MAX, x, m, true, x.dtype()));
        if (log) return y.sub_(reduce(ReduceOp.SUM, y.exp(), m, true, x.dtype()).log_());
        y.exp_();
        return y.div_(reduce(ReduceOp.SUM, y, m, true, x.dtype()));
    }

    // ---------------------------------------------------------------- cumsum, cumprod

    /** {@code torch.cumsum(t, dim, dtype)}: bool and integer inputs give int64; with a dtype the input is cast first. */
    public static Tensor cumsum(Tensor t, long dim, DType dtype) {
        if (t.isComplex() && dtype != null && !dtype.isComplex()) return cumsum(t.to(dtype), dim, dtype); // cast first
        if (t.isComplex() || dtype != null && dtype.isComplex()) {
            // complex: the running sums of the two parts, on the real view (composed, so differentiable)
            Tensor x = dtype == null ? t : t.to(dtype);
            if (x.dim() == 0) {
                Shapes.wrapDim("cumsum", dim, 1);
                return ComplexOps.clone(x);
            }
            return ComplexOps.complexResult(cumsum(x.viewAsReal(), Shapes.wrapDim(dim, x.dim()), null));
        }
        if (dtype == null && AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.REDUCE_FP32, a -> cumsum(a[0], dim, null), t);
        }
        if (dtype == DType.BOOL) throw new IllegalArgumentException("\"cumsum_out_cpu\" not implemented for 'Bool'");
        if (Graph.isRecording(t)) return ReductionsGrad.cumsum(t, Shapes.wrapDim(dim, t.dim()), untracked(() -> cumsum(t, dim, dtype)));
        return scan(ReduceOp.SUM, t, dim, dtype);
    }

    /** {@code torch.cumprod(t, dim, dtype)}. */
    public static Tensor cumprod(Tensor t, long dim, DType dtype) {
        if (t.isComplex() || dtype != null && dtype.isComplex()) return complexCumprod(dtype == null ? t : t.to(dtype), dim);
        if (dtype == null && AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.REDUCE_FP32, a -> cumprod(a[0], dim, null), t);
        }
        if (Graph.isRecording(t)) return ReductionsGrad.cumprod(t, Shapes.wrapDim(dim, t.dim()), untracked(() -> cumprod(t, dim, dtype)));
        return scan(ReduceOp.PROD, t, dim, dtype);
    }

    /**
     * Complex running products as a Hillis-Steele scan of complex multiplications (log2(n) rounds, each multiplying
     * every element by the one 2^k before it): composed of differentiable ops, so zeros need no special case. The
     * rounding differs from PyTorch's sequential product in the last bits.
     */
    private static Tensor complexCumprod(Tensor t, long dim) {
        if (t.dim() == 0) return t.clone();
        int d = Shapes.wrapDim(dim, t.dim());
        long n = t.size(d);
        Tensor y = t;
        for (long k = 1; k < n; k *= 2) {
            y = Torch.cat(new Tensor[] {y.narrow(d, 0, k), y.narrow(d, k, n - k).mul(y.narrow(d, 0, n - k))}, d);
        }
        return y == t ? t.clone() : y;
    }

    private static Tensor scan(ReduceOp op, Tensor t, long dim, DType dtype) {
        int d = Shapes.wrapDim(dim, t.dim());
        Tensor x = dtype == null ? t : t.to(dtype);
        DType out = dtype != null ? dtype : integralOrBool(t.dtype()) ? DType.INT64 : t.dtype();
        Tensor r = Dispatch.empty(t.shapeArray(), out, t.device());
        Dispatch.backend(t.device()).scan(op, along(r), along(x), d);
        return r;
    }
}
