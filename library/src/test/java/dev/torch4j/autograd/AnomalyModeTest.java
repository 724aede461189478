package dev.torch4j.autograd;

import dev.torch4j.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.torch4j.Torch.autograd;
import static dev.torch4j.Torch.fromArray;
import static dev.torch4j.Torch.isAnomalyCheckNanEnabled;
import static dev.torch4j.Torch.isAnomalyEnabled;
import static dev.torch4j.Torch.setAnomalyEnabled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * torch.autograd.detect_anomaly / set_detect_anomaly: messages, blamed nodes and output indices are PyTorch 1.13's for
 * the Python beside each case (the same in 2.x: engine.cpp's check and python_anomaly_mode.cpp's texts).
 */
class AnomalyModeTest {
    private static Tensor leaf(double... v) { return fromArray(v.clone()).requiresGrad_(true); }

    /** The forward trace attached to an error raised in backward, or null. */
    private static AnomalyMode.ForwardTrace traceOf(Throwable e) {
        for (Throwable s : e.getSuppressed()) if (s instanceof AnomalyMode.ForwardTrace t) return t;
        return null;
    }

    private static boolean mentions(Throwable t, String method) {
        return Arrays.stream(t.getStackTrace()).anyMatch(f -> (f.getClassName() + "." + f.getMethodName()).contains(method));
    }

    @Test
    void flagsAndScopesNestAndRestore() {
        // torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled(): False True outside any scope
        assertFalse(isAnomalyEnabled());
        assertTrue(isAnomalyCheckNanEnabled());
        try (var a = autograd().detectAnomaly(false)) {
            assertTrue(isAnomalyEnabled());
            assertFalse(isAnomalyCheckNanEnabled());
            try (var b = autograd().setDetectAnomaly(false)) {
                // set_detect_anomaly(False): False True
                assertFalse(isAnomalyEnabled());
                assertTrue(isAnomalyCheckNanEnabled());
            }
            assertTrue(isAnomalyEnabled());
            assertFalse(isAnomalyCheckNanEnabled());
        }
        assertFalse(isAnomalyEnabled());
        assertTrue(isAnomalyCheckNanEnabled());
        setAnomalyEnabled(true);
        try {
            assertTrue(isAnomalyEnabled());
        } finally {
            setAnomalyEnabled(false);
        }
        assertFalse(isAnomalyEnabled());
    }

    @Test
    void theModeBelongsToItsThread() throws InterruptedException {
        AtomicBoolean seen = new AtomicBoolean(true);
        try (var a = autograd().detectAnomaly()) {
            Thread t = new Thread(() -> seen.set(isAnomalyEnabled()));
            t.start();
            t.join();
        }
        assertFalse(seen.get(), "another thread keeps its own mode, as with grad mode");
    }

    @Test
    void nanFromSqrtOfANegativeNamesSqrtBackward0() {
        // x = torch.tensor([-1., 4.], requires_grad=True)
        // with torch.autograd.detect_anomaly():
        //     y = x.sqrt(); (y * 2).sum().backward()
        // RuntimeError: Function 'SqrtBackward0' returned nan values in its 0th output.
        // (warning: Error detected in SqrtBackward0. Traceback of forward call that caused the error: ...)
        Tensor x = leaf(-1, 4);
        var e = assertThrows(IllegalStateException.class, () -> {
            try (var a = autograd().detectAnomaly()) {
                Tensor y = x.sqrt();
                y.mul(2.0).sum().backward();
            }
        });
        assertEquals("Function 'SqrtBackward0' returned nan values in its 0th output.", e.getMessage());
        AnomalyMode.ForwardTrace trace = traceOf(e);
        assertNotNull(trace, "the forward trace goes with the error");
        assertEquals("Error detected in SqrtBackward0. Traceback of forward call that caused the error:", trace.getMessage());
        assertEquals("SqrtBackward0", trace.node().name());
        assertTrue(mentions(trace, "nanFromSqrtOfANegativeNamesSqrtBackward0"), "the trace shows the forward call");
        assertNull(trace.getCause());
        assertNull(x.grad(), "nothing accumulated");
    }

    @Test
    void withoutTheModeOrWithoutTheNanCheckTheGradientIsNan() {
        // without anomaly mode (or with check_nan=False): x.grad = tensor([nan, 0.5000])
        Tensor x = leaf(-1, 4);
        x.sqrt().mul(2.0).sum().backward();
        assertArrayEquals(new double[] {Double.NaN, 0.5}, x.grad().toDoubleArray(), 0);
        Tensor x2 = leaf(-1, 4);
        try (var a = autograd().detectAnomaly(false)) {
            x2.sqrt().mul(2.0).sum().backward();
        }
        assertArrayEquals(new double[] {Double.NaN, 0.5}, x2.grad().toDoubleArray(), 0);
    }

    @Test
    void theIndexIsTheBackwardOutputs() {
        // a = [1, 2] (requires grad), b = [0, 1]: (a / b * 0).sum().backward() ->
        //   Function 'DivBackward0' returned nan values in its 0th output.
        // with a constant numerator: ... in its 1th output.
        Tensor b = leaf(0, 1);
        try (var m = autograd().detectAnomaly()) {
            var e0 = assertThrows(IllegalStateException.class, () -> leaf(1, 2).div(b).mul(0.0).sum().backward());
            assertEquals("Function 'DivBackward0' returned nan values in its 0th output.", e0.getMessage());
            var e1 = assertThrows(IllegalStateException.class, () -> fromArray(new double[] {1, 2}).div(b).mul(0.0).sum().backward());
            assertEquals("Function 'DivBackward0' returned nan values in its 1th output.", e1.getMessage());
        }
    }

