package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.backend.cpu.CpuStorage;
import dev.torch4j.core.Defaults;
import dev.torch4j.core.ScalarConversion;
import dev.torch4j.core.Shapes;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/** Factories: filled tensors, ranges, identity, and tensors from Java values. */
public final class Creation {
    private Creation() {}

    public static Tensor full(long[] shape, double value, DType dtype, Device device) {
        long[] s = Shapes.copyOf(shape);
        if (ScalarConversion.overflows(value, dtype)) {
            throw new IllegalArgumentException(ScalarConversion.overflowMessage("full", value, dtype));
        }
        Tensor t = Dispatch.empty(s, dtype, device);
        boolean plusZero = Double.doubleToRawLongBits(value) == 0L;   // empty is +0 already; -0.0 must be written
        if (!plusZero && dtype.isComplex()) ComplexOps.fill(t, value, "fill_");
        else if (!plusZero) Dispatch.backend(device).fill(t.strided(), value);
        return t;
    }

    public static Tensor fullLong(long[] shape, long value, DType dtype, Device device) {
        long[] s = Shapes.copyOf(shape);
        if (ScalarConversion.overflows(value, dtype)) {
            throw new IllegalArgumentException(ScalarConversion.overflowMessage("full", value, dtype));
        }
        Tensor t = Dispatch.empty(s, dtype, device);
        if (value != 0) {
            if (dtype.isFloatingPoint()) Dispatch.backend(device).fill(t.strided(), value);
            else Dispatch.backend(device).fillLong(t.strided(), value);
        }
        return t;
    }

    /** {@code torch.arange(start, end, step)}: values {@code start + i*step} computed in double, then cast. */
    public static Tensor arange(double start, double end, double step, DType dtype, Device device) {
        if (!dtype.isFloatingPoint() && !dtype.isComplex() && dtype != DType.BOOL) {
            return arangeIntegral(start, end, step, dtype, device);
        }
        if (step == 0) throw new IllegalArgumentException("arange: step must be nonzero");
        if (!Double.isFinite(start) || !Double.isFinite(end)) {
            throw new IllegalArgumentException("arange: unsupported range: " + start + " -> " + end);
        }
        if ((step > 0 && end < start) || (step < 0 && end > start)) {
            throw new IllegalArgumentException("arange: upper bound and larger bound inconsistent with step sign");
        }
        long n = (long) Math.ceil((end - start) / step);
        double[] v = new double[Shapes.checkedNumel("arange", new long[] {n})];
        for (int i = 0; i < v.length; i++) v[i] = start + i * step;
        return fromDoubles(v, new long[] {n}, dtype, device);
    }

    /**
     * {@code arange} of numbers into an integer dtype as PyTorch's kernel computes it: start, end and step truncated to
     * int64 first (so a step of 0.5 is 0 and refused), the size from those integers for int64 and from the numbers
     * themselves for the narrower types, each value {@code start + i * step} in int64 wrapped to the dtype.
     */
    private static Tensor arangeIntegral(double start, double end, double step, DType dtype, Device device) {
        for (double v : new double[] {start, end, step}) {
            if (ScalarConversion.overflows(v, DType.INT64)) {
                throw new IllegalArgumentException(ScalarConversion.overflowMessage("arange", v, DType.INT64));
            }
        }
        long xs = (long) start, xe = (long) end, xstep = (long) step;
        double size = dtype == DType.INT64 ? Math.ceil((double) (xe - xs) / xstep) : Math.ceil((end - start) / step);
        if (xstep == 0) throw new IllegalArgumentException("arange: step must be nonzero");
        if ((xstep > 0 && xe < xs) || (xstep < 0 && xe > xs)) {
            throw new IllegalArgumentException("arange: upper bound and larger bound inconsistent with step sign");
        }
        if (!(size >= 0 && size <= Long.MAX_VALUE)) {
            throw new IllegalArgumentException("arange: invalid size, possible overflow?");
        }
        long n = (long) size;
        long[] v = new long[Shapes.checkedNumel("arange", new long[] {n})];
        for (int i = 0; i < v.length; i++) v[i] = xs + i * xstep;
        return wrap(v, new long[] {n}, DType.INT64).to(dtype).to(device);
    }

