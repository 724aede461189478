package dev.torch4j.distributions;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;

/**
 * {@code torch.distributions.VonMises(loc, concentration)}: the circular normal on [-pi, pi). Samples follow
 * PyTorch's Best-Fisher rejection sampler draw for draw (three uniforms per round for every element, rounds until
 * all are accepted), in float64 as PyTorch 2.x runs it, so the same seed gives the same angles; log_prob and the
 * variance use PyTorch's log-Bessel approximations (Abramowitz and Stegun 9.8.1-9.8.4).
 */
public class VonMises extends Distribution {
    private final Tensor loc, concentration;

    /** {@code VonMises(loc, concentration)}, broadcast together. */
    public VonMises(Tensor loc, Tensor concentration) {
        super(broadcastShape("VonMises", loc, concentration), new long[0]);
        Tensor[] p = expandedToBatch(loc, concentration);
        this.loc = p[0];
        this.concentration = p[1];
        checkParam("loc", this.loc, this.loc.eq(this.loc), REAL);
        checkParam("concentration", this.concentration, this.concentration.gt(0.0), POSITIVE);
    }

    /** {@code VonMises(loc, concentration)} of numbers. */
    public VonMises(double loc, double concentration) { this(Torch.tensor(loc), Torch.tensor(concentration)); }

    @Override
    protected Object[] reprParams() { return new Object[] {"loc", loc, "concentration", concentration}; }

    /** The mean direction. */
    public Tensor loc() { return loc; }

    /** The concentration (kappa). */
    public Tensor concentration() { return concentration; }

    // A&S 9.8.1-9.8.4: I0 and I1 / x in (x / 3.75)^2 below 3.75, sqrt(x) e^-x I0 and sqrt(x) e^-x I1 in 3.75 / x above
    private static final double[][] SMALL = {{1.0, 3.5156229, 3.0899424, 1.2067492, 0.2659732, 0.360768e-1, 0.45813e-2},
            {0.5, 0.87890594, 0.51498869, 0.15084934, 0.2658733e-1, 0.301532e-2, 0.32411e-3}};
    private static final double[][] LARGE = {
            {0.39894228, 0.1328592e-1, 0.225319e-2, -0.157565e-2, 0.916281e-2, -0.2057706e-1, 0.2635537e-1, -0.1647633e-1, 0.392377e-2},
            {0.39894228, -0.3988024e-1, -0.362018e-2, 0.163801e-2, -0.1031555e-1, 0.2282967e-1, -0.2895312e-1, 0.1787654e-1,
                    -0.420059e-2}};

    private static Tensor poly(Tensor y, double[] c) {
        Tensor r = Torch.fullLike(y, c[c.length - 1]);
        for (int i = c.length - 2; i >= 0; i--) r = r.mul(y).add(c[i]);
        return r;
    }

    /** PyTorch's {@code _log_modified_bessel_fn(x, order)}: log I0 or log I1, differentiable. */
    static Tensor logBessel(Tensor x, int order) {
        Tensor ys = x.div(3.75).square();
        Tensor small = poly(ys, SMALL[order]);
        if (order == 1) small = x.abs().mul(small);
        small = small.log();
        Tensor large = x.sub(x.log().mul(0.5)).add(poly(x.reciprocal().mul(3.75), LARGE[order]).log());
        return Torch.where(x.lt(3.75), small, large);
    }

    @Override
    public Tensor logProb(Tensor v) {
        checkValue(v, () -> v.eq(v), REAL);
        Tensor value = v.to(loc.device(), loc.dtype());
        return concentration.mul(value.sub(loc).cos()).sub(Math.log(2 * Math.PI)).sub(logBessel(concentration, 0));
    }

    @Override
    public Tensor sample(long... sampleShape) {
        try (var g = GradMode.noGrad()) {
            long[] shape = extendedShape(sampleShape);
            Tensor l = loc.to(DType.FLOAT64), k = concentration.to(DType.FLOAT64);
            Tensor tau = k.square().mul(4.0).add(1.0).sqrt().add(1.0);
            Tensor rho = tau.sub(tau.mul(2.0).sqrt()).div(k.mul(2.0));
            Tensor proposalR = rho.square().add(1.0).div(rho.mul(2.0));
            Tensor x = Torch.zeros(dev.torch4j.Size.of(shape), Torch.dtype(DType.FLOAT64).device(loc.device()));
            Tensor done = Torch.zeros(dev.torch4j.Size.of(shape), Torch.dtype(DType.BOOL).device(loc.device()));
            long[] three = new long[shape.length + 1];
            three[0] = 3;
            System.arraycopy(shape, 0, three, 1, shape.length);
            while (!done.all().itemBool()) {
                Tensor[] u = Torch.rand(dev.torch4j.Size.of(three), Torch.dtype(DType.FLOAT64).device(loc.device())).unbind(0);
                Tensor z = u[0].mul(Math.PI).cos();
                Tensor f = proposalR.mul(z).add(1.0).div(proposalR.add(z));
                Tensor c = k.mul(proposalR.sub(f));
                Tensor accept = c.mul(c.neg().add(2.0)).sub(u[1]).gt(0.0).logicalOr(c.div(u[1]).log().add(1.0).sub(c).ge(0.0));
                if (accept.any().itemBool()) {
                    x = Torch.where(accept, u[2].sub(0.5).sign().mul(f.acos()), x);
                    done = done.logicalOr(accept);
                }
            }
            return x.add(Math.PI).add(l).remainder(2 * Math.PI).sub(Math.PI).to(loc.dtype());
        }
    }

    /** PyTorch defines no entropy for it. */
    @Override
    public Tensor entropy() { throw new UnsupportedOperationException("VonMises does not implement entropy"); }

    @Override
    public Tensor mean() { return loc; }

    @Override
    public Tensor mode() { return loc; }

    /** The circular variance {@code 1 - I1(kappa) / I0(kappa)}. */
    @Override
    public Tensor variance() { return logBessel(concentration, 1).sub(logBessel(concentration, 0)).exp().neg().add(1.0); }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public VonMises expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new VonMises(loc.expand(b), concentration.expand(b)));
    }

    /** {@code support}. */
    @Override
    public Constraint support() { return Constraint.REAL; }
}
