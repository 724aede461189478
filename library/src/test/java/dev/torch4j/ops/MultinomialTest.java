package dev.torch4j.ops;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Generator;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code torch.multinomial} and {@code Tensor.exponential_}: PyTorch 2.x's CPU indices and values after
 * {@code manualSeed} (goldens: multinomial_goldens.py), frequencies of many draws against the weights, the tensor-op
 * composition CUDA uses (run here on the CPU), and PyTorch's error texts.
 */
class MultinomialTest {
    private static final double[] P = {0.1, 0.2, 0.3, 0.4, 0.0};

    @Test
    void goldenIndicesValuesAndGeneratorStateMatchPyTorch() {
        int checked = 0;
        for (JsonObject c : Golden.cases("multinomial")) {
            String name = c.get("name").getAsString();
            manualSeed(c.get("seed").getAsLong());
            boolean transposed = c.get("transposed").getAsBoolean();
            Tensor expected = Golden.tensor(c.getAsJsonObject("out"));
            if (c.get("kind").getAsString().equals("multinomial")) {
                Tensor input = Golden.tensor(c.getAsJsonObject("input"));
                if (transposed) input = input.t();
                Tensor actual = multinomial(input, c.get("n").getAsLong(), c.get("replacement").getAsBoolean());
                Golden.assertExact(expected, actual, name);
                Golden.assertExact(Golden.tensor(c.getAsJsonObject("rand_after")), rand(shape(1), dtype(DType.FLOAT64)),
                        name + ": generator state after");
            } else {
                long[] s = expected.shapeArray();
                Tensor t = transposed ? zeros(shape(s[1], s[0]), dtype(expected.dtype())).t()
                        : zeros(shape(s), dtype(expected.dtype()));
                Golden.assertExact(expected, t.exponential_(c.get("lambd").getAsDouble()), name);
            }
            checked++;
        }
        assertEquals(20, checked);
    }

    @Test
    void explicitGeneratorAndTensorMethodGiveTheSameDraws() {
        Tensor w = tensor(new double[][] {{1, 2, 3, 0}, {4, 0, 1, 1}});
        manualSeed(21);
        Tensor viaDefault = multinomial(w, 3, false);
        Tensor viaGenerator = w.multinomial(3, false, new Generator().manualSeed(21));
        assertArrayEquals(viaDefault.toLongArray(), viaGenerator.toLongArray());
        manualSeed(22);
        Tensor a = w.multinomial(7, true);
        Tensor b = multinomial(w, 7, true, new Generator().manualSeed(22));
        assertArrayEquals(a.toLongArray(), b.toLongArray());
        manualSeed(23);
        Tensor e1 = zeros(5).exponential_(3.0);
        Tensor e2 = zeros(5).exponential_(3.0, new Generator().manualSeed(23));
        assertArrayEquals(e1.toDoubleArray(), e2.toDoubleArray());
    }

    @Test
    void shapesDtypesAndAutograd() {
        Tensor w = ones(shape(3, 4), dtype(DType.FLOAT32)).requiresGrad_(true);
        Tensor r = multinomial(w, 2);
        assertEquals(DType.INT64, r.dtype());
        assertArrayEquals(new long[] {3, 2}, r.shapeArray());
        assertFalse(r.requiresGrad());
        assertArrayEquals(new long[] {1}, multinomial(ones(4), 1).shapeArray());
        assertArrayEquals(new long[] {0, 2}, multinomial(ones(0, 3), 2).shapeArray());
        for (DType d : new DType[] {DType.FLOAT16, DType.BFLOAT16}) {
            Tensor h = tensor(new double[] {0, 1, 0, 3}).to(d);
            for (long i : multinomial(h, 2).toLongArray()) assertTrue(i == 1 || i == 3);
            for (long i : multinomial(h, 30, true).toLongArray()) assertTrue(i == 1 || i == 3);
            assertEquals(d, zeros(shape(4), dtype(d)).exponential_().dtype());
        }
    }

    @Test
    void frequenciesFollowTheWeights() {
        int n = 20000;
        Tensor p = tensor(P);
        manualSeed(1234);
        assertFrequencies(multinomial(p, n, true).toLongArray(), P, "with replacement");
        manualSeed(1235);
        assertFrequencies(multinomial(p.mul(7.0).expand(n, 5), 1).toLongArray(), P, "one draw per row");
        manualSeed(1236);
        assertFrequencies(multinomial(p.to(DType.FLOAT32), n, true).toLongArray(), P, "float32 with replacement");

        // two draws without replacement: distinct, the first ~ p, the second ~ sum_i p_i p_j / (1 - p_i)
        manualSeed(1237);
        long[] pairs = multinomial(p.expand(n, 5), 2).toLongArray();
        long[] first = new long[n], second = new long[n];
        for (int i = 0; i < n; i++) {
            first[i] = pairs[2 * i];
            second[i] = pairs[2 * i + 1];
            assertNotEquals(first[i], second[i]);
        }
        double[] secondP = new double[P.length];
        for (int j = 0; j < P.length; j++) {
            for (int i = 0; i < P.length; i++) if (i != j) secondP[j] += P[i] * P[j] / (1 - P[i]);
        }
        assertFrequencies(first, P, "first of two");
        assertFrequencies(second, secondP, "second of two");
    }