    /** Integer {@code arange}, exact for all int64 values. */
    public static Tensor arangeLong(long start, long end, long step, DType dtype, Device device) {
        if (dtype.isFloatingPoint()) return arange(start, end, step, dtype, device);
        if (step == 0) throw new IllegalArgumentException("arange: step must be nonzero");
        if ((step > 0 && end < start) || (step < 0 && end > start)) {
            throw new IllegalArgumentException("arange: upper bound and larger bound inconsistent with step sign");
        }
        long n = Math.ceilDiv(end - start, step);
        long[] v = new long[Shapes.checkedNumel("arange", new long[] {n})];
        for (int i = 0; i < v.length; i++) v[i] = start + i * step;
        return wrap(v, new long[] {n}, DType.INT64).to(dtype).to(device);
    }

    /**
     * {@code torch.linspace}, bit for bit as PyTorch's CPU kernel computes it: {@code step = (end - start) / (steps - 1)}
     * in the output's precision (float for float32, so both endpoints are exact); element {@code i} is
     * {@code start + step * i} below the halfway point and {@code end - step * (steps - 1 - i)} from it, each one
     * fused multiply-add (GCC contracts them). The kernel runs in blocks of two 32-byte vectors (AVX2), each vector
     * taking its first index's formula as a base and adding {@code j * step} (rounded, then added: not fused); the
     * tail goes element by element. (Past 32768 steps PyTorch splits the work over threads, which moves the block
     * boundaries: there the last bit may differ.)
     */
    /**
     * {@code linspace} into an integer dtype as PyTorch 2.x's CPU kernel: start and end converted to the dtype first
     * (truncated; out of its range refused), the step {@code (end - start) / (steps - 1)} in double, each value from
     * the nearer end as for floats, truncated. (1.13's vector loop cast the step to the integer type: issue 81996.)
     */
    private static Tensor linspaceIntegral(double start, double end, int n, DType dtype, Device device) {
        // no steps: nothing converted; one step: start alone (PyTorch fills with it)
        for (double x : n == 0 ? new double[0] : n == 1 ? new double[] {start} : new double[] {start, end}) {
            if (ScalarConversion.overflows(x, dtype)) {
                throw new IllegalArgumentException(ScalarConversion.overflowMessage("linspace", x, dtype));
            }
        }
        long s = (long) start, e = (long) end;
        long[] v = new long[n];
        double step = n > 1 ? ((double) e - (double) s) / (n - 1) : 0;
        int half = n / 2;
        for (int i = 0; i < n; i++) {
            v[i] = n == 1 ? s : (long) (i < half ? Math.fma(step, i, (double) s) : Math.fma(-step, n - i - 1, (double) e));
        }
        return wrap(v, new long[] {n}, DType.INT64).to(dtype).to(device);
    }

    public static Tensor linspace(double start, double end, long steps, DType dtype, Device device) {
        if (steps < 0) throw new IllegalArgumentException("linspace: number of steps must be non-negative");
        int n = Shapes.checkedNumel("linspace", new long[] {steps});
        double[] v = new double[n];
        int half = n / 2;
        if (!dtype.isFloatingPoint() && !dtype.isComplex() && dtype != DType.BOOL) {
            return linspaceIntegral(start, end, n, dtype, device);
        }
        if (n == 1) {
            v[0] = start;
        } else if (dtype == DType.FLOAT32 || dtype == DType.FLOAT16 || dtype == DType.BFLOAT16) {
            float s = (float) start, e = (float) end, step = (e - s) / (float) (n - 1);
            int w = 8, i = 0;
            for (; i <= n - 2 * w; i += 2 * w) {
                for (int c = i; c < i + 2 * w; c += w) {
                    float base = c < half ? Math.fma(step, (float) c, s) : Math.fma(-step, (float) (n - c - 1), e);
                    for (int j = 0; j < w; j++) v[c + j] = base + j * step;
                }
            }
            for (; i < n; i++) v[i] = i < half ? Math.fma(step, (float) i, s) : Math.fma(-step, (float) (n - i - 1), e);
        } else {
            double step = (end - start) / (n - 1);
            int w = 4, i = 0;
            for (; i <= n - 2 * w; i += 2 * w) {
                for (int c = i; c < i + 2 * w; c += w) {
                    double base = c < half ? Math.fma(step, c, start) : Math.fma(-step, n - c - 1, end);
                    for (int j = 0; j < w; j++) v[c + j] = base + j * step;
                }
            }
            for (; i < n; i++) v[i] = i < half ? Math.fma(step, i, start) : Math.fma(-step, n - i - 1, end);
        }
        return fromDoubles(v, new long[] {steps}, dtype, device);
    }

