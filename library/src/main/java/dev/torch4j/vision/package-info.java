/**
 * {@code torchvision} for torch4j: images as tensors and back ({@link dev.torch4j.vision.Images}), transforms
 * ({@link dev.torch4j.vision.transforms}) and datasets read from files you bring ({@link dev.torch4j.vision.datasets}).
 * Built on {@code javax.imageio} only, so it runs in a headless JVM.
 */
package dev.torch4j.vision;
