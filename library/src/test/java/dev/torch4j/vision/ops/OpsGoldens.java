package dev.torch4j.vision.ops;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;

import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs {@code common.weighted_grad_case} cases of scripts/goldens/vision_ops_goldens.py: the Java call (from the
 * case's fn and kw) must give torchvision's outputs and, where the case has them, the inputs' gradients of the
 * weighted sum. Float32 cases compare at float32's tolerances, float64 ones at float64's.
 */
final class OpsGoldens {
    private OpsGoldens() {}

    static int check(String file, java.util.Set<String> fns, BiFunction<JsonObject, Tensor[], Tensor> call) {
        int n = 0;
        for (JsonObject c : Golden.cases(file)) {
            if (!c.get("kind").getAsString().equals("fn") || !fns.contains(c.get("fn").getAsString())) continue;
            String what = c.get("fn").getAsString() + " " + c.getAsJsonObject("kw") + (c.has("note") ? " (" + c.get("note").getAsString() + ")" : "");
            Tensor[] x = Golden.inputs(c);
            Tensor out = call.apply(c.getAsJsonObject("kw"), x);
            Tensor expected = Golden.tensor(c.getAsJsonArray("outputs").get(0).getAsJsonObject());
            Golden.assertClose(expected, out.detach(), what + " " + expected.dtype());
            if (c.has("grads") && c.getAsJsonArray("w").get(0).isJsonObject()) {
                out.mul(Golden.tensor(c.getAsJsonArray("w").get(0).getAsJsonObject())).sum().backward();
                JsonArray grads = c.getAsJsonArray("grads");
                for (int i = 0; i < x.length; i++) {
                    if (grads.get(i).isJsonNull()) continue;
                    Golden.assertClose(Golden.tensor(grads.get(i).getAsJsonObject()), x[i].grad(), what + " grad " + i);
                }
            }
            n++;
        }
        return n;
    }

    static double num(JsonObject kw, String key, double dflt) { return kw.has(key) ? kw.get(key).getAsDouble() : dflt; }

    static String str(JsonObject kw, String key, String dflt) { return kw.has(key) ? kw.get(key).getAsString() : dflt; }

    static long[] pair(JsonObject kw, String key) {
        JsonArray a = kw.getAsJsonArray(key);
        return new long[] {a.get(0).getAsLong(), a.get(1).getAsLong()};
    }

    static void assertCount(int expected, int actual, String what) { assertEquals(expected, actual, what + ": cases run"); }
}
