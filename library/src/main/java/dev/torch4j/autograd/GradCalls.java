package dev.torch4j.autograd;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import java.util.Arrays;

/**
 * The general forms of {@code torch.autograd.backward} and {@code torch.autograd.grad}: several roots, gradients
 * toward {@link Edge}s ({@code GradientEdge}), {@code inputs=} for backward, {@code is_grads_batched} and
 * {@code materialize_grads}.
 */
final class GradCalls {
    private GradCalls() {}

    /** The root gradients: given ones checked against their outputs' shapes, ones for scalar outputs. */
    static Tensor[] rootGrads(Tensor[] outputs, Tensor[] gradOutputs) {
        if (gradOutputs != null && gradOutputs.length != outputs.length) {
            throw new IllegalArgumentException("grad requires one grad_output per output: got " + gradOutputs.length
                    + " grad_outputs for " + outputs.length + " outputs");
        }
        Tensor[] gs = new Tensor[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            Tensor o = outputs[i];
            Tensor g = gradOutputs != null ? gradOutputs[i] : null;
            if (g == null) {
                if (o.numel() != 1) throw new IllegalStateException("grad can be implicitly created only for scalar outputs");
                g = Torch.onesLike(o);
            } else if (!Arrays.equals(g.shapeArray(), o.shapeArray())) {
                throw new IllegalArgumentException("Mismatch in shape: grad_output[" + i + "] has a shape of " + g.shape()
                        + " and output[" + i + "] has a shape of " + o.shape() + ".");
            }
            gs[i] = g;
        }
        return gs;
    }

    /** The edges of tensors asked for as inputs, each required to need a gradient. */
    static Edge[] edgesOf(Tensor[] inputs) {
        Edge[] captures = new Edge[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (!inputs[i].requiresGrad()) throw new IllegalArgumentException("One of the differentiated Tensors does not require grad");
            captures[i] = Graph.edgeOf(inputs[i]);
        }
        return captures;
    }

    /** {@code torch.autograd.grad} toward edges, with the options. */
    static Tensor[] grad(Tensor[] outputs, Edge[] inputs, Tensor[] inputTensors, Autograd.GradOptions o) {
        boolean allowUnused = o.allowUnused() != null ? o.allowUnused() : o.materializeGrads();
        if (o.materializeGrads() && o.allowUnused() != null && !o.allowUnused()) {
            throw new IllegalArgumentException("Expected allow_unused to be True or not passed when materialize_grads=True, "
                    + "but got: allow_unused=False.");
        }
        boolean retain = o.retainGraph() != null ? o.retainGraph() : o.createGraph();
        Tensor[] res;
        if (o.isGradsBatched()) {
            res = batched(outputs, inputs, o, retain);
        } else {
            Tensor[] gs = rootGrads(outputs, o.gradOutputs());
            res = Engine.runFromUser(true, outputs, gs, retain || o.createGraph(), o.createGraph(), inputs);
            for (int i = 0; i < res.length; i++) if (res[i] != null && !o.createGraph()) res[i] = res[i].detach();
        }
        for (int i = 0; i < res.length; i++) {
            if (res[i] != null) continue;
            if (o.materializeGrads()) {
                if (inputTensors == null) throw new IllegalArgumentException("grad: materialize_grads=True needs Tensor inputs, not gradient edges");
                res[i] = Torch.zerosLike(inputTensors[i]);
            } else if (!allowUnused) {
                throw new IllegalStateException("One of the differentiated Tensors appears to not have been used in the graph. "
                        + "Set allow_unused=True if this is the desired behavior.");
            }
        }
        return res;
    }

    /** {@code is_grads_batched}: one vector-Jacobian product per slice of the grad_outputs' first dim, stacked. */
    private static Tensor[] batched(Tensor[] outputs, Edge[] inputs, Autograd.GradOptions o, boolean retain) {
        Tensor[] gos = o.gradOutputs();
        if (gos == null) throw new IllegalArgumentException("grad: is_grads_batched=True needs grad_outputs");
        long b = -1;
        for (int i = 0; i < gos.length; i++) {
            if (gos[i] == null || gos[i].dim() == 0) {
                throw new IllegalArgumentException("grad: with is_grads_batched=True every grad_output needs a batch dimension");
            }
            if (b < 0) b = gos[i].size(0);
            else if (gos[i].size(0) != b) {
                throw new IllegalArgumentException("grad: with is_grads_batched=True the grad_outputs' first dims must agree, got "
                        + b + " and " + gos[i].size(0));
            }
        }
        Tensor[][] parts = new Tensor[inputs.length][(int) b];
        for (long k = 0; k < b; k++) {
            Tensor[] slice = new Tensor[gos.length];
            for (int i = 0; i < gos.length; i++) slice[i] = gos[i].select(0, k);
            Tensor[] r = Engine.runFromUser(true, outputs, rootGrads(outputs, slice), k + 1 < b || retain || o.createGraph(),
                    o.createGraph(), inputs);
            for (int i = 0; i < inputs.length; i++) parts[i][(int) k] = r[i] == null ? null : o.createGraph() ? r[i] : r[i].detach();
        }
        Tensor[] out = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (Arrays.stream(parts[i]).allMatch(t -> t == null)) continue;
            Tensor[] filled = parts[i].clone();
            for (int k = 0; k < filled.length; k++) {
                if (filled[k] == null) {
                    Tensor like = Arrays.stream(parts[i]).filter(t -> t != null).findFirst().orElseThrow();
                    filled[k] = Torch.zerosLike(like);
                }
            }
            out[i] = Torch.stack(filled, 0);
        }
        return out;
    }

    /**
     * {@code torch.autograd.backward(tensors, grad_tensors, retain_graph, create_graph, inputs)}: with {@code inputs},
     * only their {@code .grad} receive the gradient (and only the graph leading to them runs), non-leaf inputs
     * included.
     */
    static void backward(Tensor[] tensors, Tensor[] gradTensors, boolean retainGraph, boolean createGraph, Tensor[] inputs) {
        for (int i = 0; i < tensors.length; i++) {
            if (!tensors[i].requiresGrad()) {
                throw new IllegalStateException("element " + i + " of tensors does not require grad and does not have a grad_fn");
            }
        }
        Tensor[] gs = rootGrads(tensors, gradTensors);
        if (inputs == null) {
            Engine.runFromUser(false, tensors, gs, retainGraph || createGraph, createGraph, null);
            return;
        }
        if (inputs.length == 0) throw new IllegalArgumentException("'inputs' argument to backward() cannot be empty.");
        Edge[] edges = edgesOf(inputs);
        Tensor[] captured = Engine.runFromUser(false, tensors, gs, retainGraph || createGraph, createGraph, edges);
        try (var mode = GradMode.setGradEnabled(createGraph)) {
            for (int i = 0; i < inputs.length; i++) {
                Tensor g = captured[i];
                if (g == null) continue;
                if (edges[i].node() instanceof AccumulateGrad acc) {
                    acc.apply(new Tensor[] {g}, new boolean[1]); // the leaf's hooks, then .grad, then post-accumulate hooks
                } else {
                    AutogradMeta m = inputs[i].autogradMeta();
                    m.grad = m.grad == null ? (createGraph ? g : g.detach().clone()) : createGraph ? m.grad.add(g) : m.grad.add_(g);
                }
            }
        }
    }
}
