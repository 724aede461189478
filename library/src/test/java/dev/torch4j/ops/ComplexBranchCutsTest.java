package dev.torch4j.ops;

import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The complex inverse trigonometric and hyperbolic functions, sqrt and the logarithms on their branch cuts (a signed
 * zero part picks the side) and beside them, against C99's values (scripts/goldens/complex_branch_cuts_goldens.py:
 * Python's cmath, since PyTorch 1.13's atan takes the other side of its cut on the imaginary axis).
 */
class ComplexBranchCutsTest {
    private static final Map<String, UnaryOperator<Tensor>> OPS = Map.of("asin", Tensor::asin, "acos", Tensor::acos,
            "atan", Tensor::atan, "asinh", Tensor::asinh, "acosh", Tensor::acosh, "atanh", Tensor::atanh,
            "sqrt", Tensor::sqrt, "log", Tensor::log, "log10", Tensor::log10);

    @Test
    void principalValuesAndCutSidesAreC99s() {
        for (JsonObject c : Golden.cases("complex_branch_cuts")) {
            String op = c.get("op").getAsString();
            Tensor z = Golden.tensor(c.getAsJsonObject("input"));
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("output")), OPS.get(op).apply(z), 1e-12, 1e-14, op);
        }
    }
}
