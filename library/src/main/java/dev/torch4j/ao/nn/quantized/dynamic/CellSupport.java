package dev.torch4j.ao.nn.quantized.dynamic;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.io.TorchBindObject;
import dev.torch4j.nn.RNNCellBase;
import dev.torch4j.nn.StateDict;
import dev.torch4j.ops.QuantizedRnn;

import java.util.List;
import java.util.Map;

/**
 * What the dynamic quantized {@link LSTMCell}, {@link GRUCell} and {@link RNNCell} share
 * ({@code torch.ao.nn.quantized.dynamic.RNNCellBase}): placeholder weights, {@code from_float}, the step with
 * PyTorch's checks and messages, and the state dict: PyTorch's {@code _packed_weight_ih} and {@code _packed_weight_hh},
 * each a {@code torch.ScriptObject} of {@code LinearPackedParamsBase} holding {@code (weight, bias)}, which a map of
 * tensors holds as {@code _packed_weight_ih.weight}, {@code _packed_weight_ih.bias}, ... (the {@link StateDict}
 * carries the script objects in their place for {@code Torch.save}, as {@link RnnSupport} does).
 */
final class CellSupport {
    private CellSupport() {}

    private static final String[] KEYS = {"_packed_weight_ih.weight", "_packed_weight_ih.bias", "_packed_weight_hh.weight", "_packed_weight_hh.bias"};

    /** PyTorch's constructor: placeholder weights (scale 1), drawn as it draws them. */
    static Tensor[] placeholders(long gates, long inputSize, long hiddenSize, boolean bias) {
        Tensor[] p = new Tensor[4];
        RnnWeights.placeholder(p, 0, gates, inputSize, hiddenSize, true, bias, 1.0);
        return p;
    }

    /** {@code from_float}'s checks, before anything is built: exactly {@code cls}, with biases. */
    static void checkFloat(RNNCellBase mod, Class<?> cls, String name) {
        if (mod.getClass() != cls) {
            throw new IllegalArgumentException("nn.quantized.dynamic.RNNCellBase.from_float only works for nn.LSTMCell, nn.GRUCell and "
                    + "nn.RNNCell; " + name + ".from_float got " + mod.getClass().getName());
        }
        if (!mod.bias) throw new IllegalArgumentException(name + ".from_float: the float module must have biases (PyTorch asserts mod.bias)");
    }

    /** The float cell's weights, each quantized by a fresh weight observer of its qconfig, the biases kept float. */
    static Tensor[] fromFloat(RNNCellBase mod) {
        Tensor[] p = new Tensor[4];
        RnnWeights.fromFloat(mod, p, 0, mod.weightIh(), mod.biasIh(), mod.weightHh(), mod.biasHh());
        return p;
    }

    /** One step, with the checks of PyTorch's quantized cells (2-d input only; zero states by default). */
    static Tensor[] step(RNNCellBase m, QuantizedRnn.Cell cell, Tensor[] p, boolean reduceRange, Tensor input, Tensor h, Tensor c) {
        if (input.dim() != 2) {
            throw new IllegalArgumentException(m.className() + ": input must be 2-D [batch, input_size], got " + input.dim() + "-D "
                    + "(PyTorch's dynamic quantized cells take no unbatched input)");
        }
        if (input.size(1) != m.inputSize) {
            throw new IllegalArgumentException("input has inconsistent input_size: got " + input.size(1) + ", expected " + m.inputSize);
        }
        boolean lstm = cell == QuantizedRnn.Cell.LSTM;
        Tensor[] states = {h, c};
        for (int i = 0; i < (lstm ? 2 : 1); i++) {
            if (states[i] == null) {
                states[i] = Torch.zeros(Torch.shape(input.size(0), m.hiddenSize), Torch.dtype(input.dtype()).device(input.device()));
                continue;
            }
            String label = lstm ? "[" + i + "]" : "";
            if (input.size(0) != states[i].size(0)) {
                throw new IllegalArgumentException("Input batch size " + input.size(0) + " doesn't match hidden" + label + " batch size "
                        + states[i].size(0));
            }
            if (states[i].size(1) != m.hiddenSize) {
                throw new IllegalArgumentException("hidden" + label + " has inconsistent hidden_size: got " + states[i].size(1)
                        + ", expected " + m.hiddenSize);
            }
        }
        return QuantizedRnn.cell(cell, input, states[0], states[1], RnnWeights.weights(p, 0), reduceRange);
    }

