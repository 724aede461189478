package dev.torch4j.autograd;

import dev.torch4j.Tensor;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Activation checkpointing, {@code torch.utils.checkpoint}: a checkpointed call keeps none of the intermediate
 * tensors its backward would need; backward runs the call again, with the random number generators put back where
 * they were (so dropout draws the same mask), and differentiates the recomputed graph. Memory for compute: a model
 * split into k checkpointed segments holds one segment's activations at a time during backward.
 * <pre>{@code
 * Tensor h = Checkpoint.checkpoint(block::forward, x);               // use_reentrant=False
 * Tensor y = Checkpoint.checkpointSequential(layers, 4, x);          // checkpoint_sequential(functions, 4, x)
 * Tensor[] ys = Checkpoint.checkpointMulti(Checkpoint.options().useReentrant(true), in -> pair(in[0], in[1]), a, b);
 * }</pre>
 * <p>The default is PyTorch's recommended {@code use_reentrant=False}: gradients reach every tensor the call used
 * (inputs and parameters, also when no input requires grad), {@code torch.autograd.grad} works through it, and with
 * {@code create_graph} so does double backward. {@code useReentrant(true)} is PyTorch's older form: backward
 * re-enters the engine, which accumulates straight into the parameters' {@code .grad}; like PyTorch it refuses
 * {@code autograd.grad} and gives no gradient when no input requires grad.
 * <p>Under {@code noGrad} the function just runs. The recomputed outputs must have the shapes, dtypes and devices
 * of the first run (PyTorch's determinism check), else backward fails saying which differ. The output's
 * {@code grad_fn} prints as the last op of the call (as PyTorch's non-reentrant form shows it); the node itself
 * stands for the whole call.
 */
public final class Checkpoint {
    private Checkpoint() {}

    /** {@code checkpoint}'s keyword arguments. */
    public record Options(boolean useReentrant, boolean preserveRngState) {
        /** {@code use_reentrant}. */
        public Options useReentrant(boolean v) { return new Options(v, preserveRngState); }

        /** {@code preserve_rng_state}: put the CPU generator and the inputs' CUDA generators back before recomputing. */
        public Options preserveRngState(boolean v) { return new Options(useReentrant, v); }
    }

    /** Defaults: {@code use_reentrant=False, preserve_rng_state=True}. */
    public static Options options() { return new Options(false, true); }

    /** {@code checkpoint(function, input)} for a function of one tensor. */
    public static Tensor checkpoint(UnaryOperator<Tensor> function, Tensor input) {
        return checkpoint(options(), function, input);
    }

    /** {@code checkpoint(function, input, use_reentrant=..., preserve_rng_state=...)}. */
    public static Tensor checkpoint(Options options, UnaryOperator<Tensor> function, Tensor input) {
        return checkpointMulti(options, in -> new Tensor[] {function.apply(in[0])}, input)[0];
    }

    /**
     * {@code checkpoint(function, *inputs)} for a function of several tensors (null entries allowed) and outputs
     * (named apart from the one-tensor form so that a lambda's type is never in doubt, as {@code gradcheckMulti}).
     */
    public static Tensor[] checkpointMulti(java.util.function.Function<Tensor[], Tensor[]> function, Tensor... inputs) {
        return checkpointMulti(options(), function, inputs);
    }

    /** {@code checkpoint(function, *inputs, use_reentrant=..., preserve_rng_state=...)}. */
    public static Tensor[] checkpointMulti(Options options, java.util.function.Function<Tensor[], Tensor[]> function, Tensor... inputs) {
        Tensor[] in = inputs.clone();
        if (!GradMode.isEnabled()) return function.apply(in);
        return options.useReentrant() ? ReentrantCheckpoint.run(options, function, in) : CheckpointNode.run(options, function, in);
    }

    /**
     * {@code checkpoint_sequential(functions, segments, input)}: runs the functions in order, split into
     * {@code segments} runs of {@code functions.size() / segments}; each run but the last is checkpointed, as PyTorch
     * does (the last one's activations are needed at once by backward anyway).
     */
    public static Tensor checkpointSequential(List<? extends java.util.function.Function<Tensor, Tensor>> functions, int segments,
                                              Tensor input) {
        return checkpointSequential(functions, segments, input, options());
    }

    /** {@code checkpoint_sequential(functions, segments, input, use_reentrant=..., preserve_rng_state=...)}. */
    public static Tensor checkpointSequential(List<? extends java.util.function.Function<Tensor, Tensor>> functions, int segments,
                                              Tensor input, Options options) {
        int n = functions.size();
        if (segments < 1 || segments > n) {
            throw new IllegalArgumentException("checkpoint_sequential: segments must be between 1 and the number of functions ("
                    + n + "), got " + segments);
        }
        List<java.util.function.Function<Tensor, Tensor>> fns = List.copyOf(functions);
        int size = n / segments;
        int end = -1;
        Tensor x = input;
        for (int start = 0; start < size * (segments - 1); start += size) {
            end = start + size - 1;
            List<java.util.function.Function<Tensor, Tensor>> part = fns.subList(start, end + 1);
            x = checkpoint(options, t -> runAll(part, t), x);
        }
        return runAll(fns.subList(end + 1, n), x);
    }

    private static Tensor runAll(List<java.util.function.Function<Tensor, Tensor>> fns, Tensor x) {
        for (var f : fns) x = f.apply(x);
        return x;
    }
}
