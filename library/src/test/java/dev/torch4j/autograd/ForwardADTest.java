package dev.torch4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import java.util.List;
import org.junit.jupiter.api.Test;

/** torch.autograd.forward_ad: tangents equal PyTorch's forward-mode AD (forward_ad.json). */
class ForwardADTest {
    private static final List<JsonObject> CASES = Golden.cases("forward_ad");

    private static Tensor golden(String name, String key) {
        return Golden.tensor(CASES.stream().filter(c -> c.get("name").getAsString().equals(name)).findFirst().orElseThrow()
                .getAsJsonObject(key));
    }

    @Test
    void tangentsEqualPyTorchsForwardMode() {
        Tensor w = golden("inputs", "w");
        try (var level = ForwardAD.dualLevel()) {
            Tensor x = ForwardAD.makeDual(golden("inputs", "x"), golden("inputs", "t"));
            Tensor b = ForwardAD.makeDual(golden("inputs", "b"), golden("inputs", "tb"));
            Tensor m = ForwardAD.makeDual(golden("inputs", "m"), golden("inputs", "tm"));
            Tensor y = w.matmul(x).add(b).tanh().mul(x.sum());
            Golden.assertClose(golden("mlp", "jvp"), ForwardAD.unpackDual(y).tangent(), "tanh(W x + b) * sum(x)");
            Golden.assertClose(golden("mlp", "primal"), ForwardAD.unpackDual(y).primal(), "primal");
            Golden.assertClose(golden("softmax", "jvp"), ForwardAD.unpackDual(x.mul(x).softmax(0)).tangent(), "softmax");
            Tensor q = Torch.linalg().norm(m.matmul(m.t()), 2.0, new long[] {1}, false).log();
            Golden.assertClose(golden("matrix", "jvp"), ForwardAD.unpackDual(q).tangent(), "log ||m m^T||, float32");
            Golden.assertClose(golden("sin", "jvp"), ForwardAD.unpackDual(m.sin().mul(3)).tangent(), "3 sin m");
            Golden.assertClose(golden("dual_itself", "jvp"), ForwardAD.unpackDual(x).tangent(), "a dual's own tangent");
            assertNull(ForwardAD.unpackDual(w).tangent(), "no tangent for what depends on no dual");
            assertNull(ForwardAD.unpackDual(Torch.ones(2).requiresGrad_(true).mul(2)).tangent());
        }
        assertNull(ForwardAD.unpackDual(Torch.ones(1)).tangent(), "outside a level");
    }

    @Test
    void backwardStillReachesThePrimalAndErrorsArePyTorchs() {
        Tensor p = Torch.tensor(new double[] {1, 2}).requiresGrad_(true);
        try (var level = ForwardAD.dualLevel()) {
            Tensor x = ForwardAD.makeDual(p, Torch.tensor(new double[] {1, 0}));
            x.mul(x).sum().backward();
            assertTrue(p.grad().equal(Torch.tensor(new double[] {2, 4})), "make_dual is backward differentiable");
            assertEquals("Nested forward mode AD is not supported at the moment",
                    assertThrows(IllegalStateException.class, ForwardAD::dualLevel).getMessage());
            assertEquals("Trying to set a forward gradient that has a different size than that of the original Tensor, this is "
                    + "not supported. Tensor is of size [2] while the given forward gradient is of size [3].",
                    assertThrows(IllegalStateException.class, () -> ForwardAD.makeDual(Torch.ones(2), Torch.ones(3))).getMessage());
            assertEquals("Expected primal to be floating point or complex, but got: torch.int64",
                    assertThrows(IllegalArgumentException.class, () -> ForwardAD.makeDual(Torch.tensor(new long[] {1}), Torch.ones(1)))
                            .getMessage());
            try (var ng = GradMode.noGrad()) {
                assertThrows(IllegalStateException.class, () -> ForwardAD.makeDual(Torch.ones(1), Torch.ones(1)));
            }
        }
        assertEquals("Trying to create a dual Tensor for forward AD but no level exists, make sure to enter_dual_level() first.",
                assertThrows(IllegalStateException.class, () -> ForwardAD.makeDual(Torch.ones(1), Torch.ones(1))).getMessage());
        try (var again = ForwardAD.dualLevel()) {
            Tensor x = ForwardAD.makeDual(Torch.ones(1), Torch.ones(1));
            assertSame(x, ForwardAD.unpackDual(x).primal());
        }
    }
}
