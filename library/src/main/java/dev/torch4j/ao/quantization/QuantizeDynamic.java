package dev.torch4j.ao.quantization;

import dev.torch4j.DType;
import dev.torch4j.nn.Module;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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
 * (observers, {@code prepare}, {@code convert}) is {@link QuantizeStatic}. {@link #quantizeDynamic(Module, Set, DType)}
 * takes PyTorch's set spec and {@code dtype}: float16 ({@link Defaults#float16DynamicQconfig()}) keeps the weights of
 * the Linear, LSTM, GRU and cell layers in float16 (float32 products; nothing quantized per call).
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

    /**
     * {@code quantize_dynamic(model, qconfig_spec, dtype=dtype)} with a set spec (the classes to swap, each with the
     * default qconfig of {@code dtype}: {@code default_dynamic_qconfig} for qint8, {@code float16_dynamic_qconfig} for
     * float16, {@code float_qparams_weight_only_qconfig} for quint8), or null for PyTorch's default spec of {@code dtype}
     * (qint8 and float16: Linear, LSTM, GRU, LSTMCell, RNNCell, GRUCell; quint8: Embedding, EmbeddingBag). A copy of the
     * model, as PyTorch's {@code inplace=False}.
     */
    public static <M extends Module> M quantizeDynamic(M model, Set<Class<? extends Module>> qconfigSpec, DType dtype) {
        return quantizeDynamic(model, qconfigSpec, dtype, false);
    }

    /** {@link #quantizeDynamic(Module, Set, DType)} with {@code inplace}. */
    public static <M extends Module> M quantizeDynamic(M model, Set<Class<? extends Module>> qconfigSpec, DType dtype, boolean inplace) {
        QConfig q = switch (dtype) {
            case QINT8 -> new QConfig(PlaceholderObserver::new, Defaults::defaultWeightObserver); // default_dynamic_qconfig's weight
            case FLOAT16 -> Defaults.float16DynamicQconfig();
            case QUINT8 -> Defaults.floatQparamsWeightOnlyQconfig();
            default -> throw new IllegalArgumentException(qconfigSpec == null
                    ? "Don't know how to quantize with default settings for " + dtype + ". Provide full qconfig please"
                    : "('Unknown dtype specified for quantize_dynamic: ', '" + dtype + "')");
        };
        Set<Class<? extends Module>> classes = qconfigSpec != null ? qconfigSpec : dtype == DType.QUINT8
                ? Set.of(dev.torch4j.nn.EmbeddingBag.class, dev.torch4j.nn.Embedding.class)
                : Set.of(dev.torch4j.nn.Linear.class, dev.torch4j.nn.LSTM.class, dev.torch4j.nn.GRU.class, dev.torch4j.nn.LSTMCell.class,
                        dev.torch4j.nn.RNNCell.class, dev.torch4j.nn.GRUCell.class);
        Map<Class<? extends Module>, QConfig> spec = new LinkedHashMap<>();
        for (Class<? extends Module> c : classes) spec.put(c, q);
        return quantizeDynamic(model, spec, inplace);
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

    /**
     * A Linear quantized with its own qconfig when it has one, else {@code qconfig}'s weight dtype (float16 or qint8;
     * a qint8 one always with {@code default_weight_observer}, as the qint8 layer's only form).
     */
    private static Module linear(dev.torch4j.nn.Linear child, QConfig qconfig) {
        if (qconfig == null || QuantizeStatic.hasQconfig(child)) return dev.torch4j.ao.nn.quantized.dynamic.Linear.fromFloat(child);
        QuantizeStatic.setQconfig(child, qconfig);
        try {
            return dev.torch4j.ao.nn.quantized.dynamic.Linear.fromFloat(child);
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
                root.setSubmodule(path, linear((dev.torch4j.nn.Linear) child, spec.get(child.getClass())));
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
