/**
 * {@code torch.distributions}: probability distributions with PyTorch's parameterisations, shapes, sampling (the
 * same random draws after {@code manualSeed}), reparameterised sampling ({@code rsample}) for pathwise gradients,
 * {@code logProb}, {@code entropy} and {@link dev.torch4j.distributions.Kl#klDivergence}.
 */
package dev.torch4j.distributions;
