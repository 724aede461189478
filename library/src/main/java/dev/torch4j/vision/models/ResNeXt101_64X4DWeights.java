package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code ResNeXt101_64X4D_Weights}: pretrained weights for {@link ResNet#resnext101_64x4d} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum ResNeXt101_64X4DWeights implements Weights {
    /** {@code ResNeXt101_64X4D_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/resnext101_64x4d-173b62eb.pth", 83455272L,
            1, 1, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 83.246, 96.454));

    /** {@code ResNeXt101_64X4D_Weights.DEFAULT}. */
    public static final ResNeXt101_64X4DWeights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    ResNeXt101_64X4DWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
