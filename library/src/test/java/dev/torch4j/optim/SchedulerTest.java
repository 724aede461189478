package dev.torch4j.optim;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.nn.NnGoldens;
import dev.torch4j.nn.Parameter;
import dev.torch4j.optim.lr.CosineAnnealingLR;
import dev.torch4j.optim.lr.ExponentialLR;
import dev.torch4j.optim.lr.LinearLR;
import dev.torch4j.optim.lr.MultiStepLR;
import dev.torch4j.optim.lr.OneCycleLR;
import dev.torch4j.optim.lr.ReduceLROnPlateau;
import dev.torch4j.optim.lr.StepLR;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

/** Learning-rate (and momentum) schedules against PyTorch's (goldens/nn.json). */
class SchedulerTest {
    private static List<Double> doubles(JsonObject c, String key) {
        List<Double> out = new ArrayList<>();
        for (JsonElement e : c.getAsJsonArray(key)) out.add(e.getAsDouble());
        return out;
    }

    private static void check(String name, boolean adam, java.util.function.Function<Optimizer, Object> make) {
        JsonObject c = NnGoldens.get("sched", name);
        Tensor p = Parameter.of(zeros(1));
        Optimizer opt = adam ? new Adam(List.of(p), Adam.options(0.1)) : new SGD(List.of(p), SGD.options(0.1).momentum(0.9));
        Object s = make.apply(opt);
        List<Double> lrs = new ArrayList<>(List.of(opt.paramGroups().getFirst().lr())), moms = new ArrayList<>();
        List<Double> metrics = List.of(1.0, 0.9, 0.95, 0.96, 0.97, 0.97, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6);
        List<Double> expected = doubles(c, "lrs");
        for (int e = 0; e < expected.size() - 1; e++) {
            opt.step();
            if (s instanceof ReduceLROnPlateau r) r.step(metrics.get(e));
            else ((dev.torch4j.optim.lr.LRScheduler) s).step();
            var g = opt.paramGroups().getFirst();
            lrs.add(g.lr());
            moms.add(adam ? ((Number) ((List<?>) g.get("betas")).getFirst()).doubleValue() : g.getDouble("momentum"));
        }
        List<Double> expMoms = doubles(c, "momenta");
        for (int i = 0; i < expected.size(); i++) assertEquals(expected.get(i), lrs.get(i), 1e-12 * Math.abs(expected.get(i)) + 1e-15, name + " lr " + i);
        for (int i = 0; i < expMoms.size(); i++) assertEquals(expMoms.get(i), moms.get(i), 1e-12, name + " momentum " + i);
    }

    @Test
    void schedulesMatchPyTorch() {
        check("step", false, o -> new StepLR(o, 3, 0.5));
        check("multistep", false, o -> new MultiStepLR(o, new int[] {2, 5, 5, 9}, 0.1));
        check("exponential", false, o -> new ExponentialLR(o, 0.9));
        check("cosine", false, o -> new CosineAnnealingLR(o, 5, 0.01));
        check("linear", false, o -> new LinearLR(o, 0.25, 1.0, 4));
        check("onecycle", false, o -> new OneCycleLR(o, 1.0, 12));
        check("cyclic", false, o -> new dev.torch4j.optim.lr.CyclicLR(o, 0.01, 0.1, dev.torch4j.optim.lr.CyclicLR.options().stepSizeUp(3)));
        check("cyclic_triangular2_down", false, o -> new dev.torch4j.optim.lr.CyclicLR(o, 0.01, 0.1,
                dev.torch4j.optim.lr.CyclicLR.options().stepSizeUp(2).stepSizeDown(4).mode("triangular2")));
        // 2.x cycles Adam's beta1 as it cycles SGD's momentum (1.13 refuses Adam): the same golden serves both
        for (boolean adam : new boolean[] {false, true}) {
            check("cyclic_exp_range", adam, o -> new dev.torch4j.optim.lr.CyclicLR(o, 0.001, 0.01,
                    dev.torch4j.optim.lr.CyclicLR.options().stepSizeUp(3).mode("exp_range").gamma(0.9).baseMomentum(0.7).maxMomentum(0.95)));
        }
        check("onecycle_adam_linear", true, o -> new OneCycleLR(o, 0.5, 10, OneCycleLR.options().annealStrategy("linear").threePhase(true)));
        check("plateau", false, o -> new ReduceLROnPlateau(o, ReduceLROnPlateau.options().patience(2).cooldown(1).factor(0.5)));
        check("lambda", false, o -> new dev.torch4j.optim.lr.LambdaLR(o, e -> Math.pow(0.95, e)));
        check("multiplicative", false, o -> new dev.torch4j.optim.lr.MultiplicativeLR(o, e -> e % 2 == 1 ? 0.9 : 0.8));
        check("constant", false, o -> new dev.torch4j.optim.lr.ConstantLR(o, 0.5, 4));
        check("constant_default", false, dev.torch4j.optim.lr.ConstantLR::new);
        check("polynomial", false, o -> new dev.torch4j.optim.lr.PolynomialLR(o, 6, 2.0));
        check("warm_restarts", false, o -> new dev.torch4j.optim.lr.CosineAnnealingWarmRestarts(o, 3, 2, 0.001));
        check("warm_restarts_mult1", false, o -> new dev.torch4j.optim.lr.CosineAnnealingWarmRestarts(o, 4));
        check("sequential_warmup_cosine", false, o -> new dev.torch4j.optim.lr.SequentialLR(o,
                List.of(new LinearLR(o, 0.1, 1.0, 3), new CosineAnnealingLR(o, 8, 0.001)), new int[] {3}));
        check("sequential_three", false, o -> new dev.torch4j.optim.lr.SequentialLR(o, List.of(new dev.torch4j.optim.lr.ConstantLR(o, 0.5, 10),
                new ExponentialLR(o, 0.8), new StepLR(o, 2, 0.5)), new int[] {2, 5}));
        check("sequential_multistep_poly", false, o -> new dev.torch4j.optim.lr.SequentialLR(o, List.of(new MultiStepLR(o, new int[] {1, 2, 2}, 0.5),
                new dev.torch4j.optim.lr.PolynomialLR(o, 4, 2.0)), new int[] {4}));
        check("chained", false, o -> new dev.torch4j.optim.lr.ChainedScheduler(List.of(new dev.torch4j.optim.lr.ConstantLR(o, 0.1, 2),
                new ExponentialLR(o, 0.9))));
    }

