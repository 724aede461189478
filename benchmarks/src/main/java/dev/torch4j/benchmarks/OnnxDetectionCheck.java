package dev.torch4j.benchmarks;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.io.Npy;
import dev.torch4j.onnx.OnnxModel;

import java.nio.file.Path;

/**
 * Runs detection models exported by benchmarks/python/onnx_detection.py with {@link OnnxModel} and compares the
 * detections with PyTorch's regardless of order (random heads tie many scores, and tied detections may come in any
 * order): a PyTorch detection is matched by an unmatched torch4j one with its label, its score within 1e-4 and its
 * box within 1e-4 of the boxes' scale (float32 drift through a deep random-weight network reaches ~3e-5 in
 * maskrcnn's scores). Prints the counts, the matches and the largest box and score differences among them (masks,
 * where there are, by the matched detections' differing pixels).
 * <p>usage: OnnxDetectionCheck DIR THREADS MODEL...
 */
public final class OnnxDetectionCheck {
    private OnnxDetectionCheck() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Torch.setNumThreads(Integer.parseInt(args[1]));
        for (int k = 2; k < args.length; k++) {
            String name = args[k];
            StringBuilder line = new StringBuilder("RESULT " + name);
            try {
                OnnxModel m = OnnxModel.load(dir.resolve(name + ".onnx"));
                Tensor x = Npy.load(dir.resolve(name + "_x.npy"));
                Tensor[] out;
                long t = System.nanoTime();
                try (var g = GradMode.noGrad()) {
                    out = m.forwardAll(x);
                }
                line.append(String.format(" %.1f ", (System.nanoTime() - t) / 1e6)).append(compare(dir, name, m, out));
            } catch (RuntimeException e) {
                line.append(" FAILED ").append(String.valueOf(e.getMessage()).replace('\n', ' '));
            }
            System.out.println(line);
        }
    }

    private static String compare(Path dir, String name, OnnxModel m, Tensor[] out) throws java.io.IOException {
        java.util.List<String> names = m.outputNames();
        float[] b = out[names.indexOf("boxes")].contiguous().toFloatArray(), s = out[names.indexOf("scores")].contiguous().toFloatArray();
        long[] l = out[names.indexOf("labels")].toLongArray();
        float[] eb = Npy.load(dir.resolve(name + "_boxes.npy")).contiguous().toFloatArray();
        float[] es = Npy.load(dir.resolve(name + "_scores.npy")).contiguous().toFloatArray();
        long[] el = Npy.load(dir.resolve(name + "_labels.npy")).toLongArray();
        float[] mk = null, emk = null;
        int pixels = 0;
        if (names.contains("masks")) {
            Tensor mm = out[names.indexOf("masks")];
            pixels = (int) (mm.numel() / Math.max(1, mm.size(0)));
            mk = mm.contiguous().toFloatArray();
            emk = Npy.load(dir.resolve(name + "_masks.npy")).contiguous().toFloatArray();
        }
        double scale = 1;
        for (float v : eb) scale = Math.max(scale, Math.abs(v));
        boolean[] used = new boolean[s.length];
        int matched = 0;
        long maskDiff = 0;
        double boxDiff = 0, scoreDiff = 0;
        for (int i = 0; i < es.length; i++) {
            for (int j = 0; j < s.length; j++) {
                if (used[j] || l[j] != el[i] || Math.abs(s[j] - es[i]) > 1e-4) continue;
                double d = 0;
                for (int c = 0; c < 4; c++) d = Math.max(d, Math.abs(b[4 * j + c] - eb[4 * i + c]) / scale);
                if (d > 1e-4) continue;
                used[j] = true;
                matched++;
                boxDiff = Math.max(boxDiff, d);
                scoreDiff = Math.max(scoreDiff, Math.abs(s[j] - es[i]));
                if (mk != null) for (int p = 0; p < pixels; p++) if ((mk[j * pixels + p] > 0.5f) != (emk[i * pixels + p] > 0.5f)) maskDiff++;
                break;
            }
        }
        return String.format("detections %d/%d matched %d box %.2g score %.2g", s.length, es.length, matched, boxDiff, scoreDiff)
                + (mk == null ? "" : " mask-pixels-differing " + maskDiff);
    }
}
