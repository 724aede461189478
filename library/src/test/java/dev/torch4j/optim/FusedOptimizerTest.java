package dev.torch4j.optim;

import static dev.torch4j.Torch.manualSeed;
import static dev.torch4j.Torch.randn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.nn.Parameter;
import dev.torch4j.ops.Fused;
import dev.torch4j.testing.Golden;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one-pass CPU Adam/AdamW, RMSprop and Adagrad kernels against the composed tensor-op form (whose values
 * OptimizerTest checks against PyTorch), over the options that change their arithmetic, both float dtypes, and sizes
 * that take the vector loop, the scalar tail and the threads.
 */
class FusedOptimizerTest {
    @AfterEach
    void restore() { Optimizer.useFusedKernels = true; }

    private static final Map<String, Function<List<Tensor>, Optimizer>> CONFIGS = Map.ofEntries(
            Map.entry("rmsprop", ps -> new RMSprop(ps, RMSprop.options(0.01))),
            Map.entry("rmsprop_centered_momentum_wd_maximize", ps -> new RMSprop(ps, RMSprop.options(0.01).momentum(0.9)
                    .centered(true).weightDecay(0.1).maximize(true))),
            Map.entry("rmsprop_alpha_low", ps -> new RMSprop(ps, RMSprop.options(0.02).alpha(0.3).centered(true))),
            Map.entry("adagrad", ps -> new Adagrad(ps, Adagrad.options(0.1))),
            Map.entry("adagrad_decay_wd_maximize", ps -> new Adagrad(ps, Adagrad.options(0.1).lrDecay(0.1).weightDecay(0.05)
                    .initialAccumulatorValue(0.2).maximize(true))),
            Map.entry("adam", ps -> new Adam(ps, Adam.options(0.01))),
            Map.entry("adam_amsgrad_wd_maximize", ps -> new Adam(ps, Adam.options(0.02).betas(0.8, 0.99).weightDecay(0.1)
                    .amsgrad(true).maximize(true))),
            Map.entry("adam_lerp_from_end", ps -> new Adam(ps, Adam.options(0.05).betas(0.3, 0.9).eps(1e-3))),
            Map.entry("adamw_wd", ps -> new AdamW(ps, AdamW.options(0.03).weightDecay(0.5).eps(1e-6))),
            Map.entry("adamw_amsgrad", ps -> new AdamW(ps, AdamW.options(0.01).amsgrad(true))));

