package dev.torch4j.benchmarks;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Module;
import dev.torch4j.vision.models.ResNet;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ResNet-50 inference (eval mode, no grad) on random {@code [b, 3, 224, 224]} images, as
 * benchmarks/python/resnet_inference.py times torchvision's: {@code warmup} untimed forwards (and at least 3 s of
 * them), then {@code reps} timed
 * ones; prints {@code RESULT resnet50_b<b> torch4j <best ms> median=<ms> threads=<t> cpu=<mean process CPU ms>}.
 *
 * <p>{@code ResNetInference <threads> <batch> [warmup] [reps] [--layers]}: with {@code --layers}, forward hooks time
 * every leaf module (best over the timed forwards) and print one line per convolution with its GEMM shape
 * (M = Cout, K = Cin*kh*kw, N = oH*oW*batch) and totals per module kind.
 */
public final class ResNetInference {
    private ResNetInference() {}

    /** The least warm-up, in seconds (the property {@code warmSeconds}; python/resnet_inference.py does the same). */
    static final double WARM_SECONDS = Double.parseDouble(System.getProperty("warmSeconds", "3"));

    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]), batch = Integer.parseInt(args[1]);
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5, reps = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        boolean layers = Arrays.asList(args).contains("--layers");
        Torch.setNumThreads(threads);
        Torch.manualSeed(0);
        ResNet model = ResNet.resnet50();
        model.eval();
        Tensor x = Torch.randn(batch, 3, 224, 224);
        Map<String, long[]> best = new LinkedHashMap<>();   // leaf name -> {best ns, this forward's start}
        Map<String, String> shapes = new LinkedHashMap<>();
        if (layers) hook(model, best, shapes);
        double[] t = new double[reps];
        double cpu = 0;
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (var g = GradMode.noGrad()) {
            // at least warmup forwards and WARM_SECONDS: C2's compiles of the Vector API kernels queue behind
            // each other on the two cores the forward itself uses (docs/PERFORMANCE.md, warm-up of a training step)
            long w0 = System.nanoTime();
            for (int i = 0; i < warmup || System.nanoTime() - w0 < WARM_SECONDS * 1e9; i++) model.call(x);
            for (Map.Entry<String, long[]> e : best.entrySet()) e.getValue()[0] = Long.MAX_VALUE;
            for (int i = 0; i < reps; i++) {
                long c = os.getProcessCpuTime(), s = System.nanoTime();
                model.call(x);
                t[i] = (System.nanoTime() - s) / 1e6;
                cpu += (os.getProcessCpuTime() - c) / 1e6 / reps;
            }
        }
        double[] sorted = t.clone();
        Arrays.sort(sorted);
        // cpu: the mean process CPU time of a forward (all threads, spinning included); with one thread it
        // hardly depends on what else the machine runs, unlike the wall time
        System.out.printf(Locale.ROOT, "RESULT resnet50_b%d torch4j %.3f median=%.3f threads=%d cpu=%.3f%n", batch,
                sorted[0], sorted[reps / 2], threads, cpu);
        if (layers) report(best, shapes, batch);
    }

    private static void hook(Module model, Map<String, long[]> best, Map<String, String> shapes) {
        for (Map.Entry<String, Module> e : model.namedModules().entrySet()) {
            Module m = e.getValue();
            if (!m.namedChildren().isEmpty()) continue;
            String name = e.getKey();
            long[] slot = {Long.MAX_VALUE, 0};
            best.put(name, slot);
            m.registerForwardPreHook((mod, in) -> {
                slot[1] = System.nanoTime();
                return null;
            });
            m.registerForwardHook((mod, in, out) -> {
                slot[0] = Math.min(slot[0], System.nanoTime() - slot[1]);
                if (mod instanceof Conv2d c) {
                    long[] is = in[0].shape().toArray(), os = out.shape().toArray();
                    long k = c.inChannels / c.groups * c.kernelSize[0] * c.kernelSize[1];
                    shapes.put(name, String.format(Locale.ROOT, "%dx%d/%d %4d->%4d %3dx%-3d M=%d K=%d N=%d",
                            c.kernelSize[0], c.kernelSize[1], c.stride[0], is[1], os[1], is[2], is[3], os[1], k,
                            os[0] * os[2] * os[3]));
                } else {
                    shapes.put(name, mod.getClass().getSimpleName());
                }
                return null;
            });
        }
    }

    private static void report(Map<String, long[]> best, Map<String, String> shapes, int batch) {
        Map<String, Double> byKind = new LinkedHashMap<>();
        List<String> convs = new ArrayList<>();
        double total = 0;
        for (Map.Entry<String, long[]> e : best.entrySet()) {
            String shape = shapes.get(e.getKey());
            double ms = e.getValue()[0] / 1e6;
            total += ms;
            String kind = shape.contains("M=") ? "Conv2d " + shape.substring(0, shape.indexOf(' ')) : shape;
            byKind.merge(kind, ms, Double::sum);
            if (shape.contains("M=")) {
                String[] f = shape.substring(shape.indexOf("M=")).split("[ =]");
                double flop = 2.0 * Long.parseLong(f[1]) * Long.parseLong(f[3]) * Long.parseLong(f[5]);
                convs.add(String.format(Locale.ROOT, "LAYER %-22s %-50s %8.3f ms %6.1f GFLOP/s", e.getKey(), shape, ms,
                        flop / (ms * 1e6)));
            }
        }
        convs.forEach(System.out::println);
        for (Map.Entry<String, Double> e : byKind.entrySet()) {
            System.out.printf(Locale.ROOT, "KIND %-20s %8.3f ms%n", e.getKey(), e.getValue());
        }
        System.out.printf(Locale.ROOT, "KIND %-20s %8.3f ms (sum of the leaves' best times, batch %d)%n", "total", total, batch);
    }
}
