package dev.torch4j;

import dev.torch4j.core.Determinism;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code torch.*} utilities that are not tensor ops: the determinism switch
 * ({@code use_deterministic_algorithms} and its debug-mode interface), {@code is_tensor}, {@code typename} and
 * {@code asarray}. Inherited by {@link Torch}.
 */
abstract class UtilityFunctions extends RuntimeFunctions {
    UtilityFunctions() {}

    // ---------------------------------------------------------------- determinism

    /**
     * {@code torch.use_deterministic_algorithms(mode)}: with {@code true}, ops that PyTorch documents as raising under
     * this mode on CUDA raise PyTorch's error there ({@link IllegalStateException}), and the CUDA backend's index writes
     * with duplicates (index_add, scatter_add, index_put, put_ and the backward passes built on them) take a
     * deterministic path instead of atomics. CPU kernels are deterministic already and do not change.
     */
    public static void useDeterministicAlgorithms(boolean mode) { useDeterministicAlgorithms(mode, false); }

    /** {@code torch.use_deterministic_algorithms(mode, warn_only=)}: with {@code warnOnly}, a warning instead of the error. */
    public static void useDeterministicAlgorithms(boolean mode, boolean warnOnly) { Determinism.set(mode, warnOnly); }

    /** {@code torch.are_deterministic_algorithms_enabled()}. */
    public static boolean areDeterministicAlgorithmsEnabled() { return Determinism.enabled(); }

    /** {@code torch.is_deterministic_algorithms_warn_only_enabled()}. */
    public static boolean isDeterministicAlgorithmsWarnOnlyEnabled() { return Determinism.warnOnly(); }

    /**
     * {@code torch.set_deterministic_debug_mode(debug_mode)}: "default" (off), "warn" (warn only) or "error" (on).
     *
     * @throws IllegalArgumentException for another name, with PyTorch's message
     */
    public static void setDeterministicDebugMode(String debugMode) {
        switch (debugMode) {
            case "default" -> setDeterministicDebugMode(0);
            case "warn" -> setDeterministicDebugMode(1);
            case "error" -> setDeterministicDebugMode(2);
            default -> throw new IllegalArgumentException("invalid value of debug_mode, expected one of `default`, `warn`, `error`, "
                    + "but got " + debugMode);
        }
    }

    /** {@code torch.set_deterministic_debug_mode(debug_mode)}: 0 (off), 1 (warn only) or 2 (on). */
    public static void setDeterministicDebugMode(long debugMode) {
        if (debugMode == 0) useDeterministicAlgorithms(false);
        else if (debugMode == 1) useDeterministicAlgorithms(true, true);
        else if (debugMode == 2) useDeterministicAlgorithms(true);
        else throw new IllegalArgumentException("invalid value of debug_mode, expected 0, 1, or 2, but got " + debugMode);
    }

    /** {@code torch.get_deterministic_debug_mode()}: 2 when on, 1 when on with warn_only, 0 when off. */
    public static long getDeterministicDebugMode() {
        return !Determinism.enabled() ? 0 : Determinism.warnOnly() ? 1 : 2;
    }

    // ---------------------------------------------------------------- objects

    /** {@code torch.is_tensor(obj)}: whether {@code obj} is a tensor (a parameter is one). */
    public static boolean isTensor(Object obj) { return obj instanceof Tensor; }

    /**
     * {@code torch.typename(obj)}: a tensor's legacy type name ({@code "torch.FloatTensor"},
     * {@code "torch.cuda.LongTensor"}), a class's name for a class, else the name of the object's class.
     */
    public static String typename(Object obj) {
        if (obj instanceof Tensor t) return t.type();
        if (obj instanceof Class<?> c) return c.getName();
        return obj.getClass().getName();
    }

    /**
     * {@code torch.asarray(obj)}: a tensor that shares memory with {@code obj} where it can (a tensor is returned
     * itself; a one-dimensional primitive array is wrapped without a copy, as {@link Torch#fromArray(double[], long...)}
     * does, the way PyTorch wraps a NumPy array), else a copy of nested arrays, (nested) {@link List}s of numbers or
     * booleans, or a scalar, as {@link Torch#tensor(Object)} makes it (floating data in the default dtype, integers
     * int64, booleans bool; a list with any floating element is floating, as a Python list is).
     */
    public static Tensor asarray(Object obj) { return asarray(obj, null, null, null, false); }

