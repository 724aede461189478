package dev.torch4j.benchmarks;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * torch.fft at one length, timed as benchmarks/python/fft_bench.py times PyTorch's and NumPy's: a complex fft,
 * rfft and irfft of a batch of signals, a 2-D fft of one square image, and an stft. Prints
 * {@code RESULT <op> torch4j <median ms> n=<n> dtype=<dtype>}, the median of 7 calls after {@link #WARMUP}.
 *
 * <p>{@code FftBench <n> <dtype float32|float64> <threads>}; the batch is {@code 2^20 / n} signals of length n.
 */
public final class FftBench {
    private FftBench() {}

    /** Calls before timing: enough for the JIT to compile the transform's loops (PyTorch's side runs as many). */
    private static final int WARMUP = 10;

    private static double medianMs(Supplier<Tensor> f, int reps) { return MedianTime.ms(f, WARMUP, reps); }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        DType dt = args[1].equals("float64") ? DType.FLOAT64 : DType.FLOAT32;
        Torch.setNumThreads(Integer.parseInt(args[2]));
        Torch.manualSeed(0);
        int batch = Math.max(1, (1 << 20) / n);
        Tensor x = Torch.randn(batch, n).to(dt), y = Torch.randn(batch, n).to(dt);
        Tensor z = Torch.complex(x, y);
        Tensor spec = Torch.fft().rfft(x);
        int side = (int) Math.round(Math.sqrt(n * 64.0));
        Tensor img = Torch.complex(Torch.randn(side, side).to(dt), Torch.randn(side, side).to(dt));
        Tensor signal = x.reshape(-1).narrow(0, 0, Math.min(1 << 18, x.numel()));
        Tensor window = Torch.hannWindow(n).to(dt);
        int reps = 7;
        String tail = String.format(Locale.ROOT, "n=%d dtype=%s", n, args[1]);
        report("fft", medianMs(() -> Torch.fft().fft(z), reps), tail);
        report("rfft", medianMs(() -> Torch.fft().rfft(x), reps), tail);
        report("irfft", medianMs(() -> Torch.fft().irfft(spec), reps), tail);
        report("fft2_" + side, medianMs(() -> Torch.fft().fft2(img), reps), tail);
        report("stft", medianMs(() -> signal.stft(n, dev.torch4j.StftOptions.DEFAULT.window(window).returnComplex(true)), reps), tail);
    }

    private static void report(String op, double ms, String tail) {
        System.out.printf(Locale.ROOT, "RESULT %s torch4j %.3f %s%n", op, ms, tail);
    }
}
