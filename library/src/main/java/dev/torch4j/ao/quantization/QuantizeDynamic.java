package dev.torch4j.ao.quantization;

import dev.torch4j.nn.Module;

import java.util.Map;

/**
 * {@code torch.ao.quantization.quantize_dynamic(model, {nn.Linear}, dtype=torch.qint8)}: every
 * {@link dev.torch4j.nn.Linear} below the model (exactly that class, as PyTorch matches {@code type(mod)}; the root
 * itself is not swapped, as in PyTorch) becomes a {@link dev.torch4j.ao.nn.quantized.dynamic.Linear} with a qint8 weight.
 *
 * <p>As PyTorch's default ({@code inplace=False}) the model is left as it is and a quantized deep copy
 * ({@link Module#deepCopy()}) is returned; {@link #quantizeDynamic(Module, boolean)} with {@code inplace} changes the
 * model itself. Static quantization (observers, {@code prepare}, {@code convert}) and the other dynamic modules (LSTM,
 * GRU, Embedding bags) are not here.
 */
public final class QuantizeDynamic {
    private QuantizeDynamic() {}

    /** A deep copy of the model with its Linear layers swapped for dynamic quantized ones ({@code inplace=False}). */
    public static <M extends Module> M quantizeDynamic(M model) { return quantizeDynamic(model, false); }

    /** {@code quantize_dynamic(model, inplace=inplace)}: with {@code inplace} the model itself is changed and returned. */
    public static <M extends Module> M quantizeDynamic(M model, boolean inplace) {
        M target = inplace ? model : model.deepCopy();
        swap(target, "");
        return target;
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
