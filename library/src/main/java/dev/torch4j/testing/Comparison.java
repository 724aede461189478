package dev.torch4j.testing;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ValuesIndices;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.nn.Py;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * assert_close's machinery: the inputs are first taken apart into pairs (sequences and mappings recurse, structural
 * mismatches and bad options fail there), then the pairs are compared in order and the first mismatch fails, with
 * the path of the item appended as {@code [1]['weight']}.
 */
final class Comparison {
    private Comparison() {}

    /** A failure before it becomes an exception: its kind, message and the path of the item it concerns. */
    private static final class Failure extends RuntimeException {
        final boolean valueError;
        final String text;
        final List<Object> id;

        Failure(boolean valueError, String text, List<Object> id) {
            super(text, null, false, false);
            this.valueError = valueError;
            this.text = text;
            this.id = id;
        }
    }

    private interface Pair { void compare(); }

    static void assertClose(Object actual, Object expected, CloseOptions o) {
        try (var g = GradMode.noGrad()) {
            List<Pair> pairs = new ArrayList<>();
            originate(actual, expected, o, List.of(), pairs);
            for (Pair p : pairs) p.compare();
        } catch (Failure f) {
            String msg;
            if (o.msg instanceof String s) msg = s;
            else {
                StringBuilder m = new StringBuilder(f.text);
                if (!f.id.isEmpty()) {
                    m.append("\n\nThe failure occurred for item ");
                    for (Object k : f.id) m.append('[').append(k instanceof String s ? "'" + s + "'" : String.valueOf(k)).append(']');
                }
                msg = m.toString();
                if (o.msg instanceof UnaryOperator<?> edit) {
                    @SuppressWarnings("unchecked") UnaryOperator<String> e = (UnaryOperator<String>) edit;
                    msg = e.apply(msg);
                }
            }
            if (f.valueError) throw new IllegalArgumentException(msg);
            throw new AssertionError(msg);
        }
    }

    private static List<Object> with(List<Object> id, Object key) {
        List<Object> r = new ArrayList<>(id);
        r.add(key);
        return List.copyOf(r);
    }

    private static void originate(Object actual, Object expected, CloseOptions o, List<Object> id, List<Pair> out) {
        List<?> as = asSequence(actual), es = asSequence(expected);
        if (as != null && es != null) {
            if (as.size() != es.size()) {
                throw new Failure(false, "The length of the sequences mismatch: " + as.size() + " != " + es.size(), id);
            }
            for (int i = 0; i < as.size(); i++) originate(as.get(i), es.get(i), o, with(id, i), out);
            return;
        }
        if (actual instanceof Map<?, ?> am && expected instanceof Map<?, ?> em) {
            if (!am.keySet().equals(em.keySet())) {
                Set<Object> missing = sorted(em.keySet()), extra = sorted(am.keySet());
                missing.removeAll(am.keySet());
                extra.removeAll(em.keySet());
                throw new Failure(false, "The keys of the mappings do not match:\nMissing keys in the actual mapping: "
                        + keyList(missing) + "\nAdditional keys in the actual mapping: " + keyList(extra), id);
            }
            for (Object k : sorted(am.keySet())) originate(am.get(k), em.get(k), o, with(id, k), out);
            return;
        }
        if (actual instanceof Tensor a && expected instanceof Tensor e) out.add(tensorPair(a, e, o, id));
        else if (actual instanceof Boolean a && expected instanceof Boolean e) out.add(() -> {
            if (a != e.booleanValue()) throw new Failure(false, "Booleans mismatch: " + Py.repr(a) + " is not " + Py.repr(e), id);
        });
        else if (isNumber(actual) && isNumber(expected)) out.add(numberPair((Number) actual, (Number) expected, o, id));
        else {
            throw new Failure(true, "No comparison pair was able to handle inputs of type " + typeName(actual) + " and "
                    + typeName(expected) + ".", id);
        }
    }

    private static boolean isNumber(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte || v instanceof Double || v instanceof Float;
    }

    private static boolean isFloat(Number n) { return n instanceof Double || n instanceof Float; }

    private static String typeName(Object v) { return v == null ? "<class 'NoneType'>" : "<class '" + v.getClass().getSimpleName() + "'>"; }

    /** Lists, object arrays and primitive arrays as Python sequences (a String is not one). */
    private static List<?> asSequence(Object v) {
        if (v instanceof List<?> l) return l;
        if (v != null && v.getClass().isArray()) {
            int n = Array.getLength(v);
            List<Object> r = new ArrayList<>(n);
            for (int i = 0; i < n; i++) r.add(Array.get(v, i));
            return r;
        }
        return null;
    }

