package dev.torch4j.optim;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.NnGoldens;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

/** Whole training steps of the contract's MLP against PyTorch, and the flat-memory promise of DESIGN.md §9. */
class TrainingTest {
    static class Net extends Module {
        final Linear fc1 = new Linear(2, 16), fc2 = new Linear(16, 16), out = new Linear(16, 2);

        @Override
        public Tensor forward(Tensor x) { return out.forward(fc2.forward(fc1.forward(x).relu()).relu()); }
    }

    private static void train(String name, Function<List<Tensor>, Optimizer> makeOpt) {
        JsonObject c = NnGoldens.get("train", name);
        manualSeed(0);
        Net net = new Net();
        Tensor x = NnGoldens.tensor(c, "x"), y = NnGoldens.tensor(c, "y");
        Optimizer opt = makeOpt.apply(net.parameters());
        int step = 0;
        for (JsonElement expected : c.getAsJsonArray("losses")) {
            opt.zeroGrad();
            Tensor loss = Functional.crossEntropy(net.call(x), y);
            loss.backward();
            opt.step();
            assertEquals(expected.getAsDouble(), loss.item(), 1e-6, name + " loss at step " + step++);
        }
        List<Tensor> fin = NnGoldens.tensors(c.getAsJsonArray("final"));
        List<Tensor> ps = net.parameters();
        for (int i = 0; i < ps.size(); i++) Golden.assertClose(fin.get(i), ps.get(i).detach(), 1e-4, 1e-5, name + " param " + i);
    }

    @Test
    void sgdWithMomentumTrainsLikePyTorch() { train("sgd_momentum", ps -> new SGD(ps, SGD.options(0.1).momentum(0.9))); }

    @Test
    void adamTrainsLikePyTorch() { train("adam", ps -> new Adam(ps, Adam.options(0.01))); }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.yield(); // let reference processing run between collections
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }

    /**
     * A loop written as in PyTorch, with no close() anywhere, keeps its heap flat: autograd frees each step's
     * graph and saved tensors, and nothing else accumulates. The bound is generous (a leak of one batch's tensors
     * per step would add ~40 MB over 900 steps).
     */
    @Test
    void trainingLoopWithoutCloseKeepsMemoryFlat() throws InterruptedException {
        manualSeed(0);
        Net net = new Net();
        SGD opt = new SGD(net.parameters(), SGD.options(0.05).momentum(0.9));
        Tensor x = randn(64, 2);
        Tensor y = x.index(ALL, 0).gt(0.0).to(dev.torch4j.DType.INT64);
        long at100 = 0;
        for (int step = 1; step <= 1000; step++) {
            opt.zeroGrad();
            Tensor loss = Functional.crossEntropy(net.call(x), y);
            loss.backward();
            opt.step();
            if (step == 100) at100 = usedHeapAfterGc();
        }
        long at1000 = usedHeapAfterGc();
        assertTrue(at1000 - at100 < 8L << 20, "heap grew by " + ((at1000 - at100) >> 10) + " KiB between step 100 and 1000");
    }
}
