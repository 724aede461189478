package dev.torch4j.distributions;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Poisson, Geometric, Binomial and OneHotCategorical against PyTorch (every family golden), the Poisson and binomial
 * samplers bit for bit over all their branches (float64 and float32), and the samplers' moments.
 */
class DiscreteDistributionsTest {
    @Test
    void familiesMatchPyTorch() {
        int cases = 0;
        for (JsonObject c : FamilyGoldens.families("poisson", "geometric_probs", "geometric_logits", "binomial_probs",
                "binomial_logits", "onehot_probs", "onehot_logits")) {
            FamilyGoldens.checkFamily(c);
            cases++;
        }
        assertEquals(22, cases);
    }

    @Test
    void negativeBinomialAndMultinomialMatchPyTorch() {
        int cases = 0;
        for (JsonObject c : FamilyGoldens.families("negbin_probs", "negbin_logits", "multinomial5_probs", "multinomial3_logits",
                "onehot_st_probs")) {
            FamilyGoldens.checkFamily(c);
            cases++;
        }
        assertEquals(7, cases);
    }

    @Test
    void samplersDrawPyTorchsValues() {
        int n = 0;
        for (JsonObject c : FamilyGoldens.cases("draw")) {
            String op = c.get("op").getAsString();
            if (!op.equals("poisson") && !op.equals("binomial")) continue;
            JsonArray p = c.getAsJsonArray("params");
            Tensor a = Golden.tensor(p.get(0).getAsJsonObject());
            manualSeed(c.get("seed").getAsLong());
            Tensor out = op.equals("poisson") ? Samplers.poisson(a) : Samplers.binomial(a, Golden.tensor(p.get(1).getAsJsonObject()));
            Golden.assertExact(FamilyGoldens.tensor(c, "out"), out, op + " " + a.dtype());
            n++;
        }
        assertEquals(4, n);
    }

    private static double[] meanAndVariance(Tensor t) {
        double[] x = t.toDoubleArray();
        double mean = 0, m2 = 0;
        for (double v : x) mean += v;
        mean /= x.length;
        for (double v : x) m2 += (v - mean) * (v - mean);
        return new double[] {mean, m2 / (x.length - 1)};
    }

    /** Poisson(rate): mean and variance both rate; Var(sample variance) ~ (mu4 - rate^2) / n, mu4 = rate + 3 rate^2. */
    @Test
    void poissonSamplerHasTheRightMoments() {
        manualSeed(21);
        int n = 100_000;
        for (double rate : new double[] {0.3, 4.0, 10.0, 250.0}) {
            double[] mv = meanAndVariance(Samplers.poisson(full(new long[] {n}, rate, dtype(DType.FLOAT64))));
            assertEquals(rate, mv[0], 4 * Math.sqrt(rate / n), "mean, rate " + rate);
            assertEquals(rate, mv[1], 4 * Math.sqrt((rate + 2 * rate * rate) / n), "variance, rate " + rate);
        }
    }

    /** Binomial(n, p): mean np, variance np(1-p), on both algorithms (inversion below np = 10, BTRS above) and p &gt; 1/2. */
    @Test
    void binomialSamplerHasTheRightMoments() {
        manualSeed(22);
        int n = 100_000;
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            for (double[] cp : new double[][] {{10, 0.3}, {500, 0.2}, {60, 0.9}, {1000, 0.6}}) {
                double count = cp[0], p = cp[1], mean = count * p, var = mean * (1 - p);
                Tensor draws = Samplers.binomial(full(new long[] {n}, count, dtype(dt)), full(new long[] {n}, p, dtype(dt)));
                double[] mv = meanAndVariance(draws);
                assertEquals(mean, mv[0], 4 * Math.sqrt(var / n), dt + " mean " + count + ", " + p);
                // the fourth central moment of a binomial is 3 var^2 + var (1 - 6 p q)
                double mu4 = 3 * var * var + var * (1 - 6 * p * (1 - p));
                assertEquals(var, mv[1], 4 * Math.sqrt((mu4 - var * var) / n), dt + " variance " + count + ", " + p);
                assertTrue(draws.ge(0.0).logicalAnd(draws.le(count)).all().itemBool(), "within [0, n]");
            }
        }
    }

    /** Geometric draws: mean (1 - p) / p, and P(X = 0) = p. */
    @Test
    void geometricSamplerHasTheRightMoments() {
        manualSeed(23);
        int n = 100_000;
        double p = 0.3;
        Tensor x = Geometric.ofProbs(fromArray(new double[] {p})).sample(n).reshape(n);
        double[] mv = meanAndVariance(x);
        double mean = (1 - p) / p, var = (1 - p) / (p * p);
        assertEquals(mean, mv[0], 4 * Math.sqrt(var / n), "mean");
        double zeros = x.eq(0.0).to(DType.FLOAT64).mean().item();
        assertEquals(p, zeros, 4 * Math.sqrt(p * (1 - p) / n), "P(X = 0)");
    }

    /** The entropy sums over the support {0..n}: for n = 1 it is the Bernoulli entropy. */
    @Test
    void binomialEntropyOfOneTrialIsBernoullis() {
        Tensor probs = fromArray(new double[] {0.1, 0.5, 0.8});
        Golden.assertClose(Bernoulli.ofProbs(probs).entropy(), Binomial.ofProbs(1, probs).entropy(), 1e-15, 1e-15, "entropy");
    }

    /** OneHotCategorical's draws are Categorical's draws after the same seed, one-hot encoded. */
    @Test
    void oneHotDrawsAreCategoricalDraws() {
        Tensor probs = fromArray(new double[] {0.2, 0.5, 0.3, 0.6, 0.1, 0.3}, 2, 3);
        manualSeed(5);
        Tensor idx = Categorical.ofProbs(probs).sample(7);
        manualSeed(5);
        Tensor oh = OneHotCategorical.ofProbs(probs).sample(7);
        assertArrayEquals(new long[] {7, 2, 3}, oh.shapeArray());
        Golden.assertExact(idx, oh.argmax(-1), "argmax of the one-hot draws");
        assertEquals(DType.FLOAT64, oh.dtype());
    }

    @Test
    void poissonHasNoRsample() {
        Poisson d = new Poisson(2.0);
        assertThrows(UnsupportedOperationException.class, () -> d.rsample(3));
        assertEquals(java.util.List.of(3L), java.util.Arrays.stream(d.sample(3).shapeArray()).boxed().toList());
    }
}
