package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;

import java.util.List;

/**
 * Numeric functions composed of other ops: {@code frexp}, {@code ldexp}, {@code nextafter}, {@code isin},
 * {@code gradient} and {@code histogram}. Each is built from elementwise ops, so it runs on every backend, and
 * where PyTorch differentiates it the recorded ops give its derivative.
 */
public final class NumericShortcuts {
    private NumericShortcuts() {}

    /**
     * {@code torch.frexp(x)}: {mantissa, exponent} with {@code x = mantissa * 2^exponent}, |mantissa| in [0.5, 1)
     * (0 for 0; inf and NaN keep their value with exponent 0); exponent int32. The mantissa is x times an exact
     * power of two (the exponent found from log2 and corrected by one where log2 rounded across a power of two),
     * so its derivative is PyTorch's {@code grad / 2^exponent}.
     */
    public static Tensor[] frexp(Tensor x) {
        if (!x.isFloatingPoint()) throw new IllegalArgumentException("torch.frexp() only supports floating-point dtypes");
        Tensor e, half;
        Tensor finite = x.isfinite().logicalAnd(x.ne(0L));
        try (var g = GradMode.noGrad()) {
            Tensor ax = x.abs().maskedFill(finite.logicalNot(), 1.0);
            e = ax.log2().floor().add(1L);
            // 2^-e in two factors: 2^-e alone overflows for subnormal x
            half = e.div(2.0).floor();
            Tensor mm = ax.mul(half.neg().exp2()).mul(e.sub(half).neg().exp2());
            Tensor big = mm.ge(1.0), small = mm.lt(0.5);
            e = e.add(big.to(e.dtype())).sub(small.to(e.dtype())).maskedFill(finite.logicalNot(), 0.0);
            half = e.div(2.0).floor();
        }
        Tensor m = x.mul(half.neg().exp2()).mul(e.sub(half).neg().exp2());
        return new Tensor[] {m, e.to(DType.INT32)};
    }

    /** {@code torch.ldexp(x, other)}: {@code x * 2^other} (PyTorch's own composition; integers give floats). */
    public static Tensor ldexp(Tensor x, Tensor other) {
        DType dt = other.isFloatingPoint() ? other.dtype() : dev.torch4j.core.Defaults.floatDType();
        return x.mul(Creation.full(new long[0], 2.0, dt, other.device()).pow(other));
    }

    /**
     * {@code torch.nextafter(x, y)}: the next representable value after x towards y (float32 and float64): x plus or
     * minus the spacing of the floating-point numbers at x, which {@link #frexp} gives; y where x equals y, NaN where
     * either is NaN, the smallest subnormal away from 0, and the largest finite value next to an infinity.
     */
    public static Tensor nextafter(Tensor x, Tensor y) {
        DType dt = Elementwise.resultType(x, y);
        if (dt != DType.FLOAT32 && dt != DType.FLOAT64) throw Elementwise.notImplemented("nextafter", x.device(), dt);
        try (var g = GradMode.noGrad()) {
            Tensor a = x.to(dt), b = y.to(dt);
            long[] shape = dev.torch4j.core.Shapes.broadcast("nextafter", a.shapeArray(), b.shapeArray());
            a = a.expand(shape);
            b = b.expand(shape);
            int digits = dt == DType.FLOAT64 ? 53 : 24, minExp = dt == DType.FLOAT64 ? -1074 : -149;
            double max = dt == DType.FLOAT64 ? Double.MAX_VALUE : Float.MAX_VALUE;
            Tensor[] fe = frexp(a);
            Tensor e = fe[1].to(DType.INT64);
            Tensor up = b.gt(a), away = up.logicalAnd(a.gt(0.0)).logicalOr(up.logicalNot().logicalAnd(a.lt(0.0)));
            Tensor atPower = fe[0].abs().eq(0.5);
            // towards 0 from a power of two the spacing halves
            Tensor k = e.sub((long) digits).sub(away.logicalNot().logicalAnd(atPower).to(DType.INT64)).maximum(Creation.fullLong(new long[0], minExp, DType.INT64, a.device()));
            Tensor ulp = k.to(dt).exp2();
            Tensor step = ulp.mul(up.to(dt).mul(2.0).sub(1.0));
            Tensor r = a.add(step);
            Tensor tiny = Creation.full(new long[0], dt == DType.FLOAT64 ? Double.MIN_VALUE : Float.MIN_VALUE, dt, a.device());
            r = Elementwise.where(a.eq(0.0), Elementwise.where(up, tiny, tiny.neg()), r);
            Tensor inf = a.isinf();
            r = Elementwise.where(inf, a.sign().mul(max), r);
            r = Elementwise.where(a.eq(b), b, r);
            return Elementwise.where(a.isnan().logicalOr(b.isnan()), a.add(b), r);
        }
    }

