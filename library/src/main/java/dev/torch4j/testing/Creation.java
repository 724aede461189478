package dev.torch4j.testing;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Index;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.TypeInfo;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.nn.Py;

/** make_tensor as PyTorch 2.x (2.2 on) draws it: the bounds' checks and clamping, then one draw per element. */
final class Creation {
    private Creation() {}

    private static boolean integral(DType d) { return d == DType.BOOL || !(d.isFloatingPoint() || d.isComplex()); }

    static Tensor makeTensor(long[] shape, DType dtype, Device device, MakeTensorOptions o) {
        if (o.noncontiguous && o.memoryFormat != null) {
            throw new IllegalArgumentException("The parameters `noncontiguous` and `memory_format` are mutually exclusive, but got "
                    + "noncontiguous=True and memory_format=torch." + o.memoryFormat.pyName());
        }
        if (o.requiresGrad && integral(dtype)) {
            throw new IllegalArgumentException("`requires_grad=True` is not supported for boolean and integral dtypes, but got dtype=" + dtype);
        }
        long numel = 1;
        for (long s : shape) numel *= s;
        boolean noncontiguous = o.noncontiguous && numel > 1;
        long[] drawn = shape.clone();
        if (noncontiguous) drawn[drawn.length - 1] *= 2;
        Tensor result;
        try (var g = GradMode.noGrad()) {
            var opts = Torch.dtype(dtype).device(device);
            if (integral(dtype)) {
                long lowest, highest;
                if (dtype == DType.BOOL) {
                    lowest = 0;
                    highest = 2;
                } else {
                    TypeInfo.IInfo info = Torch.iinfo(dtype);
                    lowest = info.min();
                    highest = dtype == DType.INT64 ? info.max() : info.max() + 1; // randint's bounds are int64
                }
                Number[] b = bounds(o.low, o.high, dtype, lowest, highest, dtype == DType.BOOL ? 0 : -9, dtype == DType.BOOL ? 2 : 10);
                result = Torch.randint(b[0].longValue(), b[1].longValue(), Size.of(drawn), opts);
            } else {
                TypeInfo.FInfo fi = Torch.finfo(dtype);
                Number[] b = bounds(o.low, o.high, dtype, fi.min(), fi.max(), -9L, 9L);
                double low = b[0].doubleValue(), high = b[1].doubleValue();
                result = Torch.empty(Size.of(drawn), opts);
                Tensor target = dtype.isComplex() ? result.viewAsReal() : result;
                // uniform_ needs high - low within the dtype's range: draw half the range and double it
                if (high - low >= Torch.finfo(target.dtype()).max()) target.uniform_(low / 2, high / 2).mul_(2);
                else target.uniform_(low, high);
            }
            if (noncontiguous) {
                Object[] ix = new Object[] {Index.ELLIPSIS, Index.slice(1L, null, 2)};
                result = result.index(ix);
            } else if (o.memoryFormat != null) {
                result = result.clone(o.memoryFormat);
            }
            if (o.excludeZero) {
                result.maskedFill_(result.eq(0), integral(dtype) ? 1.0 : Torch.finfo(dtype).tiny());
            }
        }
        if (!integral(dtype)) result.requiresGrad_(o.requiresGrad);
        return result;
    }

    /**
     * {@code modify_low_high}: the defaults for absent bounds, PyTorch's errors, then the bounds clamped into
     * {@code [lowest, highest]} and, for bool and integral dtypes, ceiled (randint's high is exclusive).
     */
    private static Number[] bounds(Number low, Number high, DType dtype, Number lowest, Number highest, long defaultLow, long defaultHigh) {
        Number l = low != null ? low : defaultLow, h = high != null ? high : defaultHigh;
        double lv = l.doubleValue(), hv = h.doubleValue();
        if (Double.isNaN(lv) || Double.isNaN(hv)) {
            throw new IllegalArgumentException("`low` and `high` cannot be NaN, but got low=" + num(l) + " and high=" + num(h));
        }
        boolean equalAllowed = !integral(dtype) && lv == hv; // 2.1-2.2 warn and go on: every value is low
        if (!equalAllowed && lv >= hv) {
            throw new IllegalArgumentException("`low` must be less than `high`, but got " + num(l) + " >= " + num(h));
        }
        if (!equalAllowed && (hv < lowest.doubleValue() || lv >= highest.doubleValue())) {
            throw new IllegalArgumentException("The value interval specified by `low` and `high` is [" + num(l) + ", " + num(h)
                    + "), but " + dtype + " only supports [" + num(lowest) + ", " + num(highest) + ")");
        }
        double cl = Math.min(Math.max(lv, lowest.doubleValue()), highest.doubleValue());
        double ch = Math.min(Math.max(hv, lowest.doubleValue()), highest.doubleValue());
        if (integral(dtype)) return new Number[] {ceilLong(cl, l, lowest, highest), ceilLong(ch, h, lowest, highest)};
        return new Number[] {cl, ch};
    }

    /** {@code math.ceil} of a clamped bound, exact for whole-number bounds (a double cannot hold every int64). */
    private static long ceilLong(double clamped, Number given, Number lowest, Number highest) {
        if (given instanceof Long v) return Math.min(Math.max(v, lowest.longValue()), highest.longValue());
        return (long) Math.ceil(clamped);
    }

    private static String num(Number n) { return n instanceof Long || n instanceof Integer ? n.toString() : Py.repr(n.doubleValue()); }
}
