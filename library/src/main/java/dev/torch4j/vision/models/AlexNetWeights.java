package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code AlexNet_Weights}: pretrained weights for {@link AlexNet#alexnet} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum AlexNetWeights implements Weights {
    /** {@code AlexNet_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/alexnet-owt-7be5be79.pth", 61100840L,
            63, 63, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 56.522, 79.066));

    /** {@code AlexNet_Weights.DEFAULT}. */
    public static final AlexNetWeights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    AlexNetWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
