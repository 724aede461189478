package dev.torch4j.ao.nn.quantized.dynamic;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.io.TorchBindObject;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Py;
import dev.torch4j.nn.RNNBase;
import dev.torch4j.nn.StateDict;
import dev.torch4j.nn.utils.PackedSequence;
import dev.torch4j.ops.QuantizedRnn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the dynamic quantized {@link LSTM} and {@link GRU} share: construction, {@code from_float}, the forward with
 * PyTorch's checks and messages ({@code torch.ao.nn.quantized.dynamic.RNNBase}), and the state dict.
 *
 * <h2>State dict</h2>
 * PyTorch keeps layer-direction i's weights in {@code _all_weight_values.i.param}, a {@code torch.ScriptObject} of
 * {@code CellParamsBase} ({@link RnnWeights#cellParams}), with versions 2 for the module and 1 for
 * {@code _all_weight_values} and each {@code _all_weight_values.i} in the metadata. A map of tensors holds them as
 * {@code _all_weight_values.i.param.weight_ih}, {@code .bias_ih}, {@code .weight_hh}, {@code .bias_hh}; the
 * {@link StateDict} also carries the script object in their place for {@code Torch.save} (which writes PyTorch's
 * entry, not the tensors), and a loaded PyTorch checkpoint's objects become those tensors again. Loading takes the
 * weights (quantizers and all) and, from a script object, its {@code reduce_range}.
 */
final class RnnSupport {
    private RnnSupport() {}

    private static final String ALL = "_all_weight_values.";
    private static final String[] NAMES = {"weight_ih", "bias_ih", "weight_hh", "bias_hh"};

    /** Options PyTorch's quantized RNNBase takes: no projection. */
    static RNNBase.Options check(RNNBase.Options o) {
        if (o.projSize() != 0) {
            throw new IllegalArgumentException("quantized LSTM with projections is not supported (proj_size=" + o.projSize() + ")");
        }
        return o;
    }

    static int directions(RNNBase m) { return m.bidirectional ? 2 : 1; }

    static int cells(RNNBase m) { return (int) m.numLayers * directions(m); }

    static long gates(RNNBase m) { return (m.mode.equals("LSTM") ? 4 : 3) * m.hiddenSize; }

    static long layerInput(RNNBase m, int i) { return i < directions(m) ? m.inputSize : m.hiddenSize * directions(m); }

    /** PyTorch's constructor: placeholder weights (scale 0.1) drawn per layer-direction. */
    static Tensor[] placeholders(RNNBase m) {
        Tensor[] p = new Tensor[4 * cells(m)];
        for (int i = 0; i < cells(m); i++) RnnWeights.placeholder(p, i, gates(m), layerInput(m, i), m.hiddenSize, false, true, 0.1);
        return p;
    }

    /** {@code from_float}'s checks: exactly {@code cls}, with biases. */
    static RNNBase.Options fromFloatOptions(RNNBase mod, Class<?> cls, String name) {
        if (mod.getClass() != cls) {
            throw new IllegalArgumentException("nn.quantized.dynamic.RNNBase.from_float only works for nn.LSTM and nn.GRU, got "
                    + mod.getClass().getName());
        }
        if (!mod.bias) throw new IllegalArgumentException(name + ".from_float: the float module must have biases (PyTorch asserts mod.bias)");
        return check(RNNBase.options().numLayers(mod.numLayers).bias(mod.bias).batchFirst(mod.batchFirst).dropout(mod.dropout)
                .bidirectional(mod.bidirectional).projSize(mod.projSize));
    }

    /** The float module's weights, quantized layer-direction by layer-direction. */
    static Tensor[] fromFloat(RNNBase mod) {
        List<List<Tensor>> all = mod.allWeights();
        Tensor[] p = new Tensor[4 * all.size()];
        for (int i = 0; i < all.size(); i++) {
            List<Tensor> w = all.get(i);
            RnnWeights.fromFloat(mod, p, i, w.get(0), w.get(2), w.get(1), w.get(3));
        }
        return p;
    }

    // ---------------------------------------------------------------- forward

    /** {@code forward_tensor}: a padded input {@code [T, B, in]} ({@code [B, T, in]} with batch_first). */
    static RNNBase.Output forward(RNNBase m, QuantizedRnn.Cell cell, Tensor[] p, boolean reduceRange, Tensor input, Tensor hx, Tensor cx) {
        checkPair(m, hx, cx);
        checkInput(m, input, 3);
        long batch = input.size(m.batchFirst ? 0 : 1);
        Tensor[] s = states(m, input, batch, hx, cx);
        checkBiases(m);
        Tensor x = m.batchFirst ? input.transpose(0, 1) : input;
        if (x.size(0) == 0) throw new IllegalArgumentException("Expected sequence length to be larger than 0 in RNN");
        QuantizedRnn.Result r = QuantizedRnn.run(cell, RnnWeights.all(p), (int) m.numLayers, m.bidirectional, x, null, s[0], s[1],
                reduceRange, betweenLayers(m));
        return new RNNBase.Output(m.batchFirst ? r.output().transpose(0, 1) : r.output(), r.hN(), r.cN());
    }

    /** {@code forward_packed}: states in the sequence's sorted order inside, in the original order outside. */
    static RNNBase.PackedOutput forward(RNNBase m, QuantizedRnn.Cell cell, Tensor[] p, boolean reduceRange, PackedSequence input,
                                        Tensor hx, Tensor cx) {
        checkPair(m, hx, cx);
        long[] batchSizes = input.batchSizes().toLongArray();
        Tensor sorted = input.sortedIndices(), unsorted = input.unsortedIndices();
        Tensor h = hx == null || sorted == null ? hx : hx.indexSelect(1, sorted), c = cx == null || sorted == null ? cx : cx.indexSelect(1, sorted);
        checkInput(m, input.data(), 2);
        Tensor[] s = states(m, input.data(), batchSizes[0], h, c);
        checkBiases(m);
        QuantizedRnn.Result r = QuantizedRnn.run(cell, RnnWeights.all(p), (int) m.numLayers, m.bidirectional, input.data(), batchSizes,
                s[0], s[1], reduceRange, betweenLayers(m));
        Tensor hN = unsorted == null ? r.hN() : r.hN().indexSelect(1, unsorted);
        Tensor cN = r.cN() == null || unsorted == null ? r.cN() : r.cN().indexSelect(1, unsorted);
        return new RNNBase.PackedOutput(new PackedSequence(r.output(), input.batchSizes(), sorted, unsorted), hN, cN);
    }

    private static boolean lstm(RNNBase m) { return m.mode.equals("LSTM"); }

    private static void checkPair(RNNBase m, Tensor hx, Tensor cx) {
        if (lstm(m) && (hx == null) != (cx == null)) {
            throw new IllegalArgumentException("LSTM: h_0 and c_0 must be given together (or neither)");
        }
    }

    /** PyTorch's {@code check_input}: 3 dims (2 for packed data), the feature size. */
    private static void checkInput(RNNBase m, Tensor x, int dims) {
        if (x.dim() != dims) throw new IllegalArgumentException("input must have " + dims + " dimensions, got " + x.dim());
        if (x.size(-1) != m.inputSize) {
            throw new IllegalArgumentException("input.size(-1) must be equal to input_size. Expected " + m.inputSize + ", got " + x.size(-1));
        }
    }

    /** The given states checked against {@code [layers * D, batch, H]}, or zeros. */
    private static Tensor[] states(RNNBase m, Tensor x, long batch, Tensor h, Tensor c) {
        long[] shape = {cells(m), batch, m.hiddenSize};
        if (h == null) {
            Tensor z = Torch.zeros(Torch.shape(shape), Torch.dtype(x.dtype()).device(x.device()));
            return new Tensor[] {z, lstm(m) ? z : null};
        }
        checkHidden(h, shape, lstm(m) ? "Expected hidden[0] size " : "Expected hidden size ");
        if (lstm(m)) checkHidden(c, shape, "Expected hidden[1] size ");
        return new Tensor[] {h, c};
    }

    private static void checkHidden(Tensor t, long[] expected, String what) {
        if (!Arrays.equals(t.shapeArray(), expected)) {
            throw new IllegalArgumentException(what + Py.tuple(expected) + ", got " + Arrays.toString(t.shapeArray()));
        }
    }

    /** {@code torch.quantized_lstm} refuses {@code has_biases=False} (the GRU op computes with its placeholder biases). */
    private static void checkBiases(RNNBase m) {
        if (lstm(m) && !m.bias) throw new IllegalArgumentException("quantized LSTM requires biases");
    }

    /** Dropout between layers in training mode, as the op's {@code train} flag does. */
    private static java.util.function.UnaryOperator<Tensor> betweenLayers(RNNBase m) {
        return m.isTraining() && m.dropout > 0 ? x -> Functional.dropout(x, m.dropout, true) : null;
    }

    // ---------------------------------------------------------------- weights by PyTorch's names

    /** {@code get_weight()} ({@code weight_ih_l0}, ...) or {@code get_bias()} ({@code bias_ih_l0}, ...). */
    static Map<String, Tensor> named(RNNBase m, Tensor[] p, boolean weights) {
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < cells(m); i++) {
            String suffix = "_l" + i / directions(m) + (i % directions(m) == 1 ? "_reverse" : "");
            for (int k = weights ? 0 : 1; k < 4; k += 2) out.put(NAMES[k] + suffix, p[4 * i + k]);
        }
        return out;
    }

    /** {@code set_weight_bias}: every {@code weight_ih_l0, bias_ih_l0, weight_hh_l0, bias_hh_l0, ...} of {@code m}. */
    static Tensor[] fromNamed(RNNBase m, Map<String, Tensor> named) {
        Tensor[] p = new Tensor[4 * cells(m)];
        for (int i = 0; i < cells(m); i++) {
            String suffix = "_l" + i / directions(m) + (i % directions(m) == 1 ? "_reverse" : "");
            for (int k = 0; k < 4; k++) {
                if (!named.containsKey(NAMES[k] + suffix)) throw new IllegalArgumentException("set_weight_bias: no " + NAMES[k] + suffix);
                p[4 * i + k] = named.get(NAMES[k] + suffix);
            }
        }
        check(m, p);
        return RnnWeights.packFloats(p);
    }

    /** Every weight and bias of the right dtype and shape for {@code m}. */
    static void check(RNNBase m, Tensor[] p) {
        for (int i = 0; i < cells(m); i++) {
            String at = "[layer-direction " + i + "] ";
            RnnWeights.check(m.className(), at + "weight_ih", p[4 * i], gates(m), layerInput(m, i), true);
            RnnWeights.check(m.className(), at + "bias_ih", p[4 * i + 1], gates(m), 0, false);
            RnnWeights.check(m.className(), at + "weight_hh", p[4 * i + 2], gates(m), m.hiddenSize, true);
            RnnWeights.check(m.className(), at + "bias_hh", p[4 * i + 3], gates(m), 0, false);
        }
    }

    // ---------------------------------------------------------------- state dict

    /** The tensors under {@code _all_weight_values.i.param.}, with the script object and versions PyTorch writes. */
    static void save(Map<String, Tensor> destination, String prefix, Tensor[] p, boolean reduceRange, int cells) {
        StateDict sd = destination instanceof StateDict s ? s : null;
        if (sd != null) sd.recordVersion(prefix + ALL, 1);
        for (int i = 0; i < cells; i++) {
            String key = prefix + ALL + i + ".param", base = key + ".";
            if (sd != null) {
                sd.recordVersion(prefix + ALL + i + ".", 1);
                sd.putForeign(key, RnnWeights.cellParams(p, i, reduceRange), base + NAMES[0]);
            }
            for (int k = 0; k < 4; k++) {
                destination.put(base + NAMES[k], k % 2 == 1 && p[4 * i + k] != null ? p[4 * i + k].detach() : p[4 * i + k]);
                if (sd != null) sd.omitFromPickle(base + NAMES[k]);
            }
        }
    }

    /**
     * PyTorch's {@code _all_weight_values.i.param} script objects of a loaded checkpoint as the tensor entries; returns
     * their {@code reduce_range} (null when there were none; all must agree).
     */
    static Boolean read(Map<String, Object> entries, String prefix) {
        Boolean reduceRange = null;
        for (String key : new ArrayList<>(entries.keySet())) {
            if (!key.startsWith(prefix + ALL) || !key.endsWith(".param") || !(entries.get(key) instanceof TorchBindObject)) continue;
            Object[] w = RnnWeights.unpackCell(entries.remove(key), key);
            for (int k = 0; k < 4; k++) entries.put(key + "." + NAMES[k], w[k]);
            boolean rr = (Boolean) w[4];
            if (reduceRange != null && reduceRange != rr) {
                throw new IllegalArgumentException("load_state_dict: the cells under " + prefix + ALL + " disagree on reduce_range; "
                        + "torch4j's quantized RNN has one setting for all");
            }
            reduceRange = rr;
        }
        return reduceRange;
    }

    /** Takes (and removes) the weights of {@code m} from a state dict; a missing layer-direction is an error, as in PyTorch. */
    static Tensor[] load(RNNBase m, Map<String, Tensor> stateDict, String prefix, List<String> errorMsgs) {
        Tensor[] p = new Tensor[4 * cells(m)];
        boolean complete = true;
        for (int i = 0; i < cells(m); i++) {
            String key = prefix + ALL + i + ".param";
            if (!stateDict.containsKey(key + "." + NAMES[0]) || !stateDict.containsKey(key + "." + NAMES[2])) {
                errorMsgs.add("Missing key(s) in state_dict: \"" + key + "\".");
                complete = false;
            }
            for (int k = 0; k < 4; k++) p[4 * i + k] = stateDict.remove(key + "." + NAMES[k]);
        }
        if (!complete) return null;
        try {
            check(m, p);
        } catch (IllegalArgumentException e) {
            errorMsgs.add("While copying the quantized weights of \"" + prefix + ALL + "\": " + e.getMessage());
            return null;
        }
        return RnnWeights.packFloats(p);
    }
}
