package dev.torch4j.optim;

import dev.torch4j.Tensor;
import dev.torch4j.TensorScope;
import dev.torch4j.autograd.GradMode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code torch.optim.Optimizer}: parameter groups with their hyperparameters, per-parameter state, and
 * {@link #step()}. Steps run without recording a graph and update the parameters in place, in the same order of
 * operations as PyTorch's single-tensor (CPU) implementations.
 */
public abstract class Optimizer {
    private final List<ParamGroup> paramGroups = new ArrayList<>();
    private final Map<Tensor, Map<String, Object>> state = new IdentityHashMap<>();
    private final List<Tensor> stateOrder = new ArrayList<>(); // PyTorch's state dict keeps first-use order
    private final LinkedHashMap<String, Object> defaults;

    /** An optimizer over one group of {@code params} with {@code defaults} for every group. */
    protected Optimizer(Iterable<Tensor> params, Map<String, Object> defaults) {
        this(List.of(ParamGroup.of(params)), defaults);
    }

    /** An optimizer over explicit parameter groups. */
    protected Optimizer(List<ParamGroup> groups, Map<String, Object> defaults) {
        this.defaults = new LinkedHashMap<>(defaults);
        if (groups.isEmpty() || groups.size() == 1 && groups.getFirst().params().isEmpty()) {
            throw new IllegalArgumentException("optimizer got an empty parameter list");
        }
        for (ParamGroup g : groups) addParamGroup(g);
    }

    /** {@code add_param_group}: fills the group's missing hyperparameters from the defaults. */
    public void addParamGroup(ParamGroup group) {
        Set<Tensor> inGroup = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor p : group.params()) {
            if (!p.isLeaf()) throw new IllegalArgumentException("can't optimize a non-leaf Tensor");
            if (!inGroup.add(p)) {
                System.getLogger("dev.torch4j.optim").log(System.Logger.Level.WARNING,
                        "optimizer contains a parameter group with duplicate parameters; in future, this will cause an error");
            }
        }
        LinkedHashMap<String, Object> merged = new LinkedHashMap<>(group.options());
        for (var e : defaults.entrySet()) merged.putIfAbsent(e.getKey(), e.getValue());
        group.replaceOptions(merged);
        for (ParamGroup g : paramGroups) {
            for (Tensor p : g.params()) {
                if (inGroup.contains(p)) throw new IllegalArgumentException("some parameters appear in more than one parameter group");
            }
        }
        paramGroups.add(group);
    }

    /** {@code param_groups}. */
    public List<ParamGroup> paramGroups() { return Collections.unmodifiableList(paramGroups); }

    /** {@code defaults}. */
    public Map<String, Object> defaults() { return Collections.unmodifiableMap(defaults); }

    /** {@code state[p]}: this parameter's state, created empty on first use. */
    public Map<String, Object> state(Tensor p) {
        return state.computeIfAbsent(p, k -> {
            stateOrder.add(k);
            return new OwnedState();
        });
    }

    /** True when the parameter has state (it has been stepped). */
    public boolean hasState(Tensor p) { return state.containsKey(p) && !state.get(p).isEmpty(); }

    /** Performs one update of every parameter that has a gradient. */
    public abstract void step();

    /**
     * Whether Adam, AdamW, RMSprop and Adagrad use their backend's one-pass kernel where it has one; tests turn it
     * off to compare the kernels with the composed tensor-op form.
     */
    static volatile boolean useFusedKernels = true;

    /** {@code step(closure)}: re-evaluates the loss with grad enabled, steps, and returns the loss. */
    public Tensor step(Supplier<Tensor> closure) {
        Tensor loss;
        try (var g = GradMode.enableGrad()) {
            loss = closure.get();
        }
        step();
        return loss;
    }

    /**
     * The scope of one {@code step()}: grad mode off, and, while a profiler records, the range PyTorch's optimizers
     * open ({@code Optimizer.step#SGD.step}).
     */
    protected final StepScope stepScope() {
        var range = dev.torch4j.core.Profiling.range(dev.torch4j.core.Profiling.active()
                ? "Optimizer.step#" + getClass().getSimpleName() + ".step" : null);
        var guard = GradMode.noGrad();
        return () -> {
            guard.close();
            if (range != null) range.close();
        };
    }

    /** What {@link #stepScope()} returns: closing it throws nothing. */
    @FunctionalInterface
    protected interface StepScope extends AutoCloseable {
        @Override void close();
    }

    /** {@code zero_grad()}: sets every gradient to null ({@code set_to_none=True}, PyTorch 2.x's default). */
    public void zeroGrad() { zeroGrad(true); }

    /** {@code zero_grad(set_to_none)}: with false, zeroes the gradients in place instead. */
    public void zeroGrad(boolean setToNone) {
        try (var range = dev.torch4j.core.Profiling.range(dev.torch4j.core.Profiling.active()
                ? "Optimizer.zero_grad#" + getClass().getSimpleName() + ".zero_grad" : null)) {
            zeroGradUnprofiled(setToNone);
        }
    }

    private void zeroGradUnprofiled(boolean setToNone) {
        for (ParamGroup g : paramGroups) {
            for (Tensor p : g.params()) {
                Tensor grad = p.grad();
                if (grad == null) continue;
                if (setToNone) {
                    p.setGrad(null);
                    continue;
                }
                if (grad.gradFn() != null) {
                    grad = grad.detach();
                    p.setGrad(grad);
                }
                try (var s = GradMode.noGrad()) {
                    grad.zero_();
                }
            }
        }
    }

    // ---------------------------------------------------------------- state dict

    /**
     * {@code state_dict()}: {@code {"state": {index: {...}}, "param_groups": [{..., "params": [indices]}]}}, with
     * parameters replaced by their position across all groups, as PyTorch saves it. State tensors are shared, not
     * copied.
     */
    public Map<String, Object> stateDict() {
        Map<Tensor, Integer> index = new IdentityHashMap<>();
        List<Map<String, Object>> groups = new ArrayList<>();
        int next = 0;
        for (ParamGroup g : paramGroups) {
            LinkedHashMap<String, Object> packed = new LinkedHashMap<>(g.options());
            List<Integer> ids = new ArrayList<>();
            for (Tensor p : g.params()) {
                if (!index.containsKey(p)) index.put(p, next + ids.size());
                ids.add(index.get(p));
            }
            next += ids.size();
            packed.put("params", ids);
            groups.add(packed);
        }
        LinkedHashMap<Integer, Map<String, Object>> packedState = new LinkedHashMap<>();
        for (Tensor p : stateOrder) {
            Map<String, Object> s = state.get(p);
            if (s != null && index.containsKey(p)) packedState.put(index.get(p), new LinkedHashMap<>(s));
        }
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        out.put("state", packedState);
        out.put("param_groups", groups);
        return out;
    }

    /**
     * {@code load_state_dict(state_dict)}: restores hyperparameters and state, matching parameters by position.
     * State tensors are copied and cast to their parameter's dtype and device (except {@code "step"}).
     */
    @SuppressWarnings("unchecked")
    public void loadStateDict(Map<String, Object> stateDict) {
        List<Map<String, Object>> saved = (List<Map<String, Object>>) stateDict.get("param_groups");
        Map<Object, Map<String, Object>> savedState = (Map<Object, Map<String, Object>>) stateDict.get("state");
        if (saved == null || savedState == null) {
            throw new IllegalArgumentException("load_state_dict: expected the keys 'state' and 'param_groups', got " + stateDict.keySet());
        }
        if (saved.size() != paramGroups.size()) {
            throw new IllegalArgumentException("loaded state dict has a different number of parameter groups");
        }
        Map<Integer, Tensor> byId = new LinkedHashMap<>();
        for (int i = 0; i < saved.size(); i++) {
            List<?> ids = (List<?>) saved.get(i).get("params");
            List<Tensor> ps = paramGroups.get(i).params();
            if (ids.size() != ps.size()) {
                throw new IllegalArgumentException("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
            }
            for (int j = 0; j < ids.size(); j++) byId.put(((Number) ids.get(j)).intValue(), ps.get(j));
        }
        state.clear();
        stateOrder.clear();
        for (var e : savedState.entrySet()) {
            Tensor p = byId.get(((Number) e.getKey()).intValue());
            if (p == null) continue;
            Map<String, Object> s = state(p);
            for (var kv : e.getValue().entrySet()) s.put(kv.getKey(), cast(p, kv.getKey(), kv.getValue()));
        }
        for (int i = 0; i < saved.size(); i++) {
            LinkedHashMap<String, Object> o = new LinkedHashMap<>(saved.get(i));
            o.remove("params");
            paramGroups.get(i).replaceOptions(o);
        }
    }

    private static Object cast(Tensor p, String key, Object v) {
        if (!(v instanceof Tensor t)) return v;
        try (var g = GradMode.noGrad()) {
            if (key.equals("step")) return t.clone();
            Tensor c = p.isFloatingPoint() ? t.to(p.device(), p.dtype()) : t.to(p.device());
            return c == t ? t.clone() : c;
        }
    }

    // ---------------------------------------------------------------- helpers for subclasses

    /** The parameters of a group that have a gradient, in order. */
    protected static List<Tensor> withGrad(ParamGroup g) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : g.params()) if (p.grad() != null) out.add(p);
        return out;
    }

    /** PyTorch's checks of {@code betas=(beta1, beta2)}: each in [0, 1). */
    protected static void checkBetas(double beta1, double beta2) {
        if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("Invalid beta parameter at index 0: " + dev.torch4j.nn.Py.repr(beta1));
        if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("Invalid beta parameter at index 1: " + dev.torch4j.nn.Py.repr(beta2));
    }

    /**
     * The checked hyperparameters the Adam family shares, in PyTorch's order: {@code lr}, {@code betas}, {@code eps},
     * {@code weight_decay}; the caller adds its own after them.
     */
    protected static java.util.LinkedHashMap<String, Object> adamFamily(double lr, double beta1, double beta2, double eps, double weightDecay) {
        check(lr >= 0, "learning rate", lr);
        check(eps >= 0, "epsilon value", eps);
        checkBetas(beta1, beta2);
        check(weightDecay >= 0, "weight_decay value", weightDecay);
        java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("lr", lr);
        m.put("betas", List.of(beta1, beta2));
        m.put("eps", eps);
        m.put("weight_decay", weightDecay);
        return m;
    }

    /** Element {@code i} of a group's {@code betas}. */
    protected static double beta(ParamGroup g, int i) { return ((Number) ((List<?>) g.get("betas")).get(i)).doubleValue(); }

    /** PyTorch's {@code Invalid <what>: <value>} check. */
    protected static void check(boolean ok, String what, double value) {
        if (!ok) throw new IllegalArgumentException("Invalid " + what + ": " + dev.torch4j.nn.Py.repr(value));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append(" (");
        for (int i = 0; i < paramGroups.size(); i++) {
            sb.append("\nParameter Group ").append(i);
            paramGroups.get(i).options().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> sb.append("\n    ").append(e.getKey()).append(": ").append(pyValue(e.getValue())));
        }
        return sb.append("\n)").toString();
    }

    private static String pyValue(Object v) {
        return switch (v) {
            case Double d -> dev.torch4j.nn.Py.repr(d);
            case Boolean b -> dev.torch4j.nn.Py.repr(b);
            case List<?> l -> {
                StringBuilder sb = new StringBuilder("(");
                for (int i = 0; i < l.size(); i++) sb.append(i > 0 ? ", " : "").append(pyValue(l.get(i)));
                yield sb.append(l.size() == 1 ? ",)" : ")").toString();
            }
            case null -> "None";
            default -> v.toString();
        };
    }

    /** A parameter's state: tensors put here belong to the optimizer, outside any tensor scope. */
    private static final class OwnedState extends LinkedHashMap<String, Object> {
        @Override
        public Object put(String key, Object value) {
            if (value instanceof Tensor t) TensorScope.escape(t);
            return super.put(key, value);
        }
    }
}
