/**
 * {@code torchvision.datasets} for files already on disk (nothing is downloaded): {@link dev.torch4j.vision.datasets.MNIST},
 * {@link dev.torch4j.vision.datasets.CIFAR10} and {@link dev.torch4j.vision.datasets.CIFAR100}.
 */
package dev.torch4j.vision.datasets;
