package dev.torch4j.benchmarks;

import static dev.torch4j.Torch.autocast;
import static dev.torch4j.Torch.manualSeed;
import static dev.torch4j.Torch.rand;
import static dev.torch4j.Torch.randint;
import static dev.torch4j.Torch.randn;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.backend.cpu.Gemm;
import dev.torch4j.backend.cpu.Parallel;
import dev.torch4j.cuda.Cuda;
import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;
import dev.torch4j.optim.SGD;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The torch4j half of {@code scripts/gpu/run.sh}'s GPU benchmark; {@code benchmarks/python/gpu_bench.py} is the
 * PyTorch half and runs the same workloads with the same method and names. Prints one JSON line per workload
 * ({@code {"lib":"torch4j","name":...,"median_s":...}}, with {@code bytes} or {@code flops} per call so the table
 * can show GB/s or TFLOP/s); other lines start with {@code #}.
 *
 * <p>Method: per workload, a warm-up of at least 3 calls and ~{@code warm} seconds, each call followed by
 * {@code synchronize()}; then samples of {@code inner} back-to-back calls (enough for ~10 ms) between two
 * {@code synchronize()}, wall clock, for ~{@code measure} seconds and at least 5 samples; the median per call is
 * reported. Each workload is isolated: an error is reported in its JSON line and the next one runs.
 *
 * <p>Usage: {@code GpuBench [--quick] [--no-cpu] [--only prefix] [--device cpu]}; {@code --device cpu} runs the
 * same workloads on the CPU, without touching CUDA, to check the harness on a machine without a GPU.
 */
public final class GpuBench {
    private GpuBench() {}

    static double warm = 0.3, measure = 0.8;
    static final long N64M = 64L << 20;
    static Cuda cuda;
    static Device gpu = Device.cuda(0);
    static boolean onCpu; // --device cpu: harness check, no CUDA calls
    static String only = "";

    /** One workload: builds its inputs, returns the timed op. */
    interface Setup { Runnable get() throws Exception; }

    public static void main(String[] args) {
        boolean cpu = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> { warm = 0.15; measure = 0.4; }
                case "--no-cpu" -> cpu = false;
                case "--only" -> only = args[++i];
                case "--device" -> {
                    onCpu = args[++i].equals("cpu");
                    if (onCpu) gpu = Device.CPU;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        System.out.println("# torch4j GpuBench: java " + System.getProperty("java.version") + ", CPU threads "
                + Parallel.numThreads() + ", Gemm " + Gemm.describe());
        cuda = Torch.cuda();
        if (onCpu) {
            System.out.println("# --device cpu: the workloads on the CPU (harness check)");
        } else if (!cuda.isAvailable()) {
            System.out.println("# no GPU: " + cuda.unavailableReason());
            System.out.println(json("_status", Double.NaN, Double.NaN, 0, 0, 0, 0, "no GPU"));
            return;
        }
        if (!onCpu) System.out.println("# device: " + cuda.getDeviceName(0) + ", devices " + cuda.deviceCount());
        manualSeed(0);

        for (int n : new int[] {4096, 8192}) {
            for (boolean tf32 : new boolean[] {false, true}) {
                run("matmul_f32_" + n + (tf32 ? "_tf32" : ""), 0, 2.0 * n * n * n, () -> {
                    if (!onCpu) cuda.setAllowTf32(tf32);
                    Tensor a = randn(n, n).to(gpu), b = randn(n, n).to(gpu);
                    return () -> a.matmul(b);
                });
            }
        }
        if (!onCpu) cuda.setAllowTf32(false);
        // half precision: cuBLAS GemmEx on tensor cores (float32 sums), as PyTorch's half matmul
        for (DType t : new DType[] {DType.FLOAT16, DType.BFLOAT16}) {
            int n = 8192;
            run("matmul_" + (t == DType.FLOAT16 ? "f16" : "bf16") + "_" + n, 0, 2.0 * n * n * n, () -> {
                Tensor a = randn(n, n).to(gpu).to(t), b = randn(n, n).to(gpu).to(t);
                return () -> a.matmul(b);
            });
        }
        // 64M float32 elements: bytes per call count every byte read and written once
        run("copy_64M", 8 * N64M, 0, () -> {
            Tensor x = randn(N64M).to(gpu), y = randn(N64M).to(gpu);
            return () -> y.copy_(x);
        });
        run("clone_64M", 8 * N64M, 0, () -> { Tensor x = randn(N64M).to(gpu); return x::clone; });
        run("add_64M", 12 * N64M, 0, () -> {
            Tensor x = randn(N64M).to(gpu), y = randn(N64M).to(gpu);
            return () -> x.add(y);
        });
        run("exp_64M", 8 * N64M, 0, () -> { Tensor x = randn(N64M).to(gpu); return x::exp; });
        run("sum_64M", 4 * N64M, 0, () -> {
            Tensor xc = randn(N64M), x = xc.to(gpu);
            double want = xc.sum().item(), got = x.sum().item();
            System.out.printf(Locale.ROOT, "# sum_64M check: cuda %.6f cpu %.6f%n", got, want);
            return () -> x.sum();
        });
        run("softmax_dim1_8192^2", 8 * N64M, 0, () -> { Tensor x = randn(8192, 8192).to(gpu); return () -> x.softmax(1); });
        // a batch of complex transforms: composed of real ops on CUDA (no cuFFT), against PyTorch's cuFFT
        run("fft_c64_4096x1024", 16L * 4096 * 1024, 0, () -> {
            Tensor z = Torch.complex(randn(4096, 1024), randn(4096, 1024)).to(gpu);
            return () -> Torch.fft().fft(z);
        });
        run("train_step_mlp_784-1024-1024-10_b512", 0, 0, GpuBench::trainStep);
        // the same step with automatic mixed precision: autocast (float16) and a GradScaler
        run("train_step_amp_mlp_784-1024-1024-10_b512", 0, 0, GpuBench::ampTrainStep);
        // batch norm of a ResNet stage's activations in training, forward and backward (input, weight, bias grads)
        run("batchnorm2d_train_b128_c64_56x56", 0, 0, () -> {
            BatchNorm2d bn = new BatchNorm2d(64).to(gpu);
            Tensor x = randn(128, 64, 56, 56).to(gpu).requiresGrad_(true), g = randn(128, 64, 56, 56).to(gpu);
            return () -> {
                x.setGrad(null);
                bn.zeroGrad();
                bn.forward(x).backward(g);
            };
        });
        // the CPU-against-GPU matmul: 10000x10000 float32, TF32 off
        int n = 10_000;
        run("matmul_f32_10000", 0, 2.0 * n * n * n, () -> {
            Tensor a = rand(n, n).to(gpu), b = rand(n, n).to(gpu);
            return () -> a.matmul(b);
        });
        if (cpu) cpuMatmul(n);
    }

    static Runnable trainStep() {
        Module net = new Sequential(new Linear(784, 1024), new ReLU(), new Linear(1024, 1024), new ReLU(),
                new Linear(1024, 10)).to(gpu);
        SGD opt = new SGD(net.parameters(), SGD.options(0.01).momentum(0.9));
        Tensor x = randn(512, 784).to(gpu), y = randint(0, 10, Size.of(512)).to(gpu);
        return () -> {
            opt.zeroGrad();
            Tensor loss = Functional.crossEntropy(net.call(x), y);
            loss.backward();
            opt.step();
        };
    }

    static Runnable ampTrainStep() {
        Module net = new Sequential(new Linear(784, 1024), new ReLU(), new Linear(1024, 1024), new ReLU(),
                new Linear(1024, 10)).to(gpu);
        SGD opt = new SGD(net.parameters(), SGD.options(0.01).momentum(0.9));
        dev.torch4j.amp.GradScaler scaler = new dev.torch4j.amp.GradScaler("cuda");
        Tensor x = randn(512, 784).to(gpu), y = randint(0, 10, Size.of(512)).to(gpu);
        return () -> {
            opt.zeroGrad();
            Tensor loss;
            try (var ac = autocast("cuda")) {
                loss = Functional.crossEntropy(net.call(x), y);
            }
            scaler.scale(loss).backward();
            scaler.step(opt);
            scaler.update();
        };
    }

    /** One timed CPU call after a short warm-up (a call takes seconds): the JIT and the thread pool are warm. */
    static void cpuMatmul(int n) {
        String name = "matmul_f32_10000_cpu";
        if (!name.startsWith(only)) return;
        try {
            Tensor w1 = rand(1024, 1024), w2 = rand(1024, 1024);
            long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < 1e9) w1.matmul(w2);
            Tensor a = rand(n, n), b = rand(n, n);
            long t = System.nanoTime();
            a.matmul(b);
            double s = (System.nanoTime() - t) / 1e9;
            System.out.println(json(name, s, s, 1, 1, 0, 2.0 * n * n * n, null));
        } catch (Throwable e) {
            System.out.println(json(name, Double.NaN, Double.NaN, 0, 0, 0, 0, e.toString()));
        }
        System.out.flush();
    }

    static void run(String name, double bytes, double flops, Setup setup) {
        if (!name.startsWith(only)) return;
        try {
            if (!onCpu) cuda.resetPeakMemoryStats();
            double[] r = time(setup); // in its own frame, so the inputs are garbage once it returns
            System.out.println(json(name, r[0], r[1], (int) r[2], (int) r[3], bytes, flops, null));
        } catch (Throwable e) {
            System.out.println(json(name, Double.NaN, Double.NaN, 0, 0, bytes, flops, e.toString()));
            e.printStackTrace(System.out);
        }
        System.out.flush();
        // drop this workload's tensors before the next one allocates
        System.gc();
        try {
            sync();
            if (!onCpu) cuda.emptyCache();
        } catch (Throwable e) {
            System.out.println("# cleanup after " + name + " failed: " + e);
        }
    }

    static void sync() {
        if (!onCpu) cuda.synchronize();
    }

    /** {median s, min s, samples, inner} per call. */
    static double[] time(Setup setup) throws Exception {
        Runnable op = setup.get();
        long start = System.nanoTime();
        int calls = 0;
        while (calls < 3 || System.nanoTime() - start < warm * 1e9) {
            op.run();
            sync();
            calls++;
        }
        double perCall = (System.nanoTime() - start) / 1e9 / calls;
        int inner = (int) Math.max(1, Math.min(1000, Math.ceil(10e-3 / perCall)));
        List<Double> samples = new ArrayList<>();
        start = System.nanoTime();
        while (samples.size() < 5 || System.nanoTime() - start < measure * 1e9) {
            sync();
            long t = System.nanoTime();
            for (int i = 0; i < inner; i++) op.run();
            sync();
            samples.add((System.nanoTime() - t) / 1e9 / inner);
        }
        double[] s = samples.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        return new double[] {s[s.length / 2], s[0], s.length, inner};
    }

    static String json(String name, double median, double min, int samples, int inner, double bytes, double flops,
            String error) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "{\"lib\":\"torch4j\",\"name\":\"%s\",\"median_s\":%s,\"min_s\":%s,\"samples\":%d,\"inner\":%d,"
                        + "\"bytes\":%.0f,\"flops\":%.0f",
                name, num(median), num(min), samples, inner, bytes, flops));
        if (!onCpu && cuda != null && cuda.isAvailable()) {
            try {
                b.append(",\"peak_mem\":").append(cuda.maxMemoryAllocated());
            } catch (Throwable e) { /* stats are optional */ }
        }
        if (error != null) b.append(",\"error\":\"").append(escape(error)).append('"');
        return b.append('}').toString();
    }

    static String num(double v) { return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6e", v) : "null"; }

    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(' ');
            else b.append(c);
        }
        return b.length() > 500 ? b.substring(0, 500) : b.toString();
    }
}