    /** Python's {@code sorted(keys)} when the keys are mutually comparable, else their order as given. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Set<Object> sorted(Collection<?> keys) {
        try {
            Set<Object> s = new TreeSet<>();
            s.addAll(keys);
            return s;
        } catch (ClassCastException e) {
            return new java.util.LinkedHashSet<>(keys);
        }
    }

    private static String keyList(Collection<Object> keys) {
        StringBuilder b = new StringBuilder("[");
        for (Object k : keys) b.append(b.length() > 1 ? ", " : "").append(k instanceof String s ? "'" + s + "'" : String.valueOf(k));
        return b.append(']').toString();
    }

    // ---------------------------------------------------------------- tolerances

    private static double[] precision(DType d) {
        return switch (d) {
            case FLOAT16 -> new double[] {0.001, 1e-5};
            case BFLOAT16 -> new double[] {0.016, 1e-5};
            case FLOAT32, COMPLEX64 -> new double[] {1.3e-6, 1e-5};
            case FLOAT64, COMPLEX128 -> new double[] {1e-7, 1e-7};
            default -> new double[] {0.0, 0.0};
        };
    }

    static double[] defaultTolerances(DType... dtypes) {
        double rtol = 0, atol = 0;
        for (DType d : dtypes) {
            double[] p = precision(d);
            rtol = Math.max(rtol, p[0]);
            atol = Math.max(atol, p[1]);
        }
        return new double[] {rtol, atol};
    }

    private static double[] tolerances(CloseOptions o, List<Object> id, DType... dtypes) {
        if ((o.rtol == null) != (o.atol == null)) {
            throw new Failure(true, "Both 'rtol' and 'atol' must be either specified or omitted, but got no "
                    + (o.rtol == null ? "rtol" : "atol") + ".", id);
        }
        return o.rtol != null ? new double[] {o.rtol, o.atol} : defaultTolerances(dtypes);
    }

    // ---------------------------------------------------------------- numbers

    private static Pair numberPair(Number a, Number e, CloseOptions o, List<Object> id) {
        double[] tol = tolerances(o, id, isFloat(a) ? DType.FLOAT64 : DType.INT64, isFloat(e) ? DType.FLOAT64 : DType.INT64);
        return () -> {
            if (o.checkDtype && isFloat(a) != isFloat(e)) {
                throw new Failure(false, "The (d)types do not match: " + pyType(a) + " != " + pyType(e) + ".", id);
            }
            boolean floating = isFloat(a) || isFloat(e);
            if (!floating) {
                long x = a.longValue(), y = e.longValue();
                if (x == y) return;
                double absDiff = Math.abs((double) x - (double) y);
                if (absDiff <= tol[1] + tol[0] * Math.abs((double) y)) return;
                String abs = Long.toString(Math.abs(x - y));
                double rel = y == 0 ? Double.POSITIVE_INFINITY : absDiff / Math.abs((double) y);
                throw new Failure(false, scalarMessage(Long.toString(y), Long.toString(x), abs, rel, tol), id);
            }
            double x = a.doubleValue(), y = e.doubleValue();
            if (x == y) return;
            if (o.equalNan && Double.isNaN(x) && Double.isNaN(y)) return;
            double absDiff = Math.abs(x - y);
            if (Double.isFinite(absDiff) && absDiff <= tol[1] + tol[0] * Math.abs(y)) return;
            double rel = y == 0 ? Double.POSITIVE_INFINITY : absDiff / Math.abs(y);
            throw new Failure(false, scalarMessage(pyNumber(e), pyNumber(a), Py.repr(absDiff), rel, tol), id);
        };
    }

    private static String pyType(Number n) { return isFloat(n) ? "<class 'float'>" : "<class 'int'>"; }

    private static String pyNumber(Number n) { return isFloat(n) ? Py.repr(n.doubleValue()) : Long.toString(n.longValue()); }

    // ---------------------------------------------------------------- tensors

    private static Pair tensorPair(Tensor actual, Tensor expected, CloseOptions o, List<Object> id) {
        double[] tol = tolerances(o, id, actual.dtype(), expected.dtype());
        return () -> {
            if (!java.util.Arrays.equals(actual.shapeArray(), expected.shapeArray())) attribute("shape", actual.shape(), expected.shape(), id);
            if (o.checkStride && !java.util.Arrays.equals(actual.stride(), expected.stride())) {
                attribute("stride()", Py.tuple(actual.stride()), Py.tuple(expected.stride()), id);
            }
            if (o.checkDevice && !actual.device().equals(expected.device())) attribute("device", actual.device(), expected.device(), id);
            if (o.checkDtype && actual.dtype() != expected.dtype()) attribute("dtype", actual.dtype(), expected.dtype(), id);
            Tensor a = actual.detach(), e = expected.detach();
            if (!a.device().equals(e.device())) {
                a = a.cpu();
                e = e.cpu();
            }
            DType common = Torch.promoteTypes(a.dtype(), e.dtype());
            DType wide = common.isComplex() ? DType.COMPLEX128 : common.isFloatingPoint() ? DType.FLOAT64 : DType.INT64;
            a = a.to(wide);
            e = e.to(wide);
            Tensor matches = a.isclose(e, tol[0], tol[1], o.equalNan);
            if (matches.all().itemBool()) return;
            String msg = a.dim() == 0 ? scalarTensorMessage(a, e, tol) : tensorMessage(a, e, matches, tol);
            throw new Failure(false, msg, id);
        };
    }

    private static void attribute(String name, Object actual, Object expected, List<Object> id) {
        throw new Failure(false, "The values for attribute '" + name + "' do not match: " + actual + " != " + expected + ".", id);
    }

    /** {@code make_tensor_mismatch_msg}: the count, then the largest differences among the mismatches and where. */
    private static String tensorMessage(Tensor a, Tensor e, Tensor matches, double[] tol) {
        long n = matches.numel(), mismatched = n - matches.sum().itemLong();
        String extra = "Mismatched elements: " + mismatched + " / " + n + " (" + percent((double) mismatched / n) + ")";
        Tensor af = a.flatten(), ef = e.flatten(), mf = matches.flatten();
        Tensor absDiff = af.sub(ef).abs().maskedFill(mf, 0.0);
        ValuesIndices maxAbs = absDiff.max(0);
        Tensor relDiff = absDiff.div(ef.abs()).maskedFill(mf, 0.0);
        ValuesIndices maxRel = relDiff.max(0);
        String abs = absDiff.dtype() == DType.INT64 ? Long.toString(maxAbs.values().itemLong()) : Py.repr(maxAbs.values().item());
        long[] shape = a.shapeArray();
        return mismatchMessage("Tensor-likes", extra, abs, unravel(maxAbs.indices().itemLong(), shape),
                Py.repr(maxRel.values().item()), unravel(maxRel.indices().itemLong(), shape), tol);
    }

