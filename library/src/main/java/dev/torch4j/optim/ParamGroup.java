package dev.torch4j.optim;

import dev.torch4j.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One of an optimizer's {@code param_groups}: the parameters and their hyperparameters, by PyTorch's key names
 * ({@code "lr"}, {@code "momentum"}, {@code "weight_decay"}, {@code "betas"}, ...). Keys a group does not set are
 * filled from the optimizer's defaults when it is added. Schedulers change {@code "lr"} here between steps.
 *
 * <pre>{@code
 * var opt = new SGD(List.of(ParamGroup.of(net.body.parameters()),
 *                           ParamGroup.of(net.head.parameters()).set("lr", 1e-3)),
 *                   SGD.options(1e-2).momentum(0.9));
 * }</pre>
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final LinkedHashMap<String, Object> options = new LinkedHashMap<>();

    private ParamGroup(List<Tensor> params) { this.params = params; }

    /** A group of these parameters with no options of its own yet. */
    public static ParamGroup of(Iterable<Tensor> params) {
        List<Tensor> list = new ArrayList<>();
        for (Tensor t : params) list.add(t);
        return new ParamGroup(list);
    }

    /** The parameters, in order (read-only). */
    public List<Tensor> params() { return Collections.unmodifiableList(params); }

    /** The hyperparameters by name (read-only view, insertion order). */
    public Map<String, Object> options() { return Collections.unmodifiableMap(options); }

    /** Sets a hyperparameter; returns this group. */
    public ParamGroup set(String key, Object value) {
        if (key.equals("params")) throw new IllegalArgumentException("ParamGroup.set: 'params' is not a hyperparameter");
        options.put(key, value);
        return this;
    }

    /** A hyperparameter, or null. */
    public Object get(String key) { return options.get(key); }

    /** A numeric hyperparameter; fails naming the key when absent. */
    public double getDouble(String key) {
        Object v = options.get(key);
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof Boolean b) return b ? 1 : 0;
        throw new IllegalStateException("param group has no numeric '" + key + "' (got " + v + ")");
    }

    /** A boolean hyperparameter (absent: false). */
    public boolean getBoolean(String key) { return Boolean.TRUE.equals(options.get(key)); }

    /** {@code group['lr']}. */
    public double lr() { return getDouble("lr"); }

    /** {@code group['lr'] = lr}. */
    public void setLr(double lr) { options.put("lr", lr); }

    boolean has(String key) { return options.containsKey(key); }

    /** Replaces all options (load_state_dict), keeping the parameters. */
    void replaceOptions(Map<String, Object> o) {
        options.clear();
        options.putAll(o);
    }

    @Override
    public String toString() { return "ParamGroup" + options + " (" + params.size() + " params)"; }
}
