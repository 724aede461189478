/**
 * {@code torchvision.datasets} for files already on disk (nothing is downloaded): {@link dev.torch4j.vision.datasets.MNIST}.
 */
package dev.torch4j.vision.datasets;