    private static String scalarTensorMessage(Tensor a, Tensor e, double[] tol) {
        String expected, actual, abs;
        double absDiff, magnitude;
        if (a.dtype() == DType.INT64) {
            long x = a.itemLong(), y = e.itemLong();
            expected = Long.toString(y);
            actual = Long.toString(x);
            abs = Long.toString(Math.abs(x - y));
            absDiff = Math.abs((double) x - (double) y);
            magnitude = Math.abs((double) y);
        } else if (a.dtype().isComplex()) {
            dev.torch4j.Complex x = a.itemComplex(), y = e.itemComplex();
            expected = pyComplex(y);
            actual = pyComplex(x);
            absDiff = Math.hypot(x.real() - y.real(), x.imag() - y.imag());
            abs = Py.repr(absDiff);
            magnitude = Math.hypot(y.real(), y.imag());
        } else {
            double x = a.item(), y = e.item();
            expected = Py.repr(y);
            actual = Py.repr(x);
            absDiff = Math.abs(x - y);
            abs = Py.repr(absDiff);
            magnitude = Math.abs(y);
        }
        double rel = magnitude == 0 ? Double.POSITIVE_INFINITY : absDiff / magnitude;
        return scalarMessage(expected, actual, abs, rel, tol);
    }

    private static String scalarMessage(String expected, String actual, String abs, double rel, double[] tol) {
        return mismatchMessage("Scalars", "Expected " + expected + " but got " + actual + ".", abs, null, Py.repr(rel), null, tol);
    }

    /** {@code _make_mismatch_msg}: "close" with the allowed tolerances, or "equal" when both are zero. */
    private static String mismatchMessage(String what, String extra, String abs, String absIdx, String rel, String relIdx, double[] tol) {
        boolean equality = tol[0] == 0 && tol[1] == 0;
        StringBuilder m = new StringBuilder(what).append(" are not ").append(equality ? "equal" : "close").append("!\n\n");
        m.append(extra.strip()).append('\n');
        m.append(diffLine("absolute", abs, absIdx, tol[1], equality));
        m.append(diffLine("relative", rel, relIdx, tol[0], equality));
        return m.toString().strip();
    }

    private static String diffLine(String type, String diff, String idx, double tol, boolean equality) {
        String s = idx == null ? Character.toUpperCase(type.charAt(0)) + type.substring(1) + " difference: " + diff
                : "Greatest " + type + " difference: " + diff + " at index " + idx;
        return s + (equality ? "" : " (up to " + Py.repr(tol) + " allowed)") + "\n";
    }

    private static String unravel(long flat, long[] shape) {
        long[] idx = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return Py.tuple(idx);
    }

    /** Python's {@code f"{x:.1%}"}: x * 100 rounded half-even from its exact binary value. */
    private static String percent(double x) {
        return new BigDecimal(x * 100).setScale(1, RoundingMode.HALF_EVEN).toPlainString() + "%";
    }

    /** Python's {@code repr(complex)}: {@code (1+2j)}, {@code 2j} for a zero real part, parts without a trailing .0. */
    static String pyComplex(dev.torch4j.Complex z) {
        String im = part(z.imag());
        if (z.real() == 0 && 1 / z.real() > 0) return im + "j";
        String sign = z.imag() >= 0 || Double.isNaN(z.imag()) ? "+" : "";
        return "(" + part(z.real()) + sign + im + "j)";
    }

    private static String part(double v) {
        String s = Py.repr(v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
