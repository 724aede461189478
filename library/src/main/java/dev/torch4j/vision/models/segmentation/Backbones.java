package dev.torch4j.vision.models.segmentation;

import dev.torch4j.nn.Module;
import dev.torch4j.nn.Sequential;
import dev.torch4j.vision.models.MobileNetV3;
import dev.torch4j.vision.models.Weights;
import dev.torch4j.vision.ops.ConvNormActivation;

import java.util.ArrayList;
import java.util.List;

/** What the segmentation builders share: torchvision's keyword defaults and MobileNetV3's stage positions. */
final class Backbones {
    private Backbones() {}

    /** The builders' {@code num_classes} and {@code aux_loss} after torchvision's defaults and checks. */
    record Args(long numClasses, boolean aux) {}

    /**
     * With weights, {@code num_classes} must be theirs (or null) and {@code aux_loss} true (or null), as
     * {@code _ovewrite_value_param} demands; without, {@code num_classes} defaults to 21 and {@code aux_loss} to off.
     */
    static Args resolve(Weights weights, Long numClasses, Boolean auxLoss) {
        if (weights == null) return new Args(numClasses == null ? 21 : numClasses, auxLoss != null && auxLoss);
        if (numClasses != null && numClasses != weights.numClasses()) throw overwrite("num_classes", weights.numClasses(), numClasses);
        if (auxLoss != null && !auxLoss) throw overwrite("aux_loss", "True", "False");
        return new Args(weights.numClasses(), true);
    }

    private static IllegalArgumentException overwrite(String param, Object expected, Object actual) {
        return new IllegalArgumentException("The parameter '" + param + "' expected value " + expected + " but got " + actual + " instead.");
    }

    /**
     * The positions in MobileNetV3's {@code features} where its stages start (the stem, each block with
     * {@code _is_cn}, the last convolution): C0 ... C5.
     */
    static List<Integer> stageIndices(Sequential features) {
        List<Integer> out = new ArrayList<>(List.of(0));
        for (int i = 0; i < features.size(); i++) {
            if (features.get(i) instanceof MobileNetV3.InvertedResidual r && r.isCn) out.add(i);
        }
        out.add(features.size() - 1);
        return out;
    }

    /** {@code backbone[pos].out_channels}. */
    static long outChannels(Module m) {
        return m instanceof MobileNetV3.InvertedResidual r ? r.outChannels : ((ConvNormActivation) m).outChannels;
    }

    /** Loads {@code weights} into {@code model} when given (strictly), as the builders' {@code load_state_dict}. */
    static <M extends Module> M load(M model, Weights weights) { return weights == null ? model : Weights.load(model, weights, sd -> sd); }
}
