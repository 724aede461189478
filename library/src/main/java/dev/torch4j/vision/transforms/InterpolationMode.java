package dev.torch4j.vision.transforms;

/**
 * {@code torchvision.transforms.InterpolationMode}, the modes {@link Functional#resize} implements for tensors.
 * Bicubic and nearest-exact are not implemented.
 */
public enum InterpolationMode {
    /** {@code NEAREST}: {@code F.interpolate(mode="nearest")}, PyTorch's (legacy) nearest-neighbour rule. */
    NEAREST("nearest"),
    /** {@code BILINEAR}: {@code F.interpolate(mode="bilinear", align_corners=False)}, without antialiasing. */
    BILINEAR("bilinear");

    private final String value;

    InterpolationMode(String value) { this.value = value; }

    /** torchvision's string value ({@code "bilinear"}), as reprs print it. */
    public String value() { return value; }
}
