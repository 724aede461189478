package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code ResNeXt50_32X4D_Weights}: pretrained weights for {@link ResNet#resnext50_32x4d} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum ResNeXt50_32X4DWeights implements Weights {
    /** {@code ResNeXt50_32X4D_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/resnext50_32x4d-7cdf4587.pth", 25028904L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 77.618, 93.698)),
    /** {@code ResNeXt50_32X4D_Weights.IMAGENET1K_V2}. */
    IMAGENET1K_V2(new Spec("https://download.pytorch.org/models/resnext50_32x4d-1a0047aa.pth", 25028904L,
            1, 1, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 81.198, 95.34));

    /** {@code ResNeXt50_32X4D_Weights.DEFAULT}. */
    public static final ResNeXt50_32X4DWeights DEFAULT = IMAGENET1K_V2;

    private final Spec spec;

    ResNeXt50_32X4DWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
