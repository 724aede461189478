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
        Edge[] captures = new Edge[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (!inputs[i].requiresGrad()) {
                throw new IllegalArgumentException("One of the differentiated Tensors does not require grad");
            }
            captures[i] = Graph.edgeOf(inputs[i]);
        }
        Tensor[] res = Engine.runFromUser(true, outputs, gs, retainGraph || createGraph, createGraph, captures);
        for (int i = 0; i < res.length; i++) {
            if (res[i] == null && !allowUnused) {
                throw new IllegalStateException("One of the differentiated Tensors appears to not have been used in the graph. "
                        + "Set allow_unused=True if this is the desired behavior.");
            }
            if (res[i] != null && !createGraph) res[i] = res[i].detach();
        }
        return res;
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