    /**
     * {@code torch.isin(elements, test_elements, assume_unique, invert)}: whether each element occurs in
     * test_elements (both promoted to their common dtype; NaN is never found), by a sort of test_elements and a
     * binary search.
     */
    public static Tensor isin(Tensor elements, Tensor test, boolean assumeUnique, boolean invert) {
        DType dt = Elementwise.resultType(elements, test);
        Tensor r;
        try (var g = GradMode.noGrad()) {
            if (test.numel() == 0) {
                r = Creation.full(elements.shapeArray(), 0, DType.BOOL, elements.device());
            } else {
                Tensor sorted = test.to(dt).reshape(-1).sort().values();
                Tensor e = elements.to(dt).contiguous();
                Tensor pos = Counting.searchsorted(sorted, e.reshape(-1), false).minimum(Creation.fullLong(new long[0], sorted.numel() - 1, DType.INT64, e.device()));
                r = sorted.indexSelect(0, pos).eq(e.reshape(-1)).reshape(elements.shapeArray());
            }
        }
        return invert ? r.logicalNot() : r;
    }

    /** {@code torch.isreal(t)}: true where the imaginary part is 0 (everywhere for real tensors). */
    public static Tensor isreal(Tensor t) {
        if (!t.isComplex()) return Creation.full(t.shapeArray(), 1, DType.BOOL, t.device());
        return t.imag().eq(0.0);
    }

    // ---------------------------------------------------------------- gradient

    /**
     * {@code torch.gradient(input, spacing=..., dim=..., edge_order=...)} with uniform spacing per dim (one value per
     * dim of {@code dims}); PyTorch's formulas: central differences inside, one-sided ones of the edge order at the
     * ends.
     */
    public static Tensor[] gradient(Tensor t, double[] spacing, long[] dims, int edgeOrder) {
        int[] ds = gradientDims(t, dims, spacing.length, edgeOrder);
        Tensor[] out = new Tensor[ds.length];
        for (int i = 0; i < ds.length; i++) {
            int d = ds[i];
            double h = spacing[i];
            Tensor center = sl(t, d, 2, 0).sub(sl(t, d, 0, -2)).div(h);
            Tensor pre, app;
            if (edgeOrder == 1) {
                pre = sl(t, d, 1, 2).sub(sl(t, d, 0, 1)).div(h);
                app = sl(t, d, -1, 0).sub(sl(t, d, -2, -1)).div(h);
            } else {
                pre = sl(t, d, 0, 1).mul(-1.5).add(sl(t, d, 1, 2).mul(2L)).sub(sl(t, d, 2, 3).mul(0.5)).div(h);
                app = sl(t, d, -3, -2).mul(0.5).sub(sl(t, d, -2, -1).mul(2L)).add(sl(t, d, -1, 0).mul(1.5)).div(h);
            }
            out[i] = Joining.cat(List.of(pre, center.div(2L), app), d);
        }
        return out;
    }

