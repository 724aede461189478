package dev.torch4j.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

/** Wishart against PyTorch (scripts/goldens/wishart_goldens.py): draws, log_prob, moments and gradients. */
class WishartTest {
    @Test
    void matchesPyTorch() {
        int n = 0;
        for (JsonObject c : Golden.cases("wishart")) {
            String what = c.get("kind").getAsString() + " #" + n++;
            Tensor df = Golden.tensor(c.getAsJsonObject("df")).requiresGrad_(true);
            Tensor param = Golden.tensor(c.getAsJsonObject("param")).requiresGrad_(true);
            Wishart d = switch (c.get("kind").getAsString()) {
                case "covariance_matrix" -> Wishart.ofCovariance(df, param);
                case "scale_tril" -> Wishart.ofScaleTril(df, param);
                default -> Wishart.ofPrecision(df, param);
            };
            assertEquals(c.get("repr").getAsString(), d.toString(), what);
            JsonArray sh = c.getAsJsonArray("shape");
            long[] shape = new long[sh.size()];
            for (int i = 0; i < shape.length; i++) shape[i] = sh.get(i).getAsLong();
            Torch.manualSeed(c.get("seed").getAsLong());
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("sample")), d.rsample(shape).detach(), 1e-12, 1e-12, what + " sample");
            Tensor lp = d.logProb(Golden.tensor(c.getAsJsonObject("values")));
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("log_prob")), lp.detach(), 1e-12, 1e-12, what + " log_prob");
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("entropy")), d.entropy().detach(), 1e-12, 1e-12, what + " entropy");
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("mean")), d.mean().detach(), 1e-12, 1e-12, what + " mean");
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("mode")), d.mode().detach(), 1e-12, 1e-12, what + " mode");
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("variance")), d.variance().detach(), 1e-12, 1e-12, what + " variance");
            lp.sum().add(d.entropy().sum()).backward();
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("grad_df")), df.grad(), 1e-10, 1e-12, what + " grad df");
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("grad_param")), param.grad(), 1e-10, 1e-12, what + " grad param");
        }
        assertEquals(3, n);
        assertEquals("Value of df=0.5 expected to be greater than ndim - 1 = 2.", assertThrows(IllegalArgumentException.class,
                () -> Wishart.ofCovariance(Torch.tensor(0.5), Torch.eye(3))).getMessage());
    }
}
