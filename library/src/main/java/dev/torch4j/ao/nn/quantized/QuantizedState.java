package dev.torch4j.ao.nn.quantized;

import dev.torch4j.Tensor;

import java.util.Map;

/** The state-dict entries of a quantized Linear or Conv ({@code scale}, {@code zero_point}, {@code weight}, {@code bias}), taken out of a checkpoint. */
record QuantizedState(double scale, long zeroPoint, Tensor weight, Tensor bias) {
    /** Removes this layer's four entries from {@code stateDict}; null when it has none (the loader reports what is missing). */
    static QuantizedState take(Map<String, Tensor> stateDict, String prefix) {
        if (!stateDict.containsKey(prefix + "weight") || !stateDict.containsKey(prefix + "scale")
                || !stateDict.containsKey(prefix + "zero_point")) {
            return null;
        }
        Tensor w = stateDict.remove(prefix + "weight"), b = stateDict.remove(prefix + "bias");
        if (w == null || !w.isQuantized()) {
            throw new IllegalArgumentException("While copying the parameter named \"" + prefix + "weight\", expected a qint8 "
                    + "quantized tensor from checkpoint but received " + (w == null ? "None" : w.dtype()));
        }
        double scale = stateDict.remove(prefix + "scale").item();
        long zp = stateDict.remove(prefix + "zero_point").itemLong();
        return new QuantizedState(scale, zp, w, b);
    }
}
