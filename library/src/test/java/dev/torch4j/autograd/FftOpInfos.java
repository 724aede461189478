package dev.torch4j.autograd;

import static dev.torch4j.autograd.OpInfo.r;
import static dev.torch4j.autograd.OpInfos.op;

import dev.torch4j.Fft;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.List;

/**
 * torch.fft in the op table. {@code Fft}'s methods are not Tensor's or Torch's, so the completeness check does not
 * see them; each is listed here under {@code viewAsReal} (the real view every sample returns) with the function as
 * its variant. Samples are real; complex inputs are made inside, so gradcheck checks PyTorch's convention (the
 * gradient at a complex input is its real view's). Lengths cover the mixed-radix stages (8, 12, 16, 30), a direct
 * DFT matrix (7, 11) and Bluestein's algorithm (263), with padding, trimming, other dims and every norm.
 */
final class FftOpInfos {
    private FftOpInfos() {}

    private static final Fft F = Torch.fft();

    private static Tensor z(Tensor re, Tensor im) { return Torch.complex(re, im); }

    private static Tensor rv(Tensor t) { return t.isComplex() ? t.viewAsReal() : t; }

    private static void fft(List<OpInfo> t, String variant, java.util.function.Function<Tensor, Tensor> f) {
        OpInfo o = op(t, "viewAsReal", "fft." + variant, x -> rv(f.apply(x.length == 2 ? z(x[0], x[1]) : x[0])))
                .sample(r(3, 8), r(3, 8)).sample(r(2, 7), r(2, 7)).sample(r(2, 30));
        if (!variant.contains("2")) o.sample(r(12));
    }

    static void fftOps(List<OpInfo> t) {
        fft(t, "fft", F::fft);
        fft(t, "fft n dim ortho", x -> F.fft(x, 5L, 0, "ortho"));
        fft(t, "ifft", F::ifft);
        fft(t, "ifft n forward", x -> F.ifft(x, 16L, -1, "forward"));
        op(t, "viewAsReal", "fft.fft bluestein", x -> F.fft(z(x[0], x[1])).viewAsReal()).sample(r(263), r(263));
        op(t, "viewAsReal", "fft.rfft", x -> F.rfft(x[0]).viewAsReal()).sample(r(3, 8)).sample(r(7)).sample(r(2, 12));
        op(t, "viewAsReal", "fft.rfft n dim", x -> F.rfft(x[0], 11L, 0, "ortho").viewAsReal()).sample(r(6, 2));
        op(t, "viewAsReal", "fft.ihfft", x -> F.ihfft(x[0], null, -1, "forward").viewAsReal()).sample(r(3, 8)).sample(r(9));
        op(t, "viewAsReal", "fft.irfft", x -> F.irfft(z(x[0], x[1]))).sample(r(3, 5), r(3, 5)).sample(r(4), r(4));
        op(t, "viewAsReal", "fft.irfft n odd", x -> F.irfft(z(x[0], x[1]), 11L, 0, "ortho")).sample(r(5, 2), r(5, 2));
        op(t, "viewAsReal", "fft.irfft real input", x -> F.irfft(x[0], 6L)).sample(r(2, 4));
        op(t, "viewAsReal", "fft.hfft", x -> F.hfft(z(x[0], x[1]))).sample(r(3, 5), r(3, 5));
        op(t, "viewAsReal", "fft.hfft n", x -> F.hfft(z(x[0], x[1]), 7L, -1, "forward")).sample(r(2, 6), r(2, 6));
        fft(t, "fft2", F::fft2);
        fft(t, "ifft2 s", x -> F.ifft2(x, new long[] {4, 6}, new long[] {-2, -1}, "ortho"));
        fft(t, "fftn", F::fftn);
        fft(t, "ifftn s dim", x -> F.ifftn(x, new long[] {3}, new long[] {0}, null));
        op(t, "viewAsReal", "fft.rfft2", x -> F.rfft2(x[0]).viewAsReal()).sample(r(3, 6));
        op(t, "viewAsReal", "fft.rfftn s", x -> F.rfftn(x[0], new long[] {4, 5}).viewAsReal()).sample(r(2, 3, 6));
        op(t, "viewAsReal", "fft.ihfft2", x -> F.ihfft2(x[0]).viewAsReal()).sample(r(3, 6));
        op(t, "viewAsReal", "fft.ihfftn", x -> F.ihfftn(x[0]).viewAsReal()).sample(r(2, 3, 4));
        op(t, "viewAsReal", "fft.irfft2", x -> F.irfft2(z(x[0], x[1]))).sample(r(3, 4), r(3, 4));
        op(t, "viewAsReal", "fft.irfftn s dim", x -> F.irfftn(z(x[0], x[1]), new long[] {5, 3}, new long[] {0, 1}, "forward"))
                .sample(r(4, 3), r(4, 3));
        op(t, "viewAsReal", "fft.hfft2", x -> F.hfft2(z(x[0], x[1]))).sample(r(3, 4), r(3, 4));
        op(t, "viewAsReal", "fft.hfftn", x -> F.hfftn(z(x[0], x[1]))).sample(r(2, 3, 3), r(2, 3, 3));
        op(t, "viewAsReal", "fft.fftshift", x -> F.fftshift(z(x[0], x[1])).viewAsReal()).sample(r(3, 5), r(3, 5));
        op(t, "viewAsReal", "fft.ifftshift dim", x -> F.ifftshift(x[0], 0)).sample(r(5, 4));
    }
}
