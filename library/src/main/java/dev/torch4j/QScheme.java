package dev.torch4j;

/** {@code torch.qscheme}: how quantization parameters map floats to integers (per tensor or per channel). */
public enum QScheme {
    /** {@code torch.per_tensor_affine}: one scale and zero point for the whole tensor. */
    PER_TENSOR_AFFINE,
    /** {@code torch.per_tensor_symmetric}: one scale, the zero point fixed at the range's middle. */
    PER_TENSOR_SYMMETRIC,
    /** {@code torch.per_channel_affine}: a scale and zero point per channel. */
    PER_CHANNEL_AFFINE,
    /** {@code torch.per_channel_symmetric}: a scale per channel, fixed zero points. */
    PER_CHANNEL_SYMMETRIC,
    /** {@code torch.per_channel_affine_float_qparams}: per channel, with floating zero points. */
    PER_CHANNEL_AFFINE_FLOAT_QPARAMS;

    /** True for the two per-tensor schemes. */
    public boolean isPerTensor() { return this == PER_TENSOR_AFFINE || this == PER_TENSOR_SYMMETRIC; }

    /** True for the three per-channel schemes. */
    public boolean isPerChannel() { return !isPerTensor(); }

    /** True for the two symmetric schemes. */
    public boolean isSymmetric() { return this == PER_TENSOR_SYMMETRIC || this == PER_CHANNEL_SYMMETRIC; }

    /** As PyTorch prints it: {@code torch.per_tensor_affine}. */
    @Override
    public String toString() { return "torch." + name().toLowerCase(java.util.Locale.ROOT); }
}
