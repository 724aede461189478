package dev.torch4j.ops;

import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** float32 elementwise results bit for bit as PyTorch's CPU kernels round them (float32_exact_goldens.py). */
class Float32ExactTest {
    @Test
    void sameBitsAsPyTorch() {
        List<JsonObject> cases = Golden.cases("float32_exact");
        Tensor x = Golden.tensor(cases.getFirst().getAsJsonObject("x")), y = Golden.tensor(cases.getFirst().getAsJsonObject("y"));
        Map<String, BinaryOperator<Tensor>> ops = Map.of("rsqrt", (a, b) -> a.rsqrt(), "sqrt", (a, b) -> a.sqrt(),
                "reciprocal", (a, b) -> a.reciprocal(), "div", Tensor::div, "mul", Tensor::mul, "add", Tensor::add);
        for (JsonObject c : cases.subList(1, cases.size())) {
            String name = c.get("name").getAsString();
            float[] want = Golden.tensor(c.getAsJsonObject("out")).toFloatArray(), got = ops.get(name).apply(x, y).toFloatArray();
            int differ = 0;
            for (int i = 0; i < want.length; i++) if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(got[i])) differ++;
            assertEquals(0, differ, name + ": elements whose bits differ from PyTorch's, of " + want.length);
        }
        // the strided loop (a scalar path) rounds as the vector one
        float[] want = Golden.tensor(cases.get(1).getAsJsonObject("out")).toFloatArray();
        Tensor strided = dev.torch4j.Torch.stack(java.util.List.of(x, x), 1).select(1, 0);
        float[] got = strided.rsqrt().toFloatArray();
        for (int i = 0; i < want.length; i++) assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got[i]), "strided rsqrt " + i);
    }
}
