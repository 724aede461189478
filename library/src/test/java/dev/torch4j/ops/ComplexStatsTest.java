package dev.torch4j.ops;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * var, std, var_mean, std_mean, cov and corrcoef (scripts/goldens/complex_stats_goldens.py) and cumsum, cumprod,
 * rsqrt and logsumexp (complex_scans_goldens.py) of complex tensors against PyTorch: values, dtypes (var and std
 * real) and input gradients of a weighted sum of the outputs' real views.
 */
class ComplexStatsTest {
    private static Tensor[] call(JsonObject c, Tensor x) {
        JsonObject kw = c.getAsJsonObject("kw");
        long[] dims = kw.has("dim") ? new long[] {kw.get("dim").getAsLong()} : null;
        double corr = kw.has("correction") ? kw.get("correction").getAsDouble() : 1;
        boolean keep = kw.has("keepdim") && kw.get("keepdim").getAsBoolean();
        return switch (c.get("fn").getAsString()) {
            case "var" -> new Tensor[] {dims == null && !kw.has("correction") ? x.var() : Reductions.var(x, dims, corr, keep)};
            case "std" -> new Tensor[] {Reductions.std(x, dims, corr, keep)};
            case "var_mean" -> OrderStatistics.varMean(x, dims, corr, keep);
            case "std_mean" -> OrderStatistics.stdMean(x, dims, corr, keep);
            case "cov" -> new Tensor[] {Torch.cov(x, (long) corr)};
            case "corrcoef" -> new Tensor[] {Torch.corrcoef(x)};
            case "cumsum" -> new Tensor[] {x.cumsum(kw.get("dim").getAsLong())};
            case "cumprod" -> new Tensor[] {x.cumprod(kw.get("dim").getAsLong())};
            case "rsqrt" -> new Tensor[] {x.rsqrt()};
            case "logsumexp" -> new Tensor[] {Reductions.logsumexp(x, dims, keep)};
            default -> throw new AssertionError(c.get("fn"));
        };
    }

    private static Tensor realView(Tensor t) { return t.isComplex() ? t.viewAsReal() : t; }

    @Test
    void complexStatisticsAsPyTorch() { check("complex_stats", 17); }

    @Test
    void complexScansRsqrtAndLogsumexpAsPyTorch() { check("complex_scans", 15); }

    private static void check(String file, int atLeast) {
        List<JsonObject> cases = Golden.cases(file);
        assertTrue(cases.size() >= atLeast);
        for (JsonObject c : cases) {
            String what = c.get("fn") + " " + c.get("kw") + " " + c.getAsJsonObject("input").get("dtype");
            Tensor x = Golden.tensor(c.getAsJsonObject("input")).requiresGrad_(true);
            Tensor[] out = call(c, x);
            JsonArray want = c.getAsJsonArray("outputs"), ws = c.getAsJsonArray("w");
            assertEquals(want.size(), out.length, what);
            double tol = x.dtype() == dev.torch4j.DType.COMPLEX64 ? 1e-5 : 1e-12;
            Tensor loss = null;
            for (int i = 0; i < out.length; i++) {
                Tensor e = Golden.tensor(want.get(i).getAsJsonObject());
                assertEquals(e.dtype(), out[i].dtype(), what + " dtype of output " + i);
                Golden.assertClose(realView(e), realView(out[i].detach()), tol, tol, what + " output " + i);
                Tensor term = realView(out[i]).mul(Golden.tensor(ws.get(i).getAsJsonObject())).sum();
                loss = loss == null ? term : loss.add(term);
            }
            loss.backward();
            Golden.assertClose(realView(Golden.tensor(c.getAsJsonObject("grad"))), realView(x.grad()), tol, tol, what + " grad");
        }
    }
}
