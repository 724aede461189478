package dev.torch4j.ao.nn.quantized;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.io.Tuple;
import dev.torch4j.nn.StateDict;

import java.util.List;
import java.util.Map;

/**
 * A quantized Linear's weight and bias in a state dict as PyTorch's {@code LinearPackedParams} submodule once wrote
 * them, {@code _packed_params.weight} and {@code _packed_params.bias}, with that submodule at version 1 in the
 * metadata: PyTorch's loader then takes the two tensors (and qint8) whatever its current layout (a
 * {@code (weight, bias)} tuple, which a tensor-only state dict cannot hold), and reads the Linear itself at its
 * current version (the dynamic one's decides {@code reduce_range}).
 */
public final class PackedLinearState {
    private PackedLinearState() {}

    /** Where the packed parameters' entries start, under a Linear's prefix. */
    public static final String PACKED = "_packed_params.";

    /** Writes {@code weight} and {@code bias} (null for None) under {@code prefix}'s packed parameters, and their version. */
    public static void save(Map<String, Tensor> destination, String prefix, Tensor weight, Tensor bias) {
        if (destination instanceof StateDict sd) sd.recordVersion(prefix + PACKED, 1);
        destination.put(prefix + PACKED + "weight", weight);
        destination.put(prefix + PACKED + "bias", bias == null ? null : bias.detach());
    }

    /**
     * A float16 dynamic Linear's weight (float32, float16 values) and bias as PyTorch writes them, which
     * {@code Torch.save} writes exactly: {@code _packed_params.dtype} ({@code torch.float16}) and the tuple
     * {@code _packed_params._packed_params}, the packed parameters at version 3. The map itself holds the two tensors as
     * {@code _packed_params.weight} and {@code _packed_params.bias}, left out of the file.
     */
    public static void saveFloat16(Map<String, Tensor> destination, String prefix, Tensor weight, Tensor bias) {
        String w = prefix + PACKED + "weight", b = prefix + PACKED + "bias";
        Tensor bd = bias == null ? null : bias.detach();
        if (destination instanceof StateDict sd) {
            sd.recordVersion(prefix + PACKED, 3);
            sd.putForeign(prefix + PACKED + "dtype", DType.FLOAT16, w);
            sd.putForeign(prefix + PACKED + "_packed_params", Tuple.of(weight, bd), w);
            sd.omitFromPickle(w);
            sd.omitFromPickle(b);
        }
        destination.put(w, weight);
        destination.put(b, bd);
    }

    /**
     * PyTorch's own layout, read from a loaded checkpoint: {@code _packed_params._packed_params}, the tuple
     * {@code (weight, bias)}, becomes the two tensor entries, and {@code _packed_params.dtype} is checked (qint8; a
     * float16 one is refused with what it is).
     */
    public static void readPacked(Map<String, Object> entries, String prefix) { readPacked(entries, prefix, false); }

    /**
     * {@link #readPacked(Map, String)} that also takes float16 where {@code float16} (a dynamic Linear); returns the
     * checkpoint's {@code _packed_params.dtype}, or null where it has none (then qint8, as PyTorch reads it).
     */
    public static DType readPacked(Map<String, Object> entries, String prefix, boolean float16) {
        Object dtype = entries.remove(prefix + PACKED + "dtype");
        if (dtype != null && dtype != DType.QINT8 && !(float16 && dtype == DType.FLOAT16)) {
            throw new IllegalArgumentException("load_state_dict: " + prefix + PACKED + "dtype is " + dtype + "; torch4j's "
                    + (float16 ? "dynamic quantized Linear holds qint8 or float16 weights" : "quantized Linear holds qint8 weights only"));
        }
        Object packed = entries.remove(prefix + PACKED + "_packed_params");
        if (packed == null) return (DType) dtype;
        if (!(packed instanceof List<?> wb) || wb.size() != 2 || !(wb.get(0) instanceof Tensor w)
                || !(wb.get(1) == null || wb.get(1) instanceof Tensor)) {
            throw new IllegalArgumentException("load_state_dict: " + prefix + PACKED + "_packed_params must be the tuple "
                    + "(weight, bias) of a quantized Linear, got " + packed);
        }
        entries.put(prefix + PACKED + "weight", w);
        entries.put(prefix + PACKED + "bias", wb.get(1));
        return (DType) dtype;
    }

    /** Moves packed {@code weight}/{@code bias} entries to {@code prefix + "weight"/"bias"}, the names the loaders read. */
    public static void unpack(Map<String, Tensor> stateDict, String prefix) {
        if (!stateDict.containsKey(prefix + PACKED + "weight")) return;
        stateDict.put(prefix + "weight", stateDict.remove(prefix + PACKED + "weight"));
        stateDict.put(prefix + "bias", stateDict.remove(prefix + PACKED + "bias"));
    }
}
