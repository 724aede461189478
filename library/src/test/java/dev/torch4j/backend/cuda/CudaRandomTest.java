package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.TensorOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Philox generator of random.cu. Without a GPU: the Java reference below against Random123's published
 * known-answer vectors, the kind codes against the kernel's, and the generator state (seeding needs no GPU). With
 * one: every fill kind and wide/narrow path against the reference element by element (bit-exact where the kernel
 * does only exact arithmetic; transcendental Box-Muller within float rounding), strided and narrow targets,
 * repeatability and independence of consecutive fills.
 */
class CudaRandomTest {
    private static final Device GPU = Device.cuda(0);

    // ---------------------------------------------------------------- the reference

    /** Philox4x32-10 on counter {c0..c3} and key {k0, k1}, as random.cu computes it. */
    static int[] philox(int c0, int c1, int c2, int c3, int k0, int k1) {
        for (int r = 0; r < 10; r++) {
            long p0 = 0xD2511F53L * Integer.toUnsignedLong(c0), p1 = 0xCD9E8D57L * Integer.toUnsignedLong(c2);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0, n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            c0 = n0;
            c1 = (int) p1;
            c2 = n2;
            c3 = (int) p0;
            k0 += 0x9E3779B9;
            k1 += 0xBB67AE85;
        }
        return new int[] {c0, c1, c2, c3};
    }

    /** The four words of counter block {@code block} of the fill at {@code offset} with key {@code seed}. */
    static int[] block(long block, long offset, long seed) {
        return philox((int) block, (int) (block >>> 32), (int) offset, (int) (offset >>> 32), (int) seed, (int) (seed >>> 32));
    }

    static float unitF(int w) { return (w >>> 8) * 0x1p-24f; }

    static double unitD(long w) { return (w >>> 11) * 0x1p-53; }

    static long word64(int[] p, int k) { return Integer.toUnsignedLong(p[2 * k]) | ((long) p[2 * k + 1] << 32); }

