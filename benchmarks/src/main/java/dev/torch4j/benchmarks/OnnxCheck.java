package dev.torch4j.benchmarks;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.io.Npy;
import dev.torch4j.onnx.OnnxModel;

import java.nio.file.Path;

/**
 * Runs ONNX files exported by benchmarks/python/onnx_torchvision.py with {@link OnnxModel}: prints each model's
 * largest difference from PyTorch's output (relative to the output's largest magnitude) and its best time after a
 * warm-up (the JIT needs several calls of a whole network, more on a loaded machine, before its kernels reach speed).
 * <p>usage: OnnxCheck DIR THREADS REPS MODEL...
 */
public final class OnnxCheck {
    private OnnxCheck() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Torch.setNumThreads(Integer.parseInt(args[1]));
        int reps = Integer.parseInt(args[2]);
        for (int k = 3; k < args.length; k++) {
            String name = args[k];
            OnnxModel m = OnnxModel.load(dir.resolve(name + ".onnx"));
            Tensor x = Npy.load(dir.resolve(name + "_x.npy")), y = Npy.load(dir.resolve(name + "_y.npy"));
            Tensor out = null;
            double best = Double.POSITIVE_INFINITY;
            try (var g = GradMode.noGrad()) {
                long warmUntil = System.nanoTime() + 3_000_000_000L;
                for (int r = 0; r < 10 || System.nanoTime() < warmUntil; r++) out = m.call(x);
                for (int r = 0; r < reps; r++) {
                    long t = System.nanoTime();
                    out = m.call(x);
                    best = Math.min(best, (System.nanoTime() - t) / 1e6);
                }
            }
            double rel = out.sub(y).abs().max().item() / y.abs().max().item();
            System.out.printf("RESULT %s torch4j %.2f %.3g%n", name, best, rel);
        }
    }
}
