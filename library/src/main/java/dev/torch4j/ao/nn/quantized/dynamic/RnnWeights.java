package dev.torch4j.ao.nn.quantized.dynamic;

import dev.torch4j.DType;
import dev.torch4j.QScheme;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.quantization.Defaults;
import dev.torch4j.ao.quantization.PlaceholderObserver;
import dev.torch4j.ao.quantization.QConfig;
import dev.torch4j.ao.quantization.QuantizeStatic;
import dev.torch4j.ao.quantization.UniformQuantizationObserverBase;
import dev.torch4j.io.TorchBindObject;
import dev.torch4j.io.Tuple;
import dev.torch4j.nn.Module;
import dev.torch4j.ops.QuantizedLinear;
import dev.torch4j.ops.QuantizedRnn;

import java.util.ArrayList;
import java.util.List;

/**
 * What the dynamic quantized LSTM, GRU and cells share about their weights. Each layer-direction (or cell) holds four
 * tensors, in this order in a module's {@code Tensor[]}: {@code w_ih} (qint8 per tensor, or float32 holding float16
 * values under float16_dynamic_qconfig), {@code b_ih} (float32 or null), {@code w_hh}, {@code b_hh}: PyTorch's packed
 * {@code (weight, bias)} pairs, whose bias the products add.
 */
final class RnnWeights {
    private RnnWeights() {}

    static final String LINEAR_PACKED = TorchBindObject.CLASSES + "quantized.LinearPackedParamsBase";
    static final String CELL_PARAMS = TorchBindObject.CLASSES + "rnn.CellParamsBase";

    /** The i-th layer-direction's (or the cell's) weights. */
    static QuantizedRnn.Weights weights(Tensor[] p, int i) { return new QuantizedRnn.Weights(p[4 * i], p[4 * i + 1], p[4 * i + 2], p[4 * i + 3]); }

    /** All of them, layer-major. */
    static List<QuantizedRnn.Weights> all(Tensor[] p) {
        List<QuantizedRnn.Weights> out = new ArrayList<>();
        for (int i = 0; i < p.length / 4; i++) out.add(weights(p, i));
        return out;
    }

    /**
     * PyTorch's placeholder weights of a freshly built module, drawn as its constructor draws them (so the generator
     * moves on as PyTorch's does): {@code randn(gates * H, in)} and {@code randn(gates * H, H)} quantized to qint8
     * with {@code scale}, zero point 0, and {@code randn(gates * H)} biases; the multi-step modules draw
     * {@code w_ih, w_hh, b_ih, b_hh} per layer-direction, the cells {@code b_ih, b_hh} (with biases) then the weights.
     */
    static void placeholder(Tensor[] p, int i, long gates, long in, long hidden, boolean cell, boolean bias, double scale) {
        Tensor wIh, wHh, bIh = null, bHh = null;
        if (cell) {
            if (bias) {
                bIh = Torch.randn(gates);
                bHh = Torch.randn(gates);
            }
            wIh = Torch.randn(gates, in);
            wHh = Torch.randn(gates, hidden);
        } else {
            wIh = Torch.randn(gates, in);
            wHh = Torch.randn(gates, hidden);
            bIh = Torch.randn(gates);
            bHh = Torch.randn(gates);
        }
        p[4 * i] = Torch.quantizePerTensor(wIh, scale, 0, DType.QINT8);
        p[4 * i + 1] = bIh;
        p[4 * i + 2] = Torch.quantizePerTensor(wHh, scale, 0, DType.QINT8);
        p[4 * i + 3] = bHh;
    }

    /**
     * {@code from_float}'s weight quantization: a fresh weight observer of {@code mod}'s qconfig (PyTorch's
     * {@code default_dynamic_qconfig}'s, {@code default_weight_observer}, when it has none or its weight is None)
     * sees the weight, which is quantized per tensor to qint8 with its scale and zero point.
     */
    static Tensor quantize(Module mod, Tensor weight) {
        if (float16(mod)) return QuantizedLinear.packFp16(weight); // float16_dynamic_qconfig: linear_prepack_fp16's weight
        UniformQuantizationObserverBase o = observer(mod);
        Tensor w = weight.detach().to(DType.FLOAT32);
        o.forward(w);
        Tensor[] qp = o.calculateQparams();
        return Torch.quantizePerTensor(w, qp[0].item(), qp[1].itemLong(), DType.QINT8);
    }

