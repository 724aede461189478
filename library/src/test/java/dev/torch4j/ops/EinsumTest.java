package dev.torch4j.ops;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** torch.einsum against PyTorch (scripts/goldens/einsum_goldens.py). */
class EinsumTest {
    private static final List<JsonObject> CASES = Golden.cases("einsum");

    @Test
    void valuesAndGradientsMatchPyTorch() {
        int n = 0;
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("einsum")) continue;
            String eq = c.get("equation").getAsString();
            JsonArray in = c.getAsJsonArray("operands");
            Tensor[] ops = new Tensor[in.size()];
            for (int i = 0; i < ops.length; i++) {
                ops[i] = Golden.tensor(in.get(i).getAsJsonObject());
                if (c.has("grads")) ops[i].requiresGrad_(true);
            }
            Tensor out = einsum(eq, ops);
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), out.detach(), 1e-5, 1e-5, eq);
            if (c.has("grads")) {
                out.mul(Golden.tensor(c.getAsJsonObject("w"))).sum().backward();
                JsonArray grads = c.getAsJsonArray("grads");
                for (int i = 0; i < ops.length; i++) {
                    Golden.assertClose(Golden.tensor(grads.get(i).getAsJsonObject()), ops[i].grad(), 1e-5, 1e-5, eq + " grad " + i);
                }
            } else {
                assertEquals(DType.INT64, out.dtype(), eq);
            }
            n++;
        }
        assertEquals(27, n);
    }

    @Test
    void errorsArePyTorchs() {
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("error")) continue;
            JsonArray shapes = c.getAsJsonArray("shapes");
            Tensor[] ops = new Tensor[shapes.size()];
            for (int i = 0; i < ops.length; i++) {
                JsonArray s = shapes.get(i).getAsJsonArray();
                long[] shape = new long[s.size()];
                for (int j = 0; j < shape.length; j++) shape[j] = s.get(j).getAsLong();
                ops[i] = randn(shape);
            }
            String m = assertThrows(IllegalArgumentException.class, () -> einsum(c.get("equation").getAsString(), ops)).getMessage();
            assertEquals(c.get("message").getAsString(), m, c.get("name").getAsString());
        }
    }

    @Test
    void gradcheckAndGradgradcheck() {
        manualSeed(1);
        Tensor a = randn(shape(2, 3, 3), dtype(DType.FLOAT64)).requiresGrad_(true);
        Tensor b = randn(shape(3, 4), dtype(DType.FLOAT64)).requiresGrad_(true);
        for (String eq : new String[] {"bij,jk->bik", "bii,ik->bk", "bij,ik->", "...j,jk->...k"}) {
            assertTrue(GradCheck.gradcheck(t -> einsum(eq, t[0], t[1]), a, b), eq);
            assertTrue(GradCheck.gradgradcheck(t -> einsum(eq, t[0], t[1]), a, b), eq + " second derivative");
        }
    }
}
