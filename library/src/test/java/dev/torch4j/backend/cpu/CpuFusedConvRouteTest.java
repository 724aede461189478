package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.backend.Backend;
import dev.torch4j.backend.Storage;
import org.junit.jupiter.api.Test;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The CPU backend answers the optional conv2d / maxPool2d kernels for float32 and float64 (so ConvPoolFastPathTest's
 * comparison really exercises them) and declines other dtypes (the op layer then composes im2col + bmm).
 */
class CpuFusedConvRouteTest {
    private static final Backend CPU = CpuBackend.INSTANCE;
    private static final int[] P = {3, 3, 1, 1, 0, 0, 1, 1, 3, 3};   // 3x3 kernel over 5x5: 3x3 out

    @Test
    void floatingDtypesTakeTheFusedKernels() {
        manualSeed(3);
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = randn(2, 4, 5, 5).to(t), w = randn(6, 36).to(t), b = randn(6).to(t), g = randn(2, 6, 9).to(t);
            Storage out = CPU.conv2d(x.strided(), w.strided(), b.strided(), P, 1);
            assertNotNull(out, t.toString());
            assertEquals(2 * 6 * 9, out.numel(), t.toString());
            Storage[] grads = CPU.conv2dBackward(g.strided(), x.strided(), w.strided(), x.shapeArray(), true, true, true, P, 1);
            assertNotNull(grads, t.toString());
            assertEquals(x.numel(), grads[0].numel());
            assertEquals(w.numel(), grads[1].numel());
            assertEquals(6, grads[2].numel());
            Storage[] none = CPU.conv2dBackward(g.strided(), null, w.strided(), x.shapeArray(), true, false, false, P, 1);
            assertNull(none[1]);
            assertNull(none[2]);
            Tensor pg = randn(8, 4).to(t), ix = randint(0, 16, dev.torch4j.Size.of(8, 4));
            assertNotNull(CPU.maxPool2dBackward(pg.strided(), ix.strided(), 16), t.toString());
        }
    }

    @Test
    void otherDtypesAndNonContiguousWeightsAreDeclined() {
        Tensor x = ones(2, 4, 5, 5), w = ones(6, 36), g = ones(2, 6, 9);
        assertNull(CPU.conv2d(x.to(DType.INT64).strided(), w.to(DType.INT64).strided(), null, P, 1));
        assertNull(CPU.conv2d(x.to(DType.FLOAT16).strided(), w.to(DType.FLOAT16).strided(), null, P, 1));
        assertNull(CPU.conv2d(x.strided(), ones(36, 6).t().strided(), null, P, 1));
        assertNull(CPU.conv2d(x.strided(), w.to(DType.FLOAT64).strided(), null, P, 1));   // mixed dtypes
        assertNull(CPU.conv2dBackward(g.to(DType.INT32).strided(), x.to(DType.INT32).strided(), w.to(DType.INT32).strided(),
                x.shapeArray(), true, true, false, P, 1));
        assertNull(CPU.maxPool2dBackward(ones(8, 4).to(DType.BFLOAT16).strided(), zeros(8, 4).to(DType.INT64).strided(), 16));
    }
}