    private static UniformQuantizationObserverBase observer(Module mod) {
        QConfig q = QuantizeStatic.qconfig(mod);
        Module obs = q != null && q.weight() != null ? q.weight().get() : Defaults.defaultWeightObserver();
        if (!(obs instanceof UniformQuantizationObserverBase o)) {
            throw new IllegalArgumentException("dynamic RNN quantization: the qconfig's weight must be an observer such as "
                    + "MinMaxObserver, got " + obs.className());
        }
        if (o.dtype.dtype() != DType.QINT8) {
            throw new IllegalArgumentException("Unsupported dtype for dynamic RNN quantization: " + o.dtype);
        }
        if (o.qscheme != QScheme.PER_TENSOR_AFFINE && o.qscheme != QScheme.PER_TENSOR_SYMMETRIC) {
            throw new IllegalArgumentException("dynamic RNN quantization: torch4j's quantized RNN weights are per tensor, the "
                    + "qconfig's weight observer is " + o.qscheme);
        }
        return o;
    }

    /** Whether {@code mod}'s qconfig asks for float16 weights (a float16 {@link PlaceholderObserver}: float16_dynamic_qconfig). */
    static boolean float16(Module mod) {
        QConfig q = QuantizeStatic.qconfig(mod);
        return q != null && q.weight() != null && q.weight().get() instanceof PlaceholderObserver p && p.dtype() == DType.FLOAT16;
    }

    /**
     * {@code p} with each float weight (a float16 module's, as given to {@code set_weight_bias} or read from a state
     * dict) saturated and rounded as {@code linear_prepack_fp16} packs it; qint8 weights as they are.
     */
    static Tensor[] packFloats(Tensor[] p) {
        Tensor[] out = p.clone();
        for (int k = 0; k < out.length; k += 2) if (out[k] != null && !out[k].isQuantized()) out[k] = QuantizedLinear.packFp16(out[k]);
        return out;
    }

    /** Quantizes a float module's weights of one layer-direction (or the cell) into {@code p}. */
    static void fromFloat(Module mod, Tensor[] p, int i, Tensor wIh, Tensor bIh, Tensor wHh, Tensor bHh) {
        p[4 * i] = quantize(mod, wIh);
        p[4 * i + 1] = bIh == null ? null : bIh.detach().to(DType.FLOAT32);
        p[4 * i + 2] = quantize(mod, wHh);
        p[4 * i + 3] = bHh == null ? null : bHh.detach().to(DType.FLOAT32);
    }

    /** Checks one weight (qint8 per tensor {@code [rows, cols]}) or bias (float32 {@code [rows]}, or null). */
    static void check(String cls, String name, Tensor t, long rows, long cols, boolean weight) {
        if (weight) {
            boolean kind = t != null && (t.dtype() == DType.QINT8 && t.qscheme().isPerTensor() || t.dtype() == DType.FLOAT32);
            if (!kind || t.dim() != 2 || t.size(0) != rows || t.size(1) != cols) {
                throw new IllegalArgumentException(cls + ": " + name + " must be a per-tensor qint8 tensor (or a float32 one: float16 "
                        + "weights) of shape [" + rows + ", " + cols + "], got " + (t == null ? "None" : t.dtype() + " " + t.shape()));
            }
        } else if (t != null && (t.dtype() != DType.FLOAT32 || t.dim() != 1 || t.size(0) != rows)) {
            throw new IllegalArgumentException(cls + ": " + name + " must be a float32 vector of " + rows + " elements, got "
                    + t.dtype() + " " + t.shape());
        }
    }

    // ---------------------------------------------------------------- torchbind state

    /** A {@code LinearPackedParamsBase}: its state is {@code (weight, bias)}. */
    static TorchBindObject packedLinear(Tensor weight, Tensor bias) {
        return new TorchBindObject(LINEAR_PACKED, Tuple.of(weight, bias == null ? null : bias.detach()));
    }

