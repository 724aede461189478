package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import org.junit.jupiter.api.Test;

import static dev.torch4j.Torch.dtype;
import static dev.torch4j.Torch.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * var/std through the CPU's kernel (rows in blocks summed in order, columns down the rows, other layouts moved) against the
 * same statistics composed of float64 ops; the goldens against PyTorch are in ReductionsGoldenTest and the fuzzers.
 */
class VarianceKernelTest {
    /** The composed two-pass variance in float64. */
    private static Tensor reference(Tensor x, long[] dims, double correction, boolean keepdim) {
        Tensor d = x.to(DType.FLOAT64);
        long n = 1;
        for (long k : dims) n *= x.size(k);
        Tensor dev = d.sub(d.mean(dims, true));
        return dev.mul(dev).sum(dims, keepdim).div(Math.max(0, n - correction));
    }

    private static void assertNear(Tensor want, Tensor got, double rtol, String what) {
        assertEquals(want.shape(), got.shape(), what + " shape");
        double err = got.to(DType.FLOAT64).sub(want).abs().div(want.abs().add(1e-300)).max().item();
        assertTrue(err <= rtol, what + ": relative error " + err);
    }

    @Test
    void longRowsManyRowsAndLeadingDimsAsTheComposedFloat64Statistics() {
        Torch.manualSeed(5);
        Tensor big = Torch.randn(3, 200_001).mul(1e18).add(4e18);   // the sums of squares (2e41) overflow float32
        assertNear(reference(big, new long[] {1}, 1, false), big.var(1), 2e-7, "long float32 rows");
        assertNear(reference(big, new long[] {0, 1}, 0, false), big.var(new long[] {0, 1}, 0.0, false), 2e-7, "whole tensor");
        Tensor x = Torch.randn(shape(4, 5, 6, 7), dtype(DType.FLOAT64));
        assertNear(reference(x, new long[] {0, 2}, 1, true), x.var(new long[] {0, 2}, 1.0, true), 1e-14, "dims 0 and 2, keepdim");
        Tensor s = x.std(new long[] {1, 3}, 2.0, false), v = reference(x, new long[] {1, 3}, 2, false).sqrt();
        assertNear(v, s, 1e-14, "std, correction 2");
        assertNear(reference(x, new long[] {1, 2}, 1, false), x.var(new long[] {1, 2}, 1.0, false), 1e-14, "middle dims: [4, 30, 7]");
        Tensor cols = Torch.randn(700, 1100).mul(2).sub(5);   // columns: more than one task's worth
        assertNear(reference(cols, new long[] {0}, 1, true), cols.var(new long[] {0}, 1.0, true), 2e-7, "columns");
        Tensor t = Torch.randn(300, 50).t();   // a transposed view: its rows are columns of the storage
        assertNear(reference(t, new long[] {1}, 1, false), t.var(1), 2e-7, "non-contiguous input");
        assertEquals(DType.FLOAT32, t.var(1).dtype());
    }

    @Test
    void theResultDoesNotDependOnTheThreadCount() {
        Torch.manualSeed(6);
        Tensor x = Torch.randn(2, 300_000).mul(3).add(1);
        int threads = Torch.getNumThreads();
        try {
            Torch.setNumThreads(1);
            Tensor one = x.var(1), all = x.std(), cols = x.t().contiguous().var(0);
            Torch.setNumThreads(Math.max(2, threads));
            assertTrue(one.equal(x.var(1)) && all.equal(x.std()) && cols.equal(x.t().contiguous().var(0)),
                    "same bits with one thread and with several");
        } finally {
            Torch.setNumThreads(threads);
        }
    }

    @Test
    void edgeCasesAsPyTorch() {
        assertTrue(Torch.tensor(new float[] {3f}).var().isnan().item() != 0, "one element, Bessel's correction: NaN");
        assertEquals(0.0, Torch.tensor(new float[] {3f}).var(new long[] {0}, 0.0, false).item());
        assertTrue(Torch.tensor(new float[] {1f, Float.POSITIVE_INFINITY}).var().isnan().item() != 0, "inf: NaN");
        assertEquals(Double.POSITIVE_INFINITY, Torch.tensor(new float[] {1f, 2f}).var(new long[] {0}, 2.0, false).item(),
                "n - correction = 0 divides by zero");
    }
}
