/**
 * {@code torch.hub}'s download cache: {@link dev.torch4j.hub.Hub#loadStateDictFromUrl} fetches a checkpoint once
 * into the same folder PyTorch uses ({@code $TORCH_HOME/hub/checkpoints}, by default
 * {@code ~/.cache/torch/hub/checkpoints}), so weights a Python program already downloaded are not fetched again.
 */
package dev.torch4j.hub;
