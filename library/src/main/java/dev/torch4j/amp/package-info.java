/**
 * {@code torch.amp}: {@link dev.torch4j.amp.GradScaler} for loss scaling; the autocast region itself is
 * {@link dev.torch4j.Torch#autocast(String)}.
 */
package dev.torch4j.amp;
