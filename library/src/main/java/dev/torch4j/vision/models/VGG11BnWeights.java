package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code VGG11_BN_Weights}: pretrained weights for {@link VGG#vgg11Bn} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum VGG11BnWeights implements Weights {
    /** {@code VGG11_BN_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/vgg11_bn-6002323d.pth", 132868840L,
            32, 32, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 70.37, 89.81));

    /** {@code VGG11_BN_Weights.DEFAULT}. */
    public static final VGG11BnWeights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    VGG11BnWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
