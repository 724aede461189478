package dev.torch4j.onnx;

import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.io.OnnxFile;

import java.util.List;

/**
 * One node being run: its inputs (null for an omitted optional one), its attributes with ONNX's defaults, the
 * model's opset and the device results are made on, and the scope its subgraphs run in. Errors name the node.
 */
final class OpCall {
    final OnnxFile.Node node;
    final Tensor[] in;
    final long opset;
    final Device device;
    /** The inputs as given: tensors, or lists of tensors for ONNX sequences (null in {@link #in}). */
    final Object[] values;
    private final Executor executor;
    private final Executor.Scope scope;

    OpCall(OnnxFile.Node node, Object[] values, long opset, Device device, Executor executor, Executor.Scope scope) {
        this.node = node;
        this.values = values;
        this.in = new Tensor[values.length];
        for (int k = 0; k < values.length; k++) if (values[k] instanceof Tensor t) in[k] = t;
        this.opset = opset;
        this.device = device;
        this.executor = executor;
        this.scope = scope;
    }

    /** Input {@code k}, or null when absent or omitted. */
    Tensor input(int k) {
        if (k < values.length && values[k] instanceof List<?>) throw error("input " + k + " is a sequence, not a tensor");
        return k < in.length ? in[k] : null;
    }

    /** Input {@code k}, an ONNX sequence. */
    @SuppressWarnings("unchecked")
    List<Tensor> sequence(int k) {
        if (k < values.length && values[k] instanceof List<?> l) return (List<Tensor>) l;
        throw error("input " + k + " should be a sequence");
    }

    /** Runs graph attribute {@code attr} with its inputs bound to {@code inputs}, seeing this node's scope; its outputs. */
    Object[] subgraph(String attr, Object... inputs) {
        OnnxFile.Attribute a = node.attributes().get(attr);
        if (a == null || a.g() == null) throw error("graph attribute '" + attr + "' is missing");
        try {
            return executor.runSubgraph(a.g(), scope, device, inputs);
        } catch (OnnxOpException e) {
            throw error("in " + attr + ": " + e.getMessage());
        }
    }

    /** Input {@code k}, which the operator requires. */
    Tensor required(int k) {
        Tensor t = input(k);
        if (t == null) throw error("input " + k + " is required");
        return t;
    }

    /** The number of outputs the node names (trailing optional ones may be left out). */
    int outputs() { return node.outputs().size(); }

    /** True when output {@code k} is named (an optional output the graph uses). */
    boolean wantsOutput(int k) { return k < node.outputs().size() && !node.outputs().get(k).isEmpty(); }

    boolean has(String name) { return node.attributes().containsKey(name); }

    long i(String name, long dflt) {
        OnnxFile.Attribute a = node.attributes().get(name);
        return a == null ? dflt : a.i();
    }

    float f(String name, float dflt) {
        OnnxFile.Attribute a = node.attributes().get(name);
        return a == null ? dflt : a.f();
    }

    String s(String name, String dflt) {
        OnnxFile.Attribute a = node.attributes().get(name);
        return a == null || a.s() == null ? dflt : a.s();
    }

    /** An ints attribute, or null when absent. */
    long[] ints(String name) {
        OnnxFile.Attribute a = node.attributes().get(name);
        return a == null ? null : a.ints();
    }

    /** An int64 list given as attribute {@code attr} (older opsets) or as input {@code k} (newer ones); null if neither. */
    long[] intsFrom(String attr, int k) {
        long[] a = ints(attr);
        if (a != null) return a;
        Tensor t = input(k);
        return t == null ? null : t.toLongArray();
    }

    OnnxOpException error(String what) {
        String name = node.name().isEmpty() ? "" : " '" + node.name() + "'";
        return new OnnxOpException(node.opType() + " (node" + name + "): " + what);
    }
}
