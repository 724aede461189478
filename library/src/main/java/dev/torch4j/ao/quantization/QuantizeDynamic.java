package dev.torch4j.ao.quantization;

import dev.torch4j.nn.Module;

import java.util.Map;
import java.util.function.Function;

/**
 * {@code torch.ao.quantization.quantize_dynamic(model)} with the default spec ({@code dtype=torch.qint8}): every
 * {@link dev.torch4j.nn.Linear}, {@link dev.torch4j.nn.LSTM}, {@link dev.torch4j.nn.GRU},
 * {@link dev.torch4j.nn.LSTMCell}, {@link dev.torch4j.nn.GRUCell} and {@link dev.torch4j.nn.RNNCell} below the model
 * (exactly those classes, as PyTorch matches {@code type(mod)}; the root itself is not swapped, as in PyTorch; a
 * multi-step {@code nn.RNN} stays float, as PyTorch has no dynamic one) becomes its
 * {@code dev.torch4j.ao.nn.quantized.dynamic} counterpart with qint8 weights ({@code default_dynamic_qconfig}'s
 * weight observer).
 *
 * <p>As PyTorch's default ({@code inplace=False}) the model is left as it is and a quantized deep copy
 * ({@link Module#deepCopy()}) is returned; {@link #quantizeDynamic(Module, boolean)} with {@code inplace} changes the
 * model itself. {@link #quantizeDynamic(Module, Map, boolean)} takes PyTorch's {@code qconfig_spec} dict, which also
 * quantizes Embedding and EmbeddingBag (with {@link Defaults#floatQparamsWeightOnlyQconfig()}, or
 * {@link Defaults#floatQparamsWeightOnlyQconfig4bit()} for 4-bit weights). Static quantization
 * (observers, {@code prepare}, {@code convert}) is {@link QuantizeStatic}; float16 dynamic quantization
 * ({@code dtype=torch.float16}) is not here.
 */
public final class QuantizeDynamic {
    private QuantizeDynamic() {}

    /** A deep copy of the model with its Linear and recurrent layers swapped for dynamic quantized ones ({@code inplace=False}). */
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
     * one torch4j's dynamic Linear has), {@code nn.LSTM}/{@code nn.GRU}/{@code nn.LSTMCell}/{@code nn.GRUCell}/
     * {@code nn.RNNCell} for the dynamic quantized ones, whose {@code from_float} quantizes the weights with the
     * given qconfig's weight observer (per tensor, qint8), {@code nn.Embedding}/{@code nn.EmbeddingBag} for the
     * quantized ones through their {@code from_float} with the given qconfig (which must be
     * float_qparams_weight_only_qconfig, as in PyTorch).
     */
    public static <M extends Module> M quantizeDynamic(M model, Map<Class<? extends Module>, QConfig> qconfigSpec, boolean inplace) {
        for (Class<? extends Module> c : qconfigSpec.keySet()) {
            if (c != dev.torch4j.nn.Linear.class && c != dev.torch4j.nn.Embedding.class && c != dev.torch4j.nn.EmbeddingBag.class
                    && !RECURRENT.containsKey(c)) {
                throw new IllegalArgumentException("quantize_dynamic: torch4j quantizes Linear, LSTM, GRU, LSTMCell, GRUCell, RNNCell, "
                        + "Embedding and EmbeddingBag dynamically, got " + c.getSimpleName());
            }
        }
        M target = inplace ? model : model.deepCopy();
        swap(target, "", qconfigSpec);
        return target;
    }

    /** The recurrent modules PyTorch's dynamic mapping swaps, by exact class, with their {@code from_float}. */
    private static final Map<Class<?>, Function<Module, Module>> RECURRENT = Map.of(
            dev.torch4j.nn.LSTM.class, m -> dev.torch4j.ao.nn.quantized.dynamic.LSTM.fromFloat((dev.torch4j.nn.LSTM) m),
            dev.torch4j.nn.GRU.class, m -> dev.torch4j.ao.nn.quantized.dynamic.GRU.fromFloat((dev.torch4j.nn.GRU) m),
            dev.torch4j.nn.LSTMCell.class, m -> dev.torch4j.ao.nn.quantized.dynamic.LSTMCell.fromFloat((dev.torch4j.nn.LSTMCell) m),
            dev.torch4j.nn.GRUCell.class, m -> dev.torch4j.ao.nn.quantized.dynamic.GRUCell.fromFloat((dev.torch4j.nn.GRUCell) m),
            dev.torch4j.nn.RNNCell.class, m -> dev.torch4j.ao.nn.quantized.dynamic.RNNCell.fromFloat((dev.torch4j.nn.RNNCell) m));

    /**
     * A recurrent module quantized with its own qconfig when it has one (PyTorch's propagation keeps a module's
     * {@code qconfig} attribute over the spec's), else {@code qconfig} (null: {@code default_dynamic_qconfig}).
     */
    private static Module recurrent(Module child, QConfig qconfig) {
        if (qconfig == null || QuantizeStatic.hasQconfig(child)) return RECURRENT.get(child.getClass()).apply(child);
        QuantizeStatic.setQconfig(child, qconfig);
        try {
            return RECURRENT.get(child.getClass()).apply(child);
        } finally {
            QuantizeStatic.removeQconfig(child);
        }
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
            } else if (RECURRENT.containsKey(child.getClass())) {
                root.setSubmodule(path, recurrent(child, spec.get(child.getClass())));
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
            } else if (RECURRENT.containsKey(child.getClass())) {
                root.setSubmodule(path, recurrent(child, null));
            } else {
                swap(root, path);
            }
        }
    }
}
