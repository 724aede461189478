package dev.torch4j;

import dev.torch4j.ops.Windows;

/**
 * The window functions of {@code torch} ({@code hann_window}, {@code hamming_window}, {@code blackman_window},
 * {@code bartlett_window}, {@code kaiser_window}), inherited by {@link Torch} through {@link ComposedFunctions}.
 * {@code periodic} (the default) gives the first N points of the symmetric window of N + 1, the form spectral
 * analysis ({@code stft}) wants; the dtype is the default float dtype unless the options name another.
 */
abstract class WindowFunctions extends MethodFunctions {
    WindowFunctions() {}

    /** {@code torch.hann_window(N)}: periodic, {@code 0.5 - 0.5 cos(2 pi n / N)}. */
    public static Tensor hannWindow(long windowLength) { return hannWindow(windowLength, true, TensorOptions.DEFAULT); }

    /** {@code torch.hann_window(N, periodic)}. */
    public static Tensor hannWindow(long windowLength, boolean periodic) { return hannWindow(windowLength, periodic, TensorOptions.DEFAULT); }

    /** {@code torch.hann_window(N, periodic, dtype=..., device=...)}. */
    public static Tensor hannWindow(long windowLength, boolean periodic, TensorOptions o) {
        return Windows.hamming("hann_window", windowLength, periodic, 0.5, 0.5, o);
    }

    /** {@code torch.hamming_window(N)}: periodic, {@code 0.54 - 0.46 cos(2 pi n / N)}. */
    public static Tensor hammingWindow(long windowLength) { return hammingWindow(windowLength, true, 0.54, 0.46, TensorOptions.DEFAULT); }

    /** {@code torch.hamming_window(N, periodic)}. */
    public static Tensor hammingWindow(long windowLength, boolean periodic) {
        return hammingWindow(windowLength, periodic, 0.54, 0.46, TensorOptions.DEFAULT);
    }

    /** {@code torch.hamming_window(N, periodic, alpha, beta, dtype=..., device=...)}: {@code alpha - beta cos(...)}. */
    public static Tensor hammingWindow(long windowLength, boolean periodic, double alpha, double beta, TensorOptions o) {
        return Windows.hamming("hamming_window", windowLength, periodic, alpha, beta, o);
    }

    /** {@code torch.blackman_window(N)}: periodic. */
    public static Tensor blackmanWindow(long windowLength) { return Windows.blackman(windowLength, true, TensorOptions.DEFAULT); }

    /** {@code torch.blackman_window(N, periodic, dtype=..., device=...)}. */
    public static Tensor blackmanWindow(long windowLength, boolean periodic, TensorOptions o) {
        return Windows.blackman(windowLength, periodic, o);
    }

    /** {@code torch.bartlett_window(N)}: periodic, triangular. */
    public static Tensor bartlettWindow(long windowLength) { return Windows.bartlett(windowLength, true, TensorOptions.DEFAULT); }

    /** {@code torch.bartlett_window(N, periodic, dtype=..., device=...)}. */
    public static Tensor bartlettWindow(long windowLength, boolean periodic, TensorOptions o) {
        return Windows.bartlett(windowLength, periodic, o);
    }

    /**
     * {@code torch.stft(input, n_fft, ...)}: the short-time Fourier transform of a 1-D signal or a batch [B, L], as
     * [(B,) freq, frames] complex (or its real view with {@code returnComplex(false)}).
     */
    public static Tensor stft(Tensor input, long nFft, StftOptions o) {
        return dev.torch4j.ops.Stft.stft(input, nFft, o.hopLength(), o.winLength(), o.window(), o.center(), o.padMode(),
                o.normalized(), o.onesided(), o.returnComplex());
    }

    /** {@code torch.istft(input, n_fft, ...)}: the inverse of {@link #stft}, by windowed overlap-add. */
    public static Tensor istft(Tensor input, long nFft, StftOptions o) {
        return dev.torch4j.ops.Stft.istft(input, nFft, o.hopLength(), o.winLength(), o.window(), o.center(), o.normalized(),
                o.onesided(), o.length(), Boolean.TRUE.equals(o.returnComplex()));
    }

    /** {@code torch.kaiser_window(N)}: periodic, beta 12. */
    public static Tensor kaiserWindow(long windowLength) { return Windows.kaiser(windowLength, true, 12.0, TensorOptions.DEFAULT); }

    /** {@code torch.kaiser_window(N, periodic, beta, dtype=..., device=...)}. */
    public static Tensor kaiserWindow(long windowLength, boolean periodic, double beta, TensorOptions o) {
        return Windows.kaiser(windowLength, periodic, beta, o);
    }
}
