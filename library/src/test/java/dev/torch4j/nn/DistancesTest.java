package dev.torch4j.nn;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** normalize, cosine_similarity, pairwise_distance and the margin and distance losses against PyTorch (distance_goldens.py). */
class DistancesTest {
    private static final List<JsonObject> CASES = Golden.cases("distances");

    private static double num(JsonObject kw, String k, double d) { return kw.has(k) ? kw.get(k).getAsDouble() : d; }

    private static boolean bool(JsonObject kw, String k, boolean d) { return kw.has(k) ? kw.get(k).getAsBoolean() : d; }

    private static Reduction red(JsonObject kw) {
        return switch (kw.has("reduction") ? kw.get("reduction").getAsString() : "mean") {
            case "none" -> Reduction.NONE;
            case "sum" -> Reduction.SUM;
            default -> Reduction.MEAN;
        };
    }

    private static Tensor apply(String name, JsonObject kw, Tensor[] x) {
        Reduction r = red(kw);
        return switch (name) {
            case "normalize" -> kw.size() == 0 ? Functional.normalize(x[0])
                    : Functional.normalize(x[0], num(kw, "p", 2), (long) num(kw, "dim", 1), num(kw, "eps", 1e-12));
            case "cosine_similarity" -> kw.size() == 0 ? Functional.cosineSimilarity(x[0], x[1])
                    : Functional.cosineSimilarity(x[0], x[1], (long) num(kw, "dim", 1), num(kw, "eps", 1e-8));
            case "pairwise_distance" -> kw.size() == 0 ? Functional.pairwiseDistance(x[0], x[1])
                    : Functional.pairwiseDistance(x[0], x[1], num(kw, "p", 2), num(kw, "eps", 1e-6), bool(kw, "keepdim", false));
            case "margin_ranking_loss" -> Functional.marginRankingLoss(x[0], x[1], x[2], num(kw, "margin", 0), r);
            case "hinge_embedding_loss" -> Functional.hingeEmbeddingLoss(x[0], x[1], num(kw, "margin", 1), r);
            case "soft_margin_loss" -> Functional.softMarginLoss(x[0], x[1], r);
            case "cosine_embedding_loss" -> Functional.cosineEmbeddingLoss(x[0], x[1], x[2], num(kw, "margin", 0), r);
            case "triplet_margin_loss" -> kw.size() == 0 ? Functional.tripletMarginLoss(x[0], x[1], x[2])
                    : Functional.tripletMarginLoss(x[0], x[1], x[2], num(kw, "margin", 1), num(kw, "p", 2), num(kw, "eps", 1e-6),
                    bool(kw, "swap", false), r);
            case "poisson_nll_loss" -> Functional.poissonNllLoss(x[0], x[1], bool(kw, "log_input", true), bool(kw, "full", false),
                    num(kw, "eps", 1e-8), r);
            case "gaussian_nll_loss" -> Functional.gaussianNllLoss(x[0], x[1], x[2], bool(kw, "full", false), num(kw, "eps", 1e-6), r);
            case "multilabel_soft_margin_loss" -> Functional.multilabelSoftMarginLoss(x[0], x[1],
                    kw.has("weight") ? Golden.tensor(kw.getAsJsonObject("weight")) : null, r);
            default -> throw new AssertionError(name);
        };
    }