    /**
     * A {@code CellParamsBase} of kind {@code quantized_dynamic} (QuantizedCellParamsDynamic's {@code __getstate__}):
     * {@code ("quantized_dynamic", [b_ih, b_hh], [], [reduce_range], [packed ih, packed hh])}.
     */
    static TorchBindObject cellParams(Tensor[] p, int i, boolean reduceRange) {
        if (!p[4 * i].isQuantized()) {
            // QuantizedCellParamsFP16's: ("quantized_fp16", [], [], [], [packed ih, packed hh]), the biases inside the packed
            List<Object> packed = new ArrayList<>(List.of(packedLinear(p[4 * i], p[4 * i + 1]), packedLinear(p[4 * i + 2], p[4 * i + 3])));
            return new TorchBindObject(CELL_PARAMS, Tuple.of("quantized_fp16", new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), packed));
        }
        List<Object> biases = new ArrayList<>(List.of(detached(p[4 * i + 1]), detached(p[4 * i + 3])));
        List<Object> packed = new ArrayList<>(List.of(packedLinear(p[4 * i], p[4 * i + 1]), packedLinear(p[4 * i + 2], p[4 * i + 3])));
        List<Object> ints = new ArrayList<>(List.of(reduceRange ? 1L : 0L));
        return new TorchBindObject(CELL_PARAMS, Tuple.of("quantized_dynamic", biases, new ArrayList<>(), ints, packed));
    }

    private static Tensor detached(Tensor bias) {
        if (bias == null) {
            throw new IllegalArgumentException("PyTorch's quantized cell parameters hold both biases; this module has none to save");
        }
        return bias.detach();
    }

    /** A {@code LinearPackedParamsBase}'s {@code (weight, bias)}. */
    static Tensor[] unpackLinear(Object o, String key) {
        if (!(o instanceof TorchBindObject b) || !b.qualifiedName().equals(LINEAR_PACKED) || !(b.state() instanceof List<?> wb)
                || wb.size() != 2 || !(wb.get(0) instanceof Tensor w) || !(wb.get(1) == null || wb.get(1) instanceof Tensor)) {
            throw new IllegalArgumentException("load_state_dict: " + key + " must be a " + LINEAR_PACKED + " holding (weight, bias), got " + o);
        }
        if (w.dtype() == DType.FLOAT32) return new Tensor[] {QuantizedLinear.packFp16(w), (Tensor) wb.get(1)}; // float16's, re-packed
        if (w.dtype() != DType.QINT8) {
            throw new IllegalArgumentException("load_state_dict: " + key + " holds a " + w.dtype() + " weight; torch4j's dynamic "
                    + "quantized modules hold qint8 or float16 (saved as float32) weights");
        }
        return new Tensor[] {w, (Tensor) wb.get(1)};
    }

    /**
     * A {@code CellParamsBase}'s weights {@code {w_ih, b_ih, w_hh, b_hh}} and, last, its {@code reduce_range} (a
     * Boolean; false when the state has none, as PyTorch's {@code __setstate__} reads it).
     */
    static Object[] unpackCell(Object o, String key) {
        if (!(o instanceof TorchBindObject b) || !b.qualifiedName().equals(CELL_PARAMS) || !(b.state() instanceof List<?> s) || s.size() != 5) {
            throw new IllegalArgumentException("load_state_dict: " + key + " must be a " + CELL_PARAMS + ", got " + o);
        }
        if ("quantized_fp16".equals(s.get(0)) && s.get(4) instanceof List<?> fp16 && fp16.size() == 2) {
            Tensor[] ih = unpackLinear(fp16.get(0), key + " (packed w_ih)"), hh = unpackLinear(fp16.get(1), key + " (packed w_hh)");
            return new Object[] {ih[0], ih[1], hh[0], hh[1], false};
        }
        if (!"quantized_dynamic".equals(s.get(0))) {
            throw new IllegalArgumentException("load_state_dict: " + key + " holds " + s.get(0) + " cell parameters; torch4j's dynamic "
                    + "quantized RNNs hold 'quantized_dynamic' (qint8) and 'quantized_fp16' ones");
        }
        if (!(s.get(3) instanceof List<?> ints) || !(s.get(4) instanceof List<?> packed) || packed.size() != 2) {
            throw new IllegalArgumentException("load_state_dict: " + key + ": malformed quantized_dynamic cell parameters " + s);
        }
        Tensor[] ih = unpackLinear(packed.get(0), key + " (packed w_ih)"), hh = unpackLinear(packed.get(1), key + " (packed w_hh)");
        boolean reduceRange = !ints.isEmpty() && ints.get(0) instanceof Number n && n.longValue() != 0;
        return new Object[] {ih[0], ih[1], hh[0], hh[1], reduceRange};
    }
}
