package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.FnNode;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.autograd.SavedTensor;

import java.util.function.Supplier;

/**
 * Derivatives of the reductions, scans and the softmax family, written with Tensor ops (so they are differentiable
 * again). Formulas and grad_fn names are PyTorch 2.x's ({@code tools/autograd/derivatives.yaml} and
 * {@code FunctionsManual.cpp}); each is recorded by its op in {@link Reductions} or {@link Sorting}.
 */
final class ReductionsGrad {
    private ReductionsGrad() {}

    /** Runs an op's forward without recording; the op records its own node around the result. */
    static <T> T untracked(Supplier<T> forward) {
        try (var g = GradMode.noGrad()) {
            return forward.get();
        }
    }

    /** The shape of a reduction's result with keepdim=true. */
    static long[] keptShape(Tensor t, boolean[] reduced) {
        long[] s = t.shapeArray();
        for (int d = 0; d < s.length; d++) if (reduced[d]) s[d] = 1;
        return s;
    }

    /** The reduced dims of a mask, as a dims argument (empty for a 0-d input: every dim). */
    private static long[] reducedDims(boolean[] reduced) {
        int n = 0;
        for (boolean b : reduced) if (b) n++;
        long[] dims = new long[n];
        for (int d = 0, k = 0; d < reduced.length; d++) if (reduced[d]) dims[k++] = d;
        return dims;
    }

    /** A reduction result (or its gradient) with the reduced dims put back as size 1 (PyTorch's unsqueeze_multiple). */
    private static Tensor unreduce(Tensor r, long[] kept, boolean keepdim) {
        return keepdim ? r : r.reshape(kept);
    }

    private static Tensor scalarLike(double v, Tensor like) {
        return Creation.full(new long[0], v, like.dtype(), like.device());
    }

    // ---------------------------------------------------------------- sum, mean, prod

    /**
     * Records a reduction whose gradient is the output gradient spread back over the reduced elements, times
     * {@code scale} (sum: 1, mean: 1/count).
     */
    static Tensor broadcastBack(String name, Tensor t, boolean[] reduced, boolean keepdim, Tensor r, double scale) {
        if (!r.dtype().isFloatingPoint()) return r;
        long[] kept = keptShape(t, reduced);
        long[] in = t.shapeArray();
        return Graph.node(name, t).backward(g -> {
            Tensor spread = unreduce(g[0], kept, keepdim).expand(in);
            return new Tensor[] {scale == 1.0 ? spread : spread.mul(scale)};
        }).output(r);
    }

    /** Records {@code r = prod(t)} (dim null) or {@code prod(t, dim, keepdim)}. */
    static Tensor prod(Tensor t, Integer dim, boolean keepdim, Tensor r) {
        if (!r.dtype().isFloatingPoint()) return r;
        FnNode n = Graph.node(dim == null ? "ProdBackward0" : "ProdBackward1", t);
        SavedTensor st = n.save(t), sr = n.save(r);
        DType dt = r.dtype();
        return n.backward(g -> new Tensor[] {prodBackward(g[0], st.get().to(dt), sr.get(), dim, keepdim)}).output(r);
    }

    /**
     * PyTorch's prod_backward: {@code grad * result / x} when no element is zero; otherwise the product of all
     * other elements, as exclusive prefix times exclusive suffix products (exact with zeros, to any order). Over all
     * elements with two or more zeros and no graph being built, every gradient is zero.
     */
    private static Tensor prodBackward(Tensor g, Tensor x, Tensor result, Integer dim, boolean keepdim) {
        if (x.dim() == 0) return g;
        Tensor isZero = x.eq(0L);
        if (dim == null) {
            if (!isZero.any().itemBool()) return g.mul(result.div(x));
            if (!GradMode.isEnabled() && isZero.sum().itemLong() > 1) return Creation.full(x.shapeArray(), 0, g.dtype(), g.device());
            return prodSafeZeros(g, x.reshape(-1), 0).reshape(x.shapeArray());
        }
        int d = dim;
        if (!keepdim) {
            g = g.unsqueeze(d);
            result = result.unsqueeze(d);
        }
        if (!isZero.any().itemBool()) return g.mul(result.div(x));
        return prodSafeZeros(g, x, d);
    }

    private static Tensor prodSafeZeros(Tensor g, Tensor x, int d) {
        if (x.numel() == 0) return g.expand(x.shapeArray());
        Tensor before = exclusiveCumprod(x, d);
        Tensor after = flip(exclusiveCumprod(flip(x, d), d), d);
        return g.mul(before.mul(after));
    }

