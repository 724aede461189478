package dev.torch4j.ops;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Java int literals bind to the long overloads, which stand for Python ints: an integer tensor stays integer as in
 * PyTorch (scripts/goldens/int_scalar_goldens.py). With only double overloads it became float.
 */
class IntScalarOverloadsTest {
    @Test
    void integerTensorsStayInteger() {
        Tensor t = Torch.tensor(new long[] {1, 5, 9, -7});
        Tensor x = Torch.tensor(new float[] {0.5f, 3f, 7.5f}).requiresGrad_(true);
        Tensor y = x.clamp(1, 6);
        Map<String, Supplier<Tensor>> calls = Map.of(
                "clamp", () -> t.clamp(2, 6), "clamp_min", () -> t.clampMin(4), "clamp_max", () -> t.clampMax(3),
                "fmod", () -> t.fmod(-2), "multiply", () -> Torch.multiply(t, 3), "subtract", () -> t.subtract(2),
                "clamp_", () -> t.clone().clamp_(2, 6), "fmod_", () -> t.clone().fmod_(4),
                "clamp_u8", () -> Torch.tensor(new long[] {1, 200}).to(DType.UINT8).clamp(5, 100), "float_clamp", () -> y);
        for (JsonObject c : Golden.cases("int_scalar")) {
            String name = c.get("name").getAsString();
            Tensor got = calls.get(name).get();
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("out")), got.detach(), name);
            if (c.has("grad_fn")) assertEquals(c.get("grad_fn").getAsString(), got.gradFn().name(), name);
        }
        // torch.where(condition, input, other): condition first, scalars on either side, ints keeping ints
        Tensor cond = t.gt(3L);
        Golden.assertExact(Torch.tensor(new long[] {0, 5, 9, 0}), Torch.where(cond, t, 0), "where(cond, t, 0)");
        Golden.assertExact(Torch.tensor(new long[] {-1, 5, 9, -1}), Torch.where(cond.logicalNot(), -1, t), "where(cond, -1, t)");
        assertEquals(DType.FLOAT32, Torch.where(cond, t, 0.5).dtype());
        assertEquals(DType.INT64, t.plus(1).dtype());
        assertEquals(DType.INT64, t.times(2).dtype());
        assertEquals(DType.INT64, t.minus(2).dtype());
    }
}
