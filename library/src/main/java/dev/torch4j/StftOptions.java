package dev.torch4j;

/**
 * The keyword arguments of {@code torch.stft} and {@code torch.istft}; null means PyTorch's default for that call.
 * Start from {@link #DEFAULT}: {@code stft(x, 512, StftOptions.DEFAULT.hopLength(128).window(hannWindow(512)).returnComplex(true))}.
 *
 * @param hopLength    samples between frames (default {@code n_fft / 4})
 * @param winLength    window length, at most {@code n_fft} (default {@code n_fft}); shorter windows are centred
 * @param window       the window (default: ones, a rectangular window)
 * @param center       pad the signal by {@code n_fft / 2} each side so frame t is centred at {@code t * hop}
 * @param padMode      the centring pad: "reflect" (default), "constant", "replicate" or "circular" (stft only)
 * @param normalized   scale by {@code n_fft^-1/2} (the "ortho" FFT)
 * @param onesided     keep only the non-negative frequencies (default: true for real input and window)
 * @param returnComplex stft: a complex result (must be given for real input, as in PyTorch 2.x); istft: a complex
 *                     signal (default false)
 * @param length       istft only: the output length (trimmed or zero-padded)
 */
public record StftOptions(Long hopLength, Long winLength, Tensor window, boolean center, String padMode, boolean normalized,
                          Boolean onesided, Boolean returnComplex, Long length) {
    /** PyTorch's defaults. */
    public static final StftOptions DEFAULT = new StftOptions(null, null, null, true, "reflect", false, null, null, null);

    public StftOptions hopLength(long v) { return new StftOptions(v, winLength, window, center, padMode, normalized, onesided, returnComplex, length); }

    public StftOptions winLength(long v) { return new StftOptions(hopLength, v, window, center, padMode, normalized, onesided, returnComplex, length); }

    public StftOptions window(Tensor v) { return new StftOptions(hopLength, winLength, v, center, padMode, normalized, onesided, returnComplex, length); }

    public StftOptions center(boolean v) { return new StftOptions(hopLength, winLength, window, v, padMode, normalized, onesided, returnComplex, length); }

    public StftOptions padMode(String v) { return new StftOptions(hopLength, winLength, window, center, v, normalized, onesided, returnComplex, length); }

    public StftOptions normalized(boolean v) { return new StftOptions(hopLength, winLength, window, center, padMode, v, onesided, returnComplex, length); }

    public StftOptions onesided(boolean v) { return new StftOptions(hopLength, winLength, window, center, padMode, normalized, v, returnComplex, length); }

    public StftOptions returnComplex(boolean v) { return new StftOptions(hopLength, winLength, window, center, padMode, normalized, onesided, v, length); }

    public StftOptions length(long v) { return new StftOptions(hopLength, winLength, window, center, padMode, normalized, onesided, returnComplex, v); }
}