    /** {@code torch.gradient(input, spacing=coordinates, ...)}: the sample coordinates along each dim (1-d tensors). */
    public static Tensor[] gradient(Tensor t, Tensor[] coordinates, long[] dims, int edgeOrder) {
        int[] ds = gradientDims(t, dims, coordinates.length, edgeOrder);
        Tensor[] out = new Tensor[ds.length];
        for (int i = 0; i < ds.length; i++) {
            int d = ds[i];
            Tensor c = coordinates[i];
            if (c.dim() != 1 || c.size(0) != t.size(d)) {
                throw new IllegalArgumentException("torch.gradient expected each tensor to be 1-dimensional and of size "
                        + t.size(d) + " (the size of dim " + d + "), but got a tensor of shape " + dev.torch4j.core.Shapes.str(c.shapeArray()));
            }
            long[] shape = new long[t.dim()];
            java.util.Arrays.fill(shape, 1);
            shape[d] = -1;
            Tensor dx = c.diff(), dx1 = dx.narrow(0, 0, dx.size(0) - 1), dx2 = dx.narrow(0, 1, dx.size(0) - 1);
            Tensor a = dx2.neg().div(dx1.mul(dx1.add(dx2))).reshape(shape);
            Tensor b = dx2.sub(dx1).div(dx1.mul(dx2)).reshape(shape);
            Tensor cc = dx1.div(dx2.mul(dx1.add(dx2))).reshape(shape);
            Tensor center = a.mul(sl(t, d, 0, -2)).add(b.mul(sl(t, d, 1, -1))).add(cc.mul(sl(t, d, 2, 0)));
            long n = dx.size(0);
            Tensor d0 = dx.select(0, 0), dl = dx.select(0, n - 1);
            Tensor pre, app;
            if (edgeOrder == 1) {
                pre = sl(t, d, 1, 2).sub(sl(t, d, 0, 1)).div(d0);
                app = sl(t, d, -1, 0).sub(sl(t, d, -2, -1)).div(dl);
            } else {
                Tensor d1 = dx.select(0, 1), dm = dx.select(0, n - 2);
                Tensor pa = d0.mul(2.0).add(d1).neg().div(d0.mul(d0.add(d1)));
                Tensor pb = d0.add(d1).div(d0.mul(d1));
                Tensor pc = d0.neg().div(d1.mul(d0.add(d1)));
                pre = pa.mul(sl(t, d, 0, 1)).add(pb.mul(sl(t, d, 1, 2))).add(pc.mul(sl(t, d, 2, 3)));
                Tensor aa = dl.div(dm.mul(dl.add(dm)));
                Tensor ab = dl.add(dm).neg().div(dl.mul(dm));
                Tensor ac = dl.mul(2.0).add(dm).div(dl.mul(dl.add(dm)));
                app = aa.mul(sl(t, d, -3, -2)).add(ab.mul(sl(t, d, -2, -1))).add(ac.mul(sl(t, d, -1, 0)));
            }
            out[i] = Joining.cat(List.of(pre, center, app), d);
        }
        return out;
    }

    private static int[] gradientDims(Tensor t, long[] dims, int spacings, int edgeOrder) {
        if (edgeOrder != 1 && edgeOrder != 2) throw new IllegalArgumentException("torch.gradient only supports edge_order=1 and edge_order=2.");
        int[] ds;
        if (dims == null) {
            ds = java.util.stream.IntStream.range(0, t.dim()).toArray();
        } else {
            ds = new int[dims.length];
            for (int i = 0; i < dims.length; i++) ds[i] = dev.torch4j.core.Shapes.wrapDim("torch.gradient", dims[i], t.dim());
        }
        if (spacings != ds.length) {
            throw new IllegalArgumentException(dims == null
                    ? "torch.gradient expected spacing to be unspecified, a scalar, or a list of length equal to 'self.dim() = "
                        + t.dim() + "', since dim argument was not given, but got a list of length " + spacings
                    : "torch.gradient expected spacing to be unspecified, a scalar or it's spacing and dim arguments to have the "
                        + "same length, but got a spacing argument of length " + spacings + " and a dim argument of length " + ds.length + ".");
        }
        for (int d : ds) {
            if (t.size(d) < edgeOrder + 1) {
                throw new IllegalArgumentException("torch.gradient expected each dimension size to be at least edge_order+1");
            }
        }
        return ds;
    }

    /** {@code t[..., start:end]} along d, Python's bounds (end 0: to the end). */
    private static Tensor sl(Tensor t, int d, long start, long end) {
        long n = t.size(d);
        long s = start < 0 ? start + n : start, e = end <= 0 ? end + n : end;
        return t.narrow(d, s, e - s);
    }

    // ---------------------------------------------------------------- histogram

