package dev.torch4j;

/**
 * Tensor methods that are short forms of other ops (dtype conversions, {@code new_*} factories, aliases and
 * in-place variants), inherited by {@link Tensor} through {@link TensorMethods}.
 */
abstract class TensorShortcuts extends ComplexMethods {
    TensorShortcuts() {}
}
