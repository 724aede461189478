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

    /**
     * {@code parametrizations.orthogonal(module)}: the weight kept orthogonal (orthonormal columns, or rows for a wide
     * matrix) through the matrix exponential of a skew-symmetric matrix (square weights) or Householder reflectors
     * (others), with the dynamic trivialization (a {@code base} buffer holding the starting orthogonal matrix).
     */
    public static <M extends Module> M orthogonal(M module) { return orthogonal(module, "weight", null, true); }

    /** {@code parametrizations.orthogonal(module, name, orthogonal_map, use_trivialization)}; map "matrix_exp", "cayley" or "householder". */
    public static <M extends Module> M orthogonal(M module, String name, String orthogonalMap, boolean useTrivialization) {
        Tensor weight = module.parameter(name);
        if (weight == null) throw new IllegalArgumentException("Module '" + module.className() + "' has no parameter or buffer with name '" + name + "'");
        if (weight.dim() < 2) {
            throw new IllegalArgumentException("Expected a matrix or batch of matrices. Got a tensor of " + weight.dim() + " dimensions.");
        }
        String map = orthogonalMap != null ? orthogonalMap : weight.size(-2) == weight.size(-1) ? "matrix_exp" : "householder";
        if (!java.util.List.of("matrix_exp", "cayley", "householder").contains(map)) {
            throw new IllegalArgumentException("orthogonal_map has to be one of \"matrix_exp\", \"cayley\", \"householder\". Got: " + map);
        }
        return Parametrize.registerParametrization(module, name, new Orthogonal(weight.shapeArray(), map, useTrivialization), true);
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

        private Tensor matrix(Tensor w) { return WeightReparam.matrix(w, dim); }

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

    /** PyTorch's {@code _Orthogonal} (real tensors). */
    static final class Orthogonal extends Module implements Parametrize.RightInverse {
        final long[] shape;
        final String map;
        final boolean trivialization;

        Orthogonal(long[] shape, String map, boolean useTrivialization) {
            this.shape = shape.clone();
            this.map = map;
            this.trivialization = useTrivialization;
        }

        private Tensor base() { return buffer("base"); }

        @Override
        public Tensor forward(Tensor x) {
            long n = x.size(-2), k = x.size(-1);
            boolean transposed = n < k;
            if (transposed) {
                x = x.mT();
                long t = n;
                n = k;
                k = t;
            }
            Tensor q;
            if (!map.equals("householder")) {
                x = x.tril();
                if (n != k) {
                    long[] zs = x.shapeArray().clone();
                    zs[zs.length - 1] = n - k;
                    x = Torch.cat(java.util.List.of(x, Torch.zeros(Torch.shape(zs), Torch.dtype(x.dtype()).device(x.device()))), -1);
                }
                Tensor a = x.sub(x.mT());
                if (map.equals("matrix_exp")) {
                    q = a.matrixExp();
                } else {
                    Tensor id = Torch.eye(n, n, Torch.dtype(a.dtype()).device(a.device()));
                    q = Torch.linalg().solve(id.add(a.mul(-0.5)), id.add(a.mul(0.5)));
                }
                if (n != k) q = q.narrow(-1, 0, k);
            } else {
                Tensor a = x.tril(-1);
                Tensor tau = a.mul(a).sum(new long[] {-2}, false).add(1.0).reciprocal().mul(2.0);
                q = Torch.linalg().householderProduct(a, tau);
                q = q.mul(x.diagonal(0, -2, -1).to(dev.torch4j.DType.INT32).unsqueeze(-2));
            }
            if (base() != null) q = base().matmul(q);
            return transposed ? q.mT() : q;
        }

        @Override
        public Tensor rightInverse(Tensor q) {
            try (var g = GradMode.noGrad()) {
                if (!java.util.Arrays.equals(q.shapeArray(), shape)) {
                    throw new IllegalArgumentException("Expected a matrix or batch of matrices of shape " + Size.of(shape) + ". Got a tensor of shape "
                            + q.shape() + ".");
                }
                Tensor qInit = q;
                long n = q.size(-2), k = q.size(-1);
                if (n < k) {
                    q = q.mT();
                    long t = n;
                    n = k;
                    k = t;
                }
                if (!trivialization) {
                    if (!map.equals("householder")) {
                        throw new UnsupportedOperationException("It is not possible to assign to the matrix exponential or the Cayley parametrizations "
                                + "when use_trivialization=False.");
                    }
                    // geqrf's reflectors, with the diagonal holding diag(R)'s signs (flipped where no reflection was used)
                    Tensor[] f = Torch.geqrf(q);
                    Tensor a = f[0], diag = a.diagonal(0, -2, -1);
                    diag.copy_(diag.sign().mul(f[1].eq(0.0).to(diag.dtype()).mul(-2.0).add(1.0)));
                    return qInit.size(-2) < qInit.size(-1) ? a.mT() : a;
                }
                if (n == k) {
                    q = isOrthogonal(q) ? q.clone() : makeOrthogonal(q);
                } else {
                    long[] ns = q.shapeArray().clone();
                    ns[ns.length - 1] = n - k;
                    Tensor extra = Torch.randn(Torch.shape(ns), Torch.dtype(q.dtype()).device(q.device()));
                    q = makeOrthogonal(Torch.cat(java.util.List.of(q, extra), -1));
                }
                if (base() == null) registerBuffer("base", q);
                else base().copy_(q);
                Tensor negId = Torch.zerosLike(qInit);
                negId.diagonal(0, -2, -1).fill_(-1.0);
                return negId;
            }
        }

        /** PyTorch's _is_orthogonal: Q^T Q close to I within 10 n eps. */
        private static boolean isOrthogonal(Tensor q) {
            long n = q.size(-2), k = q.size(-1);
            double eps = 10.0 * n * (q.dtype() == dev.torch4j.DType.FLOAT64 ? 0x1p-52 : 0x1p-23);
            Tensor id = Torch.eye(k, k, Torch.dtype(q.dtype()).device(q.device()));
            return q.mT().matmul(q).sub(id).abs().le(eps).all().item() != 0;
        }

        /** PyTorch's _make_orthogonal: the Q of A = QR with diag(R) made non-negative (Q from LAPACK's Householder QR). */
        private static Tensor makeOrthogonal(Tensor a) {
            var qr = Torch.linalg().qr(a);
            return qr.Q().mul(qr.R().diagonal(0, -2, -1).sgn().unsqueeze(-2));
        }

        @Override
        public String className() { return "_Orthogonal"; }
    }
}