    /**
     * {@code torch.asarray(obj, dtype=, device=, copy=)}; null for None. {@code copy} true always copies; false
     * refuses to copy (PyTorch's errors when the dtype or device differs, or the data is not one array); null shares
     * memory when the dtype and device allow it and copies otherwise.
     */
    public static Tensor asarray(Object obj, DType dtype, Device device, Boolean copy) { return asarray(obj, dtype, device, copy, false); }

    /** {@code torch.asarray(obj, dtype=, device=, copy=, requires_grad=)}. */
    public static Tensor asarray(Object obj, DType dtype, Device device, Boolean copy, boolean requiresGrad) {
        Tensor r = asarrayOf(obj, dtype, device, copy);
        return requiresGrad ? r.requiresGrad_(true) : r;
    }

    private static Tensor asarrayOf(Object obj, DType dtype, Device device, Boolean copy) {
        boolean forceCopy = Boolean.TRUE.equals(copy), forceAlias = Boolean.FALSE.equals(copy);
        Tensor t = obj instanceof Tensor x ? x : wrap(obj);
        if (t == null) {
            if (forceAlias) throw new IllegalArgumentException("can't alias arbitrary sequence into a tensor.");
            Tensor made = Torch.tensor(obj instanceof List<?> list ? nestedArray(list) : obj);
            return made.to(device != null ? device : made.device(), dtype != null ? dtype : made.dtype());
        }
        boolean wrongDevice = device != null && !device.equals(t.device()), wrongDtype = dtype != null && dtype != t.dtype();
        if (forceAlias && wrongDevice) {
            throw new IllegalArgumentException("can't alias tensor from device '" + t.device() + "' to '" + device + "'.");
        }
        if (forceAlias && wrongDtype) {
            throw new IllegalArgumentException("can't alias tensor with dtype '" + t.dtype().scalarTypeName() + "' into dtype '"
                    + dtype.scalarTypeName() + "'.");
        }
        if (wrongDevice || wrongDtype) {
            Tensor moved = t.to(device != null ? device : t.device(), dtype != null ? dtype : t.dtype());
            return forceCopy && moved == t ? t.clone() : moved;
        }
        return forceCopy ? t.clone() : t;
    }

    /**
     * A (nested) list of numbers or booleans as the nested primitive array {@link Torch#tensor(Object)} reads: double
     * when any element is floating (Python's float), else long, or boolean when all are booleans.
     */
    private static Object nestedArray(List<?> list) {
        List<Object> leaves = new ArrayList<>();
        int depth = leaves(list, leaves);
        // an empty list is floating, as torch.asarray([]) is
        Class<?> leaf = leaves.isEmpty() || leaves.stream().anyMatch(v -> v instanceof Double || v instanceof Float) ? double.class
                : leaves.stream().allMatch(v -> v instanceof Boolean) ? boolean.class : long.class;
        return fill(list, leaf, depth);
    }

    private static int leaves(Object o, List<Object> out) {
        if (!(o instanceof List<?> l)) {
            out.add(o);
            return 0;
        }
        int depth = 1;
        for (Object e : l) depth = Math.max(depth, 1 + leaves(e, out));
        return depth;
    }

    private static Object fill(List<?> list, Class<?> leaf, int depth) {
        Class<?> component = leaf;
        for (int d = 1; d < depth; d++) component = component.arrayType();
        Object a = Array.newInstance(component, list.size());
        for (int i = 0; i < list.size(); i++) {
            Object e = list.get(i);
            if (e instanceof List<?> l) Array.set(a, i, fill(l, leaf, depth - 1));
            else if (leaf == double.class && e instanceof Number n) Array.setDouble(a, i, n.doubleValue());
            else if (leaf == long.class && e instanceof Number n) Array.setLong(a, i, n.longValue());
            else if (leaf == boolean.class && e instanceof Boolean b) Array.setBoolean(a, i, b);
            else throw new IllegalArgumentException("asarray: unsupported element " + e + " in a list (numbers, booleans or lists)");
        }
        return a;
    }

    /** A one-dimensional primitive array as a tensor over the same memory; null for anything else. */
    private static Tensor wrap(Object obj) {
        return switch (obj) {
            case double[] a -> Torch.fromArray(a);
            case float[] a -> Torch.fromArray(a);
            case long[] a -> Torch.fromArray(a);
            case int[] a -> Torch.fromArray(a);
            case short[] a -> Torch.fromArray(a);
            case byte[] a -> Torch.fromArray(a);
            default -> null;
        };
    }
}
