package dev.torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Init} against PyTorch 1.13 over seeded random cases (scripts/goldens/fuzz_init_goldens.py): every init
 * function with random arguments on 1-d to 5-d shapes of both float dtypes, each after the same manual seed, so the
 * values are PyTorch's draws; refusals where PyTorch raises. All mismatches are reported together.
 */
class FuzzInitParityTest {

    @Test
    void everyCaseMatchesPyTorch() {
        List<JsonObject> cases = Golden.cases(System.getProperty("t4j.fuzzInit", "fuzz_init"));
        List<String> failures = new ArrayList<>();
        for (int k = 0; k < cases.size(); k++) {
            JsonObject c = cases.get(k);
            String what = "case " + k + " " + c.get("fn").getAsString() + c.get("shape") + " " + c.get("dtype").getAsString() + " "
                    + c.get("args");
            Tensor got;
            try {
                got = run(c);
            } catch (RuntimeException e) {
                if (!c.has("error")) failures.add(what + ": torch4j raised " + e);
                continue;
            }
            if (c.has("error")) {
                failures.add(what + ": PyTorch raised " + c.get("error").getAsString() + " but torch4j gave " + got);
                continue;
            }
            try {
                Tensor e = Golden.tensor(c.getAsJsonObject("out"));
                // scaled and shifted draws: a float32 result may differ from PyTorch's by a few roundings of O(1)
                // values (mean + std * draw near 0 keeps their absolute error, ~6e-8 each)
                Golden.assertClose(e, got, e.dtype() == DType.FLOAT32 ? 1e-6 : 1e-12, e.dtype() == DType.FLOAT32 ? 5e-7 : 1e-15, what);
            } catch (AssertionError err) {
                failures.add(err.getMessage());
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases.size() + " init cases differ from PyTorch:\n"
                + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }

    private static Tensor run(JsonObject c) {
        JsonArray sh = c.getAsJsonArray("shape");
        long[] shape = new long[sh.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = sh.get(i).getAsLong();
        Tensor t = Torch.empty(Torch.shape(shape), Torch.dtype(Golden.dtype(c.get("dtype").getAsString())));
        JsonObject a = c.getAsJsonObject("args");
        Torch.manualSeed(c.get("seed").getAsLong());
        switch (c.get("fn").getAsString()) {
            case "uniform_" -> Init.uniform_(t, d(a, "a"), d(a, "b"));
            case "normal_" -> Init.normal_(t, d(a, "mean"), d(a, "std"));
            case "constant_" -> Init.constant_(t, d(a, "val"));
            case "ones_" -> Init.ones_(t);
            case "zeros_" -> Init.zeros_(t);
            case "eye_" -> Init.eye_(t);
            case "dirac_" -> Init.dirac_(t, a.get("groups").getAsLong());
            case "xavier_uniform_" -> Init.xavierUniform_(t, d(a, "gain"), null);
            case "xavier_normal_" -> Init.xavierNormal_(t, d(a, "gain"), null);
            case "kaiming_uniform_" -> Init.kaimingUniform_(t, d(a, "a"), a.get("mode").getAsString(), a.get("nonlinearity").getAsString(), null);
            case "kaiming_normal_" -> Init.kaimingNormal_(t, d(a, "a"), a.get("mode").getAsString(), a.get("nonlinearity").getAsString(), null);
            case "trunc_normal_" -> Init.truncNormal_(t, d(a, "mean"), d(a, "std"), d(a, "a"), d(a, "b"));
            case "sparse_" -> Init.sparse_(t, d(a, "sparsity"), d(a, "std"));
            case "orthogonal_" -> Init.orthogonal_(t, d(a, "gain"), null);
            default -> throw new AssertionError(c.get("fn"));
        }
        return t;
    }

    private static double d(JsonObject a, String k) { return a.get(k).getAsDouble(); }
}
