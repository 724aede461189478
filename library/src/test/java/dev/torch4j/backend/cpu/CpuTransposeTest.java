package dev.torch4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import org.junit.jupiter.api.Test;

/**
 * The tiled transposed copy ({@link CpuTranspose}) against the elements read by the elementwise loops: sizes around the tile
 * width, batched (3-d) permutes, views at an offset, both float dtypes, and shapes that keep the plain loop.
 */
class CpuTransposeTest {
    @Test
    void transposedCopiesMatchElementByElement() {
        Torch.manualSeed(7);
        int[][] sizes = {{32, 32}, {33, 65}, {100, 31}, {257, 129}, {64, 1000}, {1, 500}, {31, 31}};
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] sz : sizes) {
                Tensor x = Torch.randn(sz[0], sz[1]).to(t);
                check(x.t(), "t " + t + " " + sz[0] + "x" + sz[1]);
                // a view at an offset, with a row pitch wider than its rows
                Tensor wide = Torch.randn(sz[0] + 3, sz[1] + 5).to(t).narrow(0, 2, sz[0]).narrow(1, 4, sz[1]);
                check(wide.t(), "offset view " + t);
                Tensor b = Torch.randn(3, sz[0], sz[1]).to(t);
                check(b.transpose(1, 2), "batched " + t);
                check(b.permute(2, 1, 0), "permute(2,1,0) " + t);
                check(Torch.randn(sz[0], 2, sz[1]).to(t).permute(1, 2, 0), "permute(1,2,0) " + t);
            }
        }
    }

    /** {@code v.contiguous()} (a copy) against {@code v * 1}, which reads v through the elementwise loops instead. */
    private static void check(Tensor v, String what) {
        assertArrayEquals(v.mul(1.0).to(DType.FLOAT64).toDoubleArray(), v.contiguous().to(DType.FLOAT64).toDoubleArray(), what);
    }
}
