package dev.torch4j.ao.quantization;

import dev.torch4j.nn.Module;

import java.util.Map;

/**
 * {@code torch.ao.quantization.quantize_dynamic(model, {nn.Linear}, dtype=torch.qint8)}: every
 * {@link dev.torch4j.nn.Linear} below the model (exactly that class, as PyTorch matches {@code type(mod)}; the root
 * itself is not swapped, as in PyTorch) becomes a {@link dev.torch4j.ao.nn.quantized.dynamic.Linear} with a qint8 weight.
 *
 * <p>The model is changed in place and returned (PyTorch's {@code inplace=True}): PyTorch's default deep-copies the
 * model first, which torch4j modules have no general way to do. Static quantization (observers, {@code prepare},
 * {@code convert}) and the other dynamic modules (LSTM, GRU, Embedding bags) are not here.
 */
public final class QuantizeDynamic {
    private QuantizeDynamic() {}

    /** Swaps the model's Linear layers for dynamic quantized ones; returns {@code model}. */
    public static <M extends Module> M quantizeDynamic(M model) {
        swap(model, "");
        return model;
    }

    private static void swap(Module root, String prefix) {
        Module parent = root.getSubmodule(prefix);
        for (Map.Entry<String, Module> e : parent.namedChildren().entrySet()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            Module child = e.getValue();
            if (child.getClass() == dev.torch4j.nn.Linear.class) {
                root.setSubmodule(path, dev.torch4j.ao.nn.quantized.dynamic.Linear.fromFloat((dev.torch4j.nn.Linear) child));
            } else {
                swap(root, path);
            }
        }
    }
}
