package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code copy.deepcopy(module)} for {@link Module#deepCopy()}: every module reached is copied field by field (its
 * class's and its superclasses'), tensors are cloned (a parameter stays a parameter, requires_grad and {@code .grad}
 * kept), lists, sets, maps and arrays holding them are rebuilt, and anything else (numbers, strings, functions,
 * user objects) is shared. Objects reached twice are copied once, so tied weights stay tied and a submodule used
 * twice stays one module, as Python's memo does.
 */
final class DeepCopy {
    private DeepCopy() {}

    private static final Map<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();

    static Module copy(Module m) {
        try (var g = GradMode.noGrad()) {
            return (Module) value(m, new IdentityHashMap<>());
        }
    }

    private static Object value(Object v, IdentityHashMap<Object, Object> memo) {
        if (v == null) return null;
        Object done = memo.get(v);
        if (done != null) return done;
        return switch (v) {
            case Tensor t -> tensor(t, memo);
            case Module m -> module(m, memo);
            case ModuleHookMaps<?> h -> {
                Object c = h.copy();
                memo.put(v, c);
                yield c;
            }
            case List<?> l -> collection(l, fresh(l, ArrayList::new), memo);
            case Set<?> s -> collection(s, fresh(s, LinkedHashSet::new), memo);
            case Map<?, ?> mp -> map(mp, fresh(mp, LinkedHashMap::new), memo);
            default -> v.getClass().isArray() ? array(v, memo) : v;
        };
    }

    /** An empty container of {@code src}'s own class when it has a public no-argument constructor, else {@code fallback}'s. */
    @SuppressWarnings("unchecked")
    private static <C> C fresh(Object src, java.util.function.Supplier<C> fallback) {
        try {
            return (C) src.getClass().getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return fallback.get(); // immutable and private collection classes
        }
    }

    private static Tensor tensor(Tensor t, IdentityHashMap<Object, Object> memo) {
        if (t.gradFn() != null) {
            throw new IllegalStateException("Only Tensors created explicitly by the user (graph leaves) support the deepcopy "
                    + "protocol at the moment. If you were attempting to deepcopy a module, this may be because of a "
                    + "torch.nn.utils.weight_norm usage, see https://github.com/pytorch/pytorch/pull/103001");
        }
        Tensor c = t.detach().clone(dev.torch4j.MemoryFormat.PRESERVE);
        if (t.isParameter()) c = Parameter.of(c, t.requiresGrad());
        else if (t.requiresGrad()) c.requiresGrad_(true);
        memo.put(t, c);
        if (t.grad() != null) c.setGrad((Tensor) value(t.grad(), memo));
        return c;
    }

    private static Module module(Module m, IdentityHashMap<Object, Object> memo) {
        Module c = m.shallowClone();
        memo.put(m, c);
        for (Field f : fields(m.getClass())) {
            try {
                Object v = f.get(m);
                // a parametrized field holds a value computed from the originals: the copy computes its own below
                if (v instanceof Tensor && Parametrize.isParametrized(m, f.getName())) continue;
                Object nv = value(v, memo);
                if (nv != v) f.set(c, nv);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("deepCopy: cannot copy field " + f + ": " + e.getMessage(), e);
            }
        }
        Parametrize.copied(m, c, memo);
        return c;
    }

    private static Collection<Object> collection(Collection<?> src, Collection<Object> dst, IdentityHashMap<Object, Object> memo) {
        memo.put(src, dst);
        for (Object o : src) dst.add(value(o, memo));
        return dst;
    }

    private static Map<Object, Object> map(Map<?, ?> src, Map<Object, Object> dst, IdentityHashMap<Object, Object> memo) {
        memo.put(src, dst);
        for (var e : src.entrySet()) dst.put(e.getKey(), value(e.getValue(), memo));
        return dst;
    }

    private static Object array(Object a, IdentityHashMap<Object, Object> memo) {
        int n = Array.getLength(a);
        Object c = Array.newInstance(a.getClass().getComponentType(), n);
        memo.put(a, c);
        if (a.getClass().getComponentType().isPrimitive()) {
            System.arraycopy(a, 0, c, 0, n);
        } else {
            for (int i = 0; i < n; i++) Array.set(c, i, value(Array.get(a, i), memo));
        }
        return c;
    }

    /** The instance fields of {@code c} and its superclasses, made accessible (final ones included). */
    private static List<Field> fields(Class<?> c) {
        return FIELDS.computeIfAbsent(c, k -> {
            List<Field> out = new ArrayList<>();
            for (Class<?> x = k; x != null && x != Object.class; x = x.getSuperclass()) {
                for (Field f : x.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) continue;
                    f.setAccessible(true);
                    out.add(f);
                }
            }
            return out;
        });
    }
}
