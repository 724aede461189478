package dev.torch4j.distributions;

import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static dev.torch4j.Torch.fromArray;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Argument checks of the new families with PyTorch's messages (ValueError here is IllegalArgumentException,
 * NotImplementedError UnsupportedOperationException), and the repr of parameters that require grad.
 */
class DistributionMessagesTest {
    /** float32 tensors, as the script's {@code torch.tensor([...])}. */
    private static Tensor t(double... v) { return fromArray(v).to(dev.torch4j.DType.FLOAT32); }

    private static Tensor t0(double v) { return t(v).reshape(); }

    private static Executable call(String name) {
        return switch (name) {
            case "gamma_concentration" -> () -> new Gamma(t(1, -2), t(1, 1));
            case "gamma_value" -> () -> new Gamma(1, 1).logProb(t0(-1));
            case "chi2_df" -> () -> new Chi2(t(-1));
            case "beta_concentration" -> () -> new Beta(t(-1), t(1));
            case "beta_value" -> () -> new Beta(1, 2).logProb(t(1.5));
            case "dirichlet_dim" -> () -> new Dirichlet(t0(1));
            case "dirichlet_concentration" -> () -> new Dirichlet(t(1, -1));
            case "dirichlet_value" -> () -> new Dirichlet(t(1, 2)).logProb(t(0.5, 0.6));
            case "poisson_rate" -> () -> new Poisson(t(-1));
            case "poisson_value" -> () -> new Poisson(2).logProb(t0(1.5));
            case "poisson_entropy" -> () -> new Poisson(2).entropy();
            case "lognormal_scale" -> () -> new LogNormal(0, -1);
            case "lognormal_value" -> () -> new LogNormal(0, 1).logProb(t(1, -1));
            case "halfnormal_scale" -> () -> new HalfNormal(t(1, -1));
            case "halfnormal_value" -> () -> new HalfNormal(1).logProb(t(-0.5));
            case "gumbel_scale" -> () -> new Gumbel(0, -1);
            case "cauchy_scale" -> () -> new Cauchy(t(0), t(-1));
            case "studentt_df" -> () -> new StudentT(t(-1));
            case "geometric_zero" -> () -> new Geometric(t(0, 0.5));
            case "geometric_range" -> () -> new Geometric(t(1.5, 0.5));
            case "geometric_neither" -> () -> Geometric.ofProbs(null);
            case "geometric_value" -> () -> new Geometric(0.5).logProb(t0(-1));
            case "binomial_count" -> () -> new Binomial(t(2.5), t(0.3));
            case "binomial_value" -> () -> new Binomial(t(10, 5), t(0.3, 0.2)).logProb(t(11, 1));
            case "binomial_entropy" -> () -> new Binomial(t(10, 5), t(0.3, 0.2)).entropy();
            case "negbin_probs_one" -> () -> NegativeBinomial.ofProbs(t(3), t(1.0));
            case "lowrank_cov_diag" -> () -> new LowRankMultivariateNormal(t(0, 0), t(1, 1).reshape(2, 1), t(1, -1));
            case "mixture_components" -> () -> new MixtureSameFamily(Categorical.ofProbs(t(0.5, 0.5)), new Normal(t(0, 1, 2), t(1, 1, 1)));
            case "fisher_df1" -> () -> new FisherSnedecor(t(-1.0), t(2.0));
            case "multinomial_support" -> () -> Multinomial.ofProbs(5, t(0.2, 0.3, 0.5)).logProb(t(1, -1, 2));
            case "binomial_kl" -> () -> Kl.klDivergence(Binomial.ofProbs(5, t(0.3)), Binomial.ofProbs(10, t(0.3)));
            case "onehot_value" -> () -> new OneHotCategorical(t(0.3, 0.7)).logProb(t(0.5, 0.5));
            case "kl_studentt" -> () -> Kl.klDivergence(new StudentT(2, 0, 1), new StudentT(3, 0, 1));
            default -> throw new AssertionError(name);
        };
    }

    @Test
    void messagesArePyTorchs() {
        int n = 0;
        for (JsonObject c : FamilyGoldens.cases("error")) {
            String name = c.get("name").getAsString(), type = c.get("type").getAsString(), message = c.get("message").getAsString();
            Class<? extends RuntimeException> expected = type.equals("ValueError") ? IllegalArgumentException.class : UnsupportedOperationException.class;
            RuntimeException e = assertThrows(expected, call(name), name);
            // PyTorch raises some NotImplementedErrors without a message; ours say what is missing
            if (!message.isEmpty()) assertEquals(message, e.getMessage(), name);
            n++;
        }
        assertEquals(33, n);
    }

    /** A one-element parameter shows as its tensor (with requires_grad) unless it is 0-d, as PyTorch's repr. */
    @Test
    void reprOfOneElementParameters() {
        Tensor df = t(2.5).requiresGrad_(true);
        assertEquals("StudentT(df: tensor([2.5000], requires_grad=True), loc: tensor([0.]), scale: tensor([1.]))",
                new StudentT(df).toString());
        assertEquals("Gamma(concentration: 2.0, rate: 3.0)", new Gamma(2, 3).toString());
        assertEquals("Binomial(total_count: 10.0, probs: 0.5)", Binomial.ofProbs(10, t0(0.5)).toString());
    }

    @Test
    void icdfWhereThereIsNone() {
        var e = assertThrows(UnsupportedOperationException.class, () -> new StudentT(2, 0, 1).icdf(t(0.5)));
        assertEquals("StudentT does not implement icdf", e.getMessage());
    }
}
