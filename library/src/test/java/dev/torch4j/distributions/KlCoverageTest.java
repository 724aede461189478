package dev.torch4j.distributions;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rest of {@link Kl#klDivergence} against goldens/distributions3.json (scripts/goldens/distributions3_goldens.py):
 * the ContinuousBernoulli, (low-rank) multivariate normal and Wishart pairs with their gradients, PyTorch's generic
 * exponential-family rule on every family, and one pair of representatives for every registration in PyTorch's kl.py,
 * so that a pair PyTorch has and torch4j lacks fails here.
 */
class KlCoverageTest {
    /** Every {@code (type_p, type_q)} that PyTorch 2.x's torch/distributions/kl.py registers with {@code @register_kl}. */
    static final List<String> REGISTERED = List.of(
            "Bernoulli/Bernoulli", "Bernoulli/Poisson", "Beta/Beta", "Beta/ContinuousBernoulli", "Beta/Exponential",
            "Beta/Gamma", "Beta/Normal", "Beta/Pareto", "Beta/Uniform", "Binomial/Binomial", "Categorical/Categorical",
            "Cauchy/Cauchy", "ContinuousBernoulli/ContinuousBernoulli", "ContinuousBernoulli/Exponential",
            "ContinuousBernoulli/Normal", "ContinuousBernoulli/Pareto", "ContinuousBernoulli/Uniform",
            "Dirichlet/Dirichlet", "Exponential/Beta", "Exponential/ContinuousBernoulli", "Exponential/Exponential",
            "Exponential/Gamma", "Exponential/Gumbel", "Exponential/Normal", "Exponential/Pareto", "Exponential/Uniform",
            "ExponentialFamily/ExponentialFamily", "Gamma/Beta", "Gamma/ContinuousBernoulli", "Gamma/Exponential",
            "Gamma/Gamma", "Gamma/Gumbel", "Gamma/Normal", "Gamma/Pareto", "Gamma/Uniform", "Geometric/Geometric",
            "Gumbel/Beta", "Gumbel/ContinuousBernoulli", "Gumbel/Exponential", "Gumbel/Gamma", "Gumbel/Gumbel",
            "Gumbel/Normal", "Gumbel/Pareto", "Gumbel/Uniform", "HalfNormal/HalfNormal", "Independent/Independent",
            "Laplace/Beta", "Laplace/ContinuousBernoulli", "Laplace/Exponential", "Laplace/Gamma", "Laplace/Laplace",
            "Laplace/Normal", "Laplace/Pareto", "Laplace/Uniform", "LowRankMultivariateNormal/LowRankMultivariateNormal",
            "LowRankMultivariateNormal/MultivariateNormal", "MultivariateNormal/LowRankMultivariateNormal",
            "MultivariateNormal/MultivariateNormal", "Normal/Beta", "Normal/ContinuousBernoulli", "Normal/Exponential",
            "Normal/Gamma", "Normal/Gumbel", "Normal/Laplace", "Normal/Normal", "Normal/Pareto", "Normal/Uniform",
            "OneHotCategorical/OneHotCategorical", "Pareto/Beta", "Pareto/ContinuousBernoulli", "Pareto/Exponential",
            "Pareto/Gamma", "Pareto/Normal", "Pareto/Pareto", "Pareto/Uniform", "Poisson/Bernoulli", "Poisson/Binomial",
            "Poisson/Poisson", "TransformedDistribution/TransformedDistribution", "Uniform/Beta",
            "Uniform/ContinuousBernoulli", "Uniform/Exponential", "Uniform/Gamma", "Uniform/Gumbel", "Uniform/Normal",
            "Uniform/Pareto", "Uniform/Uniform");

    @Test
    void remainingPairsMatchPyTorchWithGradients() {
        List<JsonObject> cases = FamilyGoldens.cases("distributions3", "kl");
        for (JsonObject c : cases) checkKl(c, "KL(" + c.get("p").getAsString() + " || " + c.get("q").getAsString() + ")");
        assertEquals(26, cases.size());
    }

    /** Each registration's representatives give PyTorch's divergence (finite, or its infinity) and gradients. */
    @Test
    void everyPairPyTorchRegistersIsImplemented() {
        assertEquals(87, REGISTERED.size());
        Set<String> seen = new TreeSet<>();
        List<String> failures = new ArrayList<>();
        for (JsonObject c : FamilyGoldens.cases("distributions3", "registry")) {
            JsonArray r = c.getAsJsonArray("registry");
            String pair = r.get(0).getAsString() + "/" + r.get(1).getAsString();
            seen.add(pair);
            try {
                checkKl(c, pair + " (" + c.get("p").getAsString() + " || " + c.get("q").getAsString() + ")");
            } catch (AssertionError | RuntimeException e) {
                failures.add(pair + ": " + e.getMessage());
            }
        }
        assertEquals(new TreeSet<>(REGISTERED), seen, "the golden's registrations");
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** PyTorch's generic rule called directly on each exponential family: its natural parameters and log normaliser. */
    @Test
    void bregmanRuleMatchesPyTorchOnEveryFamily() {
        List<JsonObject> cases = FamilyGoldens.cases("distributions3", "bregman");
        for (JsonObject c : cases) {
            String kind = c.get("family").getAsString(), what = "Bregman KL " + kind;
            List<Tensor> pp = FamilyGoldens.tensors(c.getAsJsonArray("p_params"), false);
            List<Tensor> qp = FamilyGoldens.tensors(c.getAsJsonArray("q_params"), true);
            Tensor kl = KlExponentialFamily.bregman((ExponentialFamily) FamilyGoldens.make(kind, pp, false),
                    (ExponentialFamily) FamilyGoldens.make(kind, qp, false));
            FamilyGoldens.close(c.get("kl"), kl, what);
            kl.sum().backward();
            checkGrads(c.getAsJsonArray("grads_q"), qp, what + " q grad");
        }
        assertEquals(10, cases.size());
    }

    @Test
    void pyTorchsErrors() {
        for (JsonObject c : FamilyGoldens.cases("distributions3", "error")) {
            String name = c.get("name").getAsString(), message = c.get("message").getAsString();
            Class<? extends RuntimeException> type = c.get("type").getAsString().equals("ValueError") ? IllegalArgumentException.class
                    : UnsupportedOperationException.class;
            RuntimeException e = assertThrows(type, () -> Kl.klDivergence(errorP(name), errorQ(name)), name);
            assertEquals(message, e.getMessage(), name);
        }
    }

    private static Distribution errorP(String name) {
        return switch (name) {
            case "kl_lowrank_lowrank_shape", "kl_lowrank_mvn_shape" -> lowRank(2);
            case "kl_mvn_lowrank_shape", "kl_mvn_mvn_shape" -> new MultivariateNormal(dev.torch4j.Torch.zeros(2), dev.torch4j.Torch.eye(2));
            case "kl_expfamily_cross" -> new Normal(0, 1);
            default -> Wishart.ofCovariance(dev.torch4j.Torch.tensor(3.0), dev.torch4j.Torch.eye(2));
        };
    }

    private static Distribution errorQ(String name) {
        return switch (name) {
            case "kl_lowrank_lowrank_shape", "kl_mvn_lowrank_shape" -> lowRank(3);
            case "kl_lowrank_mvn_shape", "kl_mvn_mvn_shape" -> new MultivariateNormal(dev.torch4j.Torch.zeros(3), dev.torch4j.Torch.eye(3));
            case "kl_expfamily_cross" -> new Poisson(1);
            default -> new Gamma(1, 1);
        };
    }

    private static LowRankMultivariateNormal lowRank(long n) {
        return new LowRankMultivariateNormal(dev.torch4j.Torch.zeros(n), dev.torch4j.Torch.ones(n, 1), dev.torch4j.Torch.ones(n));
    }

    /** A "kl" or "registry" case: the divergence, then each parameter's gradient of its sum (none where PyTorch has none). */
    private static void checkKl(JsonObject c, String what) {
        List<Tensor> pp = FamilyGoldens.tensors(c.getAsJsonArray("p_params"), true);
        List<Tensor> qp = FamilyGoldens.tensors(c.getAsJsonArray("q_params"), true);
        Tensor kl = Kl.klDivergence(FamilyGoldens.make(c.get("p").getAsString(), pp, false), FamilyGoldens.make(c.get("q").getAsString(), qp, false));
        FamilyGoldens.close(c.get("kl"), kl, what);
        if (kl.requiresGrad()) kl.sum().backward();
        checkGrads(c.getAsJsonArray("grads_p"), pp, what + " p grad");
        checkGrads(c.getAsJsonArray("grads_q"), qp, what + " q grad");
    }

    private static void checkGrads(JsonArray grads, List<Tensor> params, String what) {
        for (int i = 0; i < params.size(); i++) {
            Tensor g = params.get(i).grad();
            if (grads.get(i).isJsonNull()) {
                assertTrue(g == null || g.eq(0.0).all().itemBool(), what + " " + i + ": PyTorch has no gradient");
            } else {
                assertTrue(g != null, what + " " + i + " missing");
                FamilyGoldens.close(grads.get(i), g, what + " " + i);
            }
        }
    }
}
