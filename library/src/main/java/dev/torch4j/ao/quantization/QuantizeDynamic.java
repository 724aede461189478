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
 * model itself. {@link #quantizeDynamic(Module, Map, boolean)} takes PyTorch's {@code qconfig_spec} dict, which also
 * quantizes Embedding and EmbeddingBag (with {@link Defaults#floatQparamsWeightOnlyQconfig()}). Static quantization
 * (observers, {@code prepare}, {@code convert}) and the dynamic LSTM/GRU are not here.
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

    /**
     * {@code quantize_dynamic(model, qconfig_spec, inplace=inplace)} with a dict spec: each module of exactly a listed
     * class (and, as PyTorch propagates the qconfig, none below it otherwise) is swapped: {@code nn.Linear} for the
     * dynamic quantized Linear (qint8, PyTorch's {@code default_dynamic_qconfig} whatever the spec gives it: the only
     * one torch4j's dynamic Linear has), {@code nn.Embedding}/{@code nn.EmbeddingBag} for the quantized ones through
     * their {@code from_float} with the given qconfig (which must be float_qparams_weight_only_qconfig, as in PyTorch).
     */
    public static <M extends Module> M quantizeDynamic(M model, Map<Class<? extends Module>, QConfig> qconfigSpec, boolean inplace) {
        for (Class<? extends Module> c : qconfigSpec.keySet()) {
            if (c != dev.torch4j.nn.Linear.class && c != dev.torch4j.nn.Embedding.class && c != dev.torch4j.nn.EmbeddingBag.class) {
                throw new IllegalArgumentException("quantize_dynamic: torch4j quantizes Linear, Embedding and EmbeddingBag dynamically, got "
                        + c.getSimpleName());
            }
        }
        M target = inplace ? model : model.deepCopy();
        swap(target, "", qconfigSpec);
        return target;
    }

    private static void swap(Module root, String prefix, Map<Class<? extends Module>, QConfig> spec) {
        Module parent = root.getSubmodule(prefix);
        for (Map.Entry<String, Module> e : parent.namedChildren().entrySet()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            Module child = e.getValue();
            if (!spec.containsKey(child.getClass())) {
                swap(root, path, spec);
            } else if (child.getClass() == dev.torch4j.nn.Linear.class) {
                root.setSubmodule(path, dev.torch4j.ao.nn.quantized.dynamic.Linear.fromFloat((dev.torch4j.nn.Linear) child));
            } else {
                QuantizeStatic.setQconfig(child, spec.get(child.getClass()));
                try {
                    root.setSubmodule(path, child instanceof dev.torch4j.nn.EmbeddingBag
                            ? dev.torch4j.ao.nn.quantized.EmbeddingBag.fromFloat(child)
                            : dev.torch4j.ao.nn.quantized.Embedding.fromFloat(child));
                } finally {
                    QuantizeStatic.removeQconfig(child);
                }
            }
        }
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