    @Test
    void aNodeCreatedByCreateGraphBackwardChainsItsParent() {
        // x = torch.tensor([0., 1.], requires_grad=True)
        // with torch.autograd.detect_anomaly():
        //     y = x.pow(3); g, = torch.autograd.grad(y.sum(), x, create_graph=True); g.sqrt().sum().backward()
        // RuntimeError: Function 'PowBackward0' returned nan values in its 0th output.
        // warnings: Error detected in PowBackward0 (the grad call) ... Previous calculation was induced by PowBackward0
        // (the forward pow)
        Tensor x = leaf(0, 1);
        Tensor[] g = new Tensor[1];
        var e = assertThrows(IllegalStateException.class, () -> {
            try (var a = autograd().detectAnomaly()) {
                Tensor y = x.pow(3.0);
                g[0] = autograd().grad(new Tensor[] {y.sum()}, new Tensor[] {x}, null, true, true, false)[0];
                g[0].sqrt().sum().backward();
            }
        });
        assertEquals("Function 'PowBackward0' returned nan values in its 0th output.", e.getMessage());
        AnomalyMode.ForwardTrace trace = traceOf(e);
        assertNotNull(trace);
        assertEquals("Error detected in PowBackward0. Traceback of forward call that caused the error:", trace.getMessage());
        assertTrue(mentions(trace, "Autograd.grad"), "created while autograd.grad ran");
        assertInstanceOf(AnomalyMode.ForwardTrace.class, trace.getCause());
        assertEquals("Previous calculation was induced by PowBackward0. Traceback of forward call that induced the previous "
                + "calculation:", trace.getCause().getMessage());
        assertEquals("PowBackward0", ((AnomalyMode.ForwardTrace) trace.getCause()).node().name());
    }

    static final class Boom extends Function.Unary {
        @Override
        protected Tensor forward(FunctionCtx ctx, Tensor x) { return x.mul(2.0); }

        @Override
        protected Tensor backward(FunctionCtx ctx, Tensor grad) { throw new IllegalArgumentException("boom"); }
    }

    @Test
    void anErrorInsideABackwardCarriesTheForwardTrace() {
        // class Bad(Function): backward raises ValueError("boom"); under detect_anomaly the error propagates as is,
        // after the warning "Error detected in BadBackward. Traceback of forward call that caused the error:"
        Tensor x = leaf(1);
        var e = assertThrows(IllegalArgumentException.class, () -> {
            try (var a = autograd().detectAnomaly()) {
                new Boom().apply(x).sum().backward();
            }
        });
        assertEquals("boom", e.getMessage());
        assertEquals("Error detected in BoomBackward. Traceback of forward call that caused the error:", traceOf(e).getMessage());
        // without the mode: the same error, no trace
        var plain = assertThrows(IllegalArgumentException.class, () -> new Boom().apply(leaf(1)).sum().backward());
        assertNull(traceOf(plain));
    }

    @Test
    void aNodeMadeOutsideTheModeSaysItHasNoTrace() {
        Tensor x = leaf(1);
        Tensor y = new Boom().apply(x).sum();
        var e = assertThrows(IllegalArgumentException.class, () -> {
            try (var a = autograd().detectAnomaly()) {
                y.backward();
            }
        });
        assertEquals("Error detected in BoomBackward. No forward pass information available. Enable detect anomaly during "
                + "forward pass for more information.", traceOf(e).getMessage());
        assertEquals(0, traceOf(e).getStackTrace().length);
    }

    @Test
    void anInPlaceChangeOfASavedTensorGetsTheAnomalyHint() {
        // y = x.exp(); y.add_(1); y.sum().backward() under set_detect_anomaly(True):
        // "... Hint: the backtrace further above shows the operation that failed to compute its gradient. The variable
        // in question was changed in there or anywhere later. Good luck!" (warning: Error detected in ExpBackward0)
        Tensor x = leaf(1, 2);
        var e = assertThrows(IllegalStateException.class, () -> {
            try (var a = autograd().setDetectAnomaly(true)) {
                Tensor y = x.exp();
                y.add_(1.0);
                y.sum().backward();
            }
        });
        assertTrue(e.getMessage().contains("Hint: the backtrace further above shows the operation that failed to compute its "
                + "gradient. The variable in question was changed in there or anywhere later. Good luck!"), e.getMessage());
        assertEquals("ExpBackward0", traceOf(e).node().name());
        // without the mode: PyTorch's hint to turn it on
        Tensor y = leaf(1, 2).exp();
        y.add_(1.0);
        var plain = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(plain.getMessage().contains("Hint: enable anomaly detection to find the operation that failed to compute its "
                + "gradient, with torch.autograd.set_detect_anomaly(True)."), plain.getMessage());
    }

    @Test
    void nodesRecordNothingOutsideTheMode() {
        Tensor x = leaf(1, 2);
        assertNull(x.mul(x).gradFn().anomaly);
        try (var a = autograd().detectAnomaly()) {
            assertNotNull(x.mul(x).gradFn().anomaly);
        }
    }

    @Test
    void finiteGradientsAreUnchangedInTheMode() {
        // x = [1, 4]: d/dx sum(2 sqrt(x)) = 1 / sqrt(x) = [1, 0.5]
        Tensor x = leaf(1, 4);
        try (var a = autograd().detectAnomaly()) {
            x.sqrt().mul(2.0).sum().backward();
        }
        assertArrayEquals(new double[] {1, 0.5}, x.grad().toDoubleArray(), 1e-15);
    }
}