    /** Every weight and bias of the right dtype and shape for {@code m}. */
    static void check(RNNCellBase m, long gates, Tensor[] p) {
        RnnWeights.check(m.className(), "weight_ih", p[0], gates, m.inputSize, true);
        RnnWeights.check(m.className(), "bias_ih", p[1], gates, 0, false);
        RnnWeights.check(m.className(), "weight_hh", p[2], gates, m.hiddenSize, true);
        RnnWeights.check(m.className(), "bias_hh", p[3], gates, 0, false);
    }

    /** {@code set_weight_bias}: {@code weight_ih, bias_ih, weight_hh, bias_hh}. */
    static Tensor[] fromNamed(RNNCellBase m, long gates, Map<String, Tensor> named) {
        Tensor[] p = {named.get("weight_ih"), named.get("bias_ih"), named.get("weight_hh"), named.get("bias_hh")};
        check(m, gates, p);
        return RnnWeights.packFloats(p);
    }

    static void save(Map<String, Tensor> destination, String prefix, Tensor[] p) {
        StateDict sd = destination instanceof StateDict s ? s : null;
        for (int k = 0; k < 4; k++) {
            if (sd != null && k % 2 == 0) sd.putForeign(prefix + KEYS[k].substring(0, KEYS[k].indexOf('.')), RnnWeights.packedLinear(p[k], p[k + 1]), prefix + KEYS[k]);
            destination.put(prefix + KEYS[k], k % 2 == 1 && p[k] != null ? p[k].detach() : p[k]);
            if (sd != null) sd.omitFromPickle(prefix + KEYS[k]);
        }
    }

    /** PyTorch's {@code _packed_weight_ih}/{@code _packed_weight_hh} script objects of a loaded checkpoint as tensor entries. */
    static void read(Map<String, Object> entries, String prefix) {
        for (int k = 0; k < 4; k += 2) {
            String key = prefix + KEYS[k].substring(0, KEYS[k].indexOf('.'));
            if (!(entries.get(key) instanceof TorchBindObject)) continue;
            Tensor[] wb = RnnWeights.unpackLinear(entries.remove(key), key);
            entries.put(prefix + KEYS[k], wb[0]);
            entries.put(prefix + KEYS[k + 1], wb[1]);
        }
    }

    /** Takes (and removes) the weights from a state dict; a missing one is an error, as PyTorch's KeyError. */
    static Tensor[] load(RNNCellBase m, long gates, Map<String, Tensor> stateDict, String prefix, List<String> errorMsgs) {
        boolean complete = true;
        for (int k = 0; k < 4; k += 2) {
            if (!stateDict.containsKey(prefix + KEYS[k])) {
                errorMsgs.add("Missing key(s) in state_dict: \"" + prefix + KEYS[k].substring(0, KEYS[k].indexOf('.')) + "\".");
                complete = false;
            }
        }
        Tensor[] p = new Tensor[4];
        for (int k = 0; k < 4; k++) p[k] = stateDict.remove(prefix + KEYS[k]);
        if (!complete) return null;
        try {
            check(m, gates, p);
        } catch (IllegalArgumentException e) {
            errorMsgs.add("While copying the quantized weights of \"" + prefix + "\": " + e.getMessage());
            return null;
        }
        return RnnWeights.packFloats(p);
    }
}
