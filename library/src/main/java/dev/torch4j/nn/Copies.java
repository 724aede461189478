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

    /**
     * A copy of a Conv1d/2d/3d or ConvTranspose1d/2d/3d ({@code copy.deepcopy} in {@code fuse_conv_bn_eval}): the same
     * hyper-parameters, built without initialising (so nothing is drawn), then cloned parameters. Subclasses (lazy
     * convolutions, user classes) are refused: their extra state would not be copied.
     */
    static Module conv(Module m) {
        Module c = Utils.skipInit(() -> {
            if (m instanceof ConvNd cv) {
                TensorOptions to = TensorOptions.DEFAULT.dtype(cv.weight.dtype()).device(cv.weight.device());
                ConvNd.Options o = ConvNd.options().stride(cv.stride).dilation(cv.dilation).groups(cv.groups).bias(cv.bias != null)
                        .paddingMode(cv.paddingMode).tensorOptions(to);
                o = cv.paddingString != null ? o.padding(cv.paddingString) : o.padding(cv.padding);
                if (m.getClass() == Conv1d.class) return new Conv1d(cv.inChannels, cv.outChannels, cv.kernelSize[0], o);
                if (m.getClass() == Conv2d.class) return new Conv2d(cv.inChannels, cv.outChannels, cv.kernelSize, o);
                if (m.getClass() == Conv3d.class) return new Conv3d(cv.inChannels, cv.outChannels, cv.kernelSize, o);
            } else if (m instanceof ConvTransposeNd cv) {
                TensorOptions to = TensorOptions.DEFAULT.dtype(cv.weight.dtype()).device(cv.weight.device());
                ConvTransposeNd.Options o = ConvTransposeNd.options().stride(cv.stride).padding(cv.padding).outputPadding(cv.outputPadding)
                        .dilation(cv.dilation).groups(cv.groups).bias(cv.bias != null).paddingMode(cv.paddingMode).tensorOptions(to);
                if (m.getClass() == ConvTranspose1d.class) return new ConvTranspose1d(cv.inChannels, cv.outChannels, cv.kernelSize[0], o);
                if (m.getClass() == ConvTranspose2d.class) return new ConvTranspose2d(cv.inChannels, cv.outChannels, cv.kernelSize, o);
                if (m.getClass() == ConvTranspose3d.class) return new ConvTranspose3d(cv.inChannels, cv.outChannels, cv.kernelSize, o);
            }
            throw new UnsupportedOperationException("cannot copy a " + m.className()
                    + " (fusion copies Conv1d/2d/3d and ConvTranspose1d/2d/3d)");
        });
        switch (c) {
            case ConvNd cv -> {
                cv.weight = parameter(((ConvNd) m).weight);
                cv.bias = parameter(((ConvNd) m).bias);
            }
            case ConvTransposeNd cv -> {
                cv.weight = parameter(((ConvTransposeNd) m).weight);
                cv.bias = parameter(((ConvTransposeNd) m).bias);
            }
            default -> throw new AssertionError(c);
        }
        return c.train(m.isTraining());
    }
}
