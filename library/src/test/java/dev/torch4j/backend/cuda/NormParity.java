package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inputs and the comparison shared by the normalisation kernels' GPU-against-CPU tests. */
final class NormParity {
    private NormParity() {}

    /** float64 values {@code shift + scale * N(0, 1)} from a seeded java.util.Random, so both devices get the same. */
    static Tensor data(long seed, double scale, double shift, long... shape) {
        Random r = new Random(seed);
        long n = 1;
        for (long s : shape) n *= s;
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = shift + scale * r.nextGaussian();
        return Torch.tensor(v).reshape(shape).to(DType.FLOAT64);
    }

    /** gpu on {@code device} with cpu's shape, every element within {@code tol} times the largest |cpu| (at least 1). */
    static void assertClose(Tensor cpu, Tensor gpu, Device device, double tol, String what) {
        assertArrayEquals(cpu.shapeArray(), gpu.shapeArray(), what + ": shape");
        assertEquals(device, gpu.device(), what + ": device");
        double[] a = cpu.toDoubleArray(), b = gpu.cpu().toDoubleArray();
        double scale = 1;
        for (double v : a) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < a.length; i++) {
            assertTrue(Math.abs(a[i] - b[i]) <= tol * scale, what + " element " + i + ": CPU " + a[i] + ", CUDA " + b[i]);
        }
    }
}
