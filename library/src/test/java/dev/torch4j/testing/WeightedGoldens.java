package dev.torch4j.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;

import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Checks a golden file of {@code common.weighted_grad_case} cases: each case's Java call (keyed by its {@code fn}) gives
 * the outputs, floating ones compared within tolerances and integer ones exactly, and the inputs' gradients of
 * {@code sum_i (out_i * w_i).sum()} are compared with PyTorch's.
 */
public final class WeightedGoldens {
    private WeightedGoldens() {}

    /** Runs every case of {@code goldens/<file>.json}; returns how many ran (each must have a call). */
    public static int check(String file, Map<String, Function<Tensor[], Tensor[]>> calls, double rtol, double atol) {
        int n = 0;
        for (JsonObject c : Golden.cases(file)) {
            if (!c.has("inputs")) continue; // another kind of case (reprs), read by the test itself
            String fn = c.get("fn").getAsString();
            Function<Tensor[], Tensor[]> call = calls.get(fn);
            assertNotNull(call, "no Java call for " + fn);
            boolean grad = c.has("grads");
            Tensor[] x = Golden.inputs(c);
            Tensor[] out = call.apply(x);
            JsonArray expect = c.getAsJsonArray("outputs");
            assertEquals(expect.size(), out.length, fn + ": outputs");
            Tensor loss = null;
            for (int i = 0; i < out.length; i++) {
                Tensor e = Golden.tensor(expect.get(i).getAsJsonObject());
                if (e.isFloatingPoint()) Golden.assertClose(e, out[i].detach(), rtol, atol, fn + " output " + i);
                else Golden.assertExact(e, out[i], fn + " output " + i);
                if (grad && c.getAsJsonArray("w").get(i).isJsonObject()) {
                    Tensor term = out[i].mul(Golden.tensor(c.getAsJsonArray("w").get(i).getAsJsonObject())).sum();
                    loss = loss == null ? term : loss.add(term);
                }
            }
            if (grad && loss != null) {
                loss.backward();
                JsonArray grads = c.getAsJsonArray("grads");
                for (int i = 0; i < x.length; i++) {
                    if (grads.get(i).isJsonNull()) continue;
                    Golden.assertClose(Golden.tensor(grads.get(i).getAsJsonObject()), x[i].grad(), rtol, atol, fn + " grad " + i);
                }
            }
            n++;
        }
        assertEquals(calls.size(), n, file + ": every Java call has one case");
        return n;
    }
}
