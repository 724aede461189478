package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

/**
 * {@code torch.distributions.Chi2(df)}: the chi-squared distribution, exactly {@code Gamma(df / 2, 1 / 2)} (so it
 * shares the gamma sampler, gradients and KL divergences).
 */
public class Chi2 extends Gamma {
    /** {@code Chi2(df)}. */
    public Chi2(Tensor df) { super(df.mul(0.5), scalarLike(0.5, df)); }

    /** {@code Chi2(df)} with a number: batch shape (), float32. */
    public Chi2(double df) { super(Torch.tensor(0.5 * df), Torch.tensor(0.5)); }

    @Override
    void validate() {
        Tensor df = df();
        checkParam("df", df, df.gt(0.0), POSITIVE);
    }

    /** The degrees of freedom: {@code 2 concentration}. */
    public Tensor df() { return concentration().mul(2); }

    /** PyTorch's repr shows no parameter: {@code df} is a property there. */
    @Override
    protected Object[] reprParams() { return new Object[0]; }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public Chi2 expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new Chi2(df().expand(b)));
    }
}
