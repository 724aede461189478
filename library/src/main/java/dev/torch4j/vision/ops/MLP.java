package dev.torch4j.vision.ops;

import dev.torch4j.nn.Dropout;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Sequential;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * {@code torchvision.ops.MLP(in_channels, hidden_channels, norm_layer, activation_layer, inplace, bias, dropout)}:
 * for each hidden width but the last a Linear, the norm layer (if any), the activation and a Dropout; then a Linear to
 * the last width and a Dropout.
 */
public class MLP extends Sequential {
    /** {@code MLP(in_channels, hidden_channels)}: no norm, ReLU in place, bias, no dropout. */
    public MLP(long inChannels, long... hiddenChannels) {
        this(inChannels, hiddenChannels, null, ConvNormActivation::relu, true, true, 0.0);
    }

    /**
     * {@code MLP(...)}: {@code normLayer} built from a width (null for none), {@code activationLayer} from
     * {@code inplace} (null when not passed, as then for the dropouts).
     */
    public MLP(long inChannels, long[] hiddenChannels, LongFunction<Module> normLayer, Function<Boolean, Module> activationLayer,
               Boolean inplace, boolean bias, double dropout) {
        super(layers(inChannels, hiddenChannels, normLayer, activationLayer, inplace, bias, dropout));
    }

    private static Module[] layers(long in, long[] hidden, LongFunction<Module> norm, Function<Boolean, Module> activation,
                                   Boolean inplace, boolean bias, double dropout) {
        if (hidden.length == 0) throw new IllegalArgumentException("MLP: hidden_channels must not be empty");
        List<Module> layers = new ArrayList<>();
        long inDim = in;
        for (int i = 0; i < hidden.length - 1; i++) {
            layers.add(new Linear(inDim, hidden[i], bias));
            if (norm != null) layers.add(norm.apply(hidden[i]));
            layers.add(activation.apply(inplace));
            layers.add(dropout(dropout, inplace));
            inDim = hidden[i];
        }
        layers.add(new Linear(inDim, hidden[hidden.length - 1], bias));
        layers.add(dropout(dropout, inplace));
        return layers.toArray(Module[]::new);
    }

    private static Dropout dropout(double p, Boolean inplace) { return inplace == null ? new Dropout(p) : new Dropout(p, inplace); }
}
