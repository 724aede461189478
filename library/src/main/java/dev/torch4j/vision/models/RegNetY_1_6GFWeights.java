package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code RegNet_Y_1_6GF_Weights}: pretrained weights for {@link RegNet#regnetY_1_6gf} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum RegNetY_1_6GFWeights implements Weights {
    /** {@code RegNet_Y_1_6GF_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/regnet_y_1_6gf-b11a554e.pth", 11202430L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 77.95, 93.966)),
    /** {@code RegNet_Y_1_6GF_Weights.IMAGENET1K_V2}. */
    IMAGENET1K_V2(new Spec("https://download.pytorch.org/models/regnet_y_1_6gf-0d7bc02a.pth", 11202430L,
            1, 1, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 80.876, 95.444));

    /** {@code RegNet_Y_1_6GF_Weights.DEFAULT}. */
    public static final RegNetY_1_6GFWeights DEFAULT = IMAGENET1K_V2;

    private final Spec spec;

    RegNetY_1_6GFWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
