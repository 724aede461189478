/**
 * {@code torch.distributions}: probability distributions with PyTorch's parameterisations, shapes, sampling (the
 * same random draws after {@code manualSeed}), reparameterised sampling ({@code rsample}) for pathwise gradients,
 * {@code logProb}, {@code entropy}, {@code mean}/{@code mode}/{@code variance}, {@code cdf}/{@code icdf} where PyTorch
 * defines them, and {@link dev.torch4j.distributions.Kl#klDivergence}. Families: Normal, Uniform, Bernoulli,
 * Categorical, OneHotCategorical, MultivariateNormal, Exponential, Laplace, Gamma, Chi2, Beta, Dirichlet, StudentT,
 * Poisson, Geometric, Binomial, LogNormal, HalfNormal, Gumbel, Cauchy, and Independent over any of them.
 */
package dev.torch4j.distributions;
