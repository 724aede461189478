package dev.torch4j.ao.quantization;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.nn.intrinsic.FusedModule;
import dev.torch4j.ao.nn.quantized.FloatFunctional;
import dev.torch4j.core.Warnings;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Sequential;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Eager-mode post-training static quantization ({@code torch.ao.quantization.prepare} / {@code convert}):
 *
 * <pre>{@code
 * QuantizeStatic.setQconfig(model, Defaults.getDefaultQconfig("qnnpack"));   // model.qconfig = ...
 * var prepared = QuantizeStatic.prepare(FuseModules.fuseModules(model.eval(), List.of(List.of("conv", "bn", "relu"))));
 * for (Tensor batch : calibration) prepared.call(batch);                       // the observers record ranges
 * var quantized = QuantizeStatic.convert(prepared);                            // QuantizedConvReLU2d, QuantizedLinear, ...
 * }</pre>
 *
 * <p>A module's qconfig is what PyTorch keeps in its {@code qconfig} attribute ({@link #setQconfig}); {@code prepare}
 * propagates it to the children that have none. Observers run from forward hooks, so a model's forward must reach
 * its layers through {@link Module#call} (as {@code self.fc(x)} does in Python), not {@code forward}. {@code convert}
 * writes the quantized modules into their parents' fields: a field that must hold them (or a fused module, or an
 * Identity after fusion) is best declared as {@link Module}. Swapped modules keep none of the float module's own
 * hooks (PyTorch carries them over). Mapped ({@code QuantizationMappings}): QuantStub, DeQuantStub, Linear,
 * Conv1d/2d/3d, ConvTranspose1d/2d/3d, BatchNorm2d/3d, LayerNorm, GroupNorm, InstanceNorm1d/2d/3d, ReLU6, Hardswish, ELU,
 * LeakyReLU, PReLU, Dropout (never observed, as in PyTorch), FloatFunctional, the fused ConvReLU1d/2d/3d, LinearReLU,
 * BNReLU2d/3d, the QAT modules, and Embedding/EmbeddingBag (weight-only: with
 * {@link Defaults#floatQparamsWeightOnlyQconfig()} or its 4-bit form their "observer" is a {@link PlaceholderObserver},
 * and they output floats; their QAT forms convert with
 * {@link QuantizationMappings#getEmbeddingStaticQuantModuleMappings()}); Sigmoid and Tanh stay float modules that run
 * on quantized tensors (fixed output parameters); an LSTM ({@code nn.LSTM} exactly, PyTorch's default custom module)
 * becomes a prepared {@code ao.nn.quantizable.LSTM} and then an {@code ao.nn.quantized.LSTM}, each swapped whole;
 * other types stay float.
 */
public final class QuantizeStatic {
    private QuantizeStatic() {}

    /** The {@code qconfig} attribute of each module that has one (an explicit null kept apart from none). */
    private static final Map<Module, Optional<QConfig>> QCONFIGS = Collections.synchronizedMap(new WeakHashMap<>());

    /** {@code module.qconfig = qconfig} (null: do not quantize this module and, through propagation, its children). */
    public static void setQconfig(Module module, QConfig qconfig) { QCONFIGS.put(module, Optional.ofNullable(qconfig)); }

    /** {@code module.qconfig}, or null when it is None or unset. */
    public static QConfig qconfig(Module module) {
        Optional<QConfig> q = QCONFIGS.get(module);
        return q == null ? null : q.orElse(null);
    }

    /** {@code hasattr(module, "qconfig")}: a qconfig was set (or propagated), None included. */
    public static boolean hasQconfig(Module module) { return QCONFIGS.containsKey(module); }

    /** {@code del module.qconfig}. */
    public static void removeQconfig(Module module) { QCONFIGS.remove(module); }

    /** {@code propagate_qconfig_(module)}: every module without a qconfig of its own takes its parent's. */
    public static void propagateQconfig(Module module) { propagate(module, null); }

    private static void propagate(Module m, QConfig parent) {
        Optional<QConfig> own = QCONFIGS.get(m);
        QConfig q = own != null ? own.orElse(null) : parent;
        // PyTorch's assert_valid_qconfig
        if (q != null && m instanceof dev.torch4j.nn.ConvTransposeNd && q.weight().get() instanceof Module w
                && (w instanceof PerChannelMinMaxObserver || w instanceof FakeQuantize f && f.qscheme.isPerChannel())) {
            throw new IllegalArgumentException("Per channel weight observer is not supported yet for ConvTranspose{n}d.");
        }
        setQconfig(m, q);
        for (Module c : m.children()) propagate(c, q);
    }

    /** {@code prepare(model)}: a deep copy with observers attached (the model itself is left as it is). */
    public static <M extends Module> M prepare(M model) { return prepare(model, false); }

    /** {@code prepare(model, inplace)}: propagates the qconfigs and attaches an observer to each quantizable layer. */
    public static <M extends Module> M prepare(M model, boolean inplace) {
        M target = inplace ? model : copy(model);
        propagateQconfig(target);
        boolean any = target.modules().stream().anyMatch(m -> qconfig(m) != null);
        if (!any) {
            Warnings.warnOnce("dev.torch4j.ao.quantization", "prepare.no_qconfig", "None of the submodule got qconfig applied. Make sure "
                    + "you passed correct configuration through `qconfig_dict` or by assigning the `.qconfig` attribute directly on submodules");
        }
        addObservers(target);
        return target;
    }

    /** {@code prepare_qat(model)}: a deep copy with its layers swapped for their QAT forms and observed (a training-mode model). */
    public static <M extends Module> M prepareQat(M model) { return prepareQat(model, false); }

    /**
     * {@code prepare_qat(model, inplace)}: propagates the qconfigs, swaps each Linear, Conv2d, fused LinearReLU,
     * ConvReLU2d, ConvBn2d and ConvBnReLU2d that has one for its {@code ao.nn.qat} / {@code ao.nn.intrinsic.qat} form (weights fake-quantized on
     * every forward, the float parameters shared), then attaches the activation fake quantizers as {@link #prepare}.
     * {@code convert} later turns the QAT modules into quantized ones: each trained weight quantizer sees the weight once
     * more (folded with the BatchNorm statistics for ConvBn) and quantizes it with its parameters, as PyTorch's does.
     * Conv2d+BatchNorm2d(+ReLU) groups fused by {@link FuseModules#fuseModulesQat} become {@code ConvBn2d} /
     * {@code ConvBnReLU2d}, which fold the statistics while training.
     */
    public static <M extends Module> M prepareQat(M model, boolean inplace) {
        return prepareQat(model, QuantizationMappings.getDefaultQatModuleMappings(), inplace);
    }

    /**
     * {@code prepare_qat(model, mapping, inplace)}: as {@link #prepareQat(Module, boolean)} with another mapping, e.g.
     * {@link QuantizationMappings#getEmbeddingQatModuleMappings()}, which also swaps Embedding and EmbeddingBag for
     * their QAT forms (qconfig {@link Defaults#defaultEmbeddingQatQconfig()}); convert those with
     * {@link QuantizationMappings#getEmbeddingStaticQuantModuleMappings()}.
     */
    public static <M extends Module> M prepareQat(M model, Map<Class<?>, BiFunction<Module, QConfig, Module>> mapping,
                                                  boolean inplace) {
        if (!model.isTraining()) throw new IllegalArgumentException("prepare_qat only works on models in training mode");
        M target = inplace ? model : copy(model);
        propagateQconfig(target);
        swapQat(target, mapping);
        return prepare(target, true);
    }

    /** {@code convert(model, mapping=mapping, inplace=True, remove_qconfig=False)}. */
    private static void swapQat(Module module, Map<Class<?>, BiFunction<Module, QConfig, Module>> mapping) {
        for (Map.Entry<String, Module> e : module.namedChildren().entrySet()) {
            Module child = e.getValue();
            if (!(child instanceof FusedModule)) swapQat(child, mapping);
            QConfig q = qconfig(child);
            if (q == null) continue;
            Module qat = QuantizationMappings.qat(child, q, mapping);
            if (qat != null) {
                setQconfig(qat, q);
                module.setSubmodule(e.getKey(), qat);
            }
        }
    }

    /** A deep copy of {@code model}, its modules' qconfigs carried over. */
    private static <M extends Module> M copy(M model) {
        M c = model.deepCopy();
        List<Module> from = new ArrayList<>(model.namedModules().values()), to = new ArrayList<>(c.namedModules().values());
        for (int i = 0; i < from.size(); i++) {
            Optional<QConfig> q = QCONFIGS.get(from.get(i));
            if (q != null) QCONFIGS.put(to.get(i), q);
        }
        return c;
    }

    private static void addObservers(Module module) {
        for (Map.Entry<String, Module> e : module.namedChildren().entrySet()) {
            Module child = e.getValue();
            if (child instanceof FloatFunctional) { // QFunctional too
                QConfig q = qconfig(child);
                if (q != null) child.setSubmodule("activation_post_process", q.activation().get());
            } else if (child instanceof FusedModule || QuantizationMappings.isQat(child)) {
                insertObserver(child);
            } else if (qconfig(child) != null && QuantizationMappings.observedCustom(child) instanceof Module observed) {
                module.setSubmodule(e.getKey(), observed); // observed inside; no observer of its own (PyTorch's no_observer_set)
            } else {
                addObservers(child);
            }
        }
        if (module.children().isEmpty() && !(module instanceof Sequential) && QuantizationMappings.observed(module)) insertObserver(module);
    }

    /** An {@code activation_post_process} child and a forward hook (run first) that passes the output through it. */
    private static void insertObserver(Module m) {
        QConfig q = qconfig(m);
        if (q == null || m instanceof DeQuantStub) return;
        m.registerModule("activation_post_process", q.activation().get());
        m.registerForwardHook((mod, in, out) -> mod.getSubmodule("activation_post_process").call(out), true, false);
    }

    /**
     * {@code quantize(model, run_fn)}: a deep copy of the model in eval mode, prepared, calibrated by {@code runFn} (which
     * runs it on representative data), and converted; the model itself is left as it is.
     */
    public static <M extends Module> M quantize(M model, java.util.function.Consumer<? super M> runFn) {
        M target = copy(model);
        target.eval();
        prepare(target, true);
        try (var g = Torch.noGrad()) {
            runFn.accept(target);
        }
        return convert(target, true);
    }

    /** {@code convert(model)}: a deep copy with each observed layer swapped for its quantized module. */
    public static <M extends Module> M convert(M model) { return convert(model, false); }

    /** {@code convert(model, inplace)}: swaps the observed layers (fused modules as one unit), then forgets the qconfigs. */
    public static <M extends Module> M convert(M model, boolean inplace) {
        return convert(model, QuantizationMappings.getDefaultStaticQuantModuleMappings(), inplace);
    }

    /**
     * {@code convert(model, mapping, inplace)}: as {@link #convert(Module, boolean)} with another mapping, e.g.
     * {@link QuantizationMappings#getEmbeddingStaticQuantModuleMappings()} for a model prepared with the embedding QAT
     * mapping.
     */
    public static <M extends Module> M convert(M model, Map<Class<?>, Function<Module, Module>> mapping, boolean inplace) {
        M target = inplace ? model : copy(model);
        swapChildren(target, mapping);
        for (Module m : target.modules()) removeQconfig(m);
        return target;
    }

    private static void swapChildren(Module module, Map<Class<?>, Function<Module, Module>> mapping) {
        for (Map.Entry<String, Module> e : module.namedChildren().entrySet()) {
            Module child = e.getValue();
            // (QAT's ConvBn is one of PyTorch's _FusedModule too: its bn is not swapped on its own)
            // as are observed custom modules (the quantizable LSTM), converted inside
            if (!(child instanceof FusedModule) && !QuantizationMappings.isQat(child) && !QuantizationMappings.isObservedCustom(child)) {
                swapChildren(child, mapping);
            }
            Module q = qconfig(child) == null ? null : QuantizationMappings.quantized(child, mapping);
            if (q != null) module.setSubmodule(e.getKey(), q);
        }
    }

    /** The observer {@code prepare} attached to {@code mod} (for a quantized module's {@code from_float}). */
    private static Module observer(Module mod, String cls) {
        Module o = mod.namedChildren().get("activation_post_process");
        if (o == null || o instanceof dev.torch4j.nn.Identity) {
            throw new IllegalStateException("nnq." + cls + ".from_float: '" + mod.className() + "' object has no attribute "
                    + "'activation_post_process': run prepare (with a qconfig) and calibrate before convert");
        }
        return o;
    }

    /** {@code mod.activation_post_process.calculate_qparams()}: {scale, zero_point}. */
    public static Tensor[] activationQparams(Module mod, String cls) {
        return switch (observer(mod, cls)) {
            case UniformQuantizationObserverBase o -> o.calculateQparams();
            case FakeQuantize f -> f.calculateQparams();
            case Module o -> throw new IllegalArgumentException("nnq." + cls + ".from_float: cannot compute qparams from a " + o.className());
        };
    }

    /** {@code mod.activation_post_process.dtype}. */
    public static DType activationDtype(Module mod) {
        return switch (observer(mod, "Quantize")) {
            case UniformQuantizationObserverBase o -> o.dtype.dtype();
            case FakeQuantize f -> f.activationPostProcess().dtype.dtype();
            default -> DType.QUINT8;
        };
    }

    /**
     * {@code _quantize_weight(mod.weight.float(), mod.qconfig.weight())}: a fresh weight observer of the module's qconfig sees
     * the weight, whose qint8 quantization with its qparams (per tensor, or per channel) is returned.
     */
    public static Tensor quantizeWeight(Module mod, Tensor weight) {
        Tensor w = weight.detach().to(DType.FLOAT32);
        // a QAT module's trained weight_fake_quant sees the (folded) weight once more, as PyTorch's from_float has it
        Module obs = mod.namedChildren().get("weight_fake_quant");
        if (obs == null) {
            QConfig q = qconfig(mod);
            if (q == null) throw new IllegalStateException("Input float module must have qconfig defined");
            obs = q.weight().get();
        }
        try (var g = Torch.noGrad()) {
            obs.call(w);
        }
        // a FakeQuantize (a QAT qconfig) computes with the observer inside it
        UniformQuantizationObserverBase o = obs instanceof FakeQuantize f ? f.activationPostProcess()
                : obs instanceof UniformQuantizationObserverBase u ? u : null;
        if (o == null || o.dtype != QuantizedDType.QINT8) throw new IllegalArgumentException("Weight observer must have dtype torch.qint8");
        Tensor[] qp = o.calculateQparams();
        if (o instanceof PerChannelMinMaxObserver pc) {
            return Torch.quantizePerChannel(w, qp[0].to(DType.FLOAT64), qp[1].to(DType.INT64), pc.chAxis, DType.QINT8);
        }
        return Torch.quantizePerTensor(w, qp[0].item(), qp[1].itemLong(), DType.QINT8);
    }
}