    public static Tensor eye(long n, long m, DType dtype, Device device) {
        if (n < 0 || m < 0) throw new IllegalArgumentException("eye: n and m must be non-negative, got " + n + ", " + m);
        Tensor t = Dispatch.empty(new long[] {n, m}, dtype, device);
        Tensor d = t.diagonal(0, 0, 1);
        // a complex identity: 1 in the real parts of the diagonal (the fresh tensor is zero elsewhere)
        Dispatch.backend(device).fill((dtype.isComplex() ? d.viewAsReal().select(-1, 0) : d).strided(), 1);
        return t;
    }

    /** A tensor over a Java array without copying (the carrier type decides the dtype). */
    public static Tensor wrap(Object array, long[] shape, DType dtype) {
        CpuStorage s = CpuStorage.wrap(dtype, array);
        long n = Shapes.numel(shape);
        if (n != s.numel()) {
            throw new IllegalArgumentException("fromArray: shape " + Shapes.str(shape) + " holds " + n
                    + " elements but the array has " + s.numel());
        }
        return Tensor.wrap(s, shape.clone(), Shapes.contiguousStrides(shape), 0);
    }

    private static Tensor fromDoubles(double[] v, long[] shape, DType dtype, Device device) {
        return wrap(v, shape, DType.FLOAT64).to(dtype).to(device);
    }