    /** {@code cumprod(cat(ones, x[:-1]), d)}: the product of the elements before each position. */
    private static Tensor exclusiveCumprod(Tensor x, int d) {
        long n = x.size(d);
        long[] oneShape = x.shapeArray();
        oneShape[d] = 1;
        Tensor ones = Creation.full(oneShape, 1, x.dtype(), x.device());
        return Joining.cat(java.util.List.of(ones, x.narrow(d, 0, n - 1)), d).cumprod(d);
    }

    /** {@code t.flip(d)}, as an index_select so that it is recorded (and differentiable to any order). */
    static Tensor flip(Tensor t, int d) {
        if (t.dim() == 0 || t.size(d) <= 1) return t;
        long n = t.size(d);
        return t.indexSelect(d, Creation.arangeLong(n - 1, -1, -1, DType.INT64, t.device()));
    }

    // ---------------------------------------------------------------- max, min, amax, amin, sort, topk

    /**
     * Records {@code max()} / {@code min()} over all elements (MaxBackward1 / MinBackward1): the gradient is
     * shared evenly among the elements equal to the result (NaN counts as equal to a NaN result), as PyTorch 2.x's
     * evenly_distribute_backward.
     */
    static Tensor evenlyDistributed(String name, Tensor t, Tensor r) {
        if (!r.dtype().isFloatingPoint()) return r;
        FnNode n = Graph.node(name, t);
        SavedTensor st = n.save(t), sr = n.save(r);
        return n.backward(g -> {
            Tensor x = st.get(), v = sr.get();
            Tensor mask = v.isnan().itemBool() ? x.isnan() : x.eq(v);
            return new Tensor[] {mask.mul(g[0].div(mask.sum()))};
        }).output(r);
    }

    /**
     * Records an op whose values were picked from {@code t} at {@code indices} along dim d (max/min over a dim,
     * sort, topk): the gradient goes back to the picked places, zero elsewhere (value_selecting_reduction_backward).
     */
    static Tensor valueSelecting(String name, Tensor t, int d, boolean keepdim, Tensor values, Tensor indices) {
        if (!values.dtype().isFloatingPoint()) return values;
        FnNode n = Graph.node(name, t);
        SavedTensor si = n.save(indices);
        long[] shape = t.shapeArray();
        return n.backward(g -> new Tensor[] {valueSelectingBackward(g[0], d, si.get(), shape, keepdim)}).output(values);
    }

    private static Tensor valueSelectingBackward(Tensor g, int d, Tensor indices, long[] shape, boolean keepdim) {
        Tensor zeros = Creation.full(shape, 0, g.dtype(), g.device());
        if (!keepdim && shape.length > 0) {
            g = g.unsqueeze(d);
            indices = indices.unsqueeze(d);
        }
        return Gathering.scatter(zeros, d, indices, g);
    }

    /** Records {@code amax}/{@code amin}: ties share the gradient evenly (scale_grad_by_count). */
    static Tensor amaxAmin(String name, Tensor t, boolean[] m, boolean keepdim, Tensor r) {
        if (!r.dtype().isFloatingPoint()) return r;
        FnNode n = Graph.node(name, t);
        SavedTensor st = n.save(t), sr = n.save(r);
        long[] kept = keptShape(t, m), dims = reducedDims(m);
        return n.backward(g -> {
            Tensor mask = unreduce(sr.get(), kept, keepdim).eq(st.get());
            return new Tensor[] {unreduce(g[0], kept, keepdim).div(mask.sum(dims, true)).mul(mask)};
        }).output(r);
    }

    // ---------------------------------------------------------------- var, std, logsumexp, norm

    /**
     * Records {@code var} (VarBackward0) or {@code std} (StdBackward0): {@code 2 / (n - c) * grad * (x - mean)};
     * std first divides by {@code 2 * std} (zero where std is zero). {@code all}: over every element.
     */
    static Tensor variance(boolean std, Tensor t, boolean all, boolean[] m, double correction, boolean keepdim, Tensor r) {
        FnNode n = Graph.node(std ? "StdBackward0" : "VarBackward0", t);
        SavedTensor st = n.save(t);
        SavedTensor sr = std ? n.save(r) : null;
        long[] kept = keptShape(t, m), dims = reducedDims(m);
        long count = Reductions.reducedCount(t, m);
        return n.backward(gs -> {
            Tensor g = gs[0];
            if (std) {
                Tensor res = sr.get();
                g = g.div(res.mul(2.0)).maskedFill(res.eq(0L), 0.0);
            }
            Tensor x = st.get();
            if (all) {
                double dof = count - correction;
                if (dof <= 0) {
                    // 2 / dof is infinite: NaN where x equals the mean (inf * 0), infinite elsewhere
                    Tensor nanOrInf = Elementwise.where(x.eq(x.mean()), scalarLike(Double.NaN, x), scalarLike(Double.POSITIVE_INFINITY, x));
                    return new Tensor[] {g.mul(nanOrInf)};
                }
                return new Tensor[] {g.mul(2.0 / dof).mul(x.sub(x.mean()))};
            }
            return new Tensor[] {unreduce(g, kept, keepdim).mul(2.0 / (count - correction)).mul(x.sub(x.mean(dims, true)))};
        }).output(r);
    }

