package dev.torch4j;

import dev.torch4j.nn.Linear;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The determinism switch, is_tensor, typename and asarray, with PyTorch's values and messages (checked against
 * PyTorch 1.13 by hand: the messages are its exception texts).
 */
class UtilityFunctionsTest {
    @AfterEach
    void off() { Torch.useDeterministicAlgorithms(false); }

    @Test
    void deterministicFlagsAndDebugMode() {
        assertFalse(Torch.areDeterministicAlgorithmsEnabled());
        assertEquals(0, Torch.getDeterministicDebugMode());
        Torch.useDeterministicAlgorithms(true);
        assertTrue(Torch.areDeterministicAlgorithmsEnabled());
        assertFalse(Torch.isDeterministicAlgorithmsWarnOnlyEnabled());
        assertEquals(2, Torch.getDeterministicDebugMode());
        Torch.useDeterministicAlgorithms(true, true);
        assertTrue(Torch.isDeterministicAlgorithmsWarnOnlyEnabled());
        assertEquals(1, Torch.getDeterministicDebugMode());
        Torch.setDeterministicDebugMode("default");
        assertFalse(Torch.areDeterministicAlgorithmsEnabled());
        Torch.setDeterministicDebugMode("error");
        assertEquals(2, Torch.getDeterministicDebugMode());
        Torch.setDeterministicDebugMode(1);
        assertEquals(1, Torch.getDeterministicDebugMode());
        Torch.setDeterministicDebugMode("warn");
        assertTrue(Torch.isDeterministicAlgorithmsWarnOnlyEnabled());
        assertEquals("invalid value of debug_mode, expected one of `default`, `warn`, `error`, but got x",
                assertThrows(IllegalArgumentException.class, () -> Torch.setDeterministicDebugMode("x")).getMessage());
        assertEquals("invalid value of debug_mode, expected 0, 1, or 2, but got 5",
                assertThrows(IllegalArgumentException.class, () -> Torch.setDeterministicDebugMode(5)).getMessage());
    }

    /** CPU kernels are deterministic: the mode changes nothing there (ops that alert do so only on CUDA). */
    @Test
    void cpuOpsRunUnderTheMode() {
        Torch.useDeterministicAlgorithms(true);
        Tensor x = Torch.zeros(3).indexAdd(0, Torch.fromArray(new long[] {0, 0, 2}), Torch.fromArray(new float[] {1, 2, 3}));
        assertArrayEquals(new float[] {3, 0, 3}, x.toFloatArray());
        assertEquals(2.0, Torch.histc(Torch.fromArray(new double[] {0.1, 0.9}), 2, 0, 1).sum().item());
    }

    @Test
    void isTensorAndTypename() {
        Tensor t = Torch.arange(3.0);
        assertTrue(Torch.isTensor(t));
        assertFalse(Torch.isTensor(new double[] {1}));
        assertEquals("torch.FloatTensor", Torch.typename(t));
        assertEquals("torch.LongTensor", Torch.typename(t.to(DType.INT64)));
        assertEquals("dev.torch4j.nn.Linear", Torch.typename(new Linear(1, 1)));
        assertEquals("dev.torch4j.nn.Linear", Torch.typename(Linear.class));
        assertEquals("java.lang.Integer", Torch.typename(3));
    }

    @Test
    void asarraySharesWhatItCan() {
        Tensor t = Torch.arange(3.0);
        assertSame(t, Torch.asarray(t));
        Tensor c = Torch.asarray(t, null, null, true);
        assertNotSame(t, c);
        c.fill_(5);
        assertEquals(0.0, t.select(0, 0).item());
        Tensor d = Torch.asarray(t, DType.FLOAT64, null, null);
        assertEquals(DType.FLOAT64, d.dtype());
        assertEquals("can't alias tensor with dtype 'Float' into dtype 'Double'.",
                assertThrows(IllegalArgumentException.class, () -> Torch.asarray(t, DType.FLOAT64, null, false)).getMessage());

        double[] a = {1, 2, 3};
        Tensor w = Torch.asarray(a);
        a[0] = 7;
        assertEquals(DType.FLOAT64, w.dtype());
        assertEquals(7.0, w.select(0, 0).item()); // shares the array, as PyTorch shares a NumPy array
        assertEquals(DType.FLOAT32, Torch.asarray(a, DType.FLOAT32, null, null).dtype());
        assertEquals("can't alias tensor with dtype 'Double' into dtype 'Float'.",
                assertThrows(IllegalArgumentException.class, () -> Torch.asarray(a, DType.FLOAT32, null, false)).getMessage());

        assertEquals("can't alias arbitrary sequence into a tensor.",
                assertThrows(IllegalArgumentException.class, () -> Torch.asarray(new long[][] {{1}}, null, null, false)).getMessage());
        assertEquals(DType.INT64, Torch.asarray(new long[][] {{1, 2}, {3, 4}}).dtype());
        assertEquals(DType.FLOAT32, Torch.asarray(new long[][] {{1, 2}}, DType.FLOAT32, null, null).dtype());
        assertEquals(DType.FLOAT32, Torch.asarray(3.5).dtype());
        assertEquals(0, Torch.asarray(3L).dim());
        assertEquals(DType.INT64, Torch.asarray(3L).dtype());
        assertEquals(DType.BOOL, Torch.asarray(true).dtype());
        Tensor l = Torch.asarray(java.util.List.of(java.util.List.of(1, 2.5), java.util.List.of(3, 4)));
        assertEquals(DType.FLOAT32, l.dtype());
        assertArrayEquals(new float[] {1, 2.5f, 3, 4}, l.reshape(-1).toFloatArray());
        assertEquals(DType.INT64, Torch.asarray(java.util.List.of(1, 2L)).dtype());
        assertEquals(DType.BOOL, Torch.asarray(java.util.List.of(true, false)).dtype());
        assertEquals(DType.FLOAT32, Torch.asarray(java.util.List.of()).dtype());
        assertEquals("can't alias arbitrary sequence into a tensor.",
                assertThrows(IllegalArgumentException.class, () -> Torch.asarray(java.util.List.of(1), null, null, false)).getMessage());
        Tensor g = Torch.asarray(new double[] {1, 2}, null, null, null, true);
        assertTrue(g.requiresGrad());
    }
}
