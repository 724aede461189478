package dev.torch4j.distributions;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * torch.distributions against PyTorch (scripts/goldens/distributions_goldens.py): repr, the samples drawn after the
 * same seed (exactly), rsample, log_prob, entropy, mean, variance, the parameters' gradients, KL divergences with
 * their gradients, and error messages.
 */
class DistributionsTest {
    private static List<Tensor> tensors(JsonArray a, boolean grad) {
        List<Tensor> out = new ArrayList<>();
        for (JsonElement e : a) {
            Tensor t = Golden.tensor(e.getAsJsonObject());
            out.add(grad && t.isFloatingPoint() ? t.requiresGrad_(true) : t);
        }
        return out;
    }

    private static Distribution make(String kind, List<Tensor> p) {
        return switch (kind) {
            case "normal" -> new Normal(p.get(0), p.get(1));
            case "uniform" -> new Uniform(p.get(0), p.get(1));
            case "bernoulli_probs" -> Bernoulli.ofProbs(p.get(0));
            case "bernoulli_logits" -> Bernoulli.ofLogits(p.get(0));
            case "categorical_probs" -> Categorical.ofProbs(p.get(0));
            case "categorical_logits" -> Categorical.ofLogits(p.get(0));
            case "mvn" -> new MultivariateNormal(p.get(0), p.get(1));
            case "mvn_tril" -> MultivariateNormal.ofScaleTril(p.get(0), p.get(1));
            case "exponential" -> new Exponential(p.get(0));
            case "laplace" -> new Laplace(p.get(0), p.get(1));
            case "independent_normal" -> new Independent(new Normal(p.get(0), p.get(1)), 1);
            default -> throw new AssertionError(kind);
        };
    }

    private static long[] longs(JsonArray a) {
        long[] r = new long[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsLong();
        return r;
    }

    private static void close(JsonElement expected, Tensor actual, String what) {
        Tensor e = Golden.tensor(expected.getAsJsonObject());
        double tol = e.dtype() == dev.torch4j.DType.FLOAT32 ? 1e-6 : 1e-12;
        Golden.assertClose(e, actual.detach().to(e.dtype()), tol, tol, what);
    }

    @Test
    void familiesMatchPyTorch() {
        int n = 0;
        for (JsonObject c : Golden.cases("distributions")) {
            String kind = c.get("kind").getAsString();
            if (kind.startsWith("kl_") || kind.equals("error")) continue;
            String what = kind + " #" + n++;
            List<Tensor> p = tensors(c.getAsJsonArray("params"), true);
            Distribution d = make(kind, p);
            assertEquals(c.get("repr").getAsString(), d.toString(), what + " repr");
            long[] shape = longs(c.getAsJsonArray("sample_shape"));
            manualSeed(c.get("seed").getAsLong());
            Tensor s = d.sample(shape);
            // the same draws; a multivariate normal's then go through L @ eps, whose rounding is the product's
            if (kind.startsWith("mvn")) close(c.get("sample"), s, what + " sample");
            else Golden.assertExact(Golden.tensor(c.getAsJsonObject("sample")).to(s.dtype()), s, what + " sample");
            Tensor lp = d.logProb(Golden.tensor(c.getAsJsonObject("values")));
            close(c.get("log_prob"), lp, what + " log_prob");
            Tensor ent = d.entropy();
            close(c.get("entropy"), ent, what + " entropy");
            if (!c.get("mean").isJsonNull()) {
                close(c.get("mean"), d.mean(), what + " mean");
                close(c.get("variance"), d.variance(), what + " variance");
            }
            Tensor loss = lp.mul(Golden.tensor(c.getAsJsonObject("w"))).sum().add(ent.sum());
            if (c.has("rsample")) {
                manualSeed(c.get("seed").getAsLong());
                Tensor r = d.rsample(shape);
                close(c.get("rsample"), r, what + " rsample");
                loss = loss.add(r.mul(Golden.tensor(c.getAsJsonObject("w2"))).sum());
            }
            loss.backward();
            JsonArray grads = c.getAsJsonArray("grads");
            for (int i = 0; i < p.size(); i++) {
                if (grads.get(i).isJsonNull()) continue;
                close(grads.get(i), p.get(i).grad(), what + " grad " + i);
            }
        }
        assertEquals(13, n);
    }

    @Test
    void klDivergencesMatchPyTorch() {
        int n = 0;
        for (JsonObject c : Golden.cases("distributions")) {
            String kind = c.get("kind").getAsString();
            if (!kind.startsWith("kl_")) continue;
            List<Tensor> p = tensors(c.getAsJsonArray("p"), true), q = tensors(c.getAsJsonArray("q"), true);
            String family = kind.substring(3);
            Tensor kl = Kl.klDivergence(make(family, p), make(family, q));
            close(c.get("kl"), kl, kind);
            kl.sum().backward();
            for (int i = 0; i < p.size(); i++) close(c.getAsJsonArray("grads_p").get(i), p.get(i).grad(), kind + " p grad " + i);
            for (int i = 0; i < q.size(); i++) close(c.getAsJsonArray("grads_q").get(i), q.get(i).grad(), kind + " q grad " + i);
            n++;
        }
        assertEquals(8, n);
    }

    @Test
    void errorsArePyTorchs() {
        int n = 0;
        for (JsonObject c : Golden.cases("distributions")) {
            if (!c.get("kind").getAsString().equals("error")) continue;
            String name = c.get("name").getAsString();
            Runnable r = switch (name) {
                case "normal_scale" -> () -> new Normal(zeros(2), tensor(new double[] {1, -1}).to(dev.torch4j.DType.FLOAT32));
                case "normal_value_nan" -> () -> new Normal(0, 1).logProb(tensor(Double.NaN));
                case "bernoulli_value" -> () -> Bernoulli.ofProbs(tensor(new double[] {0.3}).to(dev.torch4j.DType.FLOAT32))
                        .logProb(tensor(new double[] {0.5}).to(dev.torch4j.DType.FLOAT32));
                case "uniform_order" -> () -> new Uniform(1, 0);
                default -> throw new AssertionError(name);
            };
            assertEquals(c.get("message").getAsString(), assertThrows(IllegalArgumentException.class, r::run).getMessage(), name);
            n++;
        }
        assertEquals(4, n);
        assertThrows(UnsupportedOperationException.class, () -> Kl.klDivergence(new Normal(0, 1), Bernoulli.ofProbs(dev.torch4j.Torch.tensor(0.5))));
    }
}
