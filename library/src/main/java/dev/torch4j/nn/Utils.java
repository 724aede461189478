package dev.torch4j.nn;

import dev.torch4j.MemoryFormat;
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
        List<Tensor> params = new ArrayList<>(), grads = new ArrayList<>();
        for (Tensor p : parameters) {
            params.add(p);
            if (p.grad() != null) grads.add(p.grad());
        }
        if (grads.isEmpty()) return Torch.tensor(0.0);
        Tensor total = getTotalNorm(grads, normType, errorIfNonfinite);
        clipGradsWithNorm_(params, maxNorm, total);
        return total;
    }

    /**
     * {@code get_total_norm(tensors, norm_type, error_if_nonfinite)} (PyTorch 2.6): the norm of the tensors' norms,
     * as {@link #clipGradNorm_} computes it; 0 for no tensors.
     */
    public static Tensor getTotalNorm(Iterable<Tensor> tensors, double normType, boolean errorIfNonfinite) {
        try (var g = GradMode.noGrad()) {
            List<Tensor> norms = new ArrayList<>();
            for (Tensor t : tensors) norms.add(vectorNorm(t, normType));
            if (norms.isEmpty()) return Torch.tensor(0.0);
            dev.torch4j.Device first = norms.getFirst().device();
            norms.replaceAll(n -> n.to(first));
            Tensor total = vectorNorm(Torch.stack(norms), normType);
            if (errorIfNonfinite && (total.isnan().itemBool() || total.isinf().itemBool())) {
                throw new IllegalStateException("The total norm of order " + Py.repr(normType) + " for gradients from `parameters` is "
                        + "non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm "
                        + "anyway, set `error_if_nonfinite=False`");
            }
            return total;
        }
    }

    /** {@code get_total_norm(tensors)}: the 2-norm. */
    public static Tensor getTotalNorm(Iterable<Tensor> tensors) { return getTotalNorm(tensors, 2.0, false); }

    /**
     * {@code clip_grads_with_norm_(parameters, max_norm, total_norm)} (PyTorch 2.6): scales every gradient in place by
     * {@code min(1, max_norm / (total_norm + 1e-6))}, for a total norm computed elsewhere (e.g. across ranks).
     */
    public static void clipGradsWithNorm_(Iterable<Tensor> parameters, double maxNorm, Tensor totalNorm) {
        try (var g = GradMode.noGrad()) {
            Tensor coef = null;
            for (Tensor p : parameters) {
                Tensor gr = p.grad();
                if (gr == null) continue;
                if (coef == null) coef = Torch.fullLike(totalNorm, maxNorm).div(totalNorm.add(1e-6)).clampMax(1.0);
                gr.mul_(coef.to(gr.device()).to(gr.dtype()));
            }
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
     * {@code nn.utils.remove_weight_norm(module, name='weight')}: removes the hook and the parameters {@code name_g},
     * {@code name_v}; {@code name} becomes a parameter again, holding the current {@code g * v / ||v||}. Throws
     * {@code IllegalArgumentException} ("weight_norm of 'name' not found in ...") when no such hook is registered.
     */
    public static <M extends Module> M removeWeightNorm(M module, String name) { return WeightReparam.removeWeightNorm(module, name); }

    /** {@code nn.utils.remove_weight_norm(module)}: name "weight". */
    public static <M extends Module> M removeWeightNorm(M module) { return removeWeightNorm(module, "weight"); }

    /**
     * {@code nn.utils.remove_spectral_norm(module, name='weight')}: removes the hook, the buffers {@code name_u},
     * {@code name_v} and the parameter {@code name_orig}; {@code name} becomes a parameter holding
     * {@code name_orig / sigma} with sigma from the current estimate (no further power iteration).
     */
    public static <M extends Module> M removeSpectralNorm(M module, String name) { return WeightReparam.removeSpectralNorm(module, name); }

    /** {@code nn.utils.remove_spectral_norm(module)}: name "weight". */
    public static <M extends Module> M removeSpectralNorm(M module) { return removeSpectralNorm(module, "weight"); }

    /** {@code nn.utils.fuse_conv_bn_eval(conv, bn)}: transpose false. */
    public static <M extends Module> M fuseConvBnEval(M conv, BatchNorm1d bn) { return fuseConvBnEval(conv, bn, false); }

    /**
     * {@code nn.utils.fuse_conv_bn_eval(conv, bn, transpose)}: a new convolution (a copy of {@code conv}, which may be a
     * Conv1d/2d/3d or, with {@code transpose}, a ConvTranspose1d/2d/3d) whose output equals {@code bn(conv(x))} with both
     * in evaluation mode; see {@link #fuseConvBnWeights}. Both modules must be in eval mode ("Fusion only for eval!").
     *
     * <pre>{@code
     * Conv2d fused = Utils.fuseConvBnEval(conv.eval(), bn.eval());   // fused.call(x) == bn.call(conv.call(x))
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public static <M extends Module> M fuseConvBnEval(M conv, BatchNorm1d bn, boolean transpose) {
        if (conv.isTraining() || bn.isTraining()) throw new IllegalStateException("Fusion only for eval!");
        requireRunningStats(bn);
        Module fused = Copies.conv(conv);
        Tensor[] wb = fuseConvBnWeights(convWeight(fused), convBias(fused), bn.runningMean(), bn.runningVar(), bn.eps, bn.weight,
                bn.bias, transpose);
        switch (fused) {
            case ConvNd c -> {
                c.weight = wb[0];
                c.bias = wb[1];
            }
            case ConvTransposeNd c -> {
                c.weight = wb[0];
                c.bias = wb[1];
            }
            default -> throw new AssertionError(fused);
        }
        return (M) fused;
    }

    private static Tensor convWeight(Module m) { return m instanceof ConvNd c ? c.weight : ((ConvTransposeNd) m).weight; }

    private static Tensor convBias(Module m) { return m instanceof ConvNd c ? c.bias : ((ConvTransposeNd) m).bias; }

    private static void requireRunningStats(BatchNorm1d bn) {
        if (bn.runningMean() == null || bn.runningVar() == null) {
            throw new IllegalStateException("fusion needs the BatchNorm's running statistics (track_running_stats=True)");
        }
    }

    /** {@code fuse_conv_bn_weights(...)} with transpose false. */
    public static Tensor[] fuseConvBnWeights(Tensor convW, Tensor convB, Tensor bnRm, Tensor bnRv, double bnEps, Tensor bnW, Tensor bnB) {
        return fuseConvBnWeights(convW, convB, bnRm, bnRv, bnEps, bnW, bnB, false);
    }

    /**
     * {@code nn.utils.fuse_conv_bn_weights(conv_w, conv_b, bn_rm, bn_rv, bn_eps, bn_w, bn_b, transpose)} (PyTorch 2.x):
     * {@code {w * (bn_w / sqrt(bn_rv + eps)) (per output channel: dim 0, or dim 1 with transpose), (conv_b - bn_rm) *
     * rsqrt(bn_rv + eps) * bn_w + bn_b}} as new parameters in the convolution's dtypes; a null {@code convB} counts as
     * zeros, a null {@code bnW} as ones and a null {@code bnB} as zeros. Each parameter requires grad as its source
     * did (so a bias made from a null {@code convB} does not), as in PyTorch 2.x.
     */
    public static Tensor[] fuseConvBnWeights(Tensor convW, Tensor convB, Tensor bnRm, Tensor bnRv, double bnEps, Tensor bnW, Tensor bnB,
                                             boolean transpose) {
        var weightDtype = convW.dtype();
        var biasDtype = convB != null ? convB.dtype() : weightDtype;
        Tensor b = convB != null ? convB : Torch.zerosLike(bnRm);
        Tensor w = bnW != null ? bnW : Torch.onesLike(bnRm);
        Tensor shift = bnB != null ? bnB : Torch.zerosLike(bnRm);
        Tensor varRsqrt = bnRv.add(bnEps).rsqrt();
        long[] shape = new long[convW.dim()];
        java.util.Arrays.fill(shape, 1);
        shape[transpose ? 1 : 0] = -1;
        Tensor fusedW = convW.mul(w.mul(varRsqrt).reshape(shape)).to(weightDtype);
        Tensor fusedB = b.sub(bnRm).mul(varRsqrt).mul(w).add(shift).to(biasDtype);
        return new Tensor[] {Parameter.of(fusedW.detach(), convW.requiresGrad()), Parameter.of(fusedB.detach(), b.requiresGrad())};
    }

    /**
     * {@code nn.utils.fuse_linear_bn_eval(linear, bn)}: a new Linear whose output equals {@code bn(linear(x))} with
     * both in evaluation mode; bn's features must equal linear's out_features or be 1.
     */
    public static Linear fuseLinearBnEval(Linear linear, BatchNorm1d bn) {
        if (linear.isTraining() || bn.isTraining()) throw new IllegalStateException("Fusion only for eval!");
        if (linear.outFeatures != bn.numFeatures && bn.numFeatures != 1) {
            throw new IllegalArgumentException("To fuse, linear.out_features == bn.num_features or bn.num_features == 1");
        }
        requireRunningStats(bn);
        Linear fused = new Linear(linear);
        Tensor[] wb = fuseLinearBnWeights(fused.weight, fused.bias, bn.runningMean(), bn.runningVar(), bn.eps, bn.weight, bn.bias);
        fused.weight = wb[0];
        fused.bias = wb[1];
        return fused;
    }

    /**
     * {@code nn.utils.fuse_linear_bn_weights(linear_w, linear_b, bn_rm, bn_rv, bn_eps, bn_w, bn_b)} (PyTorch 2.x):
     * {@code {w * scale[:, None], (b - bn_rm) * scale + bn_b}} with {@code scale = bn_w * rsqrt(bn_rv + eps)}, as new
     * parameters that require grad as their sources did; a null {@code linearB} counts as zeros.
     */
    public static Tensor[] fuseLinearBnWeights(Tensor linearW, Tensor linearB, Tensor bnRm, Tensor bnRv, double bnEps, Tensor bnW, Tensor bnB) {
        Tensor b = linearB != null ? linearB : Torch.zerosLike(bnRm);
        Tensor scale = bnW.mul(bnRv.add(bnEps).rsqrt());
        Tensor fusedW = linearW.mul(scale.unsqueeze(-1));
        Tensor fusedB = b.sub(bnRm).mul(scale).add(bnB);
        return new Tensor[] {Parameter.of(fusedW.detach(), linearW.requiresGrad()), Parameter.of(fusedB.detach(), b.requiresGrad())};
    }

    /**
     * {@code nn.utils.convert_conv2d_weight_memory_format(module, memory_format)}: the weight of every Conv2d and
     * ConvTranspose2d in {@code module} (itself included, then its descendants) re-laid out in {@code format} (values
     * unchanged; the parameter stays the same object). Returns {@code module}.
     */
    public static <M extends Module> M convertConv2dWeightMemoryFormat(M module, MemoryFormat format) {
        return convertConvWeightMemoryFormat(module, format, 2);
    }

    /** {@code nn.utils.convert_conv3d_weight_memory_format(module, memory_format)}: the same for Conv3d and ConvTranspose3d. */
    public static <M extends Module> M convertConv3dWeightMemoryFormat(M module, MemoryFormat format) {
        return convertConvWeightMemoryFormat(module, format, 3);
    }

    private static <M extends Module> M convertConvWeightMemoryFormat(M module, MemoryFormat format, int nd) {
        boolean conv = nd == 2 ? module instanceof Conv2d || module instanceof ConvTranspose2d
                : module instanceof Conv3d || module instanceof ConvTranspose3d;
        if (conv) {
            Tensor w = convWeight(module);
            try (var g = GradMode.noGrad()) {
                w.setData(w.detach().clone(MemoryFormat.PRESERVE).contiguous(format));
            }
        }
        for (Module child : module.children()) convertConvWeightMemoryFormat(child, format, nd);
        return module;
    }

    /**
     * {@code nn.utils.skip_init(module_cls, *args)}: the module {@code factory} builds, made without running its
     * initialisation. PyTorch constructs on the meta device and then allocates uninitialised memory
     * ({@code to_empty}); torch4j has no meta device, so the factory runs with {@link Init}'s drawing initialisers
     * turned into no-ops on this thread, and the default generator's state is put back afterwards. As in PyTorch,
     * nothing is drawn from the random stream, and the parameters' values are unspecified (here: what the
     * constructor allocated, zeros, unless it fills them by other means).
     *
     * <pre>{@code
     * Linear m = Utils.skipInit(() -> new Linear(5, 1));   // then e.g. m.loadStateDict(saved)
     * }</pre>
     */
    public static <M extends Module> M skipInit(java.util.function.Supplier<M> factory) {
        boolean outer = Init.SKIPPING.get();
        byte[] state = dev.torch4j.Generator.defaultGenerator().getState();
        Init.SKIPPING.set(true);
        try {
            return factory.get();
        } finally {
            Init.SKIPPING.set(outer);
            dev.torch4j.Generator.defaultGenerator().setState(state);
        }
    }

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
