package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code RegNet_Y_128GF_Weights}: pretrained weights for {@link RegNet#regnetY_128gf} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum RegNetY_128GFWeights implements Weights {
    /** {@code RegNet_Y_128GF_Weights.IMAGENET1K_SWAG_E2E_V1}. */
    IMAGENET1K_SWAG_E2E_V1(new Spec("https://download.pytorch.org/models/regnet_y_128gf_swag-c8ce3e52.pth", 644812894L,
            1, 1, true, 384, 384, InterpolationMode.BICUBIC,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 88.228, 98.682)),
    /** {@code RegNet_Y_128GF_Weights.IMAGENET1K_SWAG_LINEAR_V1}. */
    IMAGENET1K_SWAG_LINEAR_V1(new Spec("https://download.pytorch.org/models/regnet_y_128gf_lc_swag-cbe8ce12.pth", 644812894L,
            1, 1, true, 224, 224, InterpolationMode.BICUBIC,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 86.068, 97.844));

    /** {@code RegNet_Y_128GF_Weights.DEFAULT}. */
    public static final RegNetY_128GFWeights DEFAULT = IMAGENET1K_SWAG_E2E_V1;

    private final Spec spec;

    RegNetY_128GFWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
