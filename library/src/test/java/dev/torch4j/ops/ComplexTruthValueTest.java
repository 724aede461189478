package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A complex value is true where it is not 0 (Python's bool(0 + 1j) is True): the cast to bool (PyTorch 2.3+; 1.13
 * looked at the real part alone), any/all and the logical ops agree on it.
 */
class ComplexTruthValueTest {
    // 0 + 1j, 0 + 0j, -0 - 0j, NaN + 0j, 2 + 0j
    private static Tensor z() {
        return Torch.viewAsComplex(Torch.fromArray(new double[] {0, 1, 0, 0, -0.0, -0.0, Double.NaN, 0, 2, 0}).reshape(5, 2));
    }

    private static long[] bits(Tensor b) { return b.to(DType.INT64).toLongArray(); }

    @Test
    void castToBoolIsNonzero() {
        assertArrayEquals(new long[] {1, 0, 0, 1, 1}, bits(z().to(DType.BOOL)));
        assertArrayEquals(new long[] {0, 1, 1, 0, 0}, bits(z().logicalNot()));
        assertArrayEquals(new long[] {1, 0, 0, 1, 1}, bits(z().logicalOr(Torch.zeros(5))));
        assertEquals(1L, z().any().to(DType.INT64).toLongArray()[0]);
        assertEquals(0L, z().all().to(DType.INT64).toLongArray()[0]);
        assertEquals(1L, z().narrow(0, 0, 1).all().to(DType.INT64).toLongArray()[0]);   // 0 + 1j alone: true
        // a bool dtype casts first: the sum of [true, false, false, true, true] in bool is true
        assertEquals(1L, z().sum(new long[] {0}, false, DType.BOOL).to(DType.INT64).toLongArray()[0]);
    }
}
