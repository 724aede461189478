package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code ResNeXt101_32X8D_Weights}: pretrained weights for {@link ResNet#resnext101_32x8d} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum ResNeXt101_32X8DWeights implements Weights {
    /** {@code ResNeXt101_32X8D_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/resnext101_32x8d-8ba56ff5.pth", 88791336L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 79.312, 94.526)),
    /** {@code ResNeXt101_32X8D_Weights.IMAGENET1K_V2}. */
    IMAGENET1K_V2(new Spec("https://download.pytorch.org/models/resnext101_32x8d-110c445d.pth", 88791336L,
            1, 1, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 82.834, 96.228));

    /** {@code ResNeXt101_32X8D_Weights.DEFAULT}. */
    public static final ResNeXt101_32X8DWeights DEFAULT = IMAGENET1K_V2;

    private final Spec spec;

    ResNeXt101_32X8DWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
