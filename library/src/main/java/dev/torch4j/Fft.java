package dev.torch4j;

import dev.torch4j.ops.FftFunctions;
import dev.torch4j.ops.FftOps;

/**
 * The {@code torch.fft} namespace: {@code Torch.fft().fft(x)}, {@code Torch.fft().rfft(x, 8L, -1, "ortho")}.
 *
 * <p>Arguments as PyTorch's: {@code n} (or {@code s} per dim) zero-pads or trims the input along the transformed
 * dim before the transform (null: the input's length; -1 in {@code s}: that dim's length); {@code dim} picks the
 * dim(s); {@code norm} is {@code "backward"} (the default, null too: forward transforms unscaled, inverse ones
 * scaled by {@code 1/n}), {@code "forward"} (the other way round) or {@code "ortho"} ({@code 1/sqrt(n)} both ways).
 * Integer and bool inputs are promoted to the default float dtype; float32 transforms give complex64 (irfft and
 * hfft: float32), float64 ones complex128 (float64); float16/bfloat16 are refused, as on PyTorch's CPU.
 *
 * <p>The transforms are composed of real tensor ops on the real view (a mixed-radix FFT whose stages are matrix
 * products, Bluestein's algorithm for lengths with a large prime factor), so they run on every device and are
 * differentiable to any order; the gradient of a real loss at a complex input is PyTorch's ({@code dL/dRe + i dL/dIm}).
 * <pre>{@code
 * jshell> Torch.fft().fft(Torch.tensor(new double[] {1, 2, 3, 4}))
 * tensor([10.+0.j, -2.+2.j, -2.+0.j, -2.-2.j], dtype=torch.complex128)
 * }</pre>
 */
public final class Fft {
    static final Fft INSTANCE = new Fft();

    private static final long[] LAST_TWO = {-2, -1};

    private Fft() {}

    /** The namespace object (also {@link Torch#fft()}). */
    public static Fft get() { return INSTANCE; }

    // ---------------------------------------------------------------- one dim

    /** {@code torch.fft.fft(input)}: the discrete Fourier transform along the last dim. */
    public Tensor fft(Tensor input) { return fft(input, null, -1, null); }

    /** {@code torch.fft.fft(input, n)}: the last dim zero-padded or trimmed to {@code n} first. */
    public Tensor fft(Tensor input, long n) { return fft(input, n, -1, null); }

    /** {@code torch.fft.fft(input, n, dim, norm)}: {@code X[k] = sum_j x[j] exp(-2 pi i jk / n)}, scaled by norm. */
    public Tensor fft(Tensor input, Long n, long dim, String norm) { return FftOps.c2c("fft", input, n, dim, norm, true); }

    /** {@code torch.fft.ifft(input)}: the inverse transform along the last dim. */
    public Tensor ifft(Tensor input) { return ifft(input, null, -1, null); }

    /** {@code torch.fft.ifft(input, n)}. */
    public Tensor ifft(Tensor input, long n) { return ifft(input, n, -1, null); }

    /** {@code torch.fft.ifft(input, n, dim, norm)}: {@code x[j] = (1/n) sum_k X[k] exp(2 pi i jk / n)} by default. */
    public Tensor ifft(Tensor input, Long n, long dim, String norm) { return FftOps.c2c("ifft", input, n, dim, norm, false); }

    /** {@code torch.fft.rfft(input)}: the transform of a real signal, frequencies {@code 0 .. n/2} only. */
    public Tensor rfft(Tensor input) { return rfft(input, null, -1, null); }

    /** {@code torch.fft.rfft(input, n)}. */
    public Tensor rfft(Tensor input, long n) { return rfft(input, n, -1, null); }

    /** {@code torch.fft.rfft(input, n, dim, norm)}: a complex input is an error. */
    public Tensor rfft(Tensor input, Long n, long dim, String norm) { return FftOps.r2c("rfft", input, n, dim, norm, true); }

    /** {@code torch.fft.irfft(input)}: the inverse of rfft, a real signal of length {@code 2 (m - 1)}. */
    public Tensor irfft(Tensor input) { return irfft(input, null, -1, null); }

    /** {@code torch.fft.irfft(input, n)}: a real signal of length n from its frequencies {@code 0 .. n/2}. */
    public Tensor irfft(Tensor input, long n) { return irfft(input, n, -1, null); }

    /**
     * {@code torch.fft.irfft(input, n, dim, norm)}: the input is the first half of a Hermitian spectrum; the
     * imaginary parts of frequency 0 and (even n) n/2 are ignored, as in PyTorch.
     */
    public Tensor irfft(Tensor input, Long n, long dim, String norm) { return FftOps.c2r("irfft", input, n, dim, norm, false); }

