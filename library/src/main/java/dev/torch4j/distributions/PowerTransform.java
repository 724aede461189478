package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

/** {@code torch.distributions.transforms.PowerTransform(exponent)}: {@code y = x^exponent} on the positive reals. */
public class PowerTransform extends Transform {
    private final Tensor exponent;

    /** {@code PowerTransform(exponent, cache_size)}. */
    public PowerTransform(Tensor exponent, int cacheSize) {
        super(cacheSize);
        this.exponent = exponent;
    }

    /** {@code PowerTransform(exponent)}. */
    public PowerTransform(Tensor exponent) { this(exponent, 0); }

    /** {@code PowerTransform(exponent)} with a number (a float32 0-d tensor, as broadcast_all makes it). */
    public PowerTransform(double exponent) { this(Torch.tensor(exponent), 0); }

    /** The exponent. */
    public Tensor exponent() { return exponent; }

    @Override public Constraint domain() { return Constraint.POSITIVE; }

    @Override public Constraint codomain() { return Constraint.POSITIVE; }

    @Override public boolean bijective() { return true; }

    @Override public Tensor sign() { return exponent.sign(); }

    @Override protected Tensor forward(Tensor x) { return x.pow(exponent); }

    @Override protected Tensor inverse(Tensor y) { return y.pow(exponent.reciprocal()); }

    @Override public Tensor logAbsDetJacobian(Tensor x, Tensor y) { return exponent.mul(y).div(x).abs().log(); }

    @Override public long[] forwardShape(long... shape) { return broadcastWith(shape, exponent); }

    @Override public long[] inverseShape(long... shape) { return broadcastWith(shape, exponent); }

    @Override boolean sameAs(Transform other) { return other instanceof PowerTransform o && allEqual(exponent, o.exponent); }

    @Override Transform copyWithCache(int cacheSize) { return new PowerTransform(exponent, cacheSize); }
}
