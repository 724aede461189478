package dev.torch4j.distributions;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static dev.torch4j.Torch.fromArray;
import static dev.torch4j.Torch.manualSeed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TransformedDistribution and the families PyTorch builds on it (HalfCauchy, Weibull, Pareto, Kumaraswamy,
 * LogisticNormal, RelaxedBernoulli, RelaxedOneHotCategorical and their logit / log-space bases) against PyTorch:
 * repr, shapes, draws after a seed, log_prob, entropy, mean, mode, variance, cdf, icdf and the parameters' gradients;
 * gradcheck of log_prob and rsample; PyTorch's messages.
 */
class TransformedDistributionsTest {
    /** The family a "family" case names; the transforms' parameters (for "td") are appended to tparams. */
    private static Distribution make(JsonObject c, List<Tensor> p, List<Tensor> tparams) {
        String kind = c.get("family").getAsString();
        if (c.get("numbers").getAsBoolean()) {
            double a = p.get(0).item(), b = p.size() > 1 ? p.get(1).item() : 0;
            return switch (kind) {
                case "halfcauchy" -> new HalfCauchy(a);
                case "weibull" -> new Weibull(a, b);
                case "kumaraswamy" -> new Kumaraswamy(a, b);
                default -> throw new AssertionError(kind);
            };
        }
        return switch (kind) {
            case "halfcauchy" -> new HalfCauchy(p.get(0));
            case "weibull" -> new Weibull(p.get(0), p.get(1));
            case "pareto" -> new Pareto(p.get(0), p.get(1));
            case "kumaraswamy" -> new Kumaraswamy(p.get(0), p.get(1));
            case "logisticnormal" -> new LogisticNormal(p.get(0), p.get(1));
            case "relaxedbernoulli_probs" -> RelaxedBernoulli.ofProbs(p.get(0), p.get(1));
            case "relaxedbernoulli_logits" -> RelaxedBernoulli.ofLogits(p.get(0), p.get(1));
            case "logitrelaxedbernoulli_probs" -> LogitRelaxedBernoulli.ofProbs(p.get(0), p.get(1));
            case "logitrelaxedbernoulli_logits" -> LogitRelaxedBernoulli.ofLogits(p.get(0), p.get(1));
            case "exprelaxedcategorical_probs" -> ExpRelaxedCategorical.ofProbs(p.get(0), p.get(1));
            case "exprelaxedcategorical_logits" -> ExpRelaxedCategorical.ofLogits(p.get(0), p.get(1));
            case "relaxedonehot_probs" -> RelaxedOneHotCategorical.ofProbs(p.get(0), p.get(1));
            case "relaxedonehot_logits" -> RelaxedOneHotCategorical.ofLogits(p.get(0), p.get(1));
            case "td" -> {
                List<Transform> ts = new ArrayList<>();
                for (JsonElement s : c.getAsJsonArray("specs")) ts.add(TransformGoldens.build(s.getAsJsonObject(), tparams));
                yield new TransformedDistribution(new Normal(p.get(0), p.get(1)), ts);
            }
            default -> throw new AssertionError(kind);
        };
    }


    @Test
    void familiesMatchPyTorch() {
        int n = 0;
        for (JsonObject c : TransformGoldens.cases("family")) {
            check(c);
            n++;
        }
        assertEquals(34, n);
    }

