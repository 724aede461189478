package dev.torch4j.nn;

import dev.torch4j.DType;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.ValuesIndices;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The CPU fast paths of convolution (fused per-sample im2col + GEMM, forward and backward) and of max pooling (the
 * vectorised 2x2 / stride 2 kernel, the direct backward) against composites that take the generic routes: conv as
 * unfold + matmul (its gradients through col2im), pooling through the strided kernel and scatter_add.
 */
class ConvPoolFastPathTest {
    /** conv2d as unfold + grouped matmul + bias: the im2col primitive and the recorded formulas, not the fused kernel. */
    private static Tensor refConv(Tensor x, Tensor w, Tensor b, long[] st, long[] pd, long[] dl, long g) {
        long n = x.size(0), o = w.size(0), kh = w.size(2), kw = w.size(3);
        long oh = (x.size(2) + 2 * pd[0] - dl[0] * (kh - 1) - 1) / st[0] + 1;
        long ow = (x.size(3) + 2 * pd[1] - dl[1] * (kw - 1) - 1) / st[1] + 1;
        Tensor cols = Functional.unfold(x, new long[] {kh, kw}, dl, pd, st);
        long kg = w.numel() / o;
        Tensor out = w.reshape(g, o / g, kg).matmul(cols.reshape(n, g, kg, oh * ow)).reshape(n, o, oh, ow);
        return b == null ? out : out.add(b.view(1, o, 1, 1));
    }

    private record Case(long n, long c, long h, long w, long o, long kh, long kw, long[] st, long[] pd, long[] dl, long g, boolean bias) {}

    private static void checkConv(Case k, DType dt, boolean transposedInput, double tol) {
        String what = k + " " + dt + (transposedInput ? " strided" : "");
        Tensor x0 = transposedInput ? randn(k.n, k.c, k.w, k.h).transpose(2, 3) : randn(k.n, k.c, k.h, k.w);
        Tensor w0 = randn(k.o, k.c / k.g, k.kh, k.kw), b0 = k.bias ? randn(k.o) : null;
        x0 = x0.to(dt);
        w0 = w0.to(dt);
        if (b0 != null) b0 = b0.to(dt);
        Tensor x = x0.detach().requiresGrad_(true), w = w0.detach().requiresGrad_(true), b = b0 == null ? null : b0.detach().requiresGrad_(true);
        Tensor xr = x0.detach().requiresGrad_(true), wr = w0.detach().requiresGrad_(true), br = b0 == null ? null : b0.detach().requiresGrad_(true);
        Tensor y = Functional.conv2d(x, w, b, k.st, k.pd, k.dl, k.g);
        Tensor yr = refConv(xr, wr, br, k.st, k.pd, k.dl, k.g);
        Golden.assertClose(yr.detach(), y.detach(), tol, tol, what + " out");
        Tensor gy = randn(yr.shapeArray()).to(dt);
        y.backward(gy);
        yr.backward(gy);
        Golden.assertClose(xr.grad(), x.grad(), tol, tol, what + " grad input");
        Golden.assertClose(wr.grad(), w.grad(), tol, tol, what + " grad weight");
        if (b != null) Golden.assertClose(br.grad(), b.grad(), tol, tol, what + " grad bias");
    }

    @Test
    void fusedConvolutionMatchesUnfoldMatmul() {
        manualSeed(11);
        long[] one = {1, 1}, zero = {0, 0};
        Case[] cases = {
            new Case(3, 4, 7, 6, 5, 3, 3, one, zero, one, 1, true),
            new Case(2, 4, 9, 8, 6, 3, 2, new long[] {2, 1}, new long[] {1, 2}, new long[] {2, 1}, 2, true),
            new Case(5, 6, 5, 5, 6, 1, 1, one, zero, one, 3, false),          // 1x1: the input is its own columns
            new Case(4, 3, 6, 7, 4, 1, 1, new long[] {2, 2}, zero, one, 1, true), // 1x1 with a stride: im2col
            new Case(1, 2, 4, 4, 3, 4, 4, one, new long[] {2, 2}, one, 1, true),   // all padding on some rows
            new Case(7, 8, 12, 12, 16, 3, 3, one, new long[] {1, 1}, one, 1, true), // big enough for parallel blocks
            new Case(64, 4, 13, 13, 8, 3, 3, one, zero, one, 2, true),
            new Case(6, 1, 17, 15, 5, 3, 3, one, zero, one, 1, true),         // C = 1: the weight gradient as row dot products
            new Case(4, 2, 9, 11, 7, 2, 3, new long[] {2, 1}, new long[] {1, 0}, new long[] {1, 2}, 1, false),
            new Case(1, 64, 20, 20, 16, 3, 3, one, one, one, 1, true),        // one sample: im2col over the threads
            new Case(1, 16, 40, 40, 8, 3, 3, one, one, one, 1, true),         // one sample in bands of output rows
            new Case(1, 8, 50, 47, 12, 5, 3, new long[] {2, 1}, new long[] {2, 1}, one, 2, false), // bands, groups, stride
        };
        for (Case k : cases) {
            checkConv(k, DType.FLOAT64, false, 1e-10);
            checkConv(k, DType.FLOAT64, true, 1e-10);
            checkConv(k, DType.FLOAT32, false, 2e-4);
        }
    }

