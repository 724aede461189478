package dev.torch4j.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

/**
 * The window functions and the modified Bessel functions i0, i0e, i1, i1e against PyTorch
 * (scripts/goldens/windows_goldens.py): every window for lengths 0 to 33, periodic and symmetric, float32 and float64;
 * Bessel values on both sides of the expansions' switch at 8, their float32 overflow, and gradients.
 */
class WindowsGoldenTest {
    private static Tensor window(String name, JsonObject a) {
        long n = a.get("n").getAsLong();
        boolean periodic = a.get("periodic").getAsBoolean();
        TensorOptions o = Torch.dtype(Golden.dtype(a.get("dtype").getAsString()));
        return switch (name) {
            case "hann" -> n == 5 && periodic && o.dtype() == DType.FLOAT32 ? Torch.hannWindow(n) : Torch.hannWindow(n, periodic, o);
            case "hamming" -> a.has("alpha") ? Torch.hammingWindow(n, periodic, a.get("alpha").getAsDouble(), a.get("beta").getAsDouble(), o)
                    : Torch.hammingWindow(n, periodic, 0.54, 0.46, o);
            case "blackman" -> Torch.blackmanWindow(n, periodic, o);
            case "bartlett" -> Torch.bartlettWindow(n, periodic, o);
            case "kaiser" -> Torch.kaiserWindow(n, periodic, a.has("beta") ? a.get("beta").getAsDouble() : 12.0, o);
            default -> throw new AssertionError(name);
        };
    }

    private static Tensor bessel(String name, Tensor x) {
        return switch (name) {
            case "i0" -> x.i0();
            case "i0e" -> Torch.special().i0e(x);
            case "i1" -> Torch.special().i1(x);
            case "i1e" -> Torch.special().i1e(x);
            default -> throw new AssertionError(name);
        };
    }

    @Test
    void matchPyTorch() {
        int windows = 0, bessels = 0, errors = 0;
        for (JsonObject c : Golden.cases("windows")) {
            String name = c.get("name").getAsString();
            if (c.has("error")) {
                var e = assertThrows(IllegalArgumentException.class, () -> window(name, c.getAsJsonObject("args")));
                assertTrue(e.getMessage().contains(c.get("expect").getAsString()), e.getMessage());
                assertTrue(e.getMessage().startsWith(name + "_window"), e.getMessage());
                errors++;
            } else if (c.has("args")) {
                Tensor want = Golden.tensor(c.getAsJsonObject("output")), got = window(name, c.getAsJsonObject("args"));
                assertEquals(want.dtype(), got.dtype(), name);
                String what = name + " " + c.getAsJsonObject("args");
                Golden.assertClose(want, got, want.dtype() == DType.FLOAT64 ? 1e-13 : 2e-6, 1e-6, what);
                windows++;
            } else {
                Tensor x = Golden.tensor(c.getAsJsonArray("inputs").get(0).getAsJsonObject());
                boolean grad = c.has("grads");
                if (grad) x.requiresGrad_(true);
                Tensor y = bessel(name, x), want = Golden.tensor(c.getAsJsonObject("output"));
                assertEquals(want.dtype(), y.dtype(), name);
                Golden.assertClose(want, y.detach(), y.dtype() == DType.FLOAT64 ? 1e-13 : 2e-6, 0, name + " " + x.dtype());
                if (grad) {
                    y.sum().backward();
                    Golden.assertClose(Golden.tensor(c.getAsJsonArray("grads").get(0).getAsJsonObject()), x.grad(), 1e-12, 1e-300,
                            name + " grad");
                }
                bessels++;
            }
        }
        assertEquals(122, windows);
        assertEquals(9, bessels);
        assertEquals(10, errors);
    }

    @Test
    void windowsRequireGradWhenAsked() {
        Tensor w = Torch.hannWindow(4, true, TensorOptions.DEFAULT.requiresGrad(true));
        assertTrue(w.requiresGrad());
        w.mul(2).sum().backward();
        assertEquals("[2.0, 2.0, 2.0, 2.0]", java.util.Arrays.toString(w.grad().toDoubleArray()));
    }
}
