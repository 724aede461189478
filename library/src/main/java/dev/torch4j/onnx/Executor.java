package dev.torch4j.onnx;

import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.io.OnnxFile;

import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a graph node by node: the model's main graph, or a subgraph of {@code If}, {@code Loop} or {@code Scan} in a
 * scope that also sees the enclosing graphs' values (ONNX's lexical scoping). A value is a {@link Tensor} or, for the
 * sequence operators, a {@code List<Tensor>}.
 */
final class Executor {
    /** One graph run's values, looked up here first and then in the enclosing runs' scopes. */
    static final class Scope {
        final Map<String, Object> values = new HashMap<>();
        final Scope parent;

        Scope(Scope parent) { this.parent = parent; }

        Object get(String name) {
            for (Scope s = this; s != null; s = s.parent) {
                Object v = s.values.get(name);
                if (v != null) return v;
            }
            return null;
        }
    }

    /**
     * Per graph: after each node, the values nothing later reads (a subgraph's reads count as its node's; the graph's
     * outputs are kept), and the outer names the graph reads.
     */
    private record Plan(List<List<String>> drops, Set<String> free) {}

    private final Map<OnnxFile.Graph, Plan> plans = new IdentityHashMap<>();
    /**
     * Subgraph initializers on the device they were last run on: a Loop's body runs once per iteration, and moving its
     * constants each time was a host-to-device copy per constant per iteration on a GPU.
     */
    private final Map<OnnxFile.Graph, Map.Entry<Device, Map<String, Tensor>>> placed = new IdentityHashMap<>();
    final long opset;

    Executor(OnnxFile.Graph main, long opset) {
        this.opset = opset;
        plan(main);
    }

    /** Every node of the graph and of its subgraphs, depth first. */
    static void forEachNode(OnnxFile.Graph g, java.util.function.Consumer<OnnxFile.Node> f) {
        for (OnnxFile.Node n : g.nodes()) {
            f.accept(n);
            for (OnnxFile.Graph sub : subgraphs(n)) forEachNode(sub, f);
        }
    }

    private static List<OnnxFile.Graph> subgraphs(OnnxFile.Node n) {
        return n.attributes().values().stream().filter(a -> a.g() != null).map(OnnxFile.Attribute::g).toList();
    }

    private Plan plan(OnnxFile.Graph g) {
        Plan p = plans.get(g);
        if (p != null) return p;
        Set<String> defined = new HashSet<>(g.initializers().keySet());
        for (OnnxFile.ValueInfo v : g.inputs()) defined.add(v.name());
        Map<String, Integer> lastUse = new HashMap<>();
        Set<String> free = new HashSet<>();
        List<OnnxFile.Node> nodes = g.nodes();
        for (int k = 0; k < nodes.size(); k++) {
            OnnxFile.Node n = nodes.get(k);
            Set<String> reads = new HashSet<>(n.inputs());
            for (OnnxFile.Graph sub : subgraphs(n)) reads.addAll(plan(sub).free());
            reads.remove("");
            for (String r : reads) {
                lastUse.put(r, k);
                if (!defined.contains(r)) free.add(r);
            }
            defined.addAll(n.outputs());
        }
        for (OnnxFile.ValueInfo v : g.outputs()) {
            if (!defined.contains(v.name())) free.add(v.name());
            lastUse.remove(v.name());
        }
        List<List<String>> drops = new java.util.ArrayList<>();
        for (int k = 0; k < nodes.size(); k++) drops.add(new java.util.ArrayList<>());
        for (var e : lastUse.entrySet()) drops.get(e.getValue()).add(e.getKey());
        p = new Plan(drops, free);
        plans.put(g, p);
        return p;
    }

    /** Runs a subgraph with its inputs bound in order to {@code inputs}, inside {@code outer}; its outputs in order. */
    Object[] runSubgraph(OnnxFile.Graph g, Scope outer, Device device, Object[] inputs) {
        if (inputs.length != g.inputs().size()) {
            throw new OnnxOpException("subgraph '" + g.name() + "' takes " + g.inputs().size() + " inputs, got " + inputs.length);
        }
        Scope s = new Scope(outer);
        s.values.putAll(initializersOn(g, device));
        for (int k = 0; k < inputs.length; k++) s.values.put(g.inputs().get(k).name(), inputs[k]);
        return run(g, s, device);
    }

    private synchronized Map<String, Tensor> initializersOn(OnnxFile.Graph g, Device device) {
        var cached = placed.get(g);
        if (cached != null && cached.getKey().equals(device)) return cached.getValue();
        Map<String, Tensor> on = new HashMap<>();
        for (var e : g.initializers().entrySet()) on.put(e.getKey(), e.getValue().to(device));
        placed.put(g, Map.entry(device, on));
        return on;
    }

    /** Runs {@code g}'s nodes in {@code s} (its inputs and initializers already there); its outputs in order. */
    Object[] run(OnnxFile.Graph g, Scope s, Device device) {
        Plan plan = plan(g);
        List<OnnxFile.Node> nodes = g.nodes();
        for (int k = 0; k < nodes.size(); k++) {
            OnnxFile.Node n = nodes.get(k);
            Object[] in = new Object[n.inputs().size()];
            for (int j = 0; j < in.length; j++) {
                String name = n.inputs().get(j);
                if (name.isEmpty()) continue;
                in[j] = s.get(name);
                if (in[j] == null) throw new OnnxOpException(n.opType() + " (node '" + n.name() + "'): input '" + name + "' is not computed before it");
            }
            OnnxOps.Op op = OnnxOps.TABLE.get(n.opType());
            if (op == null || !n.domain().isEmpty()) throw new OnnxOpException("operator " + n.opType() + " (node '" + n.name() + "') is not supported");
            Object[] out;
            try {
                out = op.apply(new OpCall(n, in, opset, device, this, s));
            } catch (OnnxOpException e) {
                throw e;
            } catch (RuntimeException e) {
                // a torch4j op's own error, about tensors the user never saw: say which node it was
                throw new OnnxOpException(n.opType() + " (node '" + n.name() + "'): " + e.getMessage(), e);
            }
            for (int j = 0; j < n.outputs().size() && j < out.length; j++) {
                if (!n.outputs().get(j).isEmpty() && out[j] != null) s.values.put(n.outputs().get(j), out[j]);
            }
            // only this run's own values are dropped; outer ones belong to the enclosing run
            for (String name : plan.drops().get(k)) s.values.remove(name);
        }
        Object[] result = new Object[g.outputs().size()];
        for (int k = 0; k < result.length; k++) {
            String name = g.outputs().get(k).name();
            result[k] = s.get(name);
            if (result[k] == null) throw new OnnxOpException("graph output '" + name + "' is never computed");
        }
        return result;
    }
}
