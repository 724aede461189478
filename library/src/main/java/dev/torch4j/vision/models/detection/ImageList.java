package dev.torch4j.vision.models.detection;

import dev.torch4j.Tensor;

import java.util.List;

/**
 * torchvision's {@code ImageList}: images of different sizes padded into one {@code [N, C, H, W]} batch, with each
 * image's own (height, width) before padding.
 *
 * @param tensors the padded batch
 * @param imageSizes each image's (height, width) inside the batch
 */
public record ImageList(Tensor tensors, List<long[]> imageSizes) {
    /** {@code to(device)}: the batch moved, the sizes kept. */
    public ImageList to(dev.torch4j.Device device) { return new ImageList(tensors.to(device), imageSizes); }
}