    /** float32 uniform_(a, b) of n elements, as fill32 computes it (nvcc contracts x * range + a into an FMA). */
    static float[] uniform32(long seed, long offset, int n, float a, float b) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            float x = Math.fma(unitF(block(i / 4, offset, seed)[i % 4]), b - a, a);
            out[i] = x < b ? x : Math.nextAfter(b, a);
        }
        return out;
    }

    static double[] uniform64(long seed, long offset, int n, double a, double b) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double x = Math.fma(unitD(word64(block(i / 2, offset, seed), i % 2)), b - a, a);
            out[i] = x < b ? x : Math.nextAfter(b, a);
        }
        return out;
    }

    static double[] normal32(long seed, long offset, int n, double mean, double std) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int[] p = block(i / 4, offset, seed);
            int h = (i % 4) / 2;
            double r = Math.sqrt(-2 * Math.log(1 - unitF(p[2 * h]))), t = 2 * Math.PI * unitF(p[2 * h + 1]);
            out[i] = mean + std * r * (i % 2 == 0 ? Math.cos(t) : Math.sin(t));
        }
        return out;
    }

    static double[] normal64(long seed, long offset, int n, double mean, double std) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int[] p = block(i / 2, offset, seed);
            double r = Math.sqrt(-2 * Math.log(1 - unitD(word64(p, 0)))), t = 2 * Math.PI * unitD(word64(p, 1));
            out[i] = mean + std * r * (i % 2 == 0 ? Math.cos(t) : Math.sin(t));
        }
        return out;
    }

    static long[] fromTo(long seed, long offset, int n, long lo, long range) {
        long[] out = new long[n];
        boolean wide = Long.compareUnsigned(range, 1L << 32) > 0;
        for (int i = 0; i < n; i++) {
            long w = wide ? word64(block(i / 2, offset, seed), i % 2) : Integer.toUnsignedLong(block(i / 4, offset, seed)[i % 4]);
            out[i] = lo + Long.remainderUnsigned(w, range);
        }
        return out;
    }

    static long[] bernoulli(long seed, long offset, int n, double p) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) out[i] = Integer.toUnsignedLong(block(i / 4, offset, seed)[i % 4]) * 0x1p-32 < p ? 1 : 0;
        return out;
    }

    // ---------------------------------------------------------------- without a GPU

    @Test
    void referenceMatchesRandom123KnownAnswers() {
        assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, philox(0, 0, 0, 0, 0, 0));
        assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}, philox(-1, -1, -1, -1, -1, -1));
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
                philox(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0));
    }

    @Test
    void kindCodesMatchTheKernel() throws IOException {
        String src = Files.readString(Path.of(System.getProperty("basedir", "."), "src", "main", "cuda", "random.cu"));
        Matcher m = Pattern.compile("(?m)^#define T4J_RAND_(\\w+) (\\d+)$").matcher(src);
        List<String> codes = new ArrayList<>();
        while (m.find()) {
            assertEquals(codes.size(), Integer.parseInt(m.group(2)), "T4J_RAND_" + m.group(1));
            codes.add(m.group(1));
        }
        assertEquals(Arrays.stream(CudaRandom.Kind.values()).map(Enum::name).toList(), codes);
    }

    @Test
    void generatorStateRoundTripsWithoutAGpu() {
        var cuda = Torch.cuda();
        cuda.manualSeed(1234);
        assertEquals(1234, cuda.initialSeed());
        byte[] state = cuda.getRngState();
        assertEquals(16, state.length);
        assertEquals(1234, state[0] & 0xff | (state[1] & 0xff) << 8, "seed first, little-endian");
        CudaGenerator g = CudaGenerator.of(0);
        long[] first = g.next(), second = g.next();
        assertEquals(1234, first[0]);
        assertEquals(first[1] + 1, second[1], "each fill takes the next offset");
        cuda.setRngState(state);
        assertArrayEquals(first, g.next(), "restoring the state repeats the offsets");
        Torch.manualSeed(99);
        assertEquals(99, cuda.initialSeed(), "Torch.manualSeed seeds the CUDA generators too");
        assertEquals(99, CudaGenerator.of(5).initialSeed(), "including devices not used yet");
        var e = assertThrows(IllegalArgumentException.class, () -> cuda.setRngState(new byte[3]));
        assertTrue(e.getMessage().contains("16 bytes"), e.getMessage());
    }

    // ---------------------------------------------------------------- on the GPU

    private static void requireGpu() { assumeTrue(CudaRuntime.isAvailable(), "no CUDA device"); }

    private static Tensor empty(DType t, long... shape) {
        return Torch.empty(Size.of(shape), TensorOptions.DEFAULT.dtype(t).device(GPU));
    }

    /** Seeds device 0 and returns the offset its next fill will use. */
    private static long seed(long s) {
        Torch.cuda().manualSeed(s);
        return 0;
    }

    @Test
    void uniformFloat32IsTheReferenceBitForBit() {
        requireGpu();
        for (int n : new int[] {1, 3, 4, 5, 1000, 70_001}) {
            long off = seed(42);
            Tensor t = empty(DType.FLOAT32, n).uniform_(-2, 3);
            assertArrayEquals(uniform32(42, off, n, -2f, 3f), t.cpu().toFloatArray(), "n=" + n);
        }
    }

    @Test
    void uniformFloat64AndRandTakeTheWidePath() {
        requireGpu();
        long off = seed(7);
        Tensor t = Torch.rand(Size.of(33, 7), TensorOptions.DEFAULT.dtype(DType.FLOAT64).device(GPU));
        assertEquals(GPU, t.device());
        assertArrayEquals(uniform64(7, off, 231, 0, 1), t.cpu().toDoubleArray());
    }

    @Test
    void normalMatchesTheReferenceWithinRounding() {
        requireGpu();
        long off = seed(3);
        int n = 50_003;
        float[] f = Torch.randn(Size.of(n), TensorOptions.DEFAULT.device(GPU)).cpu().toFloatArray();
        double[] expected = normal32(3, off, n, 0, 1);
        for (int i = 0; i < n; i++) {
            assertEquals(expected[i], f[i], 2e-6 * Math.max(1, Math.abs(expected[i])), "randn[" + i + "]");
        }
        double[] d = empty(DType.FLOAT64, n).normal_(5, 0.5).cpu().toDoubleArray();
        double[] e64 = normal64(3, off + 1, n, 5, 0.5);
        for (int i = 0; i < n; i++) assertEquals(e64[i], d[i], 1e-13 * Math.abs(e64[i]), "normal_(5, 0.5)[" + i + "]");
        double mean = Arrays.stream(d).average().orElseThrow();
        assertEquals(5, mean, 0.01);
    }

    @Test
    void integersAndBernoulliAreExact() {
        requireGpu();
        long off = seed(11);
        Tensor small = Torch.randint(-5, 17, Size.of(1001), TensorOptions.DEFAULT.device(GPU));
        assertArrayEquals(fromTo(11, off, 1001, -5, 22), small.cpu().toLongArray());
        Tensor wide = empty(DType.INT64, 999).random_(-(1L << 40), 1L << 41);
        assertArrayEquals(fromTo(11, off + 1, 999, -(1L << 40), 3L << 40), wide.cpu().toLongArray());
        Tensor mask = empty(DType.BOOL, 4097).bernoulli_(0.3);
        long[] expected = bernoulli(11, off + 2, 4097, 0.3);
        assertArrayEquals(expected, mask.to(DType.INT64).cpu().toLongArray());
        Tensor ints = empty(DType.INT32, 12).random_(0, 3);
        assertArrayEquals(fromTo(11, off + 3, 12, 0, 3), ints.to(DType.INT64).cpu().toLongArray());
    }

    @Test
    void stridedAndHalfTargetsGetTheContiguousValues() {
        requireGpu();
        long off = seed(5);
        Tensor t = empty(DType.FLOAT32, 6, 9).t(); // [9, 6], strides (1, 9)
        t.uniform_(0, 1);
        float[] expected = uniform32(5, off, 54, 0f, 1f); // drawn into a [9, 6] row-major buffer, then copied in
        assertArrayEquals(expected, t.contiguous().cpu().toFloatArray());
        Tensor h = empty(DType.FLOAT16, 100).uniform_(0, 1);
        float[] e16 = uniform32(5, off + 1, 100, 0f, 1f);
        float[] got = h.to(DType.FLOAT32).cpu().toFloatArray();
        for (int i = 0; i < 100; i++) assertEquals(e16[i], got[i], 1e-3, "half[" + i + "]");
    }

    @Test
    void seedingRepeatsAndConsecutiveFillsDiffer() {
        requireGpu();
        Torch.manualSeed(8);
        float[] a = Torch.rand(Size.of(4096), TensorOptions.DEFAULT.device(GPU)).cpu().toFloatArray();
        float[] b = Torch.rand(Size.of(4096), TensorOptions.DEFAULT.device(GPU)).cpu().toFloatArray();
        Torch.manualSeed(8);
        float[] c = Torch.rand(Size.of(4096), TensorOptions.DEFAULT.device(GPU)).cpu().toFloatArray();
        assertArrayEquals(a, c);
        assertFalse(Arrays.equals(a, b));
        int[] bins = new int[10];
        for (float x : a) {
            assertTrue(x >= 0 && x < 1, "rand in [0, 1): " + x);
            bins[(int) (x * 10)]++;
        }
        for (int k : bins) assertTrue(k > 330 && k < 500, "bins " + Arrays.toString(bins));
    }

    @Test
    void cauchyLogNormalGeometricTransformTheGpusUniformAndNormalFills() {
        requireGpu();
        // the default CUDA generator: each is its transform of the uniform (normal) fill the same seed gives
        Torch.manualSeed(21);
        Tensor c = Torch.zeros(Size.of(64), TensorOptions.DEFAULT.dtype(DType.FLOAT64).device(GPU)).cauchy_(1.0, 2.0);
        Torch.manualSeed(21);
        Tensor u = Torch.zeros(Size.of(64), TensorOptions.DEFAULT.dtype(DType.FLOAT64).device(GPU)).uniform_(0, 1);
        assertArrayEquals(u.cpu().sub(0.5).mul(Math.PI).tan().mul(2.0).add(1.0).toDoubleArray(), c.cpu().toDoubleArray(), 1e-9);
        Torch.manualSeed(22);
        Tensor l = Torch.zeros(Size.of(64), TensorOptions.DEFAULT.device(GPU)).logNormal_(0.5, 0.25);
        Torch.manualSeed(22);
        Tensor nrm = Torch.zeros(Size.of(64), TensorOptions.DEFAULT.device(GPU)).normal_(0.5, 0.25);
        assertArrayEquals(nrm.cpu().exp().toFloatArray(), l.cpu().toFloatArray(), 1e-5f);
        Torch.manualSeed(23);
        Tensor gm = Torch.zeros(Size.of(256), TensorOptions.DEFAULT.dtype(DType.INT64).device(GPU)).geometric_(0.3);
        assertEquals(DType.INT64, gm.dtype());
        assertTrue(gm.min().item() >= 1, "a geometric count is at least one trial");
        assertEquals(1 / 0.3, gm.to(DType.FLOAT64).mean().item(), 1.0, "mean 1/p within sampling noise");
    }
}
