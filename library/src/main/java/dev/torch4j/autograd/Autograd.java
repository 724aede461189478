package dev.torch4j.autograd;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.Arrays;

/** The {@code torch.autograd} namespace: {@code Torch.autograd().grad(...)}. */
public final class Autograd {
    static final Autograd INSTANCE = new Autograd();

    private Autograd() {}

    /** The namespace object. */
    public static Autograd get() { return INSTANCE; }

    /** {@code torch.autograd.grad(outputs, inputs)} for scalar outputs. */
    public Tensor[] grad(Tensor[] outputs, Tensor[] inputs) { return grad(outputs, inputs, null, false, false, false); }

    /** {@code torch.autograd.grad(output, input)} for a scalar output and one input. */
    public Tensor grad(Tensor output, Tensor input) { return grad(new Tensor[] {output}, new Tensor[] {input})[0]; }

    /**
     * {@code torch.autograd.grad(outputs, inputs, grad_outputs, retain_graph, create_graph, allow_unused)}: the
     * gradients of the outputs with respect to the inputs, without touching any {@code .grad}. retain_graph
     * defaults to create_graph in PyTorch; here it is retained when either flag is set.
     */
    public Tensor[] grad(Tensor[] outputs, Tensor[] inputs, Tensor[] gradOutputs, boolean retainGraph, boolean createGraph,
                         boolean allowUnused) {
        return grad(outputs, inputs, GradOptions.defaults().gradOutputs(gradOutputs).retainGraph(retainGraph || createGraph)
                .createGraph(createGraph).allowUnused(allowUnused));
    }

    /**
     * {@code torch.autograd.grad(outputs, inputs, **options)} with every keyword argument of PyTorch 2.x:
     * {@code grad_outputs}, {@code retain_graph}, {@code create_graph}, {@code allow_unused},
     * {@code is_grads_batched} and {@code materialize_grads}.
     */
    public Tensor[] grad(Tensor[] outputs, Tensor[] inputs, GradOptions options) {
        return GradCalls.grad(outputs, GradCalls.edgesOf(inputs), inputs, options);
    }

    /**
     * {@code torch.autograd.grad(outputs, [gradient_edge, ...])}: gradients flowing into the given edges
     * ({@link AutogradGraph#getGradientEdge}), e.g. toward a tensor that has since been changed in place.
     */
    public Tensor[] grad(Tensor[] outputs, Edge[] inputs, GradOptions options) {
        for (Edge e : inputs) if (e == null) throw new IllegalArgumentException("grad: a gradient edge is null");
        return GradCalls.grad(outputs, inputs.clone(), null, options);
    }

    /**
     * {@code torch.autograd.backward(tensors, grad_tensors, retain_graph, create_graph, inputs)}: back-propagates from
     * several roots at once; with {@code inputs} (null: every leaf), only their {@code .grad} are written.
     */
    public void backward(Tensor[] tensors, Tensor[] gradTensors, boolean retainGraph, boolean createGraph, Tensor[] inputs) {
        GradCalls.backward(tensors, gradTensors, retainGraph, createGraph, inputs);
    }

    /** {@code torch.autograd.backward(tensors)}: scalar roots, every leaf. */
    public void backward(Tensor... tensors) { GradCalls.backward(tensors, null, false, false, null); }

    /**
     * The keyword arguments of {@code torch.autograd.grad}: {@code retainGraph} null means "as createGraph",
     * {@code allowUnused} null means "as materializeGrads", as in PyTorch.
     */
    public record GradOptions(Tensor[] gradOutputs, Boolean retainGraph, boolean createGraph, Boolean allowUnused,
                              boolean isGradsBatched, boolean materializeGrads) {
        /** PyTorch's defaults. */
        public static GradOptions defaults() { return new GradOptions(null, null, false, null, false, false); }

        /** With {@code grad_outputs} (null entries: ones for scalar outputs). */
        public GradOptions gradOutputs(Tensor... v) { return new GradOptions(v, retainGraph, createGraph, allowUnused, isGradsBatched, materializeGrads); }

        /** With {@code retain_graph}. */
        public GradOptions retainGraph(boolean v) { return new GradOptions(gradOutputs, v, createGraph, allowUnused, isGradsBatched, materializeGrads); }

        /** With {@code create_graph}. */
        public GradOptions createGraph(boolean v) { return new GradOptions(gradOutputs, retainGraph, v, allowUnused, isGradsBatched, materializeGrads); }

        /** With {@code allow_unused}. */
        public GradOptions allowUnused(boolean v) { return new GradOptions(gradOutputs, retainGraph, createGraph, v, isGradsBatched, materializeGrads); }

        /** With {@code is_grads_batched}: each grad_output's first dim is a batch of vectors, one product per entry. */
        public GradOptions isGradsBatched(boolean v) { return new GradOptions(gradOutputs, retainGraph, createGraph, allowUnused, v, materializeGrads); }

        /** With {@code materialize_grads}: unused inputs get zeros instead of null. */
        public GradOptions materializeGrads(boolean v) { return new GradOptions(gradOutputs, retainGraph, createGraph, allowUnused, isGradsBatched, v); }
    }

