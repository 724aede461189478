package dev.torch4j.optim.lr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.function.DoubleSupplier;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The entries of a scheduler's state dict: each field under PyTorch's attribute name, with how to read it from the
 * scheduler and how to set it back. A scheduler lists its fields once ({@link LRScheduler#stateFields}); its
 * {@code stateDict()} {@linkplain #write() writes} them and its {@code loadStateDict} {@linkplain #read reads} them,
 * as PyTorch's {@code state_dict()} copies {@code __dict__} and {@code load_state_dict} is {@code __dict__.update}.
 *
 * <p>Values are written as {@code Torch.load} returns Python values (so a state dict survives
 * {@code Torch.save}/{@code Torch.load} unchanged, and PyTorch reads it with the types its own has): ints as
 * {@link Long}, floats as {@link Double}, bools as {@link Boolean}, lists as {@link List}s, None as {@code null}.
 * Reading accepts any {@link Number} for a number (a float where an int is expected only if it is integral) and any
 * {@link List} (a {@link dev.torch4j.io.Tuple} too) or {@code double[]} for a list of floats. Keys without a field
 * (1.13's {@code verbose}, say) are ignored.
 */
public final class StateFields {
    private record Field(Supplier<Object> get, Consumer<Object> set) {}

    private final LinkedHashMap<String, Field> fields = new LinkedHashMap<>();

    /** A field with its own conversion: {@code get} returns the Python-typed value, {@code set} receives the loaded one. */
    public StateFields field(String key, Supplier<Object> get, Consumer<Object> set) {
        fields.put(key, new Field(get, set));
        return this;
    }

    /** A Python int. */
    public StateFields integer(String key, IntSupplier get, IntConsumer set) {
        return field(key, () -> (long) get.getAsInt(), v -> set.accept(asInt(key, v)));
    }

    /** A Python float. */
    public StateFields real(String key, DoubleSupplier get, DoubleConsumer set) {
        return field(key, get::getAsDouble, v -> set.accept(asDouble(key, v)));
    }

    /** A list of Python floats (one per parameter group, usually). */
    public StateFields reals(String key, Supplier<double[]> get, Consumer<double[]> set) {
        return field(key, () -> list(get.get()), v -> set.accept(asDoubles(key, v)));
    }

    /** A Python bool. */
    public StateFields bool(String key, BooleanSupplier get, Consumer<Boolean> set) {
        return field(key, get::getAsBoolean, v -> set.accept(asBool(key, v)));
    }

    /** A Python str. */
    public StateFields string(String key, Supplier<String> get, Consumer<String> set) {
        return field(key, get::get, v -> {
            if (!(v instanceof String s)) throw new IllegalArgumentException(key + ": expected a str, got " + describe(v));
            set.accept(s);
        });
    }

    /** A field PyTorch keeps that has no counterpart here: written as {@code value}, ignored when read. */
    public StateFields constant(String key, Object value) { return field(key, () -> value, v -> {}); }

    /** The state dict: every field, in the order they were listed. */
    public Map<String, Object> write() {
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        fields.forEach((k, f) -> out.put(k, f.get().get()));
        return out;
    }

    /** Sets each field that {@code stateDict} has, in the order of {@code stateDict}; other keys are ignored. */
    public void read(Map<String, ?> stateDict) {
        for (var e : stateDict.entrySet()) {
            Field f = fields.get(e.getKey());
            if (f != null) f.set().accept(e.getValue());
        }
    }

    // ---- conversions from loaded values

    /** A Python int: any integral number. */
    public static int asInt(String key, Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) return (int) d;
        }
        throw new IllegalArgumentException(key + ": expected an int, got " + describe(v));
    }

    /** A Python float (an int is accepted, as Python would compute with it). */
    public static double asDouble(String key, Object v) {
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException(key + ": expected a float, got " + describe(v));
    }

    /** A Python bool. */
    public static boolean asBool(String key, Object v) {
        if (v instanceof Boolean b) return b;
        throw new IllegalArgumentException(key + ": expected a bool, got " + describe(v));
    }

    /** A list (or tuple) of numbers, or a {@code double[]}. */
    public static double[] asDoubles(String key, Object v) {
        if (v instanceof double[] a) return a.clone();
        List<?> l = asList(key, v);
        double[] r = new double[l.size()];
        for (int i = 0; i < r.length; i++) r[i] = asDouble(key + "[" + i + "]", l.get(i));
        return r;
    }

    /** A list (or tuple) of ints, or an {@code int[]}. */
    public static int[] asInts(String key, Object v) {
        if (v instanceof int[] a) return a.clone();
        List<?> l = asList(key, v);
        int[] r = new int[l.size()];
        for (int i = 0; i < r.length; i++) r[i] = asInt(key + "[" + i + "]", l.get(i));
        return r;
    }

    /** A list (or tuple). */
    public static List<?> asList(String key, Object v) {
        if (v instanceof List<?> l) return l;
        throw new IllegalArgumentException(key + ": expected a list, got " + describe(v));
    }

    /** A dict with str keys (a nested state dict). */
    @SuppressWarnings("unchecked")
    public static Map<String, ?> asDict(String key, Object v) {
        if (v instanceof Map<?, ?> m && m.keySet().stream().allMatch(k -> k instanceof String)) return (Map<String, ?>) m;
        throw new IllegalArgumentException(key + ": expected a dict with str keys, got " + describe(v));
    }

    /** Floats as a list of Doubles. */
    public static List<Object> list(double[] values) {
        List<Object> out = new ArrayList<>(values.length);
        for (double d : values) out.add(d);
        return out;
    }

    /** Ints as a list of Longs. */
    public static List<Object> list(int[] values) {
        List<Object> out = new ArrayList<>(values.length);
        for (int i : values) out.add((long) i);
        return out;
    }

    private static String describe(Object v) { return v == null ? "None" : v.getClass().getSimpleName() + " " + v; }
}
