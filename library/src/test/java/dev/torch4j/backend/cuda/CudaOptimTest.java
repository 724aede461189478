package dev.torch4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.optim.Adagrad;
import dev.torch4j.optim.Adam;
import dev.torch4j.optim.AdamW;
import dev.torch4j.optim.Optimizer;
import dev.torch4j.optim.RMSprop;
import dev.torch4j.optim.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fused SGD step on the GPU (optim.cu) performs the CPU kernel's operations in its order, fused multiply-adds
 * included: parameters and momentum buffers equal the CPU's bit for bit, step after step.
 */
class CudaOptimTest {
    private static final Device GPU = Device.cuda(0);

    @BeforeEach
    void needGpu() { assumeTrue(CudaRuntime.isAvailable(), "no CUDA device"); }

    @Test
    void adamStepsEqualTheCpusBitForBit() {
        List<Function<List<Tensor>, Optimizer>> variants = List.of(
                ps -> new Adam(ps, Adam.options(1e-2)),
                ps -> new Adam(ps, Adam.options(1e-2).weightDecay(0.1).amsgrad(true)),
                ps -> new Adam(ps, Adam.options(3e-3).betas(0.3, 0.99).maximize(true)),
                ps -> new AdamW(ps, AdamW.options(1e-2).weightDecay(0.05)));
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int v = 0; v < variants.size(); v++) {
                checkSteps(t, variants.get(v), "Adam variant " + v);
            }
        }
    }

    @Test
    void rmspropAndAdagradStepsEqualTheCpusBitForBit() {
        List<Function<List<Tensor>, Optimizer>> variants = List.of(
                ps -> new RMSprop(ps, RMSprop.options(1e-2)),
                ps -> new RMSprop(ps, RMSprop.options(1e-2).centered(true).momentum(0.9).weightDecay(0.1)),
                ps -> new RMSprop(ps, RMSprop.options(3e-3).alpha(0.3).centered(true).maximize(true)),
                ps -> new Adagrad(ps, Adagrad.options(1e-1)),
                ps -> new Adagrad(ps, Adagrad.options(5e-2).lrDecay(0.01).weightDecay(0.05).initialAccumulatorValue(0.1)
                        .maximize(true)));
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int v = 0; v < variants.size(); v++) {
                checkSteps(t, variants.get(v), (v < 3 ? "RMSprop" : "Adagrad") + " variant " + v);
            }
        }
    }

    /** The optimizers composed from tensor ops (no fused kernel) take the same steps on the GPU. */
    @Test
    void composedOptimizersStepAsOnTheCpu() {
        List<Function<List<Tensor>, Optimizer>> variants = List.of(
                ps -> new dev.torch4j.optim.Adamax(ps, dev.torch4j.optim.Adamax.options(1e-2).weightDecay(0.1)),
                ps -> new dev.torch4j.optim.Adadelta(ps, dev.torch4j.optim.Adadelta.options().maximize(true)),
                ps -> new dev.torch4j.optim.NAdam(ps, dev.torch4j.optim.NAdam.options(1e-2).weightDecay(0.1).decoupledWeightDecay(true)),
                ps -> new dev.torch4j.optim.RAdam(ps, dev.torch4j.optim.RAdam.options(1e-2).betas(0.8, 0.9)),
                ps -> new dev.torch4j.optim.Rprop(ps, dev.torch4j.optim.Rprop.options(0.05).maximize(true)),
                ps -> new dev.torch4j.optim.ASGD(ps, dev.torch4j.optim.ASGD.options(0.1).lambd(0.01).t0(2).weightDecay(0.1)));
        for (int v = 0; v < variants.size(); v++) checkSteps(DType.FLOAT64, variants.get(v), "composed optimizer " + v);
    }

    /** LBFGS with the strong-Wolfe line search on a least-squares problem takes the CPU's steps on the GPU (float64). */
    @Test
    void lbfgsStepsAsOnTheCpu() {
        Torch.manualSeed(8);
        Tensor x = Torch.randn(20, 3).to(DType.FLOAT64), y = Torch.randn(20).to(DType.FLOAT64);
        Tensor[] results = new Tensor[2];
        for (int d = 0; d < 2; d++) {
            Device where = d == 0 ? Device.CPU : GPU;
            Tensor w = Torch.zeros(3).to(where, DType.FLOAT64).requiresGrad_(true);
            Tensor xd = x.to(where), yd = y.to(where);
            var opt = new dev.torch4j.optim.LBFGS(List.of(w), dev.torch4j.optim.LBFGS.options(1).maxIter(10).lineSearchFn("strong_wolfe"));
            for (int step = 0; step < 2; step++) {
                opt.step(() -> {
                    opt.zeroGrad();
                    Tensor loss = xd.matmul(w).sub(yd).square().mean();
                    loss.backward();
                    return loss;
                });
            }
            results[d] = w.detach().cpu();
        }
        dev.torch4j.testing.Golden.assertClose(results[0], results[1], 1e-12, 1e-12, "LBFGS on the GPU");
    }

    /** Four steps on the CPU and on the GPU from the same weights and gradients; exact agreement after each. */
    private static void checkSteps(DType t, Function<List<Tensor>, Optimizer> make, String what) {
        Torch.manualSeed(4);
        Tensor w = Torch.randn(29, 13).to(t), g = Torch.randn(29, 13).to(t);
        Tensor cw = w.clone().requiresGrad_(true), gw = w.to(GPU).requiresGrad_(true);
        Optimizer cpu = make.apply(List.of(cw)), gpu = make.apply(List.of(gw));
        for (int step = 0; step < 4; step++) {
            Tensor grad = g.mul(1.0 - 0.3 * step);
            cw.setGrad(grad.clone());
            gw.setGrad(grad.to(GPU));
            cpu.step();
            gpu.step();
            assertArrayEquals(cw.detach().toDoubleArray(), gw.detach().cpu().toDoubleArray(),
                    t + " " + what + " step " + step);
        }
    }

    @Test
    void sgdStepsManyParametersInOneLaunchBitForBit() {
        List<Function<List<Tensor>, Optimizer>> variants = List.of(
                ps -> new SGD(ps, SGD.options(0.1)),
                ps -> new SGD(ps, SGD.options(0.05).momentum(0.9).nesterov(true).weightDecay(0.01)),
                ps -> new SGD(ps, SGD.options(0.02).momentum(0.8).dampening(0.3).maximize(true)));
        for (int v = 0; v < variants.size(); v++) checkManySteps(variants.get(v), "SGD variant " + v);
    }

    @Test
    void adamStepsManyParametersInOneLaunchBitForBit() {
        List<Function<List<Tensor>, Optimizer>> variants = List.of(
                ps -> new Adam(ps, Adam.options(1e-2).weightDecay(0.1).amsgrad(true)),
                ps -> new Adam(ps, Adam.options(3e-3).betas(0.3, 0.99).maximize(true)),
                ps -> new AdamW(ps, AdamW.options(1e-2).weightDecay(0.05)));
        for (int v = 0; v < variants.size(); v++) checkManySteps(variants.get(v), "Adam variant " + v);
    }

    /**
     * 53 parameters (two launches of up to 48), one of 150000 elements (three chunks), one empty, and one whose
     * gradient first appears at step 2 (its momentum buffer, or its Adam step count, starts then): three steps on
     * the CPU and on the GPU, exact agreement and no host wait on the GPU.
     */
    private static void checkManySteps(Function<List<Tensor>, Optimizer> make, String what) {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Torch.manualSeed(7);
            List<Tensor> cpuPs = new ArrayList<>(), gpuPs = new ArrayList<>(), grads = new ArrayList<>();
            for (int i = 0; i < 53; i++) {
                long size = i == 5 ? 150_000 : i == 9 ? 0 : 1 + (i * 37) % 300;
                Tensor w = Torch.randn(size).to(t);
                cpuPs.add(w.clone().requiresGrad_(true));
                gpuPs.add(w.to(GPU).requiresGrad_(true));
                grads.add(Torch.randn(size).to(t));
            }
            Optimizer cpu = make.apply(cpuPs), gpu = make.apply(gpuPs);
            for (int step = 0; step < 3; step++) {
                for (int i = 0; i < 53; i++) {
                    if (i == 11 && step < 2) continue;
                    Tensor grad = grads.get(i).mul(1.0 + step);
                    cpuPs.get(i).setGrad(grad.clone());
                    gpuPs.get(i).setGrad(grad.to(GPU));
                }
                long waits = CudaMemory.hostWaits();
                cpu.step();
                gpu.step();
                assertEquals(waits, CudaMemory.hostWaits(), what + ": a step queues work only");
                for (int i = 0; i < 53; i++) {
                    assertArrayEquals(cpuPs.get(i).detach().toDoubleArray(), gpuPs.get(i).detach().cpu().toDoubleArray(),
                            t + " " + what + " parameter " + i + " step " + step);
                }
            }
        }
    }

    @Test
    void sgdStepsEqualTheCpusBitForBit() {
        SGD.Options[] variants = {
            SGD.options(0.1),
            SGD.options(0.05).momentum(0.9),
            SGD.options(0.05).momentum(0.9).nesterov(true).weightDecay(0.01),
            SGD.options(0.02).momentum(0.8).dampening(0.3).weightDecay(0.1).maximize(true)};
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (SGD.Options o : variants) {
                Torch.manualSeed(3);
                Tensor w = Torch.randn(37, 11).to(t), g = Torch.randn(37, 11).to(t);
                Tensor cw = w.clone().requiresGrad_(true), gw = w.to(GPU).requiresGrad_(true);
                SGD cpu = new SGD(List.of(cw), o), gpu = new SGD(List.of(gw), o);
                for (int step = 0; step < 4; step++) {
                    Tensor grad = g.mul(1.0 + step);
                    cw.setGrad(grad.clone());
                    gw.setGrad(grad.to(GPU));
                    cpu.step();
                    gpu.step();
                    assertEquals(GPU, gw.device());
                    assertArrayEquals(cw.detach().toDoubleArray(), gw.detach().cpu().toDoubleArray(),
                            t + " " + o + " step " + step);
                }
            }
        }
    }
}