    /**
     * SequentialLR undoes its first scheduler's construction step and steps it again: a CosineAnnealingWarmRestarts
     * there restarts at epoch 0 with the initial lr (it used to advance T_cur to 1). Values from PyTorch 1.13
     * (found by fuzz_lr_goldens.py).
     */
    @Test
    void sequentialStartingWithWarmRestarts() {
        SGD opt = new SGD(List.of(Parameter.of(zeros(1))), SGD.options(1.0));
        var s = new dev.torch4j.optim.lr.SequentialLR(opt, List.of(new dev.torch4j.optim.lr.CosineAnnealingWarmRestarts(opt, 5),
                new ExponentialLR(opt, 0.5)), new int[] {3});
        double[] want = {1.0, 0.9045084971874737, 0.6545084971874737, 1.0, 0.5, 0.25};
        for (int i = 0; i < want.length; i++) {
            if (i > 0) s.step();
            assertEquals(want[i], opt.paramGroups().getFirst().lr(), 1e-15, "step " + i);
        }
    }

    /** OneCycleLR whose first phase has no steps (pct_start * total_steps == 1) fails where PyTorch divides by zero. */
    @Test
    void oneCycleWithAnEmptyPhaseFails() {
        SGD opt = new SGD(List.of(Parameter.of(zeros(1))), SGD.options(1.0).momentum(0.9));
        var e = assertThrows(ArithmeticException.class, () -> new OneCycleLR(opt, 1.0, 20, OneCycleLR.options().pctStart(0.05)));
        assertTrue(e.getMessage().endsWith("(PyTorch: float division by zero)"), e.getMessage());
    }

    /** ConstantLR with factor 0 fails at total_iters, where PyTorch divides by the factor (found by fuzz_lr_goldens.py). */
    @Test
    void constantWithFactorZeroFailsAtTotalIters() {
        SGD opt = new SGD(List.of(Parameter.of(zeros(1))), SGD.options(1.0));
        var s = new dev.torch4j.optim.lr.ConstantLR(opt, 0.0, 2);
        s.step();
        assertEquals(0.0, opt.paramGroups().getFirst().lr());
        var e = assertThrows(ArithmeticException.class, s::step);
        assertTrue(e.getMessage().contains("float division by zero"), e.getMessage());
    }

    /** {@code scheduler.step(epoch)} with fractional epochs, as PyTorch's docs use it inside an epoch. */
    @Test
    void warmRestartsAtFractionalEpochs() {
        JsonObject c = NnGoldens.get("sched", "warm_restarts_fractional");
        Tensor p = Parameter.of(zeros(1));
        SGD opt = new SGD(List.of(p), SGD.options(0.1));
        var s = new dev.torch4j.optim.lr.CosineAnnealingWarmRestarts(opt, 2, 3, 0.01);
        List<Double> epochs = doubles(c, "epochs"), want = doubles(c, "lrs");
        for (int i = 0; i < epochs.size(); i++) {
            s.step(epochs.get(i));
            assertEquals(want.get(i), opt.paramGroups().getFirst().lr(), 1e-12, "epoch " + epochs.get(i));
        }
        assertThrows(IllegalArgumentException.class, () -> new dev.torch4j.optim.lr.ConstantLR(opt, 1.5, 3));
        assertThrows(IllegalArgumentException.class, () -> new dev.torch4j.optim.lr.CosineAnnealingWarmRestarts(opt, 0));
    }

    @Test
    void lastLrAndOneCycleOverrun() {
        Tensor p = Parameter.of(zeros(1));
        SGD opt = new SGD(List.of(p), SGD.options(0.1).momentum(0.9));
        OneCycleLR s = new OneCycleLR(opt, 1.0, 2);
        s.step();
        s.step();
        assertArrayEquals(new double[] {opt.paramGroups().getFirst().lr()}, s.lastLr());
        var e = assertThrows(IllegalStateException.class, s::step);
        assertEquals("Tried to step 3 times. The specified number of total steps is 2", e.getMessage());
        assertEquals(0.04, opt.paramGroups().getFirst().getDouble("initial_lr"), 1e-15);
    }
}
