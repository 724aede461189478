package dev.torch4j.ops;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Special;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * torch.special and the gamma-family tensor functions against PyTorch (scripts/goldens/special_goldens.py): values
 * and gradients in float64, dtype kept in float32.
 */
class SpecialFunctionsGoldenTest {
    private static final Special S = Torch.special();

    private static Function<Tensor[], Tensor> fn(String name) {
        return switch (name) {
            case "polygamma1", "polygamma1_neg" -> x -> x[0].polygamma(1);
            case "polygamma2" -> x -> Torch.polygamma(2, x[0]);
            case "polygamma3" -> x -> S.polygamma(3, x[0]);
            case "lgamma", "lgamma_f32" -> x -> x[0].lgamma();
            case "digamma", "digamma_f32" -> x -> Torch.digamma(x[0]);
            case "mvlgamma3" -> x -> x[0].mvlgamma(3);
            case "gammaln" -> x -> S.gammaln(x[0]);
            case "multigammaln2" -> x -> S.multigammaln(x[0], 2);
            case "gammainc" -> x -> S.gammainc(x[0], x[1]);
            case "gammaincc" -> x -> S.gammaincc(x[0], x[1]);
            case "zeta" -> x -> S.zeta(x[0], x[1]);
            case "ndtr" -> x -> S.ndtr(x[0]);
            case "entr", "entr_grad" -> x -> S.entr(x[0]);
            case "erfinv" -> x -> S.erfinv(x[0]);
            case "expit" -> x -> S.expit(x[0]);
            case "xlogy" -> x -> S.xlogy(x[0], x[1]);
            default -> throw new AssertionError(name);
        };
    }

    @Test
    void matchesPyTorch() {
        int n = 0;
        for (JsonObject c : Golden.cases("special")) {
            String name = c.get("name").getAsString();
            List<JsonElement> ins = c.getAsJsonArray("inputs").asList();
            Tensor[] in = new Tensor[ins.size()];
            List<JsonElement> grads = c.has("grads") ? c.getAsJsonArray("grads").asList() : null;
            for (int i = 0; i < in.length; i++) {
                in[i] = Golden.tensor(ins.get(i).getAsJsonObject());
                if (grads != null && !grads.get(i).isJsonNull()) in[i].requiresGrad_(true);
            }
            Tensor y = fn(name).apply(in);
            Tensor want = Golden.tensor(c.getAsJsonObject("output"));
            assertEquals(want.dtype(), y.dtype(), name + " dtype");
            // trigamma is PyTorch's truncated series in both; the float64 values agree to rounding
            double rtol = y.dtype() == DType.FLOAT64 ? 1e-10 : 2e-6;
            Golden.assertClose(want, y.detach(), rtol, 1e-12, name);
            if (grads != null) {
                y.sum().backward();
                for (int i = 0; i < in.length; i++) {
                    if (grads.get(i).isJsonNull()) assertNull(in[i].grad(), name + " input " + i);
                    else Golden.assertClose(Golden.tensor(grads.get(i).getAsJsonObject()), in[i].grad(), 1e-9, 1e-12, name + " grad " + i);
                }
            }
            n++;
        }
        assertEquals(20, n);
    }

    @Test
    void errorsAreClear() {
        // PyTorch (1.13 and 2.x) does not refuse elements at or below (p-1)/2: lgamma's pole gives inf
        // (torch.mvlgamma(torch.tensor([0.5, 1.0, 0.99]), 3) = [inf, inf, 6.9262])
        double[] m = Torch.tensor(new double[] {0.5, 1.0, 0.99}).mvlgamma(3).toDoubleArray();
        assertEquals(Double.POSITIVE_INFINITY, m[0]);
        assertEquals(Double.POSITIVE_INFINITY, m[1]);
        assertEquals(6.9262, m[2], 1e-4);
        var n = assertThrows(IllegalArgumentException.class, () -> Torch.tensor(new double[] {1}).polygamma(-1));
        assertEquals("polygamma(n, x) does not support negative n.", n.getMessage());
    }
}