    /** Runs 3 steps from seeded weights and gradients; returns the final params and their state tensors. */
    private static List<Tensor> run(String config, DType dtype, long n, boolean fused) {
        Optimizer.useFusedKernels = fused;
        manualSeed(7);
        List<Tensor> ps = List.of(Parameter.of(randn(n).to(dtype)), Parameter.of(randn(3, 5).to(dtype)));
        Optimizer opt = CONFIGS.get(config).apply(ps);
        for (int step = 0; step < 3; step++) {
            for (Tensor p : ps) p.setGrad(randn(p.shapeArray()).to(dtype));
            opt.step();
        }
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : ps) {
            out.add(p.detach());
            for (Object v : opt.state(p).values()) out.add((Tensor) v);
        }
        return out;
    }

    @Test
    void fusedAndComposedUpdatesAgree() {
        for (String config : CONFIGS.keySet()) {
            for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                for (long n : new long[] {7, 1000, 100_003}) {
                    List<Tensor> fused = run(config, dtype, n, true), composed = run(config, dtype, n, false);
                    assertEquals(composed.size(), fused.size());
                    for (int i = 0; i < fused.size(); i++) {
                        // fma where PyTorch's vector kernels use one: float32 results within a few ulps
                        double rtol = dtype == DType.FLOAT32 ? 2e-5 : 1e-12, atol = dtype == DType.FLOAT32 ? 1e-6 : 1e-14;
                        Golden.assertClose(composed.get(i), fused.get(i), rtol, atol,
                                config + " " + dtype + " n=" + n + " tensor " + i);
                    }
                }
            }
        }
    }

    @Test
    void rmspropAndAdagradKernelsRunForContiguousOperands() {
        Tensor p = randn(50), g = randn(50), v = randn(50).abs(), s = randn(50).abs();
        Tensor p0 = p.clone(), v0 = v.clone(), s0 = s.clone();
        assertTrue(Fused.rmspropStep(p, g, v, null, null, 0.01, 0.99, 1e-8, 0, 0, false));
        double g3 = g.index(3).item(), vv = 0.99 * v0.index(3).item() + 0.01 * g3 * g3;
        assertEquals(vv, v.index(3).item(), 1e-6 * vv + 1e-7);
        double pp = p0.index(3).item() - 0.01 * g3 / (Math.sqrt(vv) + 1e-8);
        assertEquals(pp, p.index(3).item(), 1e-5 * Math.abs(pp) + 1e-6);
        Tensor q = p.clone(), q0 = q.clone();
        assertTrue(Fused.adagradStep(q, g, s, 0.1, 1e-10, 0, false));
        double ss = s0.index(3).item() + g3 * g3;
        assertEquals(ss, s.index(3).item(), 1e-6 * ss + 1e-7);
        double qq = q0.index(3).item() - 0.1 * g3 / (Math.sqrt(ss) + 1e-10);
        assertEquals(qq, q.index(3).item(), 1e-5 * Math.abs(qq) + 1e-6);
        assertFalse(Fused.adagradStep(q, g, q, 0.1, 1e-10, 0, false)); // aliased: composed form
        assertFalse(Fused.rmspropStep(randn(3, 4).t(), randn(4, 3), randn(4, 3), null, null, 0.01, 0.99, 1e-8, 0, 0, false));
    }

    @Test
    void theKernelRunsForContiguousOperandsAndDeclinesOthers() {
        Tensor p = randn(100), g = randn(100), m = randn(100).abs(), v = randn(100).abs();
        Tensor p0 = p.clone(), m0 = m.clone(), v0 = v.clone();
        int before = p.storage().version();
        assertTrue(Fused.adamStep(p, g, m, v, null, 0.1, 0.9, 0.999, 1e-8, 0, false, false, 0.1, 1));
        assertTrue(p.storage().version() > before);
        // by hand for element 0: m = m0 + 0.1*(g - m0); v = 0.999*v0 + 0.001*g*g; p = p0 - 0.1*m/(sqrt(v) + 1e-8)
        double g0 = g.index(0).item(), mm = m0.index(0).item() + 0.1 * (g0 - m0.index(0).item());
        double vv = 0.999 * v0.index(0).item() + 0.001 * g0 * g0;
        assertEquals(mm, m.index(0).item(), 1e-6 * Math.abs(mm) + 1e-7);
        assertEquals(vv, v.index(0).item(), 1e-6 * Math.abs(vv) + 1e-7);
        double pp = p0.index(0).item() - 0.1 * mm / (Math.sqrt(vv) + 1e-8);
        assertEquals(pp, p.index(0).item(), 1e-5 * Math.abs(pp) + 1e-6);
        // a transposed (non-contiguous) operand, a dtype mismatch or aliasing: nothing written, caller composes
        Tensor q = randn(4, 5).t(), q0 = q.clone();
        assertFalse(Fused.adamStep(q, randn(5, 4), randn(5, 4), randn(5, 4), null, 0.1, 0.9, 0.999, 1e-8, 0, false, false, 0.1, 1));
        Golden.assertClose(q0, q, 0, 0, "untouched");
        assertFalse(Fused.adamStep(p, g.to(DType.FLOAT64), m, v, null, 0.1, 0.9, 0.999, 1e-8, 0, false, false, 0.1, 1));
        assertFalse(Fused.adamStep(p, g, m, m, null, 0.1, 0.9, 0.999, 1e-8, 0, false, false, 0.1, 1));
    }

    @Test
    void aNonContiguousParameterStillTrainsThroughTheComposedForm() {
        manualSeed(3);
        Tensor base = randn(5, 4);
        Tensor q = Parameter.of(base.t());
        Tensor r = Parameter.of(base.t().contiguous());
        Adam a = new Adam(List.of(q), Adam.options(0.1)), b = new Adam(List.of(r), Adam.options(0.1));
        Tensor g = randn(4, 5);
        q.setGrad(g.clone());
        r.setGrad(g.clone());
        a.step();
        b.step();
        Golden.assertClose(r.detach(), q.detach(), 2e-6, 1e-7, "non-contiguous parameter");
    }
}
