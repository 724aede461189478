package dev.torch4j.optim.lr;

import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * An {@code lr_lambda} with state, PyTorch's callable object: {@link LambdaLR} and {@link MultiplicativeLR} save
 * its {@link #stateDict()} where a plain function saves None (PyTorch saves such an object's {@code __dict__}), and
 * hand the saved entry back to {@link #loadStateDict} ({@code fn.__dict__.update(entry)}).
 *
 * <pre>{@code
 * class Warmup implements StatefulLambda {
 *     long warmup = 4;
 *     public double applyAsDouble(int epoch) { return Math.min(1.0, (epoch + 1) / (double) warmup); }
 *     public Map<String, Object> stateDict() { return Map.of("warmup", warmup); }
 *     public void loadStateDict(Map<String, ?> s) { warmup = ((Number) s.get("warmup")).longValue(); }
 * }
 * }</pre>
 */
public interface StatefulLambda extends IntToDoubleFunction {
    /** The function's attributes under their Python names ({@code fn.__dict__}). */
    Map<String, Object> stateDict();

    /** Updates the attributes from a saved {@link #stateDict()}; keys it does not know should be ignored. */
    void loadStateDict(Map<String, ?> stateDict);
}
