package dev.torch4j.vision.models;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ModuleDict;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * torchvision's {@code models._utils.IntermediateLayerGetter(model, return_layers)}: the direct children of
 * {@code model} up to the last one named in {@code returnLayers}, run in registration order, returning the outputs
 * of the named ones under their new names. It assumes the model's forward calls its children in that order, each
 * once (true of ResNet and of a Sequential such as MobileNetV3's {@code features}).
 *
 * <pre>{@code
 * var getter = new IntermediateLayerGetter(ResNet.resnet18(), Map.of("layer1", "feat1", "layer3", "feat2"));
 * Map<String, Tensor> out = getter.forwardDict(Torch.rand(1, 3, 224, 224));   // feat1 [1, 64, 56, 56], feat2 [1, 256, 14, 14]
 * }</pre>
 */
public class IntermediateLayerGetter extends ModuleDict {
    private final Map<String, String> returnLayers;

    /** Keeps {@code model}'s children up to the last of {@code returnLayers}' keys (child name to output name). */
    public IntermediateLayerGetter(Module model, Map<String, String> returnLayers) {
        Map<String, Module> children = model.namedChildren();
        if (!children.keySet().containsAll(returnLayers.keySet())) throw new IllegalArgumentException("return_layers are not present in model");
        Map<String, String> left = new LinkedHashMap<>(returnLayers);
        for (var e : children.entrySet()) {
            put(e.getKey(), e.getValue());
            left.remove(e.getKey());
            if (left.isEmpty()) break;
        }
        this.returnLayers = Map.copyOf(returnLayers);
    }

    /** {@code return_layers}: child name to output name. */
    public Map<String, String> returnLayers() { return returnLayers; }

    /** torchvision's {@code forward}: the named outputs, in the order their layers run. */
    public Map<String, Tensor> forwardDict(Tensor x) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : items().entrySet()) {
            x = e.getValue().call(x);
            String name = returnLayers.get(e.getKey());
            if (name != null) out.put(name, x);
        }
        return out;
    }

    /** A map comes out of this module, not a tensor: see {@link #forwardDict}. */
    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException("IntermediateLayerGetter returns its outputs by name: call forwardDict(x)");
    }

    /** {@inheritDoc} torchvision's. */
    @Override
    protected int stateDictVersion() { return 2; }
}
