package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code VGG19_BN_Weights}: pretrained weights for {@link VGG#vgg19Bn} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum VGG19BnWeights implements Weights {
    /** {@code VGG19_BN_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/vgg19_bn-c79401a0.pth", 143678248L,
            32, 32, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 74.218, 91.842));

    /** {@code VGG19_BN_Weights.DEFAULT}. */
    public static final VGG19BnWeights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    VGG19BnWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
