package dev.torch4j;

/**
 * {@code torch.memory_format}: how a dense tensor's elements are laid out in memory. The values of a tensor never
 * depend on it, only its strides do ({@link Tensor#contiguous(MemoryFormat)}, {@link Tensor#clone(MemoryFormat)},
 * {@link Tensor#to(MemoryFormat)}, the {@code *Like} factories).
 *
 * <pre>{@code
 * Tensor x = Torch.randn(2, 3, 4, 5).contiguous(MemoryFormat.CHANNELS_LAST);
 * x.strides();                                     // [60, 1, 15, 3]
 * x.isContiguous(MemoryFormat.CHANNELS_LAST);      // true
 * }</pre>
 *
 * Ops take any strides, but torch4j's kernels return contiguous results where PyTorch propagates channels-last
 * through many ops (docs/ARCHITECTURE.md, "Memory formats").
 */
public enum MemoryFormat {
    /** {@code torch.contiguous_format}: row-major, the last dim innermost. */
    CONTIGUOUS("contiguous_format"),
    /** {@code torch.channels_last}: NHWC order for a 4-d NCHW tensor (strides {@code (HWC, 1, WC, C)}). */
    CHANNELS_LAST("channels_last"),
    /** {@code torch.channels_last_3d}: NDHWC order for a 5-d NCDHW tensor. */
    CHANNELS_LAST_3D("channels_last_3d"),
    /** {@code torch.preserve_format}: keep the input's layout when it is dense and non-overlapping, else its dim order. */
    PRESERVE("preserve_format");

    private final String pyName;

    MemoryFormat(String pyName) { this.pyName = pyName; }

    /** PyTorch's name ({@code channels_last}, ...). */
    public String pyName() { return pyName; }

    /** {@code repr(torch.channels_last)}: {@code torch.channels_last}. */
    @Override
    public String toString() { return "torch." + pyName; }
}