    private static void check(JsonObject c) {
        String what = c.get("family").getAsString() + " " + c.get("repr").getAsString() + " seed " + c.get("seed");
        boolean numbers = c.get("numbers").getAsBoolean();
        List<Tensor> p = FamilyGoldens.tensors(c.getAsJsonArray("params"), !numbers), tparams = new ArrayList<>();
        Distribution d = make(c, p, tparams);
        assertEquals(c.get("repr").getAsString(), d.toString(), what + " repr");
        assertArrayEquals(FamilyGoldens.longs(c.getAsJsonArray("batch_shape")), d.batchShape().toArray(), what + " batch_shape");
        assertArrayEquals(FamilyGoldens.longs(c.getAsJsonArray("event_shape")), d.eventShape().toArray(), what + " event_shape");
        long[] shape = FamilyGoldens.longs(c.getAsJsonArray("sample_shape"));
        manualSeed(c.get("seed").getAsLong());
        Tensor s = d.sample(shape);
        assertFalse(s.requiresGrad(), what + " sample requires grad");
        // the base draws are PyTorch's bit for bit; a transform's pow/exp may round differently from PyTorch's SIMD
        // kernels (1 ulp), so the pushed-through values are compared to rounding
        FamilyGoldens.close(c.get("sample"), s, what + " sample");
        Tensor lp = d.logProb(FamilyGoldens.tensor(c, "values"));
        FamilyGoldens.close(c.get("log_prob"), lp, what + " log_prob");
        Tensor loss = TransformGoldens.weighted(c, "log_prob", lp);
        for (String name : new String[] {"entropy", "mean", "mode", "variance"}) {
            Supplier<Tensor> f = switch (name) {
                case "entropy" -> d::entropy;
                case "mean" -> d::mean;
                case "mode" -> d::mode;
                default -> d::variance;
            };
            if (c.get(name).isJsonNull()) {
                assertThrows(UnsupportedOperationException.class, f::get, what + " " + name);
                continue;
            }
            Tensor v = f.get();
            FamilyGoldens.close(c.get(name), v, what + " " + name);
            if (c.has("w_" + name)) loss = loss.add(TransformGoldens.weighted(c, name, v));
        }
        for (String name : new String[] {"cdf", "icdf"}) {
            if (!c.has(name)) continue;
            Tensor v = FamilyGoldens.tensor(c, name + "_values");
            Tensor out = name.equals("cdf") ? d.cdf(v) : d.icdf(v);
            FamilyGoldens.close(c.get(name), out, what + " " + name);
            if (c.has("w_" + name)) loss = loss.add(TransformGoldens.weighted(c, name, out));
        }
        assertTrue(d.hasRsample(), what + " has_rsample");
        manualSeed(c.get("seed").getAsLong());
        Tensor r = d.rsample(shape);
        FamilyGoldens.close(c.get("rsample"), r, what + " rsample");
        if (numbers) return;
        loss.add(TransformGoldens.weighted(c, "rsample", r)).backward();
        List<Tensor> all = new ArrayList<>(p);
        all.addAll(tparams);
        JsonArray grads = c.getAsJsonArray("grads");
        assertEquals(grads.size(), all.size(), what + " parameters");
        for (int i = 0; i < all.size(); i++) {
            if (!grads.get(i).isJsonNull()) FamilyGoldens.close(grads.get(i), all.get(i).grad(), what + " grad " + i);
        }
    }

    private static Tensor d(double... v) { return fromArray(v); }

    /** log_prob and rsample (a fixed seed per evaluation) are smooth in the parameters and the value. */
    @Test
    void logProbAndRsamplePassGradcheck() {
        Tensor a = d(0.8, 1.5, 2.5).requiresGrad_(true), b = d(1.2, 0.6, 3.0).requiresGrad_(true);
        Tensor x = d(0.3, 0.55, 0.8).requiresGrad_(true), big = d(3.5, 4.0, 5.0).requiresGrad_(true);
        check(in -> new Weibull(in[0], in[1]).logProb(in[2]), in -> new Weibull(in[0], in[1]).rsample(2), 2, a, b, x);
        check(in -> new Pareto(in[0], in[1]).logProb(in[2]), in -> new Pareto(in[0], in[1]).rsample(2), 2, a, b, big);
        check(in -> new Kumaraswamy(in[0], in[1]).logProb(in[2]), in -> new Kumaraswamy(in[0], in[1]).rsample(2), 2, a, b, x);
        check(in -> new HalfCauchy(in[0]).logProb(in[1]), in -> new HalfCauchy(in[0]).rsample(2), 1, a, x);
        Tensor t = d(0.7).reshape().requiresGrad_(true);
        check(in -> RelaxedBernoulli.ofLogits(in[0], in[1]).logProb(in[2]), in -> RelaxedBernoulli.ofLogits(in[0], in[1]).rsample(2),
                2, t, a, x);
        // a value on the simplex stays fixed (a perturbation would leave the support)
        Tensor simplex = d(0.2, 0.3, 0.5);
        check(in -> RelaxedOneHotCategorical.ofLogits(in[0], in[1]).logProb(simplex),
                in -> RelaxedOneHotCategorical.ofLogits(in[0], in[1]).rsample(2), 2, t, b);
        Tensor loc = d(0.1, -0.4).requiresGrad_(true), scale = d(0.9, 1.3).requiresGrad_(true);
        check(in -> new LogisticNormal(in[0], in[1]).logProb(simplex), in -> new LogisticNormal(in[0], in[1]).rsample(2), 2, loc, scale);
        for (Distribution dist : new Distribution[] {new Weibull(d(1.5), d(0.8)), new Pareto(d(1.0), d(2.5)), new Kumaraswamy(d(2.0), d(3.0))}) {
            assertTrue(GradCheck.gradcheck(in -> dist.cdf(in[0]), d(1.2).requiresGrad_(true).mul(dist instanceof Kumaraswamy ? 0.5 : 1.5).detach().requiresGrad_(true)), dist + " cdf");
            assertTrue(GradCheck.gradcheck(in -> dist.icdf(in[0]), d(0.3, 0.7).requiresGrad_(true)), dist + " icdf");
        }
    }

