package dev.torch4j.amp;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Linear;
import dev.torch4j.optim.SGD;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * torch.amp.GradScaler on the CPU: the step it takes equals the unscaled step, inf/NaN gradients skip the step and
 * back the scale off, clean steps grow it every growth_interval, and calls out of order fail with PyTorch's words
 * (semantics of PyTorch 2.x's grad_scaler.py and _amp_update_scale_).
 */
class GradScalerTest {
    private static float[] weightAfterStep(boolean scaled) {
        manualSeed(2);
        Linear lin = new Linear(3, 2);
        SGD opt = new SGD(lin.parameters(), SGD.options(0.1));
        Tensor loss = lin.call(randn(4, 3)).pow(2L).mean();
        GradScaler scaler = new GradScaler(GradScaler.options().device("cpu"));
        if (scaled) {
            scaler.scale(loss).backward();
            scaler.step(opt);
            scaler.update();
        } else {
            loss.backward();
            opt.step();
        }
        return lin.weight.toFloatArray();
    }

    @Test
    void aScaledStepIsTheUnscaledStep() {
        // the scale is a power of two, so scaling and unscaling are exact
        assertArrayEquals(weightAfterStep(false), weightAfterStep(true), 0f);
    }

    @Test
    void infOrNanGradientsSkipTheStepAndBackOff() {
        Linear lin = new Linear(2, 1);
        SGD opt = new SGD(lin.parameters(), SGD.options(0.1));
        GradScaler scaler = new GradScaler(GradScaler.options().device("cpu").initScale(1024).growthInterval(3));
        float[] before = lin.weight.toFloatArray();
        Tensor loss = lin.call(tensor(new float[][] {{1e30f, 1}})).sum().mul(1e10);
        Tensor scaled = scaler.scale(loss);
        assertEquals(loss.item() * 1024, scaled.item(), Math.abs(loss.item()) * 1e-6);
        scaled.backward();
        scaler.step(opt);
        scaler.update();
        assertArrayEquals(before, lin.weight.toFloatArray(), 0f, "the step was skipped");
        assertEquals(512.0, scaler.getScale());
        assertEquals(0L, scaler.stateDict().get("_growth_tracker"));
        // three clean iterations: the tracker counts to the interval, then the scale doubles
        for (int i = 1; i <= 3; i++) {
            opt.zeroGrad();
            scaler.scale(lin.call(tensor(new float[][] {{1, 2}})).sum()).backward();
            scaler.step(opt);
            scaler.update();
            assertEquals(i < 3 ? 512.0 : 1024.0, scaler.getScale(), "after clean step " + i);
            assertEquals((long) (i % 3), scaler.stateDict().get("_growth_tracker"));
        }
        assertFalse(java.util.Arrays.equals(before, lin.weight.toFloatArray()), "clean steps were taken");
    }

    @Test
    void unscaleBeforeClippingGivesTheTrueGradients() {
        Linear lin = new Linear(3, 1);
        SGD opt = new SGD(lin.parameters(), SGD.options(0.1));
        Tensor x = randn(2, 3);
        lin.call(x).sum().backward();
        Tensor trueGrad = lin.weight.grad().clone();
        opt.zeroGrad();
        GradScaler scaler = new GradScaler(GradScaler.options().device("cpu"));
        scaler.scale(lin.call(x).sum()).backward();
        assertNotEquals(trueGrad.toFloatArray()[0], lin.weight.grad().toFloatArray()[0]);
        scaler.unscale_(opt);
        assertArrayEquals(trueGrad.toFloatArray(), lin.weight.grad().toFloatArray(), 0f);
        var twice = assertThrows(IllegalStateException.class, () -> scaler.unscale_(opt));
        assertEquals("unscale_() has already been called on this optimizer since the last update().", twice.getMessage());
        scaler.step(opt);
        var after = assertThrows(IllegalStateException.class, () -> scaler.unscale_(opt));
        assertEquals("unscale_() is being called after step().", after.getMessage());
        var again = assertThrows(IllegalStateException.class, () -> scaler.step(opt));
        assertEquals("step() has already been called since the last update().", again.getMessage());
        scaler.update();
        var none = assertThrows(IllegalStateException.class, scaler::update);
        assertEquals("No inf checks were recorded prior to update.", none.getMessage());
    }

    @Test
    void callsBeforeScaleAndFloat16GradientsAreRefused() {
        Linear lin = new Linear(2, 1);
        SGD opt = new SGD(lin.parameters(), SGD.options(0.1));
        GradScaler scaler = new GradScaler(GradScaler.options().device("cpu"));
        var e = assertThrows(IllegalStateException.class, () -> scaler.step(opt));
        assertEquals("Attempted step but _scale is None.  This may indicate your script did not use scaler.scale(loss or outputs) "
                + "earlier in the iteration.", e.getMessage());
        lin.to(DType.FLOAT16);
        SGD halfOpt = new SGD(lin.parameters(), SGD.options(0.1)); // after to(): the converted parameters are new tensors
        scaler.scale(lin.call(ones(shape(1, 2), dtype(DType.FLOAT16))).sum()).backward();
        var half = assertThrows(IllegalArgumentException.class, () -> scaler.unscale_(halfOpt));
        assertEquals("Attempting to unscale FP16 gradients.", half.getMessage());
    }

    @Test
    void disabledScalersPassThroughAndStateRoundTrips() {
        GradScaler off = new GradScaler(GradScaler.options().device("cpu").enabled(false));
        Tensor t = ones(2);
        assertSame(t, off.scale(t));
        assertEquals(1.0, off.getScale());
        assertTrue(off.stateDict().isEmpty());
        if (!Torch.cuda().isAvailable()) assertFalse(new GradScaler().isEnabled(), "\"cuda\" without a device is disabled, as in PyTorch");
        GradScaler a = new GradScaler(GradScaler.options().device("cpu").initScale(8).growthInterval(7));
        Map<String, Object> sd = a.stateDict();
        assertEquals(java.util.List.of("scale", "growth_factor", "backoff_factor", "growth_interval", "_growth_tracker"), java.util.List.copyOf(sd.keySet()));
        GradScaler b = new GradScaler(GradScaler.options().device("cpu"));
        b.loadStateDict(sd);
        assertEquals(8.0, b.getScale());
        assertEquals(7, b.getGrowthInterval());
        var empty = assertThrows(IllegalStateException.class, () -> b.loadStateDict(Map.of()));
        assertTrue(empty.getMessage().startsWith("The source state dict is empty"));
        var bad = assertThrows(IllegalArgumentException.class, () -> new GradScaler(GradScaler.options().device("cpu").growthFactor(1.0)));
        assertEquals("The growth factor must be > 1.0.", bad.getMessage());
    }
}
