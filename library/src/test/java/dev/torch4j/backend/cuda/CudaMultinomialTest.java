package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Generator;
import dev.torch4j.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code multinomial} and {@code exponential_} on CUDA tensors (GPU draws, not the CPU's values): shapes, device,
 * zero weights never drawn, frequencies of many draws, and that an explicit CPU generator gives the CPU's indices.
 */
class CudaMultinomialTest {
    private static final Device GPU = Device.cuda(0);
    private static final double[] P = {0.1, 0.2, 0.3, 0.4, 0.0};

    @BeforeEach
    void needGpu() { assumeTrue(CudaRuntime.isAvailable(), "no CUDA device"); }

    @Test
    void drawsFollowTheWeightsOnTheGpu() {
        int n = 20000;
        manualSeed(3);
        Tensor p = tensor(P).to(GPU);
        for (boolean replacement : new boolean[] {true, false}) {
            Tensor r = replacement ? multinomial(p, n, true) : multinomial(p.expand(n, 5), 1);
            assertTrue(r.device().isCuda());
            assertEquals(DType.INT64, r.dtype());
            long[] counts = new long[P.length];
            for (long i : r.cpu().toLongArray()) counts[(int) i]++;
            for (int j = 0; j < P.length; j++) {
                assertEquals(n * P[j], counts[j], 5 * Math.sqrt(n * P[j] * (1 - P[j])), "category " + j);
            }
        }
        Tensor two = multinomial(tensor(new double[][] {{0, 1, 0, 2}, {3, 0, 1, 0}}).to(GPU), 2);
        assertArrayEquals(new long[] {2, 2}, two.shapeArray());
        long[] idx = two.cpu().toLongArray();
        assertTrue((idx[0] == 1 && idx[1] == 3) || (idx[0] == 3 && idx[1] == 1));
        assertTrue((idx[2] == 0 && idx[3] == 2) || (idx[2] == 2 && idx[3] == 0));
    }

    @Test
    void exponentialOnTheGpuIsPositiveWithTheRightMean() {
        int n = 100000;
        for (DType d : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double[] q = zeros(shape(n), dtype(d).device(GPU)).exponential_(4.0).cpu().toDoubleArray();
            double mean = 0;
            for (double v : q) {
                assertTrue(v > 0);
                mean += v / n;
            }
            assertEquals(0.25, mean, 5 * 0.25 / Math.sqrt(n));
        }
    }

    @Test
    void explicitCpuGeneratorGivesTheCpuIndices() {
        Tensor w = tensor(new double[][] {{1, 2, 3, 0}, {4, 0, 1, 1}});
        for (boolean replacement : new boolean[] {false, true}) {
            long[] cpu = multinomial(w, 3, replacement, new Generator().manualSeed(8)).toLongArray();
            Tensor gpu = multinomial(w.to(GPU), 3, replacement, new Generator().manualSeed(8));
            assertTrue(gpu.device().isCuda());
            assertArrayEquals(cpu, gpu.cpu().toLongArray());
        }
    }
}