    @Test
    void batchMajorConvolutionMatchesUnfoldMatmul() {
        manualSeed(16);
        long[] one = {1, 1};
        // a weight of 2^21 elements or more: with several threads the forward takes the batch a tile at a time
        // with all threads in each GEMM (ResNet-50's last stage), instead of splitting the batch over the threads
        checkConv(new Case(3, 512, 5, 5, 512, 3, 3, one, one, one, 1, true), DType.FLOAT32, false, 2e-4);
        checkConv(new Case(2, 1024, 6, 6, 2048, 1, 1, new long[] {2, 2}, new long[] {0, 0}, one, 1, false), DType.FLOAT32, true, 2e-4);
    }

    @Test
    void fusedConvolutionIsReproducible() {
        manualSeed(12);
        Tensor x = randn(16, 8, 13, 13), w = randn(16, 8, 3, 3).requiresGrad_(true), b = randn(16).requiresGrad_(true);
        Tensor g = randn(16, 16, 11, 11);
        Tensor[] first = null;
        for (int run = 0; run < 3; run++) {
            w.setGrad(null);
            b.setGrad(null);
            Tensor xg = x.detach().requiresGrad_(true);
            Tensor y = Functional.conv2d(xg, w, b, new long[] {1}, new long[] {0}, new long[] {1}, 1);
            y.backward(g);
            Tensor[] now = {y.detach(), xg.grad(), w.grad(), b.grad()};
            if (first == null) first = now;
            else for (int i = 0; i < now.length; i++) Golden.assertExact(first[i], now[i], "run " + run + " tensor " + i);
        }
    }

