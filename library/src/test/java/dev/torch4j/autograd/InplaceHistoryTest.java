package dev.torch4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;

import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * An in-place op that overwrites a recorded tensor: its node becomes the grad_fn and the old history gets zeros,
 * against goldens/inplace_history.json (scripts/goldens/inplace_history_goldens.py).
 */
class InplaceHistoryTest {
    private static UnaryOperator<Tensor> op(String name) {
        return switch (name) {
            case "fill_" -> x -> x.fill_(1.5);
            case "zero_" -> Tensor::zero_;
            case "copy_" -> x -> x.copy_(Torch.fullLike(x, 3));
            case "copy_ into a slice" -> x -> x.narrow(0, 1, 2).copy_(Torch.zerosLike(x.narrow(0, 1, 2)));
            default -> throw new AssertionError(name);
        };
    }

    @TestFactory
    List<DynamicTest> overwrittenHistoryGetsZeros() {
        return Golden.cases("inplace_history").stream().map(c -> DynamicTest.dynamicTest(
                c.get("op").getAsString() + " " + c.get("dtype").getAsString(), () -> check(c))).toList();
    }

    private static void check(JsonObject c) {
        DType dtype = c.get("dtype").getAsString().equals("complex128") ? DType.COMPLEX128 : Golden.dtype(c.get("dtype").getAsString());
        Tensor leaf = Torch.arange(1.0, 4.0).to(DType.FLOAT64).to(dtype).requiresGrad_(true);
        Tensor x = leaf.mul(2);
        op(c.get("op").getAsString()).apply(x);
        assertEquals(c.get("grad_fn").getAsString(), x.gradFn().name());
        Golden.assertClose(Golden.tensor(c.getAsJsonObject("values")), x.detach(), "values");
        (dtype.isComplex() ? x.real() : x).sum().backward();
        Golden.assertClose(Golden.tensor(c.getAsJsonObject("grad")), leaf.grad(), "grad");
    }
}
