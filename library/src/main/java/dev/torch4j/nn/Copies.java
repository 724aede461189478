package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.autograd.GradMode;

/**
 * Deep copies of the modules the Transformer stacks clone (PyTorch's {@code copy.deepcopy} in {@code _get_clones}):
 * new modules holding clones of the parameters, made without drawing from the random generator, so that
 * {@code manualSeed} followed by the same constructions gives PyTorch's weights.
 */
final class Copies {
    private Copies() {}

    /** A new parameter with a copy of {@code p}'s values and its requires_grad flag; null stays null. */
    static Tensor parameter(Tensor p) {
        if (p == null) return null;
        Tensor c;
        try (var g = GradMode.noGrad()) {
            c = p.detach().clone();
        }
        return Parameter.of(c, p.requiresGrad());
    }

    /** A copy of a LayerNorm (or a Dropout, which holds no state); other norms are refused. */
    static Module module(Module m) {
        if (m == null) return null;
        Module c = switch (m) {
            case LayerNorm ln -> {
                LayerNorm n = new LayerNorm(ln.normalizedShape(), ln.eps, ln.elementwiseAffine, false, TensorOptions.DEFAULT);
                n.weight = parameter(ln.weight);
                n.bias = parameter(ln.bias);
                yield n;
            }
            case Dropout d -> new Dropout(d.p, d.inplace);
            default -> throw new UnsupportedOperationException("cannot copy a " + m.className()
                    + " (the Transformer stacks copy their own layers, LayerNorm and Dropout)");
        };
        return c.train(m.isTraining());
    }
}
