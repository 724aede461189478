package dev.torch4j.distributions;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.torch4j.Torch.fromArray;
import static dev.torch4j.Torch.manualSeed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link Kl#klDivergence} for the pairs PyTorch registers among the new families and the first ones: values and
 * gradients against PyTorch (infinite pairs included), a Monte Carlo check of one closed form, and the pairs
 * without one.
 */
class KlPairsTest {
    @Test
    void divergencesAndGradientsMatchPyTorch() {
        int n = 0;
        for (JsonObject c : FamilyGoldens.cases("kl")) {
            String kp = c.get("p").getAsString(), kq = c.get("q").getAsString(), what = "KL(" + kp + " || " + kq + ")";
            List<Tensor> pp = FamilyGoldens.tensors(c.getAsJsonArray("p_params"), true);
            List<Tensor> qp = FamilyGoldens.tensors(c.getAsJsonArray("q_params"), true);
            Tensor kl = Kl.klDivergence(FamilyGoldens.make(kp, pp, false), FamilyGoldens.make(kq, qp, false));
            FamilyGoldens.close(c.get("kl"), kl, what);
            if (kl.requiresGrad()) kl.sum().backward();
            check(c.getAsJsonArray("grads_p"), pp, what + " p grad");
            check(c.getAsJsonArray("grads_q"), qp, what + " q grad");
            n++;
        }
        assertEquals(54, n);
    }

    private static void check(JsonArray grads, List<Tensor> params, String what) {
        for (int i = 0; i < params.size(); i++) {
            if (grads.get(i).isJsonNull()) continue;
            FamilyGoldens.close(grads.get(i), params.get(i).grad(), what + " " + i);
        }
    }

    /** KL(p || q) = E_p[log p(X) - log q(X)]: the Gamma-Normal closed form against 200k draws from p. */
    @Test
    void closedFormAgreesWithMonteCarlo() {
        Gamma p = new Gamma(fromArray(new double[] {3.0}), fromArray(new double[] {2.0}));
        Normal q = new Normal(fromArray(new double[] {1.0}), fromArray(new double[] {0.8}));
        manualSeed(4);
        Tensor x = p.sample(200_000);
        Tensor diff = p.logProb(x).sub(q.logProb(x));
        double mean = diff.mean().item(), sd = diff.std().item();
        assertEquals(Kl.klDivergence(p, q).item(), mean, 4 * sd / Math.sqrt(200_000));
    }

    /** Chi2 takes the Gamma pairs; KL(Chi2(k) || Gamma(k/2, 1/2)) is zero. */
    @Test
    void chi2IsAGamma() {
        Tensor df = fromArray(new double[] {1.0, 4.5});
        Tensor kl = Kl.klDivergence(new Chi2(df), new Gamma(df.mul(0.5), fromArray(new double[] {0.5, 0.5})));
        dev.torch4j.testing.Golden.assertClose(fromArray(new double[] {0, 0}), kl, 0, 1e-15, "KL(Chi2 || same Gamma)");
    }

    @Test
    void pairsWithoutAFormulaRaise() {
        var e = assertThrows(UnsupportedOperationException.class, () -> Kl.klDivergence(new StudentT(2, 0, 1), new StudentT(3, 0, 1)));
        assertEquals("No KL(p || q) is implemented for p type StudentT and q type StudentT", e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> Kl.klDivergence(new LogNormal(0, 1), new HalfNormal(1)));
        assertThrows(UnsupportedOperationException.class, () -> Kl.klDivergence(new LogNormal(0, 1), new Normal(0, 1)));
    }
}