    /** {@code torch.fft.hfft(input)}: the transform of a Hermitian signal given by its first half: real. */
    public Tensor hfft(Tensor input) { return hfft(input, null, -1, null); }

    /** {@code torch.fft.hfft(input, n)}. */
    public Tensor hfft(Tensor input, long n) { return hfft(input, n, -1, null); }

    /** {@code torch.fft.hfft(input, n, dim, norm)}: {@code irfft(conj(input))} with the forward normalization. */
    public Tensor hfft(Tensor input, Long n, long dim, String norm) { return FftOps.c2r("hfft", input, n, dim, norm, true); }

    /** {@code torch.fft.ihfft(input)}: the inverse of hfft, for a real input: {@code conj(rfft(input)) / n}. */
    public Tensor ihfft(Tensor input) { return ihfft(input, null, -1, null); }

    /** {@code torch.fft.ihfft(input, n)}. */
    public Tensor ihfft(Tensor input, long n) { return ihfft(input, n, -1, null); }

    /** {@code torch.fft.ihfft(input, n, dim, norm)}. */
    public Tensor ihfft(Tensor input, Long n, long dim, String norm) { return FftOps.r2c("ihfft", input, n, dim, norm, false); }

    // ---------------------------------------------------------------- two and n dims

    /** {@code torch.fft.fft2(input)}: the transform over the last two dims. */
    public Tensor fft2(Tensor input) { return fft2(input, null, LAST_TWO, null); }

    /** {@code torch.fft.fft2(input, s, dim, norm)}: s (null: the input's sizes) and dim of the same length. */
    public Tensor fft2(Tensor input, long[] s, long[] dim, String norm) { return FftFunctions.c2cn("fft2", input, s, dim, norm, true); }

    /** {@code torch.fft.ifft2(input)}. */
    public Tensor ifft2(Tensor input) { return ifft2(input, null, LAST_TWO, null); }

    /** {@code torch.fft.ifft2(input, s, dim, norm)}. */
    public Tensor ifft2(Tensor input, long[] s, long[] dim, String norm) { return FftFunctions.c2cn("ifft2", input, s, dim, norm, false); }

    /** {@code torch.fft.rfft2(input)}. */
    public Tensor rfft2(Tensor input) { return rfft2(input, null, LAST_TWO, null); }

    /** {@code torch.fft.rfft2(input, s, dim, norm)}: the last of the dims is halved. */
    public Tensor rfft2(Tensor input, long[] s, long[] dim, String norm) { return FftFunctions.r2cn("rfft2", input, s, dim, norm, true); }

    /** {@code torch.fft.irfft2(input)}. */
    public Tensor irfft2(Tensor input) { return irfft2(input, null, LAST_TWO, null); }

    /** {@code torch.fft.irfft2(input, s, dim, norm)}. */
    public Tensor irfft2(Tensor input, long[] s, long[] dim, String norm) {
        return FftFunctions.c2rn("irfft2", input, s, dim, norm, false);
    }

    /** {@code torch.fft.hfft2(input)}. */
    public Tensor hfft2(Tensor input) { return hfft2(input, null, LAST_TWO, null); }

    /** {@code torch.fft.hfft2(input, s, dim, norm)}. */
    public Tensor hfft2(Tensor input, long[] s, long[] dim, String norm) { return FftFunctions.c2rn("hfft2", input, s, dim, norm, true); }

    /** {@code torch.fft.ihfft2(input)}. */
    public Tensor ihfft2(Tensor input) { return ihfft2(input, null, LAST_TWO, null); }

    /** {@code torch.fft.ihfft2(input, s, dim, norm)}. */
    public Tensor ihfft2(Tensor input, long[] s, long[] dim, String norm) {
        return FftFunctions.r2cn("ihfft2", input, s, dim, norm, false);
    }

    /** {@code torch.fft.fftn(input)}: the transform over every dim. */
    public Tensor fftn(Tensor input) { return fftn(input, null, null, null); }

    /** {@code torch.fft.fftn(input, s)}: over the last {@code s.length} dims, padded or trimmed to s. */
    public Tensor fftn(Tensor input, long[] s) { return fftn(input, s, null, null); }

    /** {@code torch.fft.fftn(input, s, dim, norm)}: s or dim may be null. */
    public Tensor fftn(Tensor input, long[] s, long[] dim, String norm) { return FftFunctions.c2cn("fftn", input, s, dim, norm, true); }

    /** {@code torch.fft.ifftn(input)}. */
    public Tensor ifftn(Tensor input) { return ifftn(input, null, null, null); }

    /** {@code torch.fft.ifftn(input, s)}. */
    public Tensor ifftn(Tensor input, long[] s) { return ifftn(input, s, null, null); }