    @Test
    void foldMatchesANaiveLoopExactly() {
        manualSeed(15);
        // {kH, kW, sH, sW, pH, pW, dH, dW, H, W}: the vectorised row gather (unit column stride) and the scalar loop
        int[][] cfgs = {{3, 3, 1, 1, 0, 0, 1, 1, 13, 13}, {3, 2, 2, 1, 1, 1, 1, 2, 9, 20}, {2, 3, 1, 2, 0, 1, 2, 1, 8, 9},
            {5, 5, 1, 1, 2, 2, 1, 1, 6, 37}, {1, 1, 1, 1, 0, 0, 1, 1, 4, 5}};
        for (int[] c : cfgs) {
            int kh = c[0], kw = c[1], sh = c[2], sw = c[3], ph = c[4], pw = c[5], dh = c[6], dw = c[7], h = c[8], w = c[9];
            int oh = (h + 2 * ph - dh * (kh - 1) - 1) / sh + 1, ow = (w + 2 * pw - dw * (kw - 1) - 1) / sw + 1;
            int n = 2, ch = 3, l = oh * ow;
            Tensor cols = randn(n, ch * kh * kw, l);
            Tensor folded = Functional.fold(cols, new long[] {h, w}, new long[] {kh, kw}, new long[] {dh, dw}, new long[] {ph, pw},
                    new long[] {sh, sw});
            float[] cv = cols.toFloatArray(), want = new float[n * ch * h * w];
            for (int b = 0; b < n; b++) for (int q = 0; q < ch; q++) for (int ki = 0; ki < kh; ki++) for (int kj = 0; kj < kw; kj++) {
                for (int y = 0; y < oh; y++) for (int x = 0; x < ow; x++) {
                    int iy = y * sh - ph + ki * dh, ix = x * sw - pw + kj * dw;
                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                    want[((b * ch + q) * h + iy) * w + ix] += cv[((b * ch * kh * kw) + (q * kh + ki) * kw + kj) * l + y * ow + x];
                }
            }
            float[] got = folded.toFloatArray();
            for (int i = 0; i < want.length; i++) {
                assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got[i]), java.util.Arrays.toString(c) + " element " + i);
            }
        }
    }

    /** The same values with a column stride of H: max pooling then takes the general (strided) kernel. */
    private static Tensor stridedCopy(Tensor x) { return x.transpose(-1, -2).contiguous().transpose(-1, -2); }

    @Test
    void vectorisedMaxPoolMatchesTheGeneralKernel() {
        manualSeed(13);
        long[][] shapes = {{3, 4, 13, 11}, {2, 3, 8, 40}, {1, 1, 2, 2}, {2, 5, 26, 26}, {1, 2, 7, 67}};
        for (long[] s : shapes) {
            // few distinct values (ties), signed zeros, and some NaNs and infinities
            Tensor x = randint(-3, 4, Size.of(s)).to(DType.FLOAT32);
            x = x.where(x.ne(0).logicalOr(rand(s).gt(0.5)), -0.0).where(rand(s).gt(0.05), Double.NaN);
            x = x.where(rand(s).gt(0.05), Double.NEGATIVE_INFINITY);
            ValuesIndices fast = Functional.maxPool2dWithIndices(x, new long[] {2}, null, new long[] {0}, new long[] {1}, false);
            ValuesIndices ref = Functional.maxPool2dWithIndices(stridedCopy(x), new long[] {2}, null, new long[] {0}, new long[] {1}, false);
            String what = java.util.Arrays.toString(s);
            Golden.assertExact(ref.indices(), fast.indices(), what + " indices");
            Golden.assertExact(ref.values(), fast.values(), what + " values");
            // signed zeros: the first of equal maxima wins, keeping its sign
            float[] fv = fast.values().contiguous().toFloatArray(), rv = ref.values().contiguous().toFloatArray();
            for (int i = 0; i < fv.length; i++) assertEquals(Float.floatToRawIntBits(rv[i]), Float.floatToRawIntBits(fv[i]), what);
        }
    }

    @Test
    void stride2MaxPoolMatchesTheGeneralKernel() {
        manualSeed(17);
        long[][] shapes = {{2, 3, 13, 11}, {1, 2, 9, 40}, {1, 1, 3, 3}, {2, 4, 24, 112}, {1, 2, 7, 67}};
        // kernel (rows, columns), padding, row dilation, ceil mode: ResNet's 3x3 / 2 with padding 1 among them
        long[][] cfgs = {{3, 3, 1, 1, 0}, {3, 3, 0, 1, 0}, {3, 3, 1, 1, 1}, {2, 3, 1, 2, 0}, {4, 4, 2, 1, 1}, {1, 2, 0, 1, 1}};
        for (long[] s : shapes) {
            Tensor x = randint(-3, 4, Size.of(s)).to(DType.FLOAT32);
            x = x.where(x.ne(0).logicalOr(rand(s).gt(0.5)), -0.0).where(rand(s).gt(0.05), Double.NaN);
            x = x.where(rand(s).gt(0.05), Double.NEGATIVE_INFINITY);
            for (long[] c : cfgs) {
                if (c[0] > s[2] + 2 * c[2] || c[1] > s[3] + 2 * c[2]) continue;
                long[] k = {c[0], c[1]}, st = {2, 2}, pd = {c[2], c[2]}, dl = {c[3], 1};
                if ((c[0] - 1) * c[3] + 1 > s[2] + 2 * c[2]) continue;
                ValuesIndices fast = Functional.maxPool2dWithIndices(x, k, st, pd, dl, c[4] == 1);
                ValuesIndices ref = Functional.maxPool2dWithIndices(stridedCopy(x), k, st, pd, dl, c[4] == 1);
                String what = java.util.Arrays.toString(s) + " " + java.util.Arrays.toString(c);
                Golden.assertExact(ref.indices(), fast.indices(), what + " indices");
                float[] fv = fast.values().contiguous().toFloatArray(), rv = ref.values().contiguous().toFloatArray();
                for (int i = 0; i < fv.length; i++) assertEquals(Float.floatToRawIntBits(rv[i]), Float.floatToRawIntBits(fv[i]), what);
            }
        }
    }

    @Test
    void maxPoolBackwardMatchesScatterAdd() {
        manualSeed(14);
        long[][] cfg = {{2, 2, 0}, {3, 1, 1}, {3, 2, 1}, {2, 1, 0}};   // kernel, stride, padding: with overlapping windows
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (long[] c : cfg) {
                Tensor x = randint(0, 5, Size.of(3, 4, 9, 10)).to(dt).requiresGrad_(true);   // ties
                ValuesIndices r = Functional.maxPool2dWithIndices(x, new long[] {c[0]}, new long[] {c[1]}, new long[] {c[2]}, new long[] {1}, false);
                Tensor g = randn(r.values().shapeArray()).to(dt);
                r.values().backward(g);
                Tensor ref = zeros(12, 90).to(dt).scatterAdd(1, r.indices().reshape(12, -1), g.reshape(12, -1)).view(3, 4, 9, 10);
                Golden.assertClose(ref, x.grad(), 1e-6, 1e-6, dt + " " + java.util.Arrays.toString(c));
                if (c[0] <= c[1]) Golden.assertExact(ref, x.grad(), dt + " " + java.util.Arrays.toString(c) + " exact");
            }
        }
    }
}
