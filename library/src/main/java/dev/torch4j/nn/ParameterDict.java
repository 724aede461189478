package dev.torch4j.nn;

import dev.torch4j.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code nn.ParameterDict}: parameters registered under their keys, in insertion order; a tensor that is not yet a
 * {@link Parameter} is made one, as PyTorch 2.x does.
 */
public class ParameterDict extends Module {
    /** {@code nn.ParameterDict()}. */
    public ParameterDict() {}

    /** {@code nn.ParameterDict(values)}: in the map's iteration order. */
    public ParameterDict(Map<String, Tensor> values) { update(values); }

    /** {@code self[key] = value}. */
    public void put(String key, Tensor value) { registerParameter(key, ParameterList.asParameter(value)); }

    /** {@code self[key]}, or null when absent. */
    public Tensor get(String key) { return parameter(key); }

    /** {@code update(values)}. */
    public void update(Map<String, Tensor> values) { values.forEach(this::put); }

    /** {@code keys()}. */
    public List<String> keys() { return new ArrayList<>(namedParameters("", false).keySet()); }

    /** {@code items()}: the parameters by key, in insertion order. */
    public Map<String, Tensor> items() { return new LinkedHashMap<>(namedParameters("", false)); }

    /** The number of parameters ({@code len}). */
    public int size() { return namedParameters("", false).size(); }

    /** PyTorch's lines: {@code (a): Parameter containing: [torch.FloatTensor of size 2]} (its tensor type name). */
    @Override
    public String extraRepr() {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : namedParameters("", false).entrySet()) {
            lines.add("  (" + e.getKey() + "): " + ParameterList.describe(e.getValue(), Py.typename(e.getValue())));
        }
        return String.join("\n", lines);
    }
}
