package dev.torch4j.distributions;

import dev.torch4j.Generator;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.Function;
import dev.torch4j.autograd.FunctionCtx;

/**
 * {@code torch.poisson} and {@code torch.binomial}: the Poisson and binomial distributions' samplers (PyTorch's CPU
 * values after the same seed) as functions of their parameters, with PyTorch's checks and autograd records (a
 * Poisson draw passes a zero gradient; a binomial one has none).
 */
public final class RandomDraws {
    private RandomDraws() {}

    /** {@code torch.poisson(rate, generator)}: one draw per element, in the rate's dtype. */
    public static Tensor poisson(Tensor rate, Generator generator) {
        if (!rate.isFloatingPoint()) {
            throw new IllegalArgumentException("\"poisson_cpu\" not implemented for '" + rate.dtype().scalarTypeName() + "'");
        }
        return new PoissonDraw(generator).apply(rate);
    }

    /** {@code torch.binomial(count, prob, generator)}: count and prob broadcast, in one floating dtype. */
    public static Tensor binomial(Tensor count, Tensor prob, Generator generator) {
        if (count.dtype() != prob.dtype()) {
            throw new IllegalArgumentException("Found dtype " + prob.dtype().scalarTypeName() + " but expected "
                    + count.dtype().scalarTypeName());
        }
        if (!count.isFloatingPoint()) {
            throw new IllegalArgumentException("\"binomial_cpu\" not implemented for '" + count.dtype().scalarTypeName() + "'");
        }
        return new BinomialDraw(generator).apply(count, prob);
    }

    private static final class PoissonDraw extends Function {
        private final Generator generator;

        PoissonDraw(Generator generator) { this.generator = generator; }

        @Override
        protected String backwardName() { return "PoissonBackward0"; }

        @Override
        protected Tensor[] forward(FunctionCtx ctx, Tensor... in) { return new Tensor[] {Samplers.poisson(in[0], generator)}; }

        @Override
        protected Tensor[] backward(FunctionCtx ctx, Tensor... grads) { return new Tensor[] {dev.torch4j.Torch.zerosLike(grads[0])}; }
    }

    private static final class BinomialDraw extends Function {
        private final Generator generator;

        BinomialDraw(Generator generator) { this.generator = generator; }

        @Override
        protected String backwardName() { return "NotImplemented"; }

        @Override
        protected Tensor[] forward(FunctionCtx ctx, Tensor... in) { return new Tensor[] {Samplers.binomial(in[0], in[1], generator)}; }

        @Override
        protected Tensor[] backward(FunctionCtx ctx, Tensor... grads) {
            throw new UnsupportedOperationException("derivative for aten::binomial is not implemented");
        }
    }
}
