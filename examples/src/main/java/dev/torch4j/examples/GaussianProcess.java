package dev.torch4j.examples;

import dev.torch4j.DType;
import dev.torch4j.Linalg;
import dev.torch4j.Tensor;
import dev.torch4j.distributions.MultivariateNormal;
import dev.torch4j.optim.LBFGS;

import java.util.List;

import static dev.torch4j.Torch.*;

/**
 * Gaussian-process regression written with {@code torch.linalg}, autograd through the Cholesky factorisation, LBFGS
 * and {@code torch.distributions}: the kernel's length scale, signal and noise variance are fitted by minimising the
 * negative log marginal likelihood {@code y^T K^-1 y / 2 + log|L| + n log(2 pi) / 2}, then the posterior mean and
 * variance are computed on a grid and three functions are drawn from the posterior. Run with
 * {@code ./torch4j run GaussianProcess}.
 */
public final class GaussianProcess {
    private GaussianProcess() {}

    private static final Linalg L = linalg();

    /** The fitted hyperparameters, the likelihood before and after, and the posterior's error against sin(x). */
    public record Result(double lengthScale, double signalVariance, double noiseVariance, double nlmlBefore, double nlmlAfter,
                         double rmse, double meanStd, Tensor samples) {}

    private static Tensor rbf(Tensor a, Tensor b, Tensor logLength, Tensor logSignal) {
        Tensor d2 = cdist(a, b).square();
        return logSignal.exp().mul(d2.div(logLength.exp().square()).mul(-0.5).exp());
    }

    /** The negative log marginal likelihood of y under the kernel with these log-hyperparameters. */
    private static Tensor nlml(Tensor x, Tensor y, Tensor logLength, Tensor logSignal, Tensor logNoise) {
        long n = x.size(0);
        Tensor k = rbf(x, x, logLength, logSignal).add(eye(n, n, dtype(DType.FLOAT64)).mul(logNoise.exp()));
        Tensor chol = L.cholesky(k);
        Tensor alpha = choleskySolve(y.unsqueeze(1), chol, false).squeeze(1);
        return y.dot(alpha).mul(0.5).add(chol.diagonal().log().sum()).add(0.5 * n * Math.log(2 * Math.PI));
    }

    public static Result run(int points) {
        manualSeed(0);
        var f64 = dtype(DType.FLOAT64);
        Tensor x = rand(shape(points, 1), f64).mul(6).sub(3);
        Tensor y = x.squeeze(1).sin().add(randn(shape(points), f64).mul(0.1));
        // the log-hyperparameters, started away from the truth
        Tensor logLength = zeros(shape(), f64).add(Math.log(0.3)).requiresGrad_(true);
        Tensor logSignal = zeros(shape(), f64).requiresGrad_(true);
        Tensor logNoise = zeros(shape(), f64).add(Math.log(0.5)).requiresGrad_(true);
        double before = nlml(x, y, logLength, logSignal, logNoise).item();
        var opt = new LBFGS(List.of(logLength, logSignal, logNoise), LBFGS.options(1).maxIter(50).lineSearchFn("strong_wolfe"));
        Tensor loss = opt.step(() -> {
            opt.zeroGrad();
            Tensor l = nlml(x, y, logLength, logSignal, logNoise);
            l.backward();
            return l;
        });
        double after = nlml(x, y, logLength, logSignal, logNoise).item();
        System.out.printf("negative log marginal likelihood: %.3f -> %.3f (LBFGS, first evaluation %.3f)%n", before, after, loss.item());
        System.out.printf("length scale %.3f, signal variance %.3f, noise variance %.5f (data: sin(x) + N(0, 0.1^2))%n",
                logLength.exp().item(), logSignal.exp().item(), logNoise.exp().item());
        try (var g = noGrad()) {
            long n = x.size(0);
            Tensor grid = linspace(-3, 3, 61, f64).unsqueeze(1);
            Tensor k = rbf(x, x, logLength, logSignal).add(eye(n, n, f64).mul(logNoise.exp()));
            Tensor chol = L.cholesky(k), ks = rbf(x, grid, logLength, logSignal);
            Tensor mean = ks.t().mv(choleskySolve(y.unsqueeze(1), chol, false).squeeze(1));
            Tensor v = L.solveTriangular(chol, ks, false);
            Tensor cov = rbf(grid, grid, logLength, logSignal).sub(v.t().mm(v));
            Tensor std = cov.diagonal().clampMin(0).sqrt();
            double rmse = mean.sub(grid.squeeze(1).sin()).square().mean().sqrt().item();
            System.out.printf("posterior mean vs sin(x) on [-3, 3]: RMSE %.4f, mean posterior std %.4f%n", rmse, std.mean().item());
            // three functions from the posterior (a little jitter keeps the covariance positive-definite)
            Tensor samples = new MultivariateNormal(mean, cov.add(eye(61, 61, f64).mul(1e-6))).sample(3);
            System.out.printf("three posterior draws at x = 0: %.3f %.3f %.3f (mean %.3f)%n", samples.get(0, 30).item(),
                    samples.get(1, 30).item(), samples.get(2, 30).item(), mean.get(30).item());
            return new Result(logLength.exp().item(), logSignal.exp().item(), logNoise.exp().item(), before, after, rmse,
                    std.mean().item(), samples);
        }
    }

    public static void main(String[] args) { run(40); }
}
