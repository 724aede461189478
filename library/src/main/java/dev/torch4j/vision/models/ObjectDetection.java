package dev.torch4j.vision.models;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.vision.transforms.Functional;
import dev.torch4j.vision.transforms.Transform;

/**
 * torchvision's {@code ObjectDetection} preset, the {@code transforms()} of detection weights: the image as float32
 * in [0, 1] ({@code convert_image_dtype}); the detection model normalizes and resizes it itself.
 */
public final class ObjectDetection implements Transform {
    @Override
    public Tensor apply(Tensor img) { return Functional.convertImageDtype(img, DType.FLOAT32); }

    @Override
    public String toString() { return "ObjectDetection()"; }
}
