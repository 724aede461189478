package dev.torch4j.backend.cuda;

import dev.torch4j.Device;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.CrossEntropyLoss;
import dev.torch4j.nn.Embedding;
import dev.torch4j.nn.Flatten;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.MaxPool2d;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;
import dev.torch4j.optim.Adam;
import dev.torch4j.optim.Optimizer;
import dev.torch4j.optim.SGD;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A training step on the GPU only queues work: the host never waits for the device until it reads a value, as in
 * PyTorch, so the host's work overlaps the GPU's (Note [deferred index errors] is what lets a loss over class
 * indices do so). Counts {@link CudaMemory#hostWaits()} over steps, then checks the losses against the same steps
 * on the CPU. Skips without a GPU.
 */
class CudaNoWaitTest {
    private static final Device GPU = Device.cuda(0);

    @BeforeEach
    void needGpu() { assumeTrue(CudaRuntime.isAvailable(), "no CUDA device"); }

    /** Three steps after a warm-up step on each device; the GPU's make no host wait, and its losses match the CPU's. */
    private static void assertStepsDoNotWait(Function<Device, Module> net, Function<Module, Optimizer> opt, Tensor x, Tensor y) {
        double[] cpu = train(net, opt, x, y, Device.CPU);
        double[] gpu = train(net, opt, x, y, GPU);
        for (int i = 0; i < cpu.length; i++) assertEquals(cpu[i], gpu[i], 1e-5 * Math.abs(cpu[i]), "loss after step " + i);
    }

    private static double[] train(Function<Device, Module> net, Function<Module, Optimizer> opt, Tensor x, Tensor y,
                                  Device device) {
        Torch.manualSeed(5);
        Module m = net.apply(device);
        Optimizer o = opt.apply(m);
        Tensor xd = x.to(device), yd = y.to(device);
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        Tensor[] losses = new Tensor[4];
        long waits = 0;
        for (int step = 0; step < 4; step++) {
            if (step == 1) waits = device.isCuda() ? CudaMemory.hostWaits() : 0;
            o.zeroGrad();
            Tensor loss = lossFn.call(m.call(xd), yd);
            loss.backward();
            o.step();
            losses[step] = loss.detach();
        }
        if (device.isCuda()) assertEquals(waits, CudaMemory.hostWaits(), "host waits during three training steps");
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) v[i] = losses[i].item();
        if (device.isCuda()) assertTrue(CudaMemory.hostWaits() > waits, "reading the losses waits (the count counts)");
        return v;
    }

    @Test
    void mlpWithSgdMomentum() {
        Torch.manualSeed(1);
        Tensor x = Torch.randn(16, 12), y = Torch.randint(0, 4, Size.of(16));
        assertStepsDoNotWait(d -> new Sequential(new Linear(12, 24), new ReLU(), new Linear(24, 4)).to(d),
                m -> new SGD(m.parameters(), SGD.options(0.1).momentum(0.9)), x, y);
    }

    @Test
    void cnnWithBatchNormAndSgd() {
        Torch.manualSeed(4);
        Tensor x = Torch.randn(6, 3, 8, 8), y = Torch.randint(0, 3, Size.of(6));
        assertStepsDoNotWait(d -> new Sequential(new Conv2d(3, 4, 3), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
                        new Flatten(), new Linear(36, 3)).to(d),
                m -> new SGD(m.parameters(), SGD.options(0.05).momentum(0.9).weightDecay(1e-4)), x, y);
    }

    @Test
    void embeddingWithAdam() {
        Torch.manualSeed(3);
        Tensor x = Torch.randint(0, 30, Size.of(8, 3)), y = Torch.randint(0, 5, Size.of(8));
        assertStepsDoNotWait(d -> new Sequential(new Embedding(30, 6), new Flatten(), new Linear(18, 5)).to(d),
                m -> new Adam(m.parameters(), Adam.options(0.01)), x, y);
    }
}