    @Test
    void cudaCompositionDrawsTheSameDistribution() {
        int n = 20000;
        manualSeed(99);
        Tensor rows = tensor(new double[][] {P, {0, 0, 1, 0, 3}});
        long[] idx = Multinomial.byComparison(rows, n, null).toLongArray();
        long[] r0 = new long[n], r1 = new long[n];
        for (int i = 0; i < n; i++) {
            r0[i] = idx[i];
            r1[i] = idx[n + i];
        }
        assertFrequencies(r0, P, "composed row 0");
        assertFrequencies(r1, new double[] {0, 0, 0.25, 0, 0.75}, "composed row 1");
        assertArrayEquals(new long[] {7}, Multinomial.byComparison(tensor(P), 7, null).shapeArray());
        long[] single = Multinomial.byComparison(tensor(new double[] {2.5}), 5, null).toLongArray();
        assertArrayEquals(new long[5], single);

        for (DType d : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double lambd = 2.0;
            double[] q = RandomOps.exponentialFromUniform(zeros(shape(n), dtype(d)), lambd, null).toDoubleArray();
            double mean = 0, sq = 0;
            for (double v : q) {
                assertTrue(v > 0 && Double.isFinite(v), "exponential sample " + v);
                mean += v;
                sq += v * v;
            }
            mean /= n;
            double var = sq / n - mean * mean;
            assertEquals(1 / lambd, mean, 5 * (1 / lambd) / Math.sqrt(n), "mean of Exp(2), " + d);
            assertEquals(1 / (lambd * lambd), var, 0.02, "variance of Exp(2), " + d);
        }
    }

    @Test
    void exponentialMomentsOnTheCpu() {
        int n = 20000;
        manualSeed(5);
        double[] q = zeros(shape(n), dtype(DType.FLOAT64)).exponential_(0.5).toDoubleArray();
        double mean = 0;
        for (double v : q) {
            assertTrue(v >= 0);
            mean += v / n;
        }
        assertEquals(2.0, mean, 5 * 2.0 / Math.sqrt(n));
    }

    @Test
    void errorsUsePyTorchsWords() {
        double inf = Double.POSITIVE_INFINITY, nan = Double.NaN;
        expect("prob_dist must be 1 or 2 dim", () -> multinomial(ones(2, 2, 2), 1));
        expect("prob_dist must be 1 or 2 dim", () -> multinomial(tensor(1.0), 1));
        expect("multinomial only supports floating-point dtypes for input, got: Long",
                () -> multinomial(ones(shape(3), dtype(DType.INT64)), 1));
        expect("cannot sample n_sample <= 0 samples", () -> multinomial(ones(3), 0));
        expect("cannot sample n_sample <= 0 samples", () -> multinomial(ones(3), -1, true));
        expect("cannot sample n_sample > prob_dist.size(-1) samples without replacement", () -> multinomial(ones(3), 4));
        String bad = "probability tensor contains either `inf`, `nan` or element < 0";
        expect(bad, () -> multinomial(tensor(new double[] {1, -1, 2}), 2));
        expect(bad, () -> multinomial(tensor(new double[] {1, inf, 2}), 2));
        expect(bad, () -> multinomial(tensor(new double[] {1, nan, 2}), 1, true));
        String zero = "invalid multinomial distribution (sum of probabilities <= 0)";
        expect(zero, () -> multinomial(tensor(new double[][] {{1, 1}, {0, 0}}), 1));
        expect(zero, () -> multinomial(tensor(new double[][] {{1, 1}, {0, 0}}), 2, true));
        expect(zero, () -> multinomial(ones(0), 2, true));
        expect("invalid multinomial distribution (encountering probability entry < 0)",
                () -> multinomial(tensor(new double[] {1, -1, 2}), 2, true));
        expect("invalid multinomial distribution (encountering probability entry < 0)",
                () -> multinomial(tensor(new float[] {1, Float.NaN, 2}), 2, true));
        expect("invalid multinomial distribution (encountering probability entry = infinity or NaN)",
                () -> multinomial(tensor(new double[] {1, inf, 2}), 2, true));
        expect("invalid multinomial distribution (sum of probabilities <= 0)",
                () -> Multinomial.byComparison(tensor(new double[][] {{1, 1}, {0, 0}}), 2, null));

        expect("exponential_ expects lambda > 0.0, but found lambda=0", () -> zeros(3).exponential_(0));
        expect("exponential_ expects lambda > 0.0, but found lambda=-1", () -> zeros(3).exponential_(-1));
        expect("Exponential distribution is a continuous probability distribution. dtype must be a floating point"
                + " but you specified Long", () -> zeros(shape(3), dtype(DType.INT64)).exponential_());
    }

    private static void expect(String message, Executable call) {
        var e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }

    /** Each category's count within 5 binomial standard deviations of n p (zero-weight categories: never). */
    private static void assertFrequencies(long[] draws, double[] p, String what) {
        long[] counts = new long[p.length];
        for (long d : draws) counts[(int) d]++;
        int n = draws.length;
        for (int j = 0; j < p.length; j++) {
            double sd = Math.sqrt(n * p[j] * (1 - p[j]));
            if (p[j] == 0) assertEquals(0, counts[j], what + ": zero-weight category " + j + " drawn");
            else assertEquals(n * p[j], counts[j], 5 * sd, what + ": category " + j);
        }
    }
}
