package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;

/**
 * {@code torch.nn.utils.weight_norm} and {@code spectral_norm} (the hook-based forms, whose state-dict keys
 * {@code weight_g}/{@code weight_v} and {@code weight_orig}/{@code weight_u}/{@code weight_v} are PyTorch's): the
 * parameter becomes a plain attribute recomputed by a forward pre-hook from the new parameters.
 */
final class WeightReparam {
    private WeightReparam() {}

    /** PyTorch's norm_except_dim(v, 2, dim): the 2-norm over every dim but {@code dim} (-1: over all), kept broadcastable. */
    static Tensor normExceptDim(Tensor v, int dim) {
        if (dim == -1) return v.norm();
        int d = Math.floorMod(dim, v.dim());
        long[] keep = new long[v.dim()];
        int k = 0;
        for (int i = 0; i < v.dim(); i++) if (i != d) keep[k++] = i;
        return v.norm(2, java.util.Arrays.copyOf(keep, k), true);
    }

    static <M extends Module> M weightNorm(M module, String name, int dim) {
        if (module.reparamHooks.containsKey(WEIGHT_NORM + name)) {
            throw new IllegalStateException("Cannot register two weight_norm hooks on the same parameter " + name);
        }
        Tensor weight = module.getParameter(name);
        Tensor g = Parameter.of(normExceptDim(weight.detach(), dim)), v = Parameter.of(weight.detach());
        module.demoteParameter(name, weight.detach());
        module.registerParameter(name + "_g", g);
        module.registerParameter(name + "_v", v);
        Runnable update = () -> module.setAttribute(name, compute(module, name, dim));
        update.run();
        module.reparamHooks.put(WEIGHT_NORM + name, new Hook(module.registerForwardPreHook((m, inputs) -> {
            update.run();
            return null;
        }), dim));
        return module;
    }

    /**
     * {@code remove_weight_norm(module, name)}: the hook goes, {@code name_g} and {@code name_v} leave the parameters,
     * and {@code name} becomes a parameter again holding {@code g * v / ||v||} (appended after the others, as
     * PyTorch's {@code setattr} appends it).
     */
    static <M extends Module> M removeWeightNorm(M module, String name) {
        Hook hook = takeHook(module, WEIGHT_NORM, name);
        Tensor weight = compute(module, name, hook.dim).detach();
        module.removeParameter(name + "_g");
        module.removeParameter(name + "_v");
        module.setAttribute(name, Parameter.of(weight));
        return module;
    }

    /** The keys under which {@link Module#reparamHooks} holds the hooks, so that remove finds them (PyTorch: by type). */
    private static final String WEIGHT_NORM = "weight_norm:", SPECTRAL_NORM = "spectral_norm:";

    /** A registered weight_norm or spectral_norm pre-hook and the dim it normalises over. */
    record Hook(RemovableHandle handle, int dim) {}

    /** Unregisters and returns the {@code kind} hook of parameter {@code name}, with PyTorch's error when there is none. */
    private static Hook takeHook(Module module, String kind, String name) {
        Hook hook = module.reparamHooks.remove(kind + name);
        if (hook == null) {
            throw new IllegalArgumentException(kind.substring(0, kind.length() - 1) + " of '" + name + "' not found in " + module);
        }
        hook.handle.remove();
        return hook;
    }

    private static Tensor compute(Module m, String name, int dim) {
        Tensor g = m.getParameter(name + "_g"), v = m.getParameter(name + "_v");
        return v.mul(g.div(normExceptDim(v, dim)));
    }

    static <M extends Module> M spectralNorm(M module, String name, int nPowerIterations, double eps, int dim) {
        if (module.reparamHooks.containsKey(SPECTRAL_NORM + name)) {
            throw new IllegalStateException("Cannot register two spectral_norm hooks on the same parameter " + name);
        }
        if (nPowerIterations <= 0) {
            throw new IllegalArgumentException("Expected n_power_iterations to be positive, but got n_power_iterations=" + nPowerIterations);
        }
        Tensor weight = module.getParameter(name);
        Tensor u, v;
        try (var g = GradMode.noGrad()) {
            Tensor mat = matrix(weight, dim);
            // weight.new_empty(h).normal_(), then the same for w: PyTorch's draws, in its order
            var like = dev.torch4j.Torch.dtype(weight.dtype()).device(weight.device());
            u = Functional.normalize(dev.torch4j.Torch.empty(dev.torch4j.Size.of(mat.size(0)), like).normal_(0, 1), 2, 0, eps);
            v = Functional.normalize(dev.torch4j.Torch.empty(dev.torch4j.Size.of(mat.size(1)), like).normal_(0, 1), 2, 0, eps);
        }
        module.demoteParameter(name, weight.detach());
        module.registerParameter(name + "_orig", weight);
        module.registerBuffer(name + "_u", u.contiguous());
        module.registerBuffer(name + "_v", v.contiguous());
        module.reparamHooks.put(SPECTRAL_NORM + name, new Hook(module.registerForwardPreHook((m, inputs) -> {
            m.setAttribute(name, spectralWeight(m, name, nPowerIterations, eps, dim, m.isTraining()));
            return null;
        }), dim));
        return module;
    }

    /**
     * {@code remove_spectral_norm(module, name)}: the hook goes, the buffers {@code name_u}, {@code name_v} and the
     * parameter {@code name_orig} are deleted, and {@code name} becomes a parameter holding {@code name_orig / sigma}
     * with sigma from the current estimate (no further power iteration).
     */
    static <M extends Module> M removeSpectralNorm(M module, String name) {
        Hook hook = takeHook(module, SPECTRAL_NORM, name);
        Tensor weight;
        try (var g = GradMode.noGrad()) {
            weight = spectralWeight(module, name, 0, 0, hook.dim, false);
        }
        module.removeBuffer(name + "_u");
        module.removeBuffer(name + "_v");
        module.removeParameter(name + "_orig");
        module.setAttribute(name, Parameter.of(weight.detach()));
        return module;
    }

    /** The weight as the matrix whose largest singular value is normalised: dim to the front, the rest flattened. */
    static Tensor matrix(Tensor w, int dim) {
        Tensor x = w;
        if (dim != 0) {
            long[] perm = new long[w.dim()];
            perm[0] = dim;
            for (int i = 0, k = 1; i < w.dim(); i++) if (i != dim) perm[k++] = i;
            x = w.permute(perm);
        }
        return x.reshape(x.size(0), -1);
    }

    private static Tensor spectralWeight(Module m, String name, int iterations, double eps, int dim, boolean powerIteration) {
        Tensor weight = m.getParameter(name + "_orig");
        Tensor u = m.buffer(name + "_u"), v = m.buffer(name + "_v");
        Tensor mat = matrix(weight, dim);
        if (powerIteration) {
            try (var g = GradMode.noGrad()) {
                Tensor w = mat.detach();
                for (int i = 0; i < iterations; i++) {
                    // in place, as PyTorch's out= normalize: the buffers carry the estimate to the next step
                    v.copy_(Functional.normalize(w.t().mv(u), 2, 0, eps));
                    u.copy_(Functional.normalize(w.mv(v), 2, 0, eps));
                }
            }
            u = u.clone();
            v = v.clone();
        }
        Tensor sigma = u.dot(mat.mv(v));
        return weight.div(sigma);
    }
}