    // ---------------------------------------------------------------- anomaly detection, torch.autograd.graph

    /**
     * {@code with torch.autograd.detect_anomaly():} as {@code try (var a = Torch.autograd().detectAnomaly()) {...}}:
     * nodes record their forward call, and backward fails on NaN gradients (see {@link AnomalyMode}).
     */
    public AnomalyMode.Scope detectAnomaly() { return AnomalyMode.detectAnomaly(true); }

    /** {@code torch.autograd.detect_anomaly(check_nan)}: without the NaN check when {@code checkNan} is false. */
    public AnomalyMode.Scope detectAnomaly(boolean checkNan) { return AnomalyMode.detectAnomaly(checkNan); }

    /** {@code torch.autograd.set_detect_anomaly(mode)}: anomaly mode on or off until the scope closes. */
    public AnomalyMode.Scope setDetectAnomaly(boolean mode) { return AnomalyMode.setDetectAnomaly(mode, true); }

    /** {@code torch.autograd.set_detect_anomaly(mode, check_nan)}. */
    public AnomalyMode.Scope setDetectAnomaly(boolean mode, boolean checkNan) { return AnomalyMode.setDetectAnomaly(mode, checkNan); }

    /** The {@code torch.autograd.graph} namespace: saved-tensor hooks ({@code graph().saveOnCpu()}). */
    public AutogradGraph graph() { return AutogradGraph.INSTANCE; }

    // ---------------------------------------------------------------- torch.autograd.functional

    /** {@code torch.autograd.functional.jacobian(f, x)}: {@code d f(x) / d x}, shaped {@code f(x).shape + x.shape}. */
    public Tensor jacobian(java.util.function.Function<Tensor, Tensor> f, Tensor x) {
        return FunctionalDerivatives.jacobian(in -> f.apply(in[0]), new Tensor[] {x}, false)[0];
    }

    /** {@code jacobian(f, inputs, create_graph=)}: one Jacobian per input; with createGraph they are differentiable. */
    public Tensor[] jacobian(java.util.function.Function<Tensor[], Tensor> f, Tensor[] inputs, boolean createGraph) {
        return FunctionalDerivatives.jacobian(f, inputs, createGraph);
    }

    /** {@code torch.autograd.functional.hessian(f, x)} of a scalar function: shaped {@code x.shape + x.shape}. */
    public Tensor hessian(java.util.function.Function<Tensor, Tensor> f, Tensor x) { return FunctionalDerivatives.hessian(f, x); }

    /** {@code torch.autograd.functional.vjp(f, x, v)}: {@code {f(x), v^T J}} (v null for a scalar f). */
    public Tensor[] vjp(java.util.function.Function<Tensor, Tensor> f, Tensor x, Tensor v) { return FunctionalDerivatives.vjp(f, x, v); }

    /** {@code torch.autograd.functional.jvp(f, x, v)}: {@code {f(x), J v}}. */
    public Tensor[] jvp(java.util.function.Function<Tensor, Tensor> f, Tensor x, Tensor v) { return FunctionalDerivatives.jvp(f, x, v); }

    /** {@code torch.autograd.functional.hvp(f, x, v)}: {@code {f(x), H v}} for a scalar f. */
    public Tensor[] hvp(java.util.function.Function<Tensor, Tensor> f, Tensor x, Tensor v) { return FunctionalDerivatives.hvp(f, x, v); }
}
