package dev.torch4j.benchmarks;

import static dev.torch4j.Torch.manualSeed;
import static dev.torch4j.Torch.rand;
import static dev.torch4j.Torch.randint;
import static dev.torch4j.Torch.randn;

import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.backend.cpu.Gemm;
import dev.torch4j.backend.cpu.Parallel;
import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Flatten;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.GroupNorm;
import dev.torch4j.nn.GRU;
import dev.torch4j.nn.LSTM;
import dev.torch4j.nn.LayerNorm;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.MaxPool2d;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.RNNBase;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;
import dev.torch4j.nn.TransformerEncoderLayer;
import dev.torch4j.optim.AdamW;
import dev.torch4j.optim.SGD;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The torch4j half of {@code benchmarks/side_by_side.sh}: times the workloads of the CPU-performance issue (matmul,
 * elementwise ops on 10M floats, reductions, softmax, per-op overhead, a small backward, MLP training steps) the way
 * users write them (each op allocates its result), and prints {@code RESULT torch4j <workload> <median seconds>}.
 * The Python half times the same workloads in PyTorch and NumPy with the same method, so the medians compare.
 *
 * <p>Method: each workload warms up for 3 s (1.5 s with {@code --quick}; at least one call), then
 * takes samples of at least ~2 ms each (a sample repeats the workload enough times) for 1 s (0.5 s), at least 5
 * (3 when a call takes over a second: the 10000x10000 matmul), and reports the median seconds per call. Usage:
 * {@code SideBySide [--quick] [--no-10000] [--only prefix,prefix...] [--threads N]}; {@code --quick} and
 * {@code --no-10000} leave out the 10000x10000 matmul; {@code --only} keeps the workloads whose names start with one
 * of the prefixes; {@code --threads N} calls {@code Torch.setNumThreads(N)} first (the harness tries the same counts
 * as PyTorch's {@code set_num_threads}).
 * {@code SideBySide --rss STEPS} instead reports the peak resident memory of an MLP training run.
 */
public final class SideBySide {
    private SideBySide() {}

    /** Vector API loops need seconds of calls before C2 compiles them: shorter warm-ups measured them 2-4x slow. */
    static double warm = 3.0, measure = 1.0;

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("--rss")) {
            peakRss(Integer.parseInt(args[1]));
            return;
        }
        boolean quick = false, noBig = false;
        String[] only = {""};
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> { warm = 1.5; measure = 0.5; quick = true; }
                case "--only" -> only = args[++i].split(",");
                case "--no-10000" -> noBig = true;
                case "--threads" -> dev.torch4j.Torch.setNumThreads(Integer.parseInt(args[++i]));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        System.out.println("# torch4j: threads " + Parallel.numThreads() + ", java " + System.getProperty("java.version")
                + ", Gemm " + Gemm.describe());
        manualSeed(0);
        List<String[]> names = new ArrayList<>();
        List<Runnable> jobs = new ArrayList<>();
        // matmul float32, allocating the result (torch.mm(a, b))
        for (int n : List.of(256, 512, 1024, 2048, 4096)) add(names, jobs, "matmul_f32_" + n, () -> {
            Tensor a = rand(n, n), b = rand(n, n);
            return () -> a.matmul(b);
        });
        add(names, jobs, "matmul_f64_1024", () -> {
            Tensor a = rand(1024, 1024).to(dev.torch4j.DType.FLOAT64), b = rand(1024, 1024).to(dev.torch4j.DType.FLOAT64);
            return () -> a.matmul(b);
        });
        // elementwise on 10M float32, allocating
        int big10m = 10_000_000;
        add(names, jobs, "add_10M", () -> { Tensor a = randn(big10m), b = randn(big10m); return () -> a.add(b); });
        add(names, jobs, "mul_10M", () -> { Tensor a = randn(big10m), b = randn(big10m); return () -> a.mul(b); });
        add(names, jobs, "exp_10M", () -> { Tensor a = randn(big10m); return a::exp; });
        add(names, jobs, "tanh_10M", () -> { Tensor a = randn(big10m); return a::tanh; });
        add(names, jobs, "sigmoid_10M", () -> { Tensor a = randn(big10m); return a::sigmoid; });
        add(names, jobs, "gelu_10M", () -> { Tensor a = randn(big10m); return a::gelu; });
        add(names, jobs, "silu_10M", () -> { Tensor a = randn(big10m); return a::silu; });
        // reductions on 4096x4096 float32
        add(names, jobs, "sum_all_4096^2", () -> { Tensor a = randn(4096, 4096); return () -> a.sum(); });
        add(names, jobs, "mean_all_4096^2", () -> { Tensor a = randn(4096, 4096); return () -> a.mean(); });
        add(names, jobs, "max_all_4096^2", () -> { Tensor a = randn(4096, 4096); return () -> a.max(); });
        add(names, jobs, "sum_dim1_4096^2", () -> { Tensor a = randn(4096, 4096); return () -> a.sum(1); });
        add(names, jobs, "mean_dim1_4096^2", () -> { Tensor a = randn(4096, 4096); return () -> a.mean(1); });
        add(names, jobs, "max_dim1_4096^2", () -> { Tensor a = randn(4096, 4096); return () -> a.max(1); });
        add(names, jobs, "sum_dim0_4096^2", () -> { Tensor a = randn(4096, 4096); return () -> a.sum(0); });
        add(names, jobs, "var_all_4096^2", () -> { Tensor a = randn(4096, 4096); return () -> a.var(); });
        add(names, jobs, "var_dim1_4096^2", () -> { Tensor a = randn(4096, 4096); return () -> a.var(1); });
        add(names, jobs, "std_dim0_4096^2", () -> { Tensor a = randn(4096, 4096); return () -> a.std(0); });
        add(names, jobs, "softmax_dim1_4096^2", () -> { Tensor a = randn(4096, 4096); return () -> a.softmax(1); });
        add(names, jobs, "softmax_dim0_4096^2", () -> { Tensor a = randn(4096, 4096); return () -> a.softmax(0); });
        // per-op overhead
        for (long[] shape : new long[][] {{1}, {16, 16}}) {
            String s = shape.length == 1 ? "[1]" : "[16,16]";
            add(names, jobs, "add_" + s, () -> { Tensor a = randn(shape), b = randn(shape); return () -> a.add(b); });
            add(names, jobs, "mul_" + s, () -> { Tensor a = randn(shape), b = randn(shape); return () -> a.mul(b); });
            add(names, jobs, "matmul_" + s, () -> { Tensor a = randn(shape), b = randn(shape); return () -> a.matmul(b); });
        }
        add(names, jobs, "(x*w+b).sum().backward()_[16,16]", () -> {
            Tensor x = randn(16, 16), w = randn(16, 16).requiresGrad_(true), b = randn(16, 16).requiresGrad_(true);
            return () -> x.mul(w).add(b).sum().backward();
        });
        // normalisation layers in training, forward and backward (input, weight and bias gradients): batch norm of a
        // conv layer's output, layer norm of a transformer's activations (64 sequences of 128 tokens, width 512),
        // group norm of a diffusion U-Net's
        add(names, jobs, "batchnorm2d_train_[64,64,32,32]", () -> normStep(new BatchNorm2d(64), 64, 64, 32, 32));
        add(names, jobs, "layernorm_train_[8192,512]", () -> normStep(new LayerNorm(512), 8192, 512));
        add(names, jobs, "groupnorm_train_[16,256,32,32]", () -> normStep(new GroupNorm(32, 256), 16, 256, 32, 32));
        // a transformer's and a ConvNet's activation, forward and backward, on the layer-norm row's activations
        add(names, jobs, "gelu_train_[8192,512]", () -> normStep(new dev.torch4j.nn.GELU(), 8192, 512));
        add(names, jobs, "silu_train_[8192,512]", () -> normStep(new dev.torch4j.nn.SiLU(), 8192, 512));
        // training steps: cross-entropy, SGD lr 0.01 momentum 0.9
        add(names, jobs, "train_step_mlp_2-64-64-2_b64", () -> trainStep(2, 64, 2, 64));
        add(names, jobs, "train_step_mlp_784-256-256-10_b128", () -> trainStep(784, 256, 10, 128));
        add(names, jobs, "train_step_cnn_mnist_b64", SideBySide::cnnStep);
        add(names, jobs, "train_step_transformer_512_b32x128", SideBySide::transformerStep);
        add(names, jobs, "train_step_lstm_256-512x2_b32x64", SideBySide::lstmStep);
        add(names, jobs, "train_step_gru_256-512x2_b32x64", SideBySide::gruStep);
        // the seed's comparison (10-20 s a call) last: its 1.2 GB of matrices grow the heap, and allocations after
        // that land on memory the VM maps afresh (measured: add_10M 4.7 -> 128 ms, matmul_f64_1024 23 -> 56 ms)
        if (!quick && !noBig) add(names, jobs, "matmul_f32_10000", () -> {
            Tensor a = rand(10000, 10000), b = rand(10000, 10000);
            return () -> a.matmul(b);
        });

        for (int i = 0; i < jobs.size(); i++) {
            String name = names.get(i)[0];
            if (java.util.Arrays.stream(only).anyMatch(name::startsWith)) jobs.get(i).run();
        }
    }

    static void add(List<String[]> names, List<Runnable> jobs, String name, Supplier<Runnable> setup) {
        names.add(new String[] {name});
        jobs.add(() -> {
            Runnable op = setup.get();
            // a training step runs dozens of kernels whose C2 compiles queue behind each other on two busy cores
            // (measured: CNN compiles still landing 4.3 s in, and the step 2-3x slow after a 3 s warm-up)
            double median = time(op, name.startsWith("train_step") ? 4 * warm : warm);
            System.out.printf(Locale.ROOT, "RESULT torch4j %s %.6e%n", name, median);
            System.out.flush();
        });
    }

    /** One forward and backward of a normalisation layer on a fixed input of this shape. */
    static Runnable normStep(Module layer, long... shape) {
        Tensor x = randn(shape).requiresGrad_(true), g = randn(shape);
        return () -> {
            x.setGrad(null);
            layer.zeroGrad();
            layer.call(x).backward(g);
        };
    }

    static Runnable trainStep(int in, int hidden, int out, int batch) {
        Module net = new Sequential(new Linear(in, hidden), new ReLU(), new Linear(hidden, hidden), new ReLU(),
                new Linear(hidden, out));
        return trainStep(net, randn(batch, in), randint(0, out, Size.of(batch)));
    }

    /** The small CNN on MNIST-sized input: 28x28 -> conv 3x3 -> 26 -> pool -> 13 -> conv -> 11 -> pool -> 5. */
    static Runnable cnnStep() {
        Module net = new Sequential(new Conv2d(1, 32, 3), new ReLU(), new MaxPool2d(2), new Conv2d(32, 64, 3), new ReLU(),
                new MaxPool2d(2), new Flatten(), new Linear(1600, 10));
        return trainStep(net, randn(64, 1, 28, 28), randint(0, 10, Size.of(64)));
    }

    /**
     * One {@code nn.TransformerEncoderLayer(512, 8, dim_feedforward=2048, dropout=0.1, batch_first=True)} in training
     * on 32 sequences of 128 tokens: forward, MSE loss against a fixed target, backward, AdamW step.
     */
    static Runnable transformerStep() {
        var layer = new TransformerEncoderLayer(512, 8, TransformerEncoderLayer.options().batchFirst(true));
        var opt = new AdamW(layer.parameters(), AdamW.options(1e-3));
        Tensor x = randn(32, 128, 512), target = randn(32, 128, 512);
        return () -> {
            opt.zeroGrad();
            Functional.mseLoss(layer.call(x), target).backward();
            opt.step();
        };
    }

    /**
     * A two-layer {@code nn.LSTM(256, 512, batch_first=True)} and a Linear to 100 classes on 32 sequences of 64
     * steps: forward, cross-entropy over every step, backward, SGD (lr 0.01, momentum 0.9) step.
     */
    static Runnable lstmStep() { return recurrentStep(new LSTM(256, 512, LSTM.options().numLayers(2).batchFirst(true))); }

    /** {@link #lstmStep()} with a two-layer {@code nn.GRU(256, 512, batch_first=True)}. */
    static Runnable gruStep() { return recurrentStep(new GRU(256, 512, GRU.options().numLayers(2).batchFirst(true))); }

    private static Runnable recurrentStep(RNNBase rnn) {
        var head = new Linear(512, 100);
        List<Tensor> params = new ArrayList<>(rnn.parameters());
        params.addAll(head.parameters());
        var opt = new SGD(params, SGD.options(0.01).momentum(0.9));
        Tensor x = randn(32, 64, 256), y = randint(0, 100, Size.of(32, 64));
        return () -> {
            opt.zeroGrad();
            Tensor out = rnn.forward(x);
            Functional.crossEntropy(head.call(out).reshape(-1, 100), y.reshape(-1)).backward();
            opt.step();
        };
    }

    /**
     * {@code --rss STEPS}: runs STEPS training steps of the 784-256-256-10 MLP (batch 128) in this fresh JVM, as a
     * user's program would (default heap settings), and prints the process's peak resident memory (VmHWM).
     */
    static void peakRss(int steps) {
        manualSeed(0);
        Runnable step = trainStep(784, 256, 10, 128);
        for (int i = 0; i < steps; i++) step.run();
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    System.out.printf(Locale.ROOT, "RESULT torch4j peak_rss_mlp_784_%dsteps %d%n", steps, kib * 1024);
                }
            }
        } catch (java.io.IOException e) {
            System.out.println("# no /proc/self/status: " + e);
        }
    }

    static Runnable trainStep(Module net, Tensor x, Tensor y) {
        SGD opt = new SGD(net.parameters(), SGD.options(0.01).momentum(0.9));
        return () -> {
            opt.zeroGrad();
            Tensor loss = Functional.crossEntropy(net.call(x), y);
            loss.backward();
            opt.step();
        };
    }

    /** Median seconds per call, after the default warm-up; samples of at least ~2 ms. */
    static double time(Runnable op) { return time(op, warm); }

    /** Median seconds per call, after {@code warmSeconds} of calls; samples of at least ~2 ms. */
    static double time(Runnable op, double warmSeconds) {
        long start = System.nanoTime();
        int calls = 0;
        while (System.nanoTime() - start < warmSeconds * 1e9 || calls < 1) {
            op.run();
            calls++;
        }
        double perCall = (System.nanoTime() - start) / 1e9 / calls;
        int inner = (int) Math.max(1, Math.ceil(2e-3 / perCall));
        List<Double> samples = new ArrayList<>();
        start = System.nanoTime();
        int least = perCall > 1.0 ? 3 : 5;   // the 10000x10000 matmul takes 10-20 s a call
        while (System.nanoTime() - start < measure * 1e9 || samples.size() < least) {
            long t = System.nanoTime();
            for (int i = 0; i < inner; i++) op.run();
            samples.add((System.nanoTime() - t) / 1e9 / inner);
        }
        double[] s = samples.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
