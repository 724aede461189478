package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;

/**
 * {@code torch.stft} and {@code torch.istft}, composed of recorded ops (framing by {@code unfold}, a view, on the
 * real view of complex data; the window product, {@code torch.fft}, overlap-add by
 * {@code indexAdd}), so they run on every device and differentiate with respect to the signal, the spectrum and
 * the window.
 */
public final class Stft {
    private Stft() {}

    /**
     * {@code torch.stft(input, n_fft, hop_length, win_length, window, center, pad_mode, normalized, onesided,
     * return_complex)}; null arguments take PyTorch's defaults (hop {@code n_fft / 4}, window length {@code n_fft},
     * a rectangular window, one-sided for real input and window).
     */
    public static Tensor stft(Tensor input, long nFft, Long hopLength, Long winLength, Tensor window, boolean center,
                              String padMode, boolean normalized, Boolean onesided, Boolean returnComplex) {
        boolean complexData = input.isComplex() || window != null && window.isComplex();
        if (returnComplex == null) {
            if (!complexData) {
                throw new IllegalArgumentException("stft requires the return_complex parameter be given for real inputs, and will "
                        + "further require that return_complex=True in a future PyTorch release.");
            }
            returnComplex = true;
        }
        if (input.dim() != 1 && input.dim() != 2) {
            throw new IllegalArgumentException("stft: expected a 1D or 2D tensor, got shape " + input.shape());
        }
        Tensor x = input.dim() == 1 ? input.unsqueeze(0) : input;
        if (!x.isComplex() && !x.isFloatingPoint()) x = x.to(dev.torch4j.core.Defaults.floatDType());
        if (center) x = padSignal(x, nFft / 2, padMode);
        long len = x.size(-1), hop = hopLength == null ? nFft / 4 : hopLength, win = winLength == null ? nFft : winLength;
        if (nFft <= 0 || nFft > len) {
            throw new IllegalArgumentException("stft: expected 0 < n_fft < " + len + ", but got n_fft=" + nFft);
        }
        if (hop <= 0) throw new IllegalArgumentException("stft: expected hop_length > 0, but got hop_length=" + hop);
        if (win <= 0 || win > nFft) {
            throw new IllegalArgumentException("stft: expected 0 < win_length <= n_fft, but got win_length=" + win);
        }
        Tensor w = fullWindow("stft", window, nFft, win, x);
        long frames = 1 + (len - nFft) / hop;
        Tensor framed = frame(x, nFft, hop, frames).mul(w);
        boolean oneSided = onesided != null ? onesided : !complexData;
        if (oneSided && complexData) {
            throw new IllegalArgumentException("stft: Cannot have onesided output if window or input is complex");
        }
        String norm = normalized ? "ortho" : "backward";
        Tensor spec = oneSided ? Torch.fft().rfft(framed, null, -1, norm) : Torch.fft().fft(framed, null, -1, norm);
        spec = spec.transpose(-1, -2);
        if (input.dim() == 1) spec = spec.squeeze(0);
        return returnComplex ? spec : spec.viewAsReal();
    }

    /**
     * {@code torch.istft(input, n_fft, hop_length, win_length, window, center, normalized, onesided, length,
     * return_complex)}: the least-squares inverse of {@link #stft}, by overlap-add divided by the window envelope.
     */
    public static Tensor istft(Tensor input, long nFft, Long hopLength, Long winLength, Tensor window, boolean center,
                               boolean normalized, Boolean onesided, Long length, boolean returnComplex) {
        if (!input.isComplex()) {
            throw new IllegalArgumentException("istft requires a complex-valued input tensor matching the output from stft with "
                    + "return_complex=True.");
        }
        if (input.dim() != 2 && input.dim() != 3) {
            throw new IllegalArgumentException("istft: expected a tensor with 2 or 3 dimensions of complex dtype, got shape "
                    + input.shape());
        }
        Tensor spec = input.dim() == 2 ? input.unsqueeze(0) : input;
        long hop = hopLength == null ? nFft / 4 : hopLength, win = winLength == null ? nFft : winLength;
        long fftSize = spec.size(1), frames = spec.size(2);
        boolean oneSided = onesided != null ? onesided : fftSize != nFft;
        if (oneSided && fftSize != nFft / 2 + 1) {
            throw new IllegalArgumentException("istft: expected the frequency dimension (3rd to the last) of the input tensor to "
                    + "match n_fft / 2 + 1 when onesided=True, but got " + fftSize);
        }
        if (!oneSided && fftSize != nFft) {
            throw new IllegalArgumentException("istft: expected the frequency dimension (3rd to the last) of the input tensor to "
                    + "match n_fft when onesided=False, but got " + fftSize);
        }
        if (hop <= 0 || hop > win) {
            throw new IllegalArgumentException("istft: expected 0 < hop_length <= win_length");
        }
        if (win <= 0 || win > nFft) throw new IllegalArgumentException("istft: expected 0 < win_length <= n_fft");
        Tensor w = fullWindow("istft", window, nFft, win, spec.real());
        String norm = normalized ? "ortho" : "backward";
        Tensor byFrame = spec.transpose(1, 2);
        Tensor frameSignal;
        if (returnComplex) {
            if (oneSided) throw new IllegalArgumentException("istft: cannot have onesided output if window or input is complex");
            frameSignal = Torch.fft().ifft(byFrame, null, -1, norm);
        } else {
            if (window != null && window.isComplex()) {
                throw new IllegalArgumentException("istft: Complex windows are incompatible with return_complex=False");
            }
            Tensor half = oneSided ? byFrame : byFrame.narrow(-1, 0, nFft / 2 + 1);
            frameSignal = Torch.fft().irfft(half, nFft, -1, norm);
        }
        Tensor windowed = frameSignal.mul(w);
        long outLen = nFft + hop * (frames - 1);
        Tensor idx = positions(nFft, hop, frames, w.device());
        Tensor y = overlapAdd(windowed, idx, outLen);
        // the envelope depends on the window too: the window's gradient flows through both
        Tensor envelope = Torch.zeros(Torch.shape(outLen), Torch.dtype(w.dtype()).device(w.device()))
                .indexAdd(0, idx, w.square().expand(frames, nFft).reshape(-1));
        long start = center ? nFft / 2 : 0;
        long end = length != null ? start + length : center ? outLen - nFft / 2 : outLen;
        long stop = Math.min(end, outLen);
        y = y.narrow(-1, start, Math.max(stop - start, 0));
        envelope = envelope.narrow(0, start, Math.max(stop - start, 0));
        if (envelope.numel() > 0 && envelope.abs().min().item() < 1e-11) {
            throw new IllegalArgumentException("istft: window overlap add min: 1 (the window's squared overlap-add has a zero: the "
                    + "window and hop_length do not satisfy the nonzero overlap-add condition)");
        }
        y = y.div(envelope);
        if (end > outLen) y = padRight(y, end - outLen);
        return input.dim() == 2 ? y.squeeze(0) : y;
    }