    /** Records {@code logsumexp}: {@code grad * exp(x - result)}. */
    static Tensor logsumexp(Tensor t, boolean[] m, boolean keepdim, Tensor r) {
        FnNode n = Graph.node("LogsumexpBackward0", t);
        SavedTensor st = n.save(t), sr = n.save(r);
        long[] kept = keptShape(t, m);
        return n.backward(g -> new Tensor[] {
                unreduce(g[0], kept, keepdim).mul(st.get().sub(unreduce(sr.get(), kept, keepdim)).exp())}).output(r);
    }

    /** Records the vector p-norm (LinalgVectorNormBackward0, as PyTorch 2.x routes {@code torch.norm}). */
    static Tensor norm(Tensor t, double p, boolean[] m, boolean keepdim, Tensor r) {
        FnNode n = Graph.node("LinalgVectorNormBackward0", t);
        SavedTensor st = n.save(t), sr = n.save(r);
        long[] kept = keptShape(t, m), dims = reducedDims(m);
        return n.backward(g -> new Tensor[] {
                normBackward(unreduce(g[0], kept, keepdim), st.get(), p, unreduce(sr.get(), kept, keepdim), dims)}).output(r);
    }

    /**
     * PyTorch's norm_backward: p = 0 has no gradient (null, as PyTorch's undefined one); p = 2 gives
     * {@code x / norm} with subgradient 0 where the norm is 0; p = +-inf shares the gradient among the elements
     * whose |x| attains the norm.
     */
    private static Tensor normBackward(Tensor g, Tensor x, double p, Tensor norm, long[] dims) {
        if (p == 0) return null;
        if (p == 1) return x.sign().mul(g);
        if (p == 2) return g.mul(x.div(norm).maskedFill(norm.eq(0L), 0.0));
        if (Double.isInfinite(p)) {
            Tensor ax = x.abs();
            Tensor mask = ax.eq(norm).logicalOr(ax.isnan());
            return x.sign().mul(g.div(mask.sum(dims, true)).mul(mask));
        }
        if (p < 1) {
            Tensor scaled = x.sign().mul(x.abs().pow(p - 1).maskedFill(x.eq(0L), 0.0));
            return scaled.mul(g).mul(norm.pow(1 - p));
        }
        Tensor scaled = p < 2 ? x.sign().mul(x.abs().pow(p - 1)) : x.mul(x.abs().pow(p - 2));
        Tensor scale = g.div(norm.pow(p - 1)).maskedFill(norm.eq(0L), 0.0);
        return scaled.mul(scale);
    }

    // ---------------------------------------------------------------- softmax, logSoftmax

    /**
     * Records {@code y = softmax(x, d)} (SoftmaxBackward0: {@code y * (grad - sum(grad * y))}) or
     * {@code y = log_softmax(x, d)} (LogSoftmaxBackward0: {@code grad - exp(y) * sum(grad)}), both in terms of y.
     */
    static Tensor softmax(Tensor x, int d, boolean log, Tensor y) {
        FnNode n = Graph.node(log ? "LogSoftmaxBackward0" : "SoftmaxBackward0", x);
        SavedTensor sy = n.save(y);
        long[] dim = {d};
        return n.backward(gs -> {
            Tensor g = gs[0], out = sy.get();
            if (!Graph.isRecording(g) && !Graph.isRecording(out)) { // create_graph needs the differentiable composition
                Tensor fused = Fused.softmaxBackward(g, out, d, log);
                if (fused != null) return new Tensor[] {fused};
            }
            if (log) return new Tensor[] {g.sub(out.exp().mul(g.sum(dim, true)))};
            Tensor gy = g.mul(out);
            return new Tensor[] {gy.sub(out.mul(gy.sum(dim, true)))};
        }).output(y);
    }

