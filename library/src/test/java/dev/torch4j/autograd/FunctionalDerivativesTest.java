package dev.torch4j.autograd;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** torch.autograd.functional (jacobian, hessian, vjp, jvp, hvp) against PyTorch (scripts/goldens/autograd_functional_goldens.py). */
class FunctionalDerivativesTest {
    private static final JsonObject G = Golden.namedCases("autograd_functional");

    private static Tensor t(String k) { return Golden.tensor(G.getAsJsonObject(k)); }

    private static Tensor t(String k, int i) { return Golden.tensor(G.getAsJsonArray(k).get(i).getAsJsonObject()); }

    private static void close(Tensor want, Tensor got, String what) { Golden.assertClose(want, got, 1e-12, 1e-12, what); }

    @Test
    void matchesPyTorch() {
        Tensor a = t("A"), b = t("B"), x = t("x"), y = t("y"), v3 = t("v3"), v4 = t("v4");
        Function<Tensor, Tensor> f = s -> s.matmul(a).tanh();
        Function<Tensor, Tensor> g = s -> s.pow(3).sum().add(s.get(0).mul(s.get(1)).mul(s.get(2))).add(s.sin().mul(s).sum());
        var ad = autograd();
        close(t("jacobian_f"), ad.jacobian(f, x), "jacobian f");
        Tensor[] jh = ad.jacobian(in -> in[0].mul(in[1].exp()).add(in[0].matmul(b)), new Tensor[] {x, y}, false);
        close(t("jacobian_h", 0), jh[0], "jacobian h / x");
        close(t("jacobian_h", 1), jh[1], "jacobian h / y");
        close(t("hessian_g"), ad.hessian(g, x), "hessian g");
        Tensor[] vjp = ad.vjp(f, x, v4);
        close(t("vjp_f", 0), vjp[0], "vjp value");
        close(t("vjp_f", 1), vjp[1], "vjp");
        Tensor[] jvp = ad.jvp(f, x, v3);
        close(t("jvp_f", 1), jvp[1], "jvp");
        Tensor[] hvp = ad.hvp(g, x, v3);
        close(t("hvp_g", 0), hvp[0], "hvp value");
        close(t("hvp_g", 1), hvp[1], "hvp");
        close(t("vjp_g", 1), ad.vjp(g, x, null)[1], "vjp of a scalar");
        close(t("jacobian_matrix_in"), ad.jacobian(m -> m.sin().sum(0, false), arange(6).to(DType.FLOAT64).reshape(2, 3).div(7)),
                "jacobian with a matrix input");
    }

    @Test
    void createGraphMakesTheJacobianDifferentiable() {
        Tensor x = tensor(new double[] {0.3, -0.2}).to(DType.FLOAT64).requiresGrad_(true);
        Tensor j = autograd().jacobian(in -> in[0].pow(3), new Tensor[] {x}, true)[0];  // diag(3 x^2)
        j.sum().backward();
        close(x.detach().mul(6), x.grad(), "d/dx trace-like sum of the Jacobian");
        assertTrue(j.requiresGrad());
    }
}