    @Test
    void valuesAndGradientsMatchPyTorch() {
        int n = 0;
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("fn")) continue;
            String what = c.get("name").getAsString() + " " + c.get("kwargs");
            JsonArray ins = c.getAsJsonArray("inputs"), grads = c.getAsJsonArray("grads");
            Tensor[] x = new Tensor[ins.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = Golden.tensor(ins.get(i).getAsJsonObject());
                if (!grads.get(i).isJsonNull()) x[i].requiresGrad_(true);
            }
            Tensor out = apply(c.get("name").getAsString(), c.getAsJsonObject("kwargs"), x);
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), out.detach(), 1e-5, 1e-6, what);
            out.mul(Golden.tensor(c.getAsJsonObject("w"))).sum().backward();
            for (int i = 0; i < x.length; i++) {
                JsonElement g = grads.get(i);
                if (!g.isJsonNull()) Golden.assertClose(Golden.tensor(g.getAsJsonObject()), x[i].grad(), 1e-5, 1e-6, what + " grad " + i);
            }
            n++;
        }
        assertEquals(34, n);
    }

    @Test
    void gradcheckAndGradgradcheck() {
        manualSeed(5);
        Tensor a = randn(shape(4, 3), dtype(DType.FLOAT64)).requiresGrad_(true);
        Tensor b = randn(shape(4, 3), dtype(DType.FLOAT64)).requiresGrad_(true);
        Tensor c = randn(shape(4, 3), dtype(DType.FLOAT64)).requiresGrad_(true);
        Tensor y = tensor(new double[] {1, -1, -1, 1}, dtype(DType.FLOAT64));
        Tensor var = rand(shape(4, 3), dtype(DType.FLOAT64)).add(0.5).requiresGrad_(true);
        Map<String, Function<Tensor[], Tensor>> fns = new LinkedHashMap<>();
        fns.put("normalize", t -> Functional.normalize(t[0]));
        fns.put("cosine_similarity", t -> Functional.cosineSimilarity(t[0], t[1]));
        fns.put("pairwise_distance", t -> Functional.pairwiseDistance(t[0], t[1], 3, 1e-6, false));
        fns.put("cosine_embedding_loss", t -> Functional.cosineEmbeddingLoss(t[0], t[1], y, 0.1, Reduction.SUM));
        fns.put("soft_margin_loss", t -> Functional.softMarginLoss(t[0], t[1].sign(), Reduction.MEAN));
        fns.put("triplet_margin_loss", t -> Functional.tripletMarginLoss(t[0], t[1], t[2], 5, 2, 1e-6, true, Reduction.NONE));
        fns.put("gaussian_nll_loss", t -> Functional.gaussianNllLoss(t[0], t[1], t[2].abs().add(0.5), true, 1e-6, Reduction.MEAN));
        fns.put("multilabel_soft_margin_loss", t -> Functional.multilabelSoftMarginLoss(t[0], t[1].gt(0).to(DType.FLOAT64), null, Reduction.NONE));
        for (Map.Entry<String, Function<Tensor[], Tensor>> e : fns.entrySet()) {
            assertTrue(GradCheck.gradcheck(e.getValue(), a, b, var), e.getKey());
            assertTrue(GradCheck.gradgradcheck(e.getValue(), a, b, var), e.getKey() + " second derivative");
        }
    }

    @Test
    void modulesPrintAndRunAsPyTorchs() {
        Map<String, String> want = new LinkedHashMap<>();
        for (JsonObject c : CASES) {
            if (c.get("kind").getAsString().equals("repr")) c.getAsJsonObject("reprs").entrySet().forEach(e -> want.put(e.getKey(), e.getValue().getAsString()));
        }
        List<Module> mods = List.of(new CosineSimilarity(), new PairwiseDistance(1.0), new MarginRankingLoss(0.5), new HingeEmbeddingLoss(),
                new SoftMarginLoss(), new CosineEmbeddingLoss(), new TripletMarginLoss(), new PoissonNLLLoss(), new GaussianNLLLoss(),
                new MultiLabelSoftMarginLoss());
        assertEquals(want.size(), mods.size());
        for (Module m : mods) assertEquals(want.get(m.getClass().getSimpleName()), m.toString());
        manualSeed(1);
        Tensor a = randn(3, 4), b = randn(3, 4), c = randn(3, 4);
        Golden.assertExact(Functional.tripletMarginLoss(a, b, c), new TripletMarginLoss().call(a, b, c), "TripletMarginLoss");
        Golden.assertExact(Functional.cosineSimilarity(a, b), new CosineSimilarity().call(a, b), "CosineSimilarity");
        Tensor w = tensor(new double[] {1, 2, 3, 4});
        MultiLabelSoftMarginLoss weighted = new MultiLabelSoftMarginLoss(w, Reduction.SUM);
        assertEquals(List.of("weight"), List.copyOf(weighted.stateDict().keySet()), "the class weights are a buffer");
        String m = assertThrows(IllegalArgumentException.class,
                () -> Functional.gaussianNllLoss(a, b, full(new long[] {3, 4}, -1.0), false, 1e-6, Reduction.MEAN)).getMessage();
        assertTrue(m.contains("var has negative entry/entries"), m);
    }

    /** cosine_embedding_loss's rank checks, with PyTorch 1.13's messages; a 0-d target takes 1-d inputs (loss 0 here). */
    @Test
    void cosineEmbeddingLossRanks() {
        Tensor a = ones(2, 3), v = ones(3);
        var e = assertThrows(IllegalArgumentException.class,
                () -> LossFunctions.cosineEmbeddingLoss(a, a, ones(new long[0]), 0.0, Reduction.MEAN));
        assertTrue(e.getMessage().endsWith("0D target tensor expects 1D input tensors, but found inputs with sizes [2, 3] and [2, 3]."),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LossFunctions.cosineEmbeddingLoss(v, v, ones(1), 0.0, Reduction.MEAN));
        assertTrue(e.getMessage().endsWith("1D target tensor expects 2D input tensors, but found inputs with sizes [3] and [3]."),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LossFunctions.cosineEmbeddingLoss(a, a, ones(2, 2), 0.0, Reduction.MEAN));
        assertTrue(e.getMessage().endsWith("0D or 1D target tensor expected, multi-target not supported"), e.getMessage());
        assertEquals(0.0, LossFunctions.cosineEmbeddingLoss(v, v, ones(new long[0]), 0.0, Reduction.MEAN).item(), 1e-7);
    }
}