    // ---------------------------------------------------------------- cumsum, cumprod

    /** Records {@code cumsum} (CumsumBackward0): the gradient summed from the end (reversed cumsum). */
    static Tensor cumsum(Tensor t, int d, Tensor r) {
        if (!r.dtype().isFloatingPoint()) return r;
        return Graph.node("CumsumBackward0", t).backward(g -> new Tensor[] {reversedCumsum(g[0], d)}).output(r);
    }

    private static Tensor reversedCumsum(Tensor g, int d) {
        if (g.dim() == 0 || g.numel() <= 1 || g.size(d) == 1) return g;
        return flip(flip(g, d).cumsum(d), d);
    }

    /** Records {@code cumprod} (CumprodBackward0), exact when the input has zeros (PyTorch's cumprod_backward). */
    static Tensor cumprod(Tensor t, int d, Tensor r) {
        if (!r.dtype().isFloatingPoint()) return r;
        FnNode n = Graph.node("CumprodBackward0", t);
        SavedTensor st = n.save(t), sr = n.save(r);
        DType dt = r.dtype();
        return n.backward(g -> new Tensor[] {cumprodBackward(g[0], st.get().to(dt), d, sr.get())}).output(r);
    }

    /**
     * {@code dx_k = sum_{j >= k} g_j * prod_{i <= j, i != k} x_i}. Without zeros that is
     * {@code revcumsum(g * y)_k / x_k}. With zeros and no graph being built, an O(n) masked form (only elements up
     * to the first zero of a line get a gradient); when building a graph (double backward), the O(n^2) form whose
     * own derivative is right at the zeros too.
     */
    private static Tensor cumprodBackward(Tensor g, Tensor x, int d, Tensor y) {
        if (x.dim() == 0 || x.numel() <= 1 || x.size(d) == 1) return g;
        Tensor isZero = x.eq(0L);
        if (!isZero.any().itemBool()) return reversedCumsum(y.mul(g), d).div(x);
        if (GradMode.isEnabled()) return cumprodBackwardAnyOrder(g, x, d);
        long[] dim = {d};
        Tensor zerosSeen = isZero.cumsum(d);
        Tensor before = zerosSeen.eq(0L);                        // k < z1 (the first zero)
        Tensor notBefore = before.logicalNot();
        Tensor firstZero = isZero.logicalAnd(zerosSeen.eq(1L));  // k = z1
        Tensor between = zerosSeen.eq(1L).logicalAnd(firstZero.logicalNot()); // z1 < k < z2
        // k < z1: sum_{k <= j < z1} g_j y_j / x_k
        Tensor part1 = reversedCumsum(y.mul(g).maskedFill(notBefore, 0.0), d).div(x.maskedFill(notBefore, 1.0));
        // k = z1: prod_{i < z1} x_i * sum_{z1 <= j < z2} g_j prod_{z1 < i <= j} x_i
        Tensor prefix = x.maskedFill(notBefore, 1.0).prod(d, true);
        Tensor after = x.maskedFill(between.logicalNot(), 1.0).cumprod(d);
        Tensor part2 = prefix.mul(g.maskedFill(zerosSeen.ne(1L), 0.0).mul(after).sum(dim, true));
        Tensor zero = scalarLike(0, g);
        return Elementwise.where(before, part1, Elementwise.where(firstZero, part2, zero));
    }

    /** The O(n^2) cumprod gradient, one position k at a time, written with differentiable ops only. */
    private static Tensor cumprodBackwardAnyOrder(Tensor g, Tensor x, int d) {
        long n = x.size(d);
        long[] dim = {d};
        long[] maskShape = new long[x.dim()];
        java.util.Arrays.fill(maskShape, 1);
        maskShape[d] = n;
        Tensor positions = Creation.arangeLong(0, n, 1, DType.INT64, x.device()).view(maskShape);
        Tensor gradIn = null;
        for (long k = 0; k < n; k++) {
            // sum_{j >= k} g_j * prod_{i < k} x_i * prod_{k < i <= j} x_i
            Tensor term = g.narrow(d, k, 1);
            if (k + 1 < n) {
                Tensor later = x.narrow(d, k + 1, n - k - 1).cumprod(d);
                term = term.add(g.narrow(d, k + 1, n - k - 1).mul(later).sum(dim, true));
            }
            if (k > 0) term = term.mul(x.narrow(d, 0, k).prod(d, true));
            Tensor placed = positions.eq(k).mul(term);
            gradIn = gradIn == null ? placed : gradIn.add(placed);
        }
        return gradIn;
    }
}
