/**
 * {@code torch.optim.swa_utils}: {@link dev.torch4j.optim.swa.AveragedModel} (stochastic weight averaging and
 * exponential moving averages of a model's weights), {@link dev.torch4j.optim.swa.SWALR} and
 * {@link dev.torch4j.optim.swa.SwaUtils#updateBn}.
 */
package dev.torch4j.optim.swa;
