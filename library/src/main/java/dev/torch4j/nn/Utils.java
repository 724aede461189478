package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code torch.nn.utils}: gradient clipping, parameter/vector conversion, weight and spectral norm, and
 * {@code torch.utils.checkpoint.checkpoint_sequential} over a {@link Sequential} (the function form is
 * {@link dev.torch4j.autograd.Checkpoint}).
 */
public final class Utils {
    private Utils() {}

    /** {@code clip_grad_norm_(parameters, max_norm)} with the 2-norm. */
    public static Tensor clipGradNorm_(Iterable<Tensor> parameters, double maxNorm) { return clipGradNorm_(parameters, maxNorm, 2.0, false); }

    /**
     * {@code clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite)}: scales all gradients in place
     * so that their joint norm (the norm of the per-gradient norms) is at most {@code max_norm}; returns that
     * total norm (before clipping). {@code normType} may be {@code Double.POSITIVE_INFINITY}.
     */
    public static Tensor clipGradNorm_(Iterable<Tensor> parameters, double maxNorm, double normType, boolean errorIfNonfinite) {
        List<Tensor> grads = new ArrayList<>();
        for (Tensor p : parameters) if (p.grad() != null) grads.add(p.grad());
        if (grads.isEmpty()) return Torch.tensor(0.0);
        try (var g = GradMode.noGrad()) {
            List<Tensor> norms = new ArrayList<>();
            for (Tensor gr : grads) norms.add(vectorNorm(gr, normType));
            Tensor total = vectorNorm(Torch.stack(norms), normType);
            if (errorIfNonfinite && (total.isnan().itemBool() || total.isinf().itemBool())) {
                throw new IllegalStateException("The total norm of order " + Py.repr(normType) + " for gradients from `parameters` is "
                        + "non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm "
                        + "anyway, set `error_if_nonfinite=False`");
            }
            Tensor coef = Torch.fullLike(total, maxNorm).div(total.add(1e-6)).clampMax(1.0);
            for (Tensor gr : grads) gr.mul_(coef.to(gr.dtype()));
            return total;
        }
    }

    /** {@code torch.linalg.vector_norm(t, ord)} over all elements (inf: the largest magnitude). */
    private static Tensor vectorNorm(Tensor t, double ord) {
        if (Double.isInfinite(ord)) return ord > 0 ? t.abs().amax() : t.abs().amin();
        return t.norm(ord);
    }

    /** {@code clip_grad_value_(parameters, clip_value)}: clamps every gradient into [-clip, clip] in place. */
    public static void clipGradValue_(Iterable<Tensor> parameters, double clipValue) {
        try (var g = GradMode.noGrad()) {
            for (Tensor p : parameters) if (p.grad() != null) p.grad().clamp_(-clipValue, clipValue);
        }
    }

    /** {@code parameters_to_vector(parameters)}: all parameters flattened into one 1-D tensor. */
    public static Tensor parametersToVector(Iterable<Tensor> parameters) {
        List<Tensor> flat = new ArrayList<>();
        for (Tensor p : parameters) flat.add(p.reshape(-1));
        return Torch.cat(flat);
    }

    /** {@code vector_to_parameters(vec, parameters)}: copies consecutive slices of {@code vec} into the parameters. */
    public static void vectorToParameters(Tensor vec, Iterable<Tensor> parameters) {
        if (vec.dim() != 1) throw new IllegalArgumentException("expected torch.Tensor, but got: a " + vec.dim() + "-d tensor");
        long at = 0;
        try (var g = GradMode.noGrad()) {
            for (Tensor p : parameters) {
                long n = p.numel();
                p.copy_(vec.narrow(0, at, n).view(p.shapeArray()));
                at += n;
            }
        }
    }

    /**
     * {@code nn.utils.weight_norm(module, name='weight', dim=0)}: the parameter becomes {@code g * v / ||v||} with
     * new parameters {@code name_g} (the norms over every dim but {@code dim}; -1: one norm) and {@code name_v},
     * recomputed before each forward.
     */
    public static <M extends Module> M weightNorm(M module, String name, int dim) { return WeightReparam.weightNorm(module, name, dim); }

    /** {@code nn.utils.weight_norm(module)}: name "weight", dim 0. */
    public static <M extends Module> M weightNorm(M module) { return WeightReparam.weightNorm(module, "weight", 0); }

    /**
     * {@code nn.utils.spectral_norm(module, name='weight', n_power_iterations=1, eps=1e-12, dim=None)}: the
     * parameter divided by its largest singular value, estimated by power iteration (buffers {@code name_u},
     * {@code name_v}; one more iteration per forward in training mode); the parameter itself is {@code name_orig}.
     * dim null: 0, or 1 for transposed convolutions.
     */
    public static <M extends Module> M spectralNorm(M module, String name, int nPowerIterations, double eps, Integer dim) {
        int d = dim != null ? dim : module instanceof ConvTransposeNd ? 1 : 0;
        return WeightReparam.spectralNorm(module, name, nPowerIterations, eps, d);
    }

    /** {@code nn.utils.spectral_norm(module)} with PyTorch's defaults. */
    public static <M extends Module> M spectralNorm(M module) { return spectralNorm(module, "weight", 1, 1e-12, null); }

    /**
     * {@code torch.utils.checkpoint.checkpoint_sequential(functions, segments, input)}: the modules of
     * {@code functions} called in order, every segment but the last checkpointed ({@code use_reentrant=False}).
     */
    public static Tensor checkpointSequential(Sequential functions, int segments, Tensor input) {
        return checkpointSequential(functions, segments, input, dev.torch4j.autograd.Checkpoint.options());
    }

    /** {@code checkpoint_sequential(functions, segments, input, use_reentrant=..., preserve_rng_state=...)}. */
    public static Tensor checkpointSequential(Sequential functions, int segments, Tensor input, dev.torch4j.autograd.Checkpoint.Options options) {
        List<java.util.function.Function<Tensor, Tensor>> calls = new ArrayList<>();
        for (Module m : functions) calls.add(m::call);
        return dev.torch4j.autograd.Checkpoint.checkpointSequential(calls, segments, input, options);
    }
}
