package dev.torch4j;

/**
 * Keyword arguments of tensor factories ({@code dtype=}, {@code device=}, {@code requires_grad=}) as an immutable
 * value: {@code ones(shape(3, 3), dtype(FLOAT64).device(cuda(0)))}. Unset fields take PyTorch's defaults.
 *
 * @param dtype        element type, or null for the default (float32 for floating factories)
 * @param device       device, or null for the CPU
 * @param requiresGrad whether autograd records operations on the result
 */
public record TensorOptions(DType dtype, Device device, boolean requiresGrad) {
    /** No options set. */
    public static final TensorOptions DEFAULT = new TensorOptions(null, null, false);

    public TensorOptions dtype(DType d) { return new TensorOptions(d, device, requiresGrad); }

    public TensorOptions device(Device d) { return new TensorOptions(dtype, d, requiresGrad); }

    public TensorOptions requiresGrad(boolean r) { return new TensorOptions(dtype, device, r); }

    /** The dtype, or {@code fallback} when unset. */
    public DType dtypeOr(DType fallback) { return dtype != null ? dtype : fallback; }

    /** The device, or the CPU when unset. */
    public Device deviceOrCpu() { return device != null ? device : Device.CPU; }
}
