package dev.torch4j.nn;

import dev.torch4j.Tensor;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code torch.nn.utils.parametrize}: a module's parameter expressed as a function of unconstrained tensors.
 * {@code registerParametrization(linear, "weight", new Symmetric())} moves the parameter to
 * {@code linear.parametrizations.weight.original}; the module's {@code weight} field then holds
 * {@code Symmetric(original)}, recomputed before every forward (a forward pre-hook: Java cannot run code when a field
 * is read, as PyTorch's property does), so gradients reach {@code original}. Between an optimizer step and the next
 * forward the field is stale; {@link #value} computes it at any time. Parametrizations chain when registered again;
 * a parametrization may implement {@link RightInverse} (or {@link MultiRightInverse}: several originals), used at
 * registration and by {@link ParametrizationList#rightInverse}. Parameters only (not buffers).
 */
public final class Parametrize {
    private Parametrize() {}

    /** A parametrization's {@code right_inverse} returning one tensor (the original is updated in place). */
    public interface RightInverse {
        Tensor rightInverse(Tensor value);
    }

    /** A {@code right_inverse} returning several tensors: they become {@code original0}, {@code original1}, ... */
    public interface MultiRightInverse {
        Tensor[] rightInverse(Tensor value);
    }

    private static final Map<Module, Map<String, ParametrizationList>> LISTS = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
    private static final Map<Module, Integer> HOOKS = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
    private static int cacheDepth;
    private static final Map<ParametrizationList, Tensor> CACHE = new IdentityHashMap<>();

    /** {@code register_parametrization(module, tensor_name, parametrization)}. */
    public static <M extends Module> M registerParametrization(M module, String tensorName, Module parametrization) {
        return registerParametrization(module, tensorName, parametrization, false);
    }

    /** {@code register_parametrization(module, tensor_name, parametrization, unsafe=unsafe)}. */
    public static <M extends Module> M registerParametrization(M module, String tensorName, Module parametrization, boolean unsafe) {
        parametrization.train(module.isTraining());
        Map<String, ParametrizationList> lists = LISTS.get(module);
        if (lists != null && lists.containsKey(tensorName)) {
            ParametrizationList list = lists.get(tensorName);
            Tensor value = null;
            if (!unsafe) {
                // PyTorch reads module.weight once and applies the new parametrization to it: one evaluation of the
                // chain (a spectral norm's power iteration runs once), whose result is the new value
                Tensor y = list.compute(), x = parametrization.call(y);
                value = x;
                if (x.dtype() != y.dtype() || !java.util.Arrays.equals(x.shapeArray(), y.shapeArray())) {
                    throw new IllegalArgumentException("Registering a parametrization may not change the " + (x.dtype() != y.dtype() ? "dtype" : "shape")
                            + " of the tensor, unless the `unsafe` flag is enabled.\nmodule." + tensorName + "."
                            + (x.dtype() != y.dtype() ? "dtype: " + y.dtype() + "\nparametrization(module." + tensorName + ").dtype: " + x.dtype()
                            : "shape: " + y.shape() + "\nparametrization(module." + tensorName + ").shape: " + x.shape()));
                }
            }
            list.add(parametrization);
            list.unsafe |= unsafe;
            module.setAttribute(tensorName, value != null ? value : list.compute());
            return module;
        }
        Tensor original = module.parameter(tensorName);
        if (original == null) {
            String what = module.hasBuffer(tensorName) ? "' is a buffer; only parameters can be parametrized here" : "'";
            throw new IllegalArgumentException("Module '" + module.className() + "' does not have a parameter, a buffer, or a parametrized "
                    + "element with name '" + tensorName + what);
        }
        ParametrizationList list = new ParametrizationList(parametrization, original, unsafe);
        module.demoteParameter(tensorName, original.detach());
        if (lists == null) {
            lists = new LinkedHashMap<>();
            LISTS.put(module, lists);
            ModuleDict dict = new ModuleDict();
            module.registerModule("parametrizations", dict);
            module.parametrized = true;
            // the hook finds the module's lists at run time, so a deep copy's copied hook refreshes the copy from its own
            HOOKS.put(module, module.addForwardPreHookId((m, inputs) -> {
                Map<String, ParametrizationList> now = LISTS.get(m);
                if (now != null) for (var e : now.entrySet()) refresh(m, e.getKey(), e.getValue());
                return null;
            }));
        }
        lists.put(tensorName, list);
        ((ModuleDict) module.namedChildren().get("parametrizations")).put(tensorName, list);
        // the field needs a value now; PyTorch computes lazily, so reuse the registration check's evaluation
        module.setAttribute(tensorName, list.checked != null ? list.checked : list.compute());
        list.checked = null;
        return module;
    }

    /** Recomputes the parametrized field (or takes it from the cache inside {@link #cached()}). */
    private static void refresh(Module module, String name, ParametrizationList list) {
        Tensor value;
        synchronized (CACHE) {
            value = cacheDepth > 0 ? CACHE.get(list) : null;
        }
        if (value == null) {
            value = list.compute();
            synchronized (CACHE) {
                if (cacheDepth > 0) CACHE.put(list, value);
            }
        }
        module.setAttribute(name, value);
    }

    /** The parametrized tensor {@code module.<tensorName>} computed now from its originals. */
    public static Tensor value(Module module, String tensorName) { return list(module, tensorName).compute(); }

    /** {@code module.parametrizations[tensor_name]}. */
    public static ParametrizationList parametrizations(Module module, String tensorName) { return list(module, tensorName); }

    private static ParametrizationList list(Module module, String tensorName) {
        Map<String, ParametrizationList> lists = LISTS.get(module);
        ParametrizationList l = lists == null ? null : lists.get(tensorName);
        if (l == null) throw new IllegalArgumentException("Module " + module.className() + " does not have a parametrization on " + tensorName);
        return l;
    }

    /**
     * Registers a deep copy's parametrizations: {@code copy}'s lists are {@code original}'s, mapped through the copy's
     * {@code memo} (its own ParametrizationList modules), its copied pre-hook keeps its id, and its parametrized fields
     * are computed from its own originals.
     */
    static void copied(Module original, Module copy, java.util.IdentityHashMap<Object, Object> memo) {
        Map<String, ParametrizationList> lists = LISTS.get(original);
        if (lists == null) return;
        Map<String, ParametrizationList> mine = new LinkedHashMap<>();
        for (var e : lists.entrySet()) mine.put(e.getKey(), (ParametrizationList) memo.get(e.getValue()));
        LISTS.put(copy, mine);
        HOOKS.put(copy, HOOKS.get(original));
        for (var e : mine.entrySet()) refresh(copy, e.getKey(), e.getValue());
    }

    /** {@code is_parametrized(module)}: whether any tensor of the module is parametrized. */
    public static boolean isParametrized(Module module) {
        Map<String, ParametrizationList> lists = LISTS.get(module);
        return lists != null && !lists.isEmpty();
    }

    /** {@code is_parametrized(module, tensor_name)}. */
    public static boolean isParametrized(Module module, String tensorName) {
        Map<String, ParametrizationList> lists = LISTS.get(module);
        return lists != null && lists.containsKey(tensorName);
    }

    /**
     * {@code remove_parametrizations(module, tensor_name, leave_parametrized)}: the parameter comes back, holding the
     * current parametrized value (the original tensor object, so an optimizer's reference stays valid) or, with
     * {@code leaveParametrized} false, the original.
     */
    public static <M extends Module> M removeParametrizations(M module, String tensorName, boolean leaveParametrized) {
        ParametrizationList list = list(module, tensorName);
        Tensor param;
        if (list.isTensor()) {
            param = list.original();
            if (leaveParametrized) {
                Tensor t = list.compute();
                try (var g = dev.torch4j.autograd.GradMode.noGrad()) {
                    param.copy_(t);
                }
            }
        } else {
            if (!leaveParametrized) {
                throw new IllegalArgumentException("Cannot leave unparametrized (`leave_parametrized=False`) a tensor that is parametrized in terms "
                        + "of a sequence of tensors.");
            }
            Tensor t = list.compute();
            param = Parameter.of(t.detach(), t.requiresGrad());
        }
        Map<String, ParametrizationList> lists = LISTS.get(module);
        lists.remove(tensorName);
        ModuleDict dict = (ModuleDict) module.namedChildren().get("parametrizations");
        dict.pop(tensorName);
        module.setAttribute(tensorName, param); // a Parameter in the field: the module registers it again
        if (lists.isEmpty()) {
            module.removeModule("parametrizations");
            module.parametrized = false;
            LISTS.remove(module);
            module.removeForwardPreHook(HOOKS.remove(module));
        }
        return module;
    }

    /** A scope of {@code parametrize.cached()}: while open, each parametrized tensor is computed once and reused. */
    public static final class Cached implements AutoCloseable {
        private boolean closed;

        private Cached() {
            synchronized (CACHE) {
                cacheDepth++;
            }
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            synchronized (CACHE) {
                if (--cacheDepth == 0) CACHE.clear();
            }
        }
    }

    /** {@code with parametrize.cached():} as {@code try (var c = Parametrize.cached()) { ... }}. */
    public static Cached cached() { return new Cached(); }
}
