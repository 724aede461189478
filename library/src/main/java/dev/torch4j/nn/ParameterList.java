package dev.torch4j.nn;

import dev.torch4j.Tensor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code nn.ParameterList}: a list of parameters registered under {@code "0"}, {@code "1"}, ..., so they appear in
 * {@link #parameters()}, the state dict and the optimizer. A tensor that is not yet a {@link Parameter} is made
 * one, as PyTorch 2.x does.
 */
public class ParameterList extends Module implements Iterable<Tensor> {
    /** {@code nn.ParameterList()}. */
    public ParameterList() {}

    /** {@code nn.ParameterList([tensors...])}. */
    public ParameterList(Tensor... values) { extend(List.of(values)); }

    /** {@code nn.ParameterList(iterable)}. */
    public ParameterList(Iterable<Tensor> values) { extend(values); }

    static Tensor asParameter(Tensor t) { return t == null || t.isParameter() ? t : Parameter.of(t); }

    /** The number of parameters ({@code len}). */
    public int size() { return namedParameters("", false).size(); }

    /** The parameter at {@code index}; negative indexes count from the end. */
    public Tensor get(int index) { return parameter(Integer.toString(ModuleList.absIndex(index, size()))); }

    /** {@code self[index] = value}. */
    public void set(int index, Tensor value) { registerParameter(Integer.toString(ModuleList.absIndex(index, size())), asParameter(value)); }

    /** {@code append(value)}. */
    public ParameterList append(Tensor value) {
        registerParameter(Integer.toString(size()), asParameter(value));
        return this;
    }

    /** {@code extend(values)}. */
    public ParameterList extend(Iterable<Tensor> values) {
        for (Tensor t : values) append(t);
        return this;
    }

    @Override
    public Iterator<Tensor> iterator() {
        List<Tensor> out = new ArrayList<>(namedParameters("", false).values());
        return out.iterator();
    }

    /** PyTorch's lines: {@code (0): Parameter containing: [torch.float32 of size 3x4]}, with the device when not the CPU. */
    @Override
    public String extraRepr() {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : namedParameters("", false).entrySet()) {
            lines.add("  (" + e.getKey() + "): " + describe(e.getValue(), e.getValue().dtype().toString()));
        }
        return String.join("\n", lines);
    }

    /** {@code Parameter containing: [<type> of size AxB]}, the device added for a GPU tensor. */
    static String describe(Tensor p, String type) {
        StringBuilder size = new StringBuilder();
        for (long d : p.shapeArray()) size.append(size.isEmpty() ? "" : "x").append(d);
        String device = p.device().isCpu() ? "" : " (" + p.device() + ")";
        return (p.isParameter() ? "Parameter" : "Tensor") + " containing: [" + type + " of size " + size + device + "]";
    }
}
