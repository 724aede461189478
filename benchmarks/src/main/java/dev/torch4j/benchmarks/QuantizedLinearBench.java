package dev.torch4j.benchmarks;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.quantization.QuantizeDynamic;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Sequential;

import java.util.Locale;

/**
 * The dynamic quantized Linear against the float32 one on the same product: an {@code m x k} input through
 * {@code Linear(k, n)} (512 x 1024 x 1024 by default), median of 9 calls after 5. Prints
 * {@code RESULT <what> <median ms>} for the float Linear, the quantized one, and their ratio.
 *
 * <p>{@code QuantizedLinearBench [m k n [threads]]}.
 */
public final class QuantizedLinearBench {
    private QuantizedLinearBench() {}

    public static void main(String[] args) {
        int m = args.length > 0 ? Integer.parseInt(args[0]) : 512, k = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
        if (args.length > 3) Torch.setNumThreads(Integer.parseInt(args[3]));
        Torch.manualSeed(0);
        Linear fp = new Linear(k, n);
        Sequential q = QuantizeDynamic.quantizeDynamic(new Sequential(new Linear(k, n)));
        Tensor x = Torch.randn(m, k);
        double f = 0, d = 0;
        for (int round = 0; round < 3; round++) { // alternate, so a busy neighbour slows both alike
            f = MedianTime.ms(() -> fp.forward(x), 5, 9);
            d = MedianTime.ms(() -> q.forward(x), 5, 9);
        }
        String shape = String.format(Locale.ROOT, "%dx%dx%d threads=%d", m, k, n, Torch.getNumThreads());
        System.out.printf(Locale.ROOT, "RESULT float32_linear %.2f %s%n", f, shape);
        System.out.printf(Locale.ROOT, "RESULT dynamic_qint8_linear %.2f %s%n", d, shape);
        System.out.printf(Locale.ROOT, "RESULT quantized/float %.2f%n", d / f);
    }
}