    /** gradcheck of logProb over all inputs, and of rsample over the first nParams (the same seed each evaluation). */
    private static void check(java.util.function.Function<Tensor[], Tensor> logProb, java.util.function.Function<Tensor[], Tensor> rsample,
            int nParams, Tensor... inputs) {
        assertTrue(GradCheck.gradcheck(logProb, inputs), "log_prob");
        Tensor[] params = java.util.Arrays.copyOf(inputs, nParams);
        assertTrue(GradCheck.gradcheck(in -> {
            manualSeed(3);
            return rsample.apply(in);
        }, params), "rsample");
    }

    /** The monotone chains' cdf and icdf are inverses, decreasing chains included (Kumaraswamy's 1 - x). */
    @Test
    void icdfInvertsCdf() {
        Tensor p = d(0.05, 0.3, 0.5, 0.9).unsqueeze(-1);
        Distribution[] ds = {new Weibull(d(1.5), d(0.8)), new Pareto(d(2.0), d(3.0)), new Kumaraswamy(d(0.7), d(2.5)), new HalfCauchy(d(1.3)),
            new TransformedDistribution(new Normal(d(0.2), d(0.5)), new SigmoidTransform(), new AffineTransform(1.0, -1.0))};
        for (Distribution dist : ds) Golden.assertClose(p, dist.cdf(dist.icdf(p)), 1e-12, 1e-13, dist + " cdf(icdf(p))");
    }

    /**
     * The Pareto pairs of {@link Kl#klDivergence} and the rule for two TransformedDistributions with equal transforms:
     * values and gradients for both sides, infinite pairs included.
     */
    @Test
    void paretoDivergencesMatchPyTorch() {
        int n = 0;
        for (JsonObject c : TransformGoldens.cases("kl")) {
            String kp = c.get("p").getAsString(), kq = c.get("q").getAsString(), what = "KL(" + kp + " || " + kq + ")";
            List<Tensor> pp = FamilyGoldens.tensors(c.getAsJsonArray("p_params"), true), qp = FamilyGoldens.tensors(c.getAsJsonArray("q_params"), true);
            Tensor kl = Kl.klDivergence(klSide(kp, pp), klSide(kq, qp));
            FamilyGoldens.close(c.get("kl"), kl, what);
            if (kl.requiresGrad()) kl.sum().backward();
            for (String side : new String[] {"p", "q"}) {
                JsonArray grads = c.getAsJsonArray("grads_" + side);
                List<Tensor> ps = side.equals("p") ? pp : qp;
                for (int i = 0; i < ps.size(); i++) {
                    if (!grads.get(i).isJsonNull()) FamilyGoldens.close(grads.get(i), ps.get(i).grad(), what + " grad " + side + i);
                }
            }
            n++;
        }
        assertEquals(16, n);
    }

    private static Distribution klSide(String kind, List<Tensor> p) {
        return switch (kind) {
            case "pareto" -> new Pareto(p.get(0), p.get(1));
            case "logisticnormal" -> new LogisticNormal(p.get(0), p.get(1));
            case "halfcauchy" -> new HalfCauchy(p.get(0));
            case "kumaraswamy" -> new Kumaraswamy(p.get(0), p.get(1));
            default -> FamilyGoldens.make(kind, p, false);
        };
    }

