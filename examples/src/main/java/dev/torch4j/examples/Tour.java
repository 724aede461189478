package dev.torch4j.examples;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.io.IOException;
import java.nio.file.Path;

import static dev.torch4j.Torch.*;

/**
 * A guided tour of torch4j, in the spirit of PyTorch's "What is PyTorch?" tutorial: creating tensors, shapes and
 * views, math, sharing memory with Java arrays, and matrix multiplication timing. Run with {@code ./torch4j tour}.
 */
public final class Tour {
    private Tour() {}

    private static void step(String title) {
        System.out.println();
        System.out.println("== " + title + " ==");
    }

    private static void show(String code, Object value) {
        System.out.println(">>> " + code);
        System.out.println(value);
    }

    /** The whole tour; {@code gpu} as the argument runs only its last step, the CPU-vs-GPU matmul. */
    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("gpu")) {
            cpuVersusGpu(10_000);
            return;
        }
        System.out.println("torch4j tour: PyTorch's programming model, natively in Java");

        step("Creating tensors");
        show("tensor(new double[][] {{0.1, 1.2}, {2.2, 3.1}, {4.9, 5.2}})",
                tensor(new double[][] {{0.1, 1.2}, {2.2, 3.1}, {4.9, 5.2}}));
        show("zeros(2, 3)", zeros(2, 3));
        show("ones(shape(2, 2), dtype(DType.FLOAT64).device(Device.CPU))",
                ones(shape(2, 2), dtype(DType.FLOAT64).device(Device.CPU)));
        show("arange(10)", arange(10));
        show("linspace(0, 1, 5)", linspace(0, 1, 5));
        show("eye(3)", eye(3));
        manualSeed(0);
        show("manualSeed(0); rand(2, 3)   // the same numbers as torch.rand after torch.manual_seed(0)", rand(2, 3));
        show("randn(2, 3)", randn(2, 3));
        show("randint(0, 10, shape(2, 5))", randint(0, 10, shape(2, 5)));

        step("Shapes and views");
        Tensor x = randn(3, 3, 7);
        show("randn(3, 3, 7).shape()", x.shape());
        Tensor a = rand(100, 50);
        show("rand(100, 50).view(20, 5, 50).shape()", a.view(20, 5, 50).shape());
        show("a.view(-1, 5, 50).shape()", a.view(-1, 5, 50).shape());
        Tensor m = arange(6).view(2, 3);
        show("m = arange(6).view(2, 3)", m);
        show("m.t()", m.t());
        show("m.t().isContiguous()", m.t().isContiguous());
        show("m.t().contiguous().isContiguous()", m.t().contiguous().isContiguous());
        show("m.unsqueeze(0).shape()", m.unsqueeze(0).shape());
        show("m.index(slice(null, null), 1)   // m[:, 1]", m.index(slice(null, null), 1));
        show("m.index(m.gt(2))   // m[m > 2]", m.index(m.gt(2)));

        step("Operations");
        show("zeros(3, 3).add(ones(3, 3)).mul(2).sum().item()", zeros(3, 3).add(ones(3, 3)).mul(2).sum().item());
        Tensor y = tensor(new double[] {1, 2, 3});
        show("y = tensor(1., 2., 3.); y.pow(2)", y.pow(2));
        show("y.exp()", y.exp());
        show("y.softmax(0)", y.softmax(0));
        show("y.add_(1)   // in place", y.add_(1));
        show("arange(6).view(2, 3).add(tensor(new double[] {10, 20, 30}))   // broadcasting",
                arange(6).view(2, 3).add(tensor(new double[] {10, 20, 30})));
        show("arange(4).div(2)   // true division of integers gives floats", arange(4).div(2));
        show("cat(new Tensor[] {m, m}, 0)", cat(new Tensor[] {m, m}, 0));

        step("Sharing memory with Java arrays (like torch.from_numpy)");
        double[] raw = {1, 1, 1, 1, 1};
        Tensor b = fromArray(raw);
        raw[0] = 5;
        show("double[] raw = {1, 1, 1, 1, 1}; b = fromArray(raw); raw[0] = 5; b", b);
        b.mul_(2);
        show("b.mul_(2); java.util.Arrays.toString(raw)", java.util.Arrays.toString(raw));

        step("Matrix multiplication on the CPU");
        for (int n : new int[] {256, 512, 1024}) {
            Tensor p = randn(n, n), q = randn(n, n);
            p.matmul(q); // warm up
            int reps = n <= 256 ? 20 : n <= 512 ? 5 : 3;
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) p.matmul(q);
            double sec = (System.nanoTime() - t0) / 1e9 / reps;
            System.out.printf("matmul %4d x %4d float32: %8.3f ms  (%.1f GFLOP/s)%n", n, n, sec * 1e3, 2.0 * n * n * n / sec / 1e9);
        }

        step("Training a classifier: nn.Module, optim.SGD, data.DataLoader (examples/Classifier.java)");
        // the device the model trains on; the GPU once CUDA lands
        Classifier.Result trained = Classifier.run(Classifier.outputDir(new String[0]), Device.CPU, 20);
        System.out.println("(a model whose forward loops depending on its data: ./torch4j run DynamicGraph)");

        step("Saving and loading the trained classifier (PyTorch's checkpoint format)");
        Path checkpoint = Classifier.outputDir(new String[0]).resolve("classifier.pt");
        Torch.save(trained.net().stateDict(), checkpoint);
        Classifier.Net restored = new Classifier.Net();
        restored.loadStateDict(Torch.load(checkpoint));
        restored.eval();
        trained.net().eval();
        Tensor probe = tensor(new double[][] {{-2, -1}, {2, 1}, {0.2, 0.1}});
        Tensor before, after;
        try (var g = noGrad()) {
            before = trained.net().forward(probe).argmax(1);
            after = restored.forward(probe).argmax(1);
        }
        System.out.println(">>> Torch.save(net.stateDict(), \"" + checkpoint.getFileName() + "\"); restored.loadStateDict(Torch.load(...))");
        System.out.println("predictions before saving: " + before);
        System.out.println("predictions after loading: " + after + (before.equal(after) ? "  (the same)" : "  (DIFFERENT)"));
        System.out.println("(in Python: net.load_state_dict(torch.load(\"" + checkpoint.getFileName() + "\", weights_only=True)))");

        step("CPU vs GPU: matmul 10000 x 10000 float32");
        cpuVersusGpu(10_000);
    }

    /**
     * The seed's comparison: one n x n float32 matmul on the CPU, then on the GPU timed between synchronisations
     * (kernels are asynchronous: without them the clock would stop at the launch), with the largest difference.
     */
    static void cpuVersusGpu(int n) {
        var cuda = Torch.cuda();
        if (!cuda.isAvailable()) {
            String why = cuda.unavailableReason().lines().findFirst().orElse("");
            if (why.contains(" (tried")) why = why.substring(0, why.indexOf(" (tried")); // the full list: unavailableReason()
            System.out.println("No CUDA GPU here (" + why + "), so this step is skipped.");
            System.out.println("On a machine with an NVIDIA GPU this step times the same matmul on both.");
            return;
        }
        manualSeed(0);
        Tensor p = randn(n, n), q = randn(n, n);
        long t0 = System.nanoTime();
        Tensor cpu = p.matmul(q);
        double cpuSec = (System.nanoTime() - t0) / 1e9;
        Tensor pg = p.cuda(), qg = q.cuda();
        pg.matmul(qg); // warm-up: loads cuBLAS and picks its kernel
        cuda.synchronize();
        int reps = 5;
        t0 = System.nanoTime();
        Tensor gpu = null;
        for (int i = 0; i < reps; i++) gpu = pg.matmul(qg);
        cuda.synchronize();
        double gpuSec = (System.nanoTime() - t0) / 1e9 / reps;
        double diff = gpu.cpu().sub(cpu).abs().max().item() / cpu.abs().max().item();
        System.out.printf("CPU (%d threads):   %9.1f ms  (%7.1f GFLOP/s)%n", Runtime.getRuntime().availableProcessors(),
                cpuSec * 1e3, 2.0 * n * n * n / cpuSec / 1e9);
        System.out.printf("GPU (%s): %9.1f ms  (%7.1f GFLOP/s), %.0fx the CPU%n", cuda.getDeviceName(0), gpuSec * 1e3,
                2.0 * n * n * n / gpuSec / 1e9, cpuSec / gpuSec);
        System.out.printf("largest difference relative to the largest value: %.1e (TF32 %s)%n", diff,
                cuda.allowTf32() ? "on" : "off");
    }
}
