package dev.torch4j.ao.quantization;

import dev.torch4j.QScheme;

/**
 * The keyword arguments of the observers' constructors, immutable: {@code ObserverOptions.defaults()
 * .dtype(QuantizedDType.QINT8).qscheme(QScheme.PER_TENSOR_SYMMETRIC)}. A null qscheme means the observer's own
 * default (per_tensor_affine, or per_channel_affine for the per-channel observers); null quant_min/quant_max mean
 * the dtype's 8-bit range.
 *
 * @param dtype             {@code dtype} (quint8 by default)
 * @param qscheme           {@code qscheme}, or null for the observer's default
 * @param reduceRange       {@code reduce_range}: one bit less of range
 * @param quantMin          {@code quant_min}, or null
 * @param quantMax          {@code quant_max}, or null
 * @param eps               {@code eps}: the smallest scale (float32's epsilon by default)
 * @param averagingConstant {@code averaging_constant} of the moving-average observers (0.01)
 * @param chAxis            {@code ch_axis} of the per-channel observers (0)
 */
public record ObserverOptions(QuantizedDType dtype, QScheme qscheme, boolean reduceRange, Long quantMin, Long quantMax,
                              double eps, double averagingConstant, long chAxis) {
    /** {@code torch.finfo(torch.float32).eps}. */
    public static final double FLOAT32_EPS = Math.ulp(1.0f);

    /** PyTorch's defaults. */
    public static ObserverOptions defaults() {
        return new ObserverOptions(QuantizedDType.QUINT8, null, false, null, null, FLOAT32_EPS, 0.01, 0);
    }

    /** With {@code dtype}. */
    public ObserverOptions dtype(QuantizedDType d) { return new ObserverOptions(d, qscheme, reduceRange, quantMin, quantMax, eps, averagingConstant, chAxis); }

    /** With {@code qscheme}. */
    public ObserverOptions qscheme(QScheme q) { return new ObserverOptions(dtype, q, reduceRange, quantMin, quantMax, eps, averagingConstant, chAxis); }

    /** With {@code reduce_range}. */
    public ObserverOptions reduceRange(boolean r) { return new ObserverOptions(dtype, qscheme, r, quantMin, quantMax, eps, averagingConstant, chAxis); }

    /** With {@code quant_min} and {@code quant_max} (either may be null). */
    public ObserverOptions quantRange(Long min, Long max) { return new ObserverOptions(dtype, qscheme, reduceRange, min, max, eps, averagingConstant, chAxis); }

    /** With {@code eps}. */
    public ObserverOptions eps(double e) { return new ObserverOptions(dtype, qscheme, reduceRange, quantMin, quantMax, e, averagingConstant, chAxis); }

    /** With {@code averaging_constant}. */
    public ObserverOptions averagingConstant(double c) { return new ObserverOptions(dtype, qscheme, reduceRange, quantMin, quantMax, eps, c, chAxis); }

    /** With {@code ch_axis}. */
    public ObserverOptions chAxis(long axis) { return new ObserverOptions(dtype, qscheme, reduceRange, quantMin, quantMax, eps, averagingConstant, axis); }
}
