package dev.torch4j.vision.transforms;

import dev.torch4j.Tensor;

import java.util.function.UnaryOperator;

/**
 * A torchvision transform: a function from an image tensor ({@code [..., C, H, W]}, the leading dims being a batch
 * that shares the transform's random parameters, as in {@code torchvision.transforms.v2}) to a new one. Any
 * {@code UnaryOperator<Tensor>} works where a transform is expected; the ones {@link Transforms} makes also print
 * as torchvision's do ({@code toString()}).
 */
@FunctionalInterface
public interface Transform extends UnaryOperator<Tensor> {
    /** Applies the transform ({@code transform(img)} in Python). */
    @Override
    Tensor apply(Tensor img);
}