    /**
     * {@code torch.tensor(data)} for a Java scalar or (nested) primitive array: floating data gets the default
     * dtype, integral data int64, boolean data bool, unless {@code dtype} is given. Always copies.
     */
    public static Tensor tensor(Object data, DType dtype, Device device) {
        List<Long> dims = new ArrayList<>();
        Object probe = data;
        while (probe != null && probe.getClass().isArray() && !probe.getClass().getComponentType().isPrimitive()) {
            dims.add((long) Array.getLength(probe));
            probe = Array.getLength(probe) > 0 ? Array.get(probe, 0) : null;
        }
        Class<?> leaf;
        if (probe == null) {
            leaf = leafType(data.getClass());
        } else if (probe.getClass().isArray()) {
            dims.add((long) Array.getLength(probe));
            leaf = probe.getClass().getComponentType();
        } else {
            leaf = scalarType(probe);
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        DType natural = leaf == double.class || leaf == float.class ? Defaults.floatDType()
                : leaf == boolean.class ? DType.BOOL : DType.INT64;
        int n = Shapes.checkedNumel("tensor", shape);
        Tensor flat;
        if (natural == DType.INT64) {
            long[] out = new long[n];
            flatten(data, shape, 0, out, new int[1], leaf);
            flat = wrap(out, shape, DType.INT64);
        } else if (natural == DType.BOOL) {
            byte[] out = new byte[n];
            flatten(data, shape, 0, out, new int[1], leaf);
            flat = wrap(out, shape, DType.BOOL);
        } else {
            double[] out = new double[n];
            flatten(data, shape, 0, out, new int[1], leaf);
            flat = wrap(out, shape, DType.FLOAT64);
        }
        DType target = dtype != null ? dtype : natural;
        if (target.isIntegral()) checkFits(flat, target);
        return flat.to(target).to(device);
    }

    /** torch.tensor refuses values an explicit integral dtype cannot hold (floating dtypes take them as inf). */
    private static void checkFits(Tensor flat, DType target) {
        Object a = ((CpuStorage) flat.storage()).array();
        boolean bad = false;
        if (a instanceof long[] v) for (long x : v) bad |= ScalarConversion.overflows(x, target);
        else if (a instanceof double[] v) for (double x : v) bad |= ScalarConversion.overflows(x, target);
        if (bad) throw new IllegalArgumentException("tensor(): value cannot be converted to type " + target.pyName() + " without overflow");
    }

    private static Class<?> leafType(Class<?> c) {
        while (c.isArray()) c = c.getComponentType();
        return c;
    }

    private static Class<?> scalarType(Object o) {
        if (o instanceof Double || o instanceof Float) return double.class;
        if (o instanceof Boolean) return boolean.class;
        if (o instanceof Number) return long.class;
        throw new IllegalArgumentException("tensor(): unsupported element type " + o.getClass().getName()
                + "; use primitive arrays (double[], float[], long[], int[], boolean[], ...) or scalars");
    }

    private static void flatten(Object data, long[] shape, int dim, Object out, int[] pos, Class<?> leaf) {
        if (dim == shape.length) {
            put(out, pos[0]++, data);
            return;
        }
        if (data == null || !data.getClass().isArray()) {
            throw new IllegalArgumentException("tensor(): expected a sequence at dim " + dim + " but found a scalar");
        }
        int len = Array.getLength(data);
        if (len != shape[dim]) {
            throw new IllegalArgumentException("tensor(): expected sequence of length " + shape[dim] + " at dim " + dim
                    + " (got " + len + ")");
        }
        if (dim == shape.length - 1 && copyRow(data, out, pos[0], len)) {
            pos[0] += len;
            return;
        }
        for (int i = 0; i < len; i++) flatten(Array.get(data, i), shape, dim + 1, out, pos, leaf);
    }

    /**
     * A primitive innermost array copied in one typed loop where {@link #put} would accept each element (a
     * million-element {@code tensor(double[])} went through reflection and boxing per element); false otherwise.
     */
    private static boolean copyRow(Object data, Object out, int at, int len) {
        switch (out) {
            case double[] o -> {
                switch (data) {
                    case double[] d -> System.arraycopy(d, 0, o, at, len);
                    case float[] d -> { for (int i = 0; i < len; i++) o[at + i] = d[i]; }
                    case long[] d -> { for (int i = 0; i < len; i++) o[at + i] = d[i]; }
                    case int[] d -> { for (int i = 0; i < len; i++) o[at + i] = d[i]; }
                    default -> { return false; }
                }
                return true;
            }
            case long[] o -> {
                switch (data) {
                    case long[] d -> System.arraycopy(d, 0, o, at, len);
                    case int[] d -> { for (int i = 0; i < len; i++) o[at + i] = d[i]; }
                    case short[] d -> { for (int i = 0; i < len; i++) o[at + i] = d[i]; }
                    case byte[] d -> { for (int i = 0; i < len; i++) o[at + i] = d[i]; }
                    default -> { return false; }
                }
                return true;
            }
            case byte[] o when data instanceof boolean[] d -> {
                for (int i = 0; i < len; i++) o[at + i] = (byte) (d[i] ? 1 : 0);
                return true;
            }
            default -> { return false; }
        }
    }

    private static void put(Object out, int i, Object v) {
        if (v != null && v.getClass().isArray()) {
            throw new IllegalArgumentException("tensor(): ragged nested arrays: found a sequence where a scalar was expected");
        }
        switch (out) {
            case long[] a -> {
                if (!(v instanceof Number num) || v instanceof Double || v instanceof Float) {
                    throw new IllegalArgumentException("tensor(): mixed element types in nested arrays: " + v);
                }
                a[i] = num.longValue();
            }
            case byte[] a -> {
                if (!(v instanceof Boolean b)) throw new IllegalArgumentException("tensor(): mixed element types in nested arrays: " + v);
                a[i] = (byte) (b ? 1 : 0);
            }
            case double[] a -> {
                if (!(v instanceof Number num)) throw new IllegalArgumentException("tensor(): mixed element types in nested arrays: " + v);
                a[i] = num.doubleValue();
            }
            default -> throw new IllegalStateException();
        }
    }
}
