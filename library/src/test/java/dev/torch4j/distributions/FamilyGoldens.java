package dev.torch4j.distributions;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.torch4j.Torch.manualSeed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Reads goldens/distributions2.json (scripts/goldens/distributions2_goldens.py) for the distribution tests: builds
 * each case's distribution as the script did, and checks a "family" case in full (repr, exact draws, rsample,
 * logProb, entropy, mean, mode, variance, cdf, icdf and the parameters' gradients).
 */
final class FamilyGoldens {
    private FamilyGoldens() {}

    /** float64 values agree to rounding; float32 ones to a few float ulps (PyTorch rounds each float op). */
    static final double TOL64 = 1e-12, TOL32 = 2e-6;

    /** The cases of one kind ("family", "kl", "special", ...) in distributions2.json. */
    static List<JsonObject> cases(String kind) { return cases("distributions2", kind); }

    /** The cases of one kind in the named golden file (distributions2 or distributions3). */
    static List<JsonObject> cases(String file, String kind) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject c : Golden.cases(file)) if (c.get("kind").getAsString().equals(kind)) out.add(c);
        return out;
    }

    /** The "family" cases of the named families. */
    static List<JsonObject> families(String... names) {
        Set<String> set = Set.of(names);
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject c : cases("family")) if (set.contains(c.get("family").getAsString())) out.add(c);
        return out;
    }

    static List<Tensor> tensors(JsonArray a, boolean grad) {
        List<Tensor> out = new ArrayList<>();
        for (JsonElement e : a) {
            Tensor t = Golden.tensor(e.getAsJsonObject());
            out.add(grad && t.isFloatingPoint() ? t.requiresGrad_(true) : t);
        }
        return out;
    }

    static Tensor tensor(JsonObject c, String key) { return Golden.tensor(c.getAsJsonObject(key)); }

    static Tensor tensor(com.google.gson.JsonElement e) { return Golden.tensor(e.getAsJsonObject()); }

    static long[] longs(JsonArray a) {
        long[] r = new long[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsLong();
        return r;
    }

    /** The distribution the script built for kind; numbers: through the double constructors. */
    static Distribution make(String kind, List<Tensor> p, boolean numbers) {
        if (numbers) {
            double a = p.get(0).item(), b = p.size() > 1 ? p.get(1).item() : 0;
            return switch (kind) {
                case "gamma" -> new Gamma(a, b);
                case "beta" -> new Beta(a, b);
                case "poisson" -> new Poisson(a);
                case "gumbel" -> new Gumbel(a, b);
                default -> throw new AssertionError(kind);
            };
        }
        return switch (kind) {
            case "gamma" -> new Gamma(p.get(0), p.get(1));
            case "chi2" -> new Chi2(p.get(0));
            case "beta" -> new Beta(p.get(0), p.get(1));
            case "dirichlet" -> new Dirichlet(p.get(0));
            case "poisson" -> new Poisson(p.get(0));
            case "lognormal" -> new LogNormal(p.get(0), p.get(1));
            case "gumbel" -> new Gumbel(p.get(0), p.get(1));
            case "cauchy" -> new Cauchy(p.get(0), p.get(1));
            case "halfnormal" -> new HalfNormal(p.get(0));
            case "geometric_probs" -> Geometric.ofProbs(p.get(0));
            case "geometric_logits" -> Geometric.ofLogits(p.get(0));
            case "binomial_probs" -> Binomial.ofProbs(p.get(0), p.get(1));
            case "binomial_logits" -> Binomial.ofLogits(p.get(0), p.get(1));
            case "onehot_probs" -> OneHotCategorical.ofProbs(p.get(0));
            case "onehot_logits" -> OneHotCategorical.ofLogits(p.get(0));
            case "studentt" -> new StudentT(p.get(0), p.get(1), p.get(2));
            case "normal" -> new Normal(p.get(0), p.get(1));
            case "uniform" -> new Uniform(p.get(0), p.get(1));
            case "exponential" -> new Exponential(p.get(0));
            case "laplace" -> new Laplace(p.get(0), p.get(1));
            case "bernoulli_probs" -> Bernoulli.ofProbs(p.get(0));
            case "negbin_probs" -> NegativeBinomial.ofProbs(p.get(0), p.get(1));
            case "negbin_logits" -> NegativeBinomial.ofLogits(p.get(0), p.get(1));
            case "multinomial5_probs" -> Multinomial.ofProbs(5, p.get(0));
            case "multinomial3_logits" -> Multinomial.ofLogits(3, p.get(0));
            case "onehot_st_probs" -> OneHotCategoricalStraightThrough.ofProbs(p.get(0));
            case "fisher" -> new FisherSnedecor(p.get(0), p.get(1));
            case "contbern_probs" -> ContinuousBernoulli.ofProbs(p.get(0));
            case "lowrank_mvn" -> new LowRankMultivariateNormal(p.get(0), p.get(1), p.get(2));
            case "vonmises" -> new VonMises(p.get(0), p.get(1));
            case "contbern_logits" -> ContinuousBernoulli.ofLogits(p.get(0));
            case "mixture_normal" -> new MixtureSameFamily(Categorical.ofProbs(p.get(0)), new Normal(p.get(1), p.get(2)));
            case "mixture_indep" -> new MixtureSameFamily(Categorical.ofLogits(p.get(0)), new Independent(new Normal(p.get(1), p.get(2)), 1));
            case "pareto" -> new Pareto(p.get(0), p.get(1));
            case "inverse_gamma" -> new InverseGamma(p.get(0), p.get(1));
            case "generalized_pareto" -> new GeneralizedPareto(p.get(0), p.get(1), p.get(2));
            case "mvn" -> new MultivariateNormal(p.get(0), p.get(1));
            case "mvn_tril" -> MultivariateNormal.ofScaleTril(p.get(0), p.get(1));
            case "wishart_cov" -> Wishart.ofCovariance(p.get(0), p.get(1));
            case "wishart_tril" -> Wishart.ofScaleTril(p.get(0), p.get(1));
            case "wishart_prec" -> Wishart.ofPrecision(p.get(0), p.get(1));
            case "categorical_probs" -> Categorical.ofProbs(p.get(0));
            case "independent_normal" -> new Independent(new Normal(p.get(0), p.get(1)), 1);
            case "transformed_normal_exp" -> new TransformedDistribution(new Normal(p.get(0), p.get(1)), new ExpTransform());
            default -> throw new AssertionError(kind);
        };
    }

    static void close(JsonElement expected, Tensor actual, String what) {
        Tensor e = Golden.tensor(expected.getAsJsonObject());
        double tol = e.dtype() == DType.FLOAT32 ? TOL32 : TOL64;
        Golden.assertClose(e, actual.detach().to(e.dtype()), tol, tol, what);
    }

    /** Checks everything a "family" case records; returns the number of tensors compared. */
    static int checkFamily(JsonObject c) {
        String kind = c.get("family").getAsString(), what = kind + " " + c.get("repr").getAsString() + " seed " + c.get("seed");
        boolean numbers = c.get("numbers").getAsBoolean();
        List<Tensor> p = tensors(c.getAsJsonArray("params"), !numbers);
        Distribution d = make(kind, p, numbers);
        assertEquals(c.get("repr").getAsString(), d.toString(), what + " repr");
        int n = 0;
        long[] shape = longs(c.getAsJsonArray("sample_shape"));
        manualSeed(c.get("seed").getAsLong());
        Tensor s = d.sample(shape);
        assertFalse(s.requiresGrad(), what + " sample requires grad");
        Tensor expected = tensor(c, "sample");
        if (kind.equals("lognormal") || kind.equals("gumbel")) {
            // the normal / uniform draws are exact; PyTorch's vectorised exp and log (SLEEF, 1 ulp) may round the
            // transforms after them differently
            Golden.assertClose(expected, s, expected.dtype() == DType.FLOAT32 ? 2.4e-7 : 4.5e-16, 0, what + " sample");
        } else if (kind.startsWith("contbern") || kind.equals("vonmises") || kind.equals("generalized_pareto")) {
            // the uniform draws are exact; the logs, cos and acos (log1p and expm1 for the generalized Pareto) after them
            // (Java's against glibc's) may differ in the last bits
            Golden.assertClose(expected, s, expected.dtype() == DType.FLOAT32 ? 2.4e-7 : 2e-15, 0, what + " sample");
        } else {
            Golden.assertExact(expected, s, what + " sample");
        }
        Tensor lp = d.logProb(tensor(c, "values"));
        close(c.get("log_prob"), lp, what + " log_prob");
        Tensor loss = lp.mul(tensor(c, "w")).sum();
        n += 2;
        if (c.get("entropy").isJsonNull()) {
            assertThrows(UnsupportedOperationException.class, d::entropy, what + " entropy");
        } else {
            Tensor ent = d.entropy();
            close(c.get("entropy"), ent, what + " entropy");
            loss = loss.add(ent.sum());
            n++;
        }
        if (c.get("mode").isJsonNull()) {
            assertThrows(UnsupportedOperationException.class, d::mode, what + " mode");
        } else {
            close(c.get("mode"), d.mode(), what + " mode");
            n++;
        }
        Tensor mean = d.mean(), variance = d.variance();
        close(c.get("mean"), mean, what + " mean");
        close(c.get("variance"), variance, what + " variance");
        close(c.get("variance"), d.stddev().square(), what + " stddev^2");
        n += 3;
        if (c.get("loss_mean").getAsBoolean()) loss = loss.add(mean.sum());
        if (c.get("loss_variance").getAsBoolean()) loss = loss.add(variance.sum());
        for (String f : new String[] {"cdf", "icdf"}) {
            if (!c.has(f)) continue;
            Tensor v = tensor(c, f + "_values");
            Tensor out = f.equals("cdf") ? d.cdf(v) : d.icdf(v);
            close(c.get(f), out, what + " " + f);
            n++;
            if (c.has("w_" + f)) loss = loss.add(out.mul(tensor(c, "w_" + f)).sum());
        }
        assertEquals(c.has("rsample"), d.hasRsample(), what + " has_rsample");
        if (c.has("rsample")) {
            manualSeed(c.get("seed").getAsLong());
            Tensor r = d.rsample(shape);
            close(c.get("rsample"), r, what + " rsample");
            loss = loss.add(r.mul(tensor(c, "w2")).sum());
            n++;
        } else {
            assertThrows(UnsupportedOperationException.class, () -> d.rsample(shape), what + " rsample");
        }
        if (numbers) return n;
        loss.backward();
        JsonArray grads = c.getAsJsonArray("grads");
        for (int i = 0; i < p.size(); i++) {
            if (grads.get(i).isJsonNull()) continue;
            close(grads.get(i), p.get(i).grad(), what + " grad " + i);
            n++;
        }
        return n;
    }
}