    /** {@code torch.fft.ifftn(input, s, dim, norm)}. */
    public Tensor ifftn(Tensor input, long[] s, long[] dim, String norm) { return FftFunctions.c2cn("ifftn", input, s, dim, norm, false); }

    /** {@code torch.fft.rfftn(input)}. */
    public Tensor rfftn(Tensor input) { return rfftn(input, null, null, null); }

    /** {@code torch.fft.rfftn(input, s)}. */
    public Tensor rfftn(Tensor input, long[] s) { return rfftn(input, s, null, null); }

    /** {@code torch.fft.rfftn(input, s, dim, norm)}: a real input; the last transformed dim is halved. */
    public Tensor rfftn(Tensor input, long[] s, long[] dim, String norm) { return FftFunctions.r2cn("rfftn", input, s, dim, norm, true); }

    /** {@code torch.fft.irfftn(input)}: the last dim's output length is {@code 2 (m - 1)}. */
    public Tensor irfftn(Tensor input) { return irfftn(input, null, null, null); }

    /** {@code torch.fft.irfftn(input, s)}. */
    public Tensor irfftn(Tensor input, long[] s) { return irfftn(input, s, null, null); }

    /** {@code torch.fft.irfftn(input, s, dim, norm)}. */
    public Tensor irfftn(Tensor input, long[] s, long[] dim, String norm) { return FftFunctions.c2rn("irfftn", input, s, dim, norm, false); }

    /** {@code torch.fft.hfftn(input)}. */
    public Tensor hfftn(Tensor input) { return hfftn(input, null, null, null); }

    /** {@code torch.fft.hfftn(input, s, dim, norm)}. */
    public Tensor hfftn(Tensor input, long[] s, long[] dim, String norm) { return FftFunctions.c2rn("hfftn", input, s, dim, norm, true); }

    /** {@code torch.fft.ihfftn(input)}. */
    public Tensor ihfftn(Tensor input) { return ihfftn(input, null, null, null); }

    /** {@code torch.fft.ihfftn(input, s, dim, norm)}. */
    public Tensor ihfftn(Tensor input, long[] s, long[] dim, String norm) { return FftFunctions.r2cn("ihfftn", input, s, dim, norm, false); }

    // ---------------------------------------------------------------- frequencies and shifts

    /** {@code torch.fft.fftfreq(n)}: the sample frequencies of fft's output, {@code [0, 1, ..., -2, -1] / n}. */
    public Tensor fftfreq(long n) { return fftfreq(n, 1.0, TensorOptions.DEFAULT); }

    /** {@code torch.fft.fftfreq(n, d)}: for a sample spacing d. */
    public Tensor fftfreq(long n, double d) { return fftfreq(n, d, TensorOptions.DEFAULT); }

    /** {@code torch.fft.fftfreq(n, d, dtype=, device=, requires_grad=)}: a floating or complex dtype. */
    public Tensor fftfreq(long n, double d, TensorOptions options) { return FftFunctions.freq("fftfreq", n, d, options, false); }

    /** {@code torch.fft.rfftfreq(n)}: the sample frequencies of rfft's output, {@code [0, 1, ..., n/2] / n}. */
    public Tensor rfftfreq(long n) { return rfftfreq(n, 1.0, TensorOptions.DEFAULT); }

    /** {@code torch.fft.rfftfreq(n, d)}. */
    public Tensor rfftfreq(long n, double d) { return rfftfreq(n, d, TensorOptions.DEFAULT); }

    /** {@code torch.fft.rfftfreq(n, d, dtype=, device=, requires_grad=)}. */
    public Tensor rfftfreq(long n, double d, TensorOptions options) { return FftFunctions.freq("rfftfreq", n, d, options, true); }

    /** {@code torch.fft.fftshift(input)}: frequency 0 moved to the middle of every dim (a roll by {@code size / 2}). */
    public Tensor fftshift(Tensor input) { return FftFunctions.shift("fftshift", input, null, false); }

    /** {@code torch.fft.fftshift(input, dim)}: of the given dims only. */
    public Tensor fftshift(Tensor input, long... dim) { return FftFunctions.shift("fftshift", input, dim, false); }

    /** {@code torch.fft.ifftshift(input)}: the inverse of fftshift (a roll by {@code (size + 1) / 2}). */
    public Tensor ifftshift(Tensor input) { return FftFunctions.shift("ifftshift", input, null, true); }

    /** {@code torch.fft.ifftshift(input, dim)}. */
    public Tensor ifftshift(Tensor input, long... dim) { return FftFunctions.shift("ifftshift", input, dim, true); }
}
