package dev.torch4j.vision.models.detection;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Module;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * torchvision's {@code IntermediateLayerGetter(model, return_layers)}: the model's direct children up to the last
 * one named in {@code returnLayers}, run in order; the outputs of the named ones come back under their new names.
 * The children keep their names, so the state dict is the model's own (less what comes after).
 */
public class IntermediateLayerGetter extends Module {
    /** Child name to output name. */
    public final Map<String, String> returnLayers;

    /** {@code IntermediateLayerGetter(model, return_layers)}. */
    public IntermediateLayerGetter(Module model, Map<String, String> returnLayers) {
        Map<String, Module> children = model.namedChildren();
        if (!children.keySet().containsAll(returnLayers.keySet())) throw new IllegalArgumentException("return_layers are not present in model");
        this.returnLayers = new LinkedHashMap<>(returnLayers);
        Map<String, String> left = new LinkedHashMap<>(returnLayers);
        for (var e : children.entrySet()) {
            registerModule(e.getKey(), e.getValue());
            left.remove(e.getKey());
            if (left.isEmpty()) break;
        }
    }

    /** {@code forward(x)}: the named children's outputs, in the children's order. */
    public Map<String, Tensor> forwardLayers(Tensor x) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : namedChildren().entrySet()) {
            x = e.getValue().call(x);
            String name = returnLayers.get(e.getKey());
            if (name != null) out.put(name, x);
        }
        return out;
    }
}
