package dev.torch4j.vision.transforms;

/**
 * {@code torchvision.transforms.InterpolationMode}, the modes {@link Functional#resize} implements for tensors
 * (rotate and affine take NEAREST and BILINEAR only, as torchvision's tensor kernels do).
 */
public enum InterpolationMode {
    /** {@code NEAREST}: {@code F.interpolate(mode="nearest")}, PyTorch's (legacy) nearest-neighbour rule. */
    NEAREST("nearest"),
    /** {@code NEAREST_EXACT}: {@code F.interpolate(mode="nearest-exact")}, the pixel whose centre is nearest (PIL's). */
    NEAREST_EXACT("nearest-exact"),
    /** {@code BILINEAR}: {@code F.interpolate(mode="bilinear", align_corners=False)}, antialiased on request. */
    BILINEAR("bilinear"),
    /** {@code BICUBIC}: {@code F.interpolate(mode="bicubic", align_corners=False)}, antialiased on request. */
    BICUBIC("bicubic");

    private final String value;

    InterpolationMode(String value) { this.value = value; }

    /** torchvision's string value ({@code "bilinear"}), as reprs print it. */
    public String value() { return value; }
}