    private static Tensor t(double... v) { return fromArray(v).to(DType.FLOAT32); }

    private static Tensor t0(double v) { return t(v).reshape(); }

    private static Executable call(String name) {
        return switch (name) {
            case "weibull_scale" -> () -> new Weibull(t(1, -1), t(1, 1));
            case "weibull_concentration" -> () -> new Weibull(t0(1), t(0, 2));
            case "weibull_value" -> () -> new Weibull(t(1, 2), t(1, 1)).logProb(t(-1, 1));
            case "pareto_alpha" -> () -> new Pareto(t(1), t(-1));
            case "pareto_scale" -> () -> new Pareto(t(-1), t(1));
            case "pareto_value" -> () -> new Pareto(t(1, 2), t(1, 1)).logProb(t(1.5, 1.5));
            case "halfcauchy_scale" -> () -> new HalfCauchy(t(1, -1));
            case "halfcauchy_value" -> () -> new HalfCauchy(1).logProb(t(-1));
            case "kumaraswamy_concentration1" -> () -> new Kumaraswamy(t(-1), t(1));
            case "kumaraswamy_value" -> () -> new Kumaraswamy(t(2), t(2)).logProb(t(1.5));
            case "logisticnormal_scale" -> () -> new LogisticNormal(t(0, 0), t(1, -1));
            case "logisticnormal_value" -> () -> new LogisticNormal(t(0, 0), t(1, 1)).logProb(t(0.5, 0.6, 0.1));
            case "relaxedbernoulli_probs" -> () -> RelaxedBernoulli.ofProbs(t0(1), t(1.5));
            case "relaxedbernoulli_value" -> () -> RelaxedBernoulli.ofProbs(t0(0.5), t(0.3)).logProb(t(1.5));
            case "relaxedonehot_probs" -> () -> RelaxedOneHotCategorical.ofProbs(t0(1), t(-0.1, 0.5));
            case "relaxedonehot_value" -> () -> RelaxedOneHotCategorical.ofProbs(t0(1), t(0.3, 0.7)).logProb(t(0.5, 0.6));
            case "td_base_shape" -> () -> new TransformedDistribution(new Normal(0, 1), new StickBreakingTransform());
            case "reshape_numel" -> () -> new ReshapeTransform(new long[] {2, 3}, new long[] {4});
            case "reshape_shape" -> () -> new ReshapeTransform(new long[] {2, 3}, new long[] {6}).forwardShape(3, 2);
            case "stickbreaking_shape" -> () -> new StickBreakingTransform().forwardShape();
            case "cache_size" -> () -> new ExpTransform(2);
            case "relaxedonehot_mode" -> () -> RelaxedOneHotCategorical.ofProbs(t0(1), t(0.3, 0.7)).mode();
            case "exprelaxedcategorical_mode" -> () -> ExpRelaxedCategorical.ofProbs(t0(1), t(0.3, 0.7)).mode();
            case "logitrelaxedbernoulli_mode" -> () -> LogitRelaxedBernoulli.ofProbs(t0(1), t(0.3)).mode();
            case "kl_transformed_different" -> () -> Kl.klDivergence(new Weibull(t(1), t(2)), new Weibull(t(1), t(3)));
            case "relaxedbernoulli_mode" -> () -> RelaxedBernoulli.ofProbs(t0(1), t(0.3)).mode();
            default -> throw new AssertionError(name);
        };
    }

    @Test
    void messagesArePyTorchs() {
        int n = 0;
        for (JsonObject c : TransformGoldens.cases("error")) {
            String name = c.get("name").getAsString();
            Class<? extends RuntimeException> type = c.get("type").getAsString().equals("ValueError")
                    ? IllegalArgumentException.class : UnsupportedOperationException.class;
            String message = assertThrows(type, call(name), name).getMessage();
            // PyTorch raises some NotImplementedErrors without a message; ours say what is missing
            if (!c.get("message").getAsString().isEmpty()) assertEquals(c.get("message").getAsString(), message, name);
            n++;
        }
        assertEquals(26, n);
    }
}