    /**
     * {@code torch.histogram(input, bins, range, weight, density)}: {hist, bin_edges}; {@code bins} equal bins over
     * range (null: the data's min and max, widened by 0.5 each way if equal), the last bin closed. Not differentiable.
     */
    public static Tensor[] histogram(Tensor t, long bins, double[] range, Tensor weight, boolean density) {
        checkHistogram(t, weight);
        if (bins <= 0) throw new IllegalArgumentException("torch.histogram(): bins must be > 0, but got " + bins + " for dimension 0");
        double lo, hi;
        try (var g = GradMode.noGrad()) {
            Tensor flat = t.detach().reshape(-1);
            if (range != null) {
                lo = range[0];
                hi = range[1];
            } else if (flat.numel() > 0) {
                lo = flat.min().item();
                hi = flat.max().item();
            } else {
                lo = 0;
                hi = 0;
            }
            if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
                throw new IllegalArgumentException("torch.histogramdd: dimension 0's range [" + lo + ", " + hi + "] is not finite");
            }
            if (lo > hi) {
                throw new IllegalArgumentException("torch.histogramdd: min should not exceed max, but got min " + lo + " max " + hi + " for dimension 0");
            }
            if (lo == hi) {
                lo -= 0.5;
                hi += 0.5;
            }
            Tensor edges = Creation.linspace(lo, hi, bins + 1, t.dtype(), t.device());
            return new Tensor[] {count(flat, edges, weight, density), edges};
        }
    }

    /** {@code torch.histogram(input, bins=edges, weight, density)}: bins given by their (increasing) edges. */
    public static Tensor[] histogram(Tensor t, Tensor edges, Tensor weight, boolean density) {
        checkHistogram(t, weight);
        if (edges.dtype() != t.dtype()) {
            throw new IllegalArgumentException("torch.histogramdd: input tensor and bins tensors should have the same dtype, but got input "
                    + t.dtype().scalarTypeName() + " and bins " + edges.dtype().scalarTypeName());
        }
        if (edges.dim() != 1) throw new IllegalArgumentException("torch.histogramdd: bins tensor should have one dimension, but got " + edges.dim() + " dimensions in the bins tensor for dimension 0");
        if (edges.numel() < 1) throw new IllegalArgumentException("torch.histogramdd: bins tensor should have at least 1 element, but got " + edges.numel() + " elements for dimension 0");
        try (var g = GradMode.noGrad()) {
            return new Tensor[] {count(t.detach().reshape(-1), edges.detach(), weight, density), edges.detach().clone()};
        }
    }

    private static void checkHistogram(Tensor t, Tensor weight) {
        if (!t.isFloatingPoint()) {
            throw new IllegalArgumentException("\"histogramdd\" not implemented for '" + t.dtype().scalarTypeName() + "'");
        }
        if (weight != null && !java.util.Arrays.equals(weight.shapeArray(), t.shapeArray())) {
            throw new IllegalArgumentException("torch.histogramdd: if weight tensor is provided it should have the same shape as the input tensor excluding its innermost dimension, but got input with shape "
                    + dev.torch4j.core.Shapes.str(t.shapeArray()) + " and weight with shape " + dev.torch4j.core.Shapes.str(weight.shapeArray()));
        }
    }

    private static Tensor count(Tensor flat, Tensor edges, Tensor weight, boolean density) {
        long bins = Math.max(edges.numel() - 1, 0);
        Tensor hist = Creation.full(new long[] {bins}, 0, flat.dtype(), flat.device());
        if (bins == 0 || flat.numel() == 0) return density ? hist.div(hist.sum()) : hist;
        double lo = edges.select(0, 0).item(), hi = edges.select(0, bins).item();
        Tensor inside = flat.ge(lo).logicalAnd(flat.le(hi));
        Tensor x = flat.maskedSelect(inside);
        Tensor w = weight == null ? Creation.full(x.shapeArray(), 1, flat.dtype(), flat.device())
                : weight.detach().reshape(-1).to(flat.dtype()).maskedSelect(inside);
        // the bin an element falls in is the last edge at or below it; the top edge joins the last bin
        Tensor idx = Counting.searchsorted(edges.contiguous(), x, true).sub(1L).minimum(Creation.fullLong(new long[0], bins - 1, DType.INT64, x.device()));
        hist.indexAdd_(0, idx, w);
        if (!density) return hist;
        return hist.div(hist.sum()).div(edges.diff());
    }
}
