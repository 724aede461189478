package dev.torch4j.onnx;

import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.io.OnnxFile;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Parameter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An ONNX model (the file {@code torch.onnx.export} writes) run by torch4j's own ops: a {@link Module} whose forward
 * executes the graph node by node, so it moves to the GPU with {@code .cuda()}, runs under {@code noGrad}, and its
 * initializers are its parameters (floating-point ones, trainable) and buffers (the rest, and BatchNormalization's
 * running statistics). An initializer named
 * like a state-dict key ({@code "layer1.0.conv1.weight"}) lands at that path in the module tree, so
 * {@code stateDict()} gives PyTorch's keys back and can load a Java model written to match.
 *
 * <pre>{@code
 * OnnxModel m = OnnxModel.load(Path.of("resnet.onnx"));
 * try (var g = GradMode.noGrad()) {
 *     Tensor logits = m.call(images);
 * }
 * }</pre>
 *
 * <p>The default ONNX domain is supported from opset 9 to 21 for the operators PyTorch's exporter emits for
 * feed-forward networks (convolutions, pooling, normalisation, attention's reshapes and matmuls, activations,
 * reductions, indexing and the int64 shape arithmetic between them), control flow ({@code If}, {@code Loop},
 * {@code Scan}, whose subgraphs see the enclosing graphs' values, and the sequence operators scripted loops emit),
 * and detection models' operators ({@code NonMaxSuppression}, {@code RoiAlign}, ...); see
 * {@link #supportedOperators()}. A node that cannot run raises an {@link OnnxOpException} naming it; loading checks
 * every node's operator first, inside subgraphs too.
 */
public class OnnxModel extends Module {
    private final OnnxFile.Model model;
    private final long opset;
    /** Initializer name -> the module holding it and its name there. */
    private final Map<String, Slot> slots = new HashMap<>();
    private final List<String> inputs = new ArrayList<>();
    private final Executor executor;

    /** Reads and checks an ONNX file. */
    public static OnnxModel load(Path file) throws IOException { return new OnnxModel(OnnxFile.read(file)); }

    /** Wraps a parsed model, refusing operators and domains this runtime lacks. */
    public OnnxModel(OnnxFile.Model model) {
        this.model = model;
        Long v = model.opsets().get("");
        this.opset = v == null ? 9 : v;
        if (opset < 9 || opset > 21) throw new OnnxOpException("ONNX opset " + opset + " is not supported (9 to 21 are)");
        Set<String> missing = new TreeSet<>();
        Executor.forEachNode(model.graph(), n -> {
            if (!n.domain().isEmpty()) missing.add(n.domain() + "::" + n.opType());
            else if (!OnnxOps.TABLE.containsKey(n.opType())) missing.add(n.opType());
        });
        if (!missing.isEmpty()) {
            throw new OnnxOpException("this ONNX model uses operators torch4j does not run: " + missing + " (supported: "
                    + OnnxOps.TABLE.keySet() + ")");
        }
        // running statistics are state, not weights: buffers, as in the exported module
        Set<String> statistics = new java.util.HashSet<>();
        for (OnnxFile.Node n : model.graph().nodes()) {
            if (n.opType().equals("BatchNormalization")) statistics.addAll(n.inputs().subList(Math.min(3, n.inputs().size()), n.inputs().size()));
        }
        for (var e : model.graph().initializers().entrySet()) place(e.getKey(), e.getValue(), statistics.contains(e.getKey()));
        for (OnnxFile.ValueInfo i : model.graph().inputs()) if (!slots.containsKey(i.name())) inputs.add(i.name());
        this.executor = new Executor(model.graph(), opset);
    }

    /** The names of the graph's inputs that are not initializers, in order: what {@link #forwardAll} takes. */
    public List<String> inputNames() { return List.copyOf(inputs); }

    /** The names of the graph's outputs, in order. */
    public List<String> outputNames() { return model.graph().outputs().stream().map(OnnxFile.ValueInfo::name).toList(); }

    /** The parsed file (opsets, producer, graph). */
    public OnnxFile.Model proto() { return model; }

    /** The default domain's opset version. */
    public long opset() { return opset; }

    /** The operators this runtime runs (the default ONNX domain's names). */
    public static Set<String> supportedOperators() { return java.util.Collections.unmodifiableSet(OnnxOps.TABLE.keySet()); }

    /** The model's only output for its only input; see {@link #forwardAll} for other arities. */
    @Override
    public Tensor forward(Tensor input) {
        Tensor[] out = forwardAll(input);
        if (out.length != 1) throw new IllegalStateException("this ONNX model has " + out.length + " outputs; use forwardAll");
        return out[0];
    }

    /** The graph's outputs for its inputs given in {@link #inputNames()} order. */
    public Tensor[] forwardAll(Tensor... inputs) {
        if (inputs.length != this.inputs.size()) {
            throw new IllegalArgumentException("this ONNX model takes " + this.inputs.size() + " inputs " + this.inputs + ", got " + inputs.length);
        }
        Map<String, Tensor> named = new LinkedHashMap<>();
        for (int k = 0; k < inputs.length; k++) named.put(this.inputs.get(k), inputs[k]);
        Map<String, Tensor> out = run(named);
        return outputNames().stream().map(out::get).toArray(Tensor[]::new);
    }

    /** Runs the graph on named inputs and returns its outputs by name. */
    public Map<String, Tensor> run(Map<String, Tensor> feeds) {
        for (String name : inputs) if (!feeds.containsKey(name)) throw new IllegalArgumentException("missing input '" + name + "' (inputs: " + inputs + ")");
        Executor.Scope scope = new Executor.Scope(null);
        for (var e : slots.entrySet()) scope.values.put(e.getKey(), valueOf(e.getValue()));
        scope.values.putAll(feeds);
        Device device = feeds.isEmpty() ? Device.CPU : feeds.values().iterator().next().device();
        Object[] out = executor.run(model.graph(), scope, device);
        Map<String, Tensor> result = new LinkedHashMap<>();
        List<String> names = outputNames();
        for (int k = 0; k < out.length; k++) {
            if (!(out[k] instanceof Tensor t)) throw new OnnxOpException("graph output '" + names.get(k) + "' is a sequence, not a tensor");
            result.put(names.get(k), t);
        }
        return result;
    }

    /** Where an initializer lives: the module of its dotted path and its name there. */
    private record Slot(Module holder, String local) {}

    /** An initializer's current tensor (moved or reloaded since, as the module's parameter or buffer). */
    private Tensor valueOf(Slot s) {
        if (s.holder() instanceof Holder h) return h.tensor(s.local());
        Tensor p = parameter(s.local());
        return p != null ? p : buffer(s.local());
    }

    /** Registers an initializer at its dotted path: floating tensors as parameters, others (and statistics) as buffers. */
    private void place(String name, Tensor value, boolean statistic) {
        String[] parts = name.split("\\.", -1);
        Module at = this;
        boolean nested = parts.length > 1;
        for (String p : parts) nested &= !p.isEmpty();
        if (nested) {
            for (int k = 0; k < parts.length - 1; k++) {
                Module child = at.namedChildren().get(parts[k]);
                if (child == null) {
                    child = new Holder();
                    at.registerModule(parts[k], child);
                }
                at = child;
            }
        }
        String local = nested ? parts[parts.length - 1] : name;
        if (!nested && local.contains(".")) local = local.replace('.', '_');
        if (!statistic && (value.dtype().isFloatingPoint() || value.dtype().isComplex())) at.registerParameter(local, Parameter.of(value));
        else at.registerBuffer(local, value);
        slots.put(name, new Slot(at, local));
    }

    /** A module in the initializer tree that only holds tensors. */
    private static final class Holder extends Module {
        @Override
        public Tensor forward(Tensor input) { throw new UnsupportedOperationException("part of an ONNX model's initializer tree; call the OnnxModel"); }

        @Override
        public String className() { return "Module"; }

        Tensor tensor(String local) {
            Tensor p = parameter(local);
            return p != null ? p : buffer(local);
        }
    }
}
