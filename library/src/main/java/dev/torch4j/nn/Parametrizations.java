package dev.torch4j.nn;

import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;

/**
 * {@code torch.nn.utils.parametrizations}: {@code weight_norm} and {@code spectral_norm} as parametrizations
 * ({@link Parametrize}), PyTorch 2.x's recommended forms: state-dict keys {@code parametrizations.weight.original0}
 * / {@code original1} (weight norm's g and v) and {@code parametrizations.weight.original} with the power-iteration
 * buffers {@code parametrizations.weight.0._u} / {@code _v} (spectral norm). (The older hook-based forms are
 * {@link Utils#weightNorm} and {@link Utils#spectralNorm}.)
 */
public final class Parametrizations {
    private Parametrizations() {}

    /** {@code parametrizations.weight_norm(module)}: weight = g * v / ||v|| over every dim but 0. */
    public static <M extends Module> M weightNorm(M module) { return weightNorm(module, "weight", 0); }

    /** {@code parametrizations.weight_norm(module, name, dim)}; dim null (here: any negative value... -1) norms over everything. */
    public static <M extends Module> M weightNorm(M module, String name, Integer dim) {
        return Parametrize.registerParametrization(module, name, new WeightNorm(dim == null ? -1 : dim), true);
    }

    /** {@code parametrizations.spectral_norm(module)}: the weight divided by its largest singular value (power iteration). */
    public static <M extends Module> M spectralNorm(M module) { return spectralNorm(module, "weight", 1, 1e-12, null); }

    /**
     * {@code parametrizations.spectral_norm(module, name, n_power_iterations, eps, dim)}; dim null: 1 for the
     * transposed convolutions, else 0.
     */
    public static <M extends Module> M spectralNorm(M module, String name, int nPowerIterations, double eps, Integer dim) {
        Tensor weight = module.parameter(name);
        if (weight == null) throw new IllegalArgumentException("Module '" + module.className() + "' has no parameter or buffer with name '" + name + "'");
        int d = dim != null ? dim : module instanceof ConvTranspose1d || module instanceof ConvTranspose2d ? 1 : 0;
        return Parametrize.registerParametrization(module, name, new SpectralNorm(weight, nPowerIterations, d, eps));
    }

    /** PyTorch's {@code _WeightNorm}: forward(g, v) = {@code torch._weight_norm(v, g, dim)}. */
    static final class WeightNorm extends Module implements Parametrize.MultiRightInverse {
        final int dim;

        WeightNorm(int dim) { this.dim = dim; }

        @Override
        public Tensor forward(Tensor g, Tensor v) { return v.mul(g.div(WeightReparam.normExceptDim(v, dim))); }

        @Override
        public Tensor[] rightInverse(Tensor weight) { return new Tensor[] {WeightReparam.normExceptDim(weight, dim), weight}; }

        @Override
        public String className() { return "_WeightNorm"; }
    }

    /**
     * PyTorch's {@code _SpectralNorm}: buffers {@code _u}, {@code _v} drawn with {@code normal_} (PyTorch's draws) and
     * run through 15 power iterations at construction; in training each forward runs {@code nPowerIterations} more.
     */
    static final class SpectralNorm extends Module implements Parametrize.RightInverse {
        final int dim, nPowerIterations;
        final double eps;

        SpectralNorm(Tensor weight, int nPowerIterations, int dim, double eps) {
            int ndim = weight.dim();
            if (dim >= ndim || dim < -ndim) {
                throw new IndexOutOfBoundsException("Dimension out of range (expected to be in range of [" + -ndim + ", " + (ndim - 1)
                        + "] but got " + dim + ")");
            }
            if (nPowerIterations <= 0) {
                throw new IllegalArgumentException("Expected n_power_iterations to be positive, but got n_power_iterations=" + nPowerIterations);
            }
            this.dim = dim >= 0 ? dim : dim + ndim;
            this.eps = eps;
            this.nPowerIterations = nPowerIterations;
            if (ndim > 1) {
                try (var g = GradMode.noGrad()) {
                    Tensor mat = matrix(weight);
                    var like = Torch.dtype(weight.dtype()).device(weight.device());
                    Tensor u = Torch.empty(Size.of(mat.size(0)), like).normal_(0, 1), v = Torch.empty(Size.of(mat.size(1)), like).normal_(0, 1);
                    registerBuffer("_u", Functional.normalize(u, 2, 0, eps));
                    registerBuffer("_v", Functional.normalize(v, 2, 0, eps));
                    powerMethod(mat, 15);
                }
            }
        }

        private Tensor matrix(Tensor w) {
            Tensor x = w;
            if (dim != 0) {
                long[] perm = new long[w.dim()];
                perm[0] = dim;
                for (int i = 0, k = 1; i < w.dim(); i++) if (i != dim) perm[k++] = i;
                x = w.permute(perm);
            }
            return x.flatten(1, -1);
        }

        private void powerMethod(Tensor mat, int iterations) {
            try (var g = GradMode.noGrad()) {
                Tensor u = buffer("_u"), v = buffer("_v");
                for (int i = 0; i < iterations; i++) {
                    u.copy_(Functional.normalize(mat.mv(v), 2, 0, eps));
                    v.copy_(Functional.normalize(mat.t().mv(u), 2, 0, eps));
                }
            }
        }

        @Override
        public Tensor forward(Tensor weight) {
            if (weight.dim() == 1) return Functional.normalize(weight, 2, 0, eps);
            Tensor mat = matrix(weight);
            if (isTraining()) powerMethod(mat, nPowerIterations);
            Tensor u = buffer("_u").clone(), v = buffer("_v").clone();
            Tensor sigma = u.dot(mat.mv(v));
            return weight.div(sigma);
        }

        @Override
        public Tensor rightInverse(Tensor value) { return value; }

        @Override
        public String className() { return "_SpectralNorm"; }
    }
}
