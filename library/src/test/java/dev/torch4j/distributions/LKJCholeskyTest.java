package dev.torch4j.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

/** LKJCholesky against PyTorch (scripts/goldens/lkj_goldens.py): draws, log_prob and its gradient. */
class LKJCholeskyTest {
    @Test
    void matchesPyTorch() {
        int n = 0;
        for (JsonObject c : Golden.cases("lkj")) {
            Tensor conc = Golden.tensor(c.getAsJsonObject("concentration")).requiresGrad_(true);
            LKJCholesky d = new LKJCholesky(c.get("dim").getAsLong(), conc);
            assertEquals(c.get("repr").getAsString(), d.toString());
            JsonArray sh = c.getAsJsonArray("shape");
            long[] shape = new long[sh.size()];
            for (int i = 0; i < shape.length; i++) shape[i] = sh.get(i).getAsLong();
            Torch.manualSeed(c.get("seed").getAsLong());
            Tensor s = d.sample(shape);
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("sample")), s, 1e-14, 1e-15, "sample " + n);
            Tensor lp = d.logProb(Golden.tensor(c.getAsJsonObject("sample")));
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("log_prob")), lp.detach(), 1e-12, 1e-12, "log_prob " + n);
            lp.sum().backward();
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("grad")), conc.grad(), 1e-10, 1e-12, "grad " + n);
            n++;
        }
        assertEquals(3, n);
        assertEquals("Expected dim to be an integer greater than or equal to 2. Found dim=1.",
                assertThrows(IllegalArgumentException.class, () -> new LKJCholesky(1, 1.0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LKJCholesky(3, 1.0).logProb(Torch.ones(3, 3).to(dev.torch4j.DType.FLOAT64)));
    }
}
