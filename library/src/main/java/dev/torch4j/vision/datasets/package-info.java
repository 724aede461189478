/**
 * {@code torchvision.datasets} for files already on disk (nothing is downloaded): {@link dev.torch4j.vision.datasets.MNIST}
 * and its kin ({@code FashionMNIST}, {@code KMNIST}, {@code EMNIST}, {@code QMNIST}), {@link dev.torch4j.vision.datasets.CIFAR10},
 * {@link dev.torch4j.vision.datasets.CIFAR100}, {@code ImageFolder}/{@code DatasetFolder} and {@code FakeData}.
 */
package dev.torch4j.vision.datasets;
