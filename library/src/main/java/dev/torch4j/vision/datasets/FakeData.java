package dev.torch4j.vision.datasets;

import dev.torch4j.DType;
import dev.torch4j.Generator;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.data.Dataset;
import dev.torch4j.data.Example;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * {@code torchvision.datasets.FakeData(size, image_size, num_classes, transform, target_transform, random_offset)}:
 * random images, the same for an index every time. Item {@code i} is drawn as torchvision draws it, from a generator
 * seeded with {@code i + randomOffset} ({@code torch.randn(*image_size)} then {@code torch.randint(0, num_classes,
 * (1,))}), so after the same arguments the items are torchvision's; torchvision borrows the global generator and
 * restores its state, torch4j uses its own generator, leaving the global one alone as well.
 *
 * <p>The image is what torchvision's PIL image holds, as a uint8 {@code [C, H, W]} tensor: {@code ToPILImage}'s
 * {@code img.mul(255).byte()}, whose out-of-range values wrap modulo 256 as PyTorch's float-to-uint8 cast does on the
 * CPU. The label is a 0-d int64 tensor.
 */
public final class FakeData implements Dataset<Example> {
    private final long size, numClasses, randomOffset;
    private final long[] imageSize;
    private final UnaryOperator<Tensor> transform, targetTransform;

    /** {@code FakeData()}: 1000 images of 3x224x224 in 10 classes. */
    public FakeData() { this(1000, new long[] {3, 224, 224}, 10, null, null, 0); }

    /**
     * {@code FakeData(size, image_size, num_classes, transform, target_transform, random_offset)}; {@code imageSize}
     * is (C, H, W).
     */
    public FakeData(long size, long[] imageSize, long numClasses, UnaryOperator<Tensor> transform, UnaryOperator<Tensor> targetTransform,
                    long randomOffset) {
        if (size < 0) throw new IllegalArgumentException("FakeData: size must be non-negative, got " + size);
        if (Objects.requireNonNull(imageSize, "imageSize").length != 3) {
            throw new IllegalArgumentException("FakeData: image_size is (C, H, W), got " + java.util.Arrays.toString(imageSize));
        }
        if (numClasses <= 0) throw new IllegalArgumentException("FakeData: num_classes must be positive, got " + numClasses);
        this.size = size;
        this.imageSize = imageSize.clone();
        this.numClasses = numClasses;
        this.transform = transform;
        this.targetTransform = targetTransform;
        this.randomOffset = randomOffset;
    }

    @Override
    public Example get(long index) {
        if (index < 0 || index >= size) throw new IndexOutOfBoundsException("FakeData index out of range");
        Generator g = new Generator().manualSeed(index + randomOffset);
        Tensor noise = Torch.randn(Size.of(imageSize), TensorOptions.DEFAULT.dtype(DType.FLOAT32), g);
        Tensor target = Torch.randint(0, numClasses, Size.of(1), TensorOptions.DEFAULT.dtype(DType.INT64), g).select(0, 0);
        // ToPILImage: mul(255).byte(); PyTorch's CPU cast truncates to int32 and keeps the low byte
        Tensor img = noise.mul(255.0).to(DType.INT32).bitwiseAnd(255L).to(DType.UINT8);
        if (transform != null) img = transform.apply(img);
        if (targetTransform != null) target = targetTransform.apply(target);
        return new Example(img, target);
    }

    @Override
    public long size() { return size; }

    /** torchvision's {@code VisionDataset} repr (FakeData has no root). */
    @Override
    public String toString() { return VisionRepr.of("FakeData", size, null, null, transform, targetTransform); }
}
