package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.TensorScope;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a module's fields into its registries: PyTorch registers on attribute assignment ({@code __setattr__}),
 * which Java cannot intercept, so fields are read each time a module is traversed (cheap: a handful of field
 * reads per module, and traversals are not per-op).
 */
final class ModuleFields {
    private ModuleFields() {}

    /** One field that may register something: a Module-typed field, or a Tensor field (buffer when annotated). */
    private record Slot(Field field, boolean module, Buffer buffer) {}

    /** The slots of a class: fields declared below Module, superclasses first, each in declaration order. */
    private static final ClassValue<List<Slot>> SLOTS = new ClassValue<>() {
        @Override
        protected List<Slot> computeValue(Class<?> type) {
            List<Class<?>> chain = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Module.class; c = c.getSuperclass()) chain.addFirst(c);
            List<Slot> slots = new ArrayList<>();
            for (Class<?> c : chain) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) continue;
                    boolean isModule = Module.class.isAssignableFrom(f.getType());
                    if (!isModule && f.getType() != Tensor.class) continue;
                    try {
                        f.setAccessible(true);
                    } catch (InaccessibleObjectException e) {
                        throw new IllegalStateException("cannot read field " + c.getName() + "." + f.getName() + " to register "
                                + "it: open the package " + c.getPackageName() + " to torch4j (module-info: opens "
                                + c.getPackageName() + ";)", e);
                    }
                    slots.add(new Slot(f, isModule, f.getAnnotation(Buffer.class)));
                }
            }
            return List.copyOf(slots);
        }
    };

    private static Object read(Field f, Module m) {
        try {
            return f.get(m);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read field " + f, e);
        }
    }

    /** Updates the registries from the current field values. */
    static void sync(Module m, Map<String, Tensor> params, Map<String, Tensor> buffers, Set<String> nonPersistent,
                     LinkedHashMap<String, Module> modules) {
        for (Slot s : SLOTS.get(m.getClass())) {
            String name = s.field.getName();
            Object v = read(s.field, m);
            if (s.module) {
                if (v == null) modules.remove(name);
                else modules.put(name, (Module) v);
            } else if (s.buffer != null) {
                if (v == null) {
                    buffers.remove(name);
                } else {
                    buffers.put(name, (Tensor) v);
                    TensorScope.escape((Tensor) v);
                    if (s.buffer.persistent()) nonPersistent.remove(name);
                    else nonPersistent.add(name);
                }
            } else {
                Tensor t = (Tensor) v;
                if (t == null) {
                    params.remove(name);
                } else if (t.isParameter()) {
                    params.put(name, t);
                } else if (params.containsKey(name) && params.get(name) != t) {
                    // (the registry holding this very tensor means Module.swapTensor put it there for a functional call)
                    throw new IllegalStateException("cannot assign '" + Py.typename(t) + "' as parameter '" + name
                            + "' (torch.nn.Parameter or None expected)");
                }
            }
        }
    }

    /** True when the module has a registering field of that name. */
    static boolean hasField(Module m, String name) {
        for (Slot s : SLOTS.get(m.getClass())) if (s.field.getName().equals(name)) return true;
        return false;
    }

    /** Writes {@code value} into the field named {@code name}, if there is one. */
    static void write(Module m, String name, Object value) {
        for (Slot s : SLOTS.get(m.getClass())) {
            if (!s.field.getName().equals(name)) continue;
            try {
                s.field.set(m, value);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot update field " + s.field + " (make it non-final)", e);
            }
            return;
        }
    }
}