    /** Frames of {@code nFft} samples every {@code hop} along the last dim: [B, L] to [B, frames, nFft]. */
    private static Tensor frame(Tensor x, long nFft, long hop, long frames) {
        // overlapping windows as a view (unfold): the window product that follows is the only pass over them
        if (x.isComplex()) {
            Tensor r = x.viewAsReal().unfold(1, nFft, hop);                    // [B, frames, 2, nFft]
            return ComplexOps.complexResult(r.movedim(-1, 2));
        }
        return x.unfold(1, nFft, hop);
    }

    /** The sample position of every frame element, row-major: {@code f * hop + k}. */
    private static Tensor positions(long nFft, long hop, long frames, dev.torch4j.Device device) {
        Tensor f = Torch.arange(0, frames, 1, Torch.dtype(DType.INT64).device(device)).mul(hop).unsqueeze(1);
        Tensor k = Torch.arange(0, nFft, 1, Torch.dtype(DType.INT64).device(device)).unsqueeze(0);
        return f.add(k).reshape(-1);
    }

    /** Sums the frames [B, frames, nFft] into a signal [B, outLen] at their positions. */
    private static Tensor overlapAdd(Tensor frames, Tensor idx, long outLen) {
        long b = frames.size(0);
        if (frames.isComplex()) {
            Tensor r = frames.viewAsReal().reshape(b, -1, 2);
            Tensor zeros = Torch.zeros(Torch.shape(b, outLen, 2), Torch.dtype(r.dtype()).device(r.device()));
            return ComplexOps.complexResult(zeros.indexAdd(1, idx, r));
        }
        Tensor zeros = Torch.zeros(Torch.shape(b, outLen), Torch.dtype(frames.dtype()).device(frames.device()));
        return zeros.indexAdd(1, idx, frames.reshape(b, -1));
    }

    /** The window as n_fft samples: the given one (or ones) centred with zeros, PyTorch's placement. */
    private static Tensor fullWindow(String op, Tensor window, long nFft, long win, Tensor like) {
        if (window != null && (window.dim() != 1 || window.size(0) != win)) {
            throw new IllegalArgumentException(op + ": expected a 1D window tensor of size equal to win_length=" + win
                    + ", but got window with size " + java.util.Arrays.toString(window.shapeArray()));
        }
        DType real = like.isComplex() ? like.dtype().toReal() : like.dtype();
        Tensor w = window != null ? window : Torch.ones(Torch.shape(win), Torch.dtype(real).device(like.device()));
        if (win == nFft) return w;
        long left = (nFft - win) / 2;
        return padRight(padLeft(w, left), nFft - win - left);
    }

    private static Tensor padLeft(Tensor t, long n) { return n == 0 ? t : Padding.pad(t, new long[] {n, 0}, "constant", 0.0); }

    private static Tensor padRight(Tensor t, long n) { return n == 0 ? t : Padding.pad(t, new long[] {0, n}, "constant", 0.0); }

    /** The centring pad of {@link #stft}: {@code pad} samples each side of the last dim, in {@code mode}. */
    private static Tensor padSignal(Tensor x, long pad, String mode) {
        String m = mode == null ? "reflect" : mode;
        if (x.isComplex()) {
            // pad the parts: [B, L, 2] seen as [B, 2, L]
            Tensor r = x.viewAsReal().transpose(1, 2);
            Tensor p = Padding.pad(r, new long[] {pad, pad}, m, 0.0);
            return ComplexOps.complexResult(p.transpose(1, 2).contiguous());
        }
        return Padding.pad(x.unsqueeze(1), new long[] {pad, pad}, m, 0.0).squeeze(1);
    }
}
