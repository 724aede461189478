package dev.torch4j.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * fake_quantize_per_tensor_affine / per_channel_affine against PyTorch (goldens/fake_quantize.json, from
 * scripts/goldens/fake_quantize_goldens.py): outputs bit for bit (halfway points round to even, values past both
 * ends clamp), the straight-through gradients, grad_fn names and error messages. The gradient is not the derivative
 * of the piecewise-constant forward, so it is compared with PyTorch's rather than with finite differences.
 */
class FakeQuantizationTest {
    private static final List<JsonObject> CASES = Golden.cases("fake_quantize");

    private static void check(JsonObject c, Function<Tensor, Tensor> f) {
        Tensor x = Golden.tensor(c.getAsJsonObject("x")).requiresGrad_(true);
        Tensor y = f.apply(x);
        String what = c.get("kind").getAsString() + " " + c.get("args");
        Golden.assertExact(Golden.tensor(c.getAsJsonObject("out")), y.detach(), what);
        assertEquals(c.get("grad_fn").getAsString(), y.gradFn().name(), what);
        y.mul(Golden.tensor(c.getAsJsonObject("w"))).sum().backward();
        Golden.assertExact(Golden.tensor(c.getAsJsonObject("grad")), x.grad(), what + " grad");
    }

    @Test
    void perTensorMatchesPyTorch() {
        int n = 0;
        for (JsonObject c : CASES) {
            String kind = c.get("kind").getAsString();
            if (!kind.startsWith("per_tensor")) continue;
            JsonArray a = c.getAsJsonArray("args");
            double scale = a.get(0).getAsDouble();
            long zp = a.get(1).getAsLong(), qmin = a.get(2).getAsLong(), qmax = a.get(3).getAsLong();
            if (kind.equals("per_tensor")) {
                check(c, x -> Torch.fakeQuantizePerTensorAffine(x, scale, zp, qmin, qmax));
            } else {
                Tensor s = Torch.tensor(new float[] {(float) scale}).reshape(), z = i32((int) zp).reshape();
                check(c, x -> Torch.fakeQuantizePerTensorAffine(x, s, z, qmin, qmax));
            }
            n++;
        }
        assertEquals(12, n);
    }

    @Test
    void perChannelMatchesPyTorch() {
        int n = 0;
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("per_channel")) continue;
            JsonObject a = c.getAsJsonObject("args");
            Tensor s = Golden.tensor(a.getAsJsonObject("scale")), z = Golden.tensor(a.getAsJsonObject("zero_point"));
            long axis = a.get("axis").getAsLong(), qmin = a.get("qmin").getAsLong(), qmax = a.get("qmax").getAsLong();
            check(c, x -> Torch.fakeQuantizePerChannelAffine(x, s, z, axis, qmin, qmax));
            n++;
        }
        assertEquals(13, n);
    }

    /**
     * LSQ: outputs and x's gradient exactly; the scale and zero point gradients are float32 sums over the elements,
     * whose order of addition differs from PyTorch's, so they are compared within a few float32 ulps of the sum.
     */
    @Test
    void learnableMatchesPyTorch() {
        int n = 0;
        for (JsonObject c : CASES) {
            String kind = c.get("kind").getAsString();
            if (!kind.startsWith("learnable")) continue;
            JsonArray a = c.getAsJsonArray("args");
            Tensor x = Golden.tensor(c.getAsJsonObject("x")).requiresGrad_(true);
            Tensor s = Golden.tensor(c.getAsJsonObject("scale")).requiresGrad_(true);
            Tensor z = Golden.tensor(c.getAsJsonObject("zero_point")).requiresGrad_(true);
            Tensor y = kind.endsWith("per_tensor")
                    ? Torch.fakeQuantizeLearnablePerTensorAffine(x, s, z, a.get(0).getAsLong(), a.get(1).getAsLong(), a.get(2).getAsDouble())
                    : Torch.fakeQuantizeLearnablePerChannelAffine(x, s, z, a.get(0).getAsLong(), a.get(1).getAsLong(),
                    a.get(2).getAsLong(), a.get(3).getAsDouble());
            String what = kind + " " + a;
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("out")), y.detach(), what);
            assertEquals(c.get("grad_fn").getAsString(), y.gradFn().name(), what);
            y.mul(Golden.tensor(c.getAsJsonObject("w"))).sum().backward();
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("grad")), x.grad(), what + " grad");
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("grad_scale")), s.grad(), 1e-5, 1e-6, what + " grad scale");
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("grad_zero_point")), z.grad(), 1e-5, 1e-6, what + " grad zero point");
            n++;
        }
        assertEquals(8, n);
    }

    @Test
    void errorsAsPyTorch() {
        JsonObject m = CASES.stream().filter(c -> c.get("kind").getAsString().equals("errors")).findFirst().orElseThrow()
                .getAsJsonObject("messages");
        Tensor x = Torch.randn(2, 3);
        Tensor s = Torch.tensor(new float[] {0.1f, 0.2f}), z = i32(0, 1);
        expect(m, "per_tensor_qrange", () -> Torch.fakeQuantizePerTensorAffine(x, 0.1, 0, 5, 2));
        expect(m, "per_tensor_zp", () -> Torch.fakeQuantizePerTensorAffine(x, 0.1, 300, 0, 255));
        expect(m, "per_channel_axis", () -> Torch.fakeQuantizePerChannelAffine(x, s, z, 2, 0, 255));
        expect(m, "per_channel_axis_negative", () -> Torch.fakeQuantizePerChannelAffine(x, s, z, -1, 0, 255));
        expect(m, "per_channel_zp_dtype", () -> Torch.fakeQuantizePerChannelAffine(x, s, z.to(DType.INT64), 0, 0, 255));
        expect(m, "per_channel_sizes", () -> Torch.fakeQuantizePerChannelAffine(x, s.narrow(0, 0, 1), z, 0, 0, 255));
        expect(m, "per_channel_qrange", () -> Torch.fakeQuantizePerChannelAffine(x, s, z, 0, 5, 2));
        expect(m, "per_channel_zp", () -> Torch.fakeQuantizePerChannelAffine(x, s, i32(0, 300), 0, 0, 255));
        expect(m, "per_channel_scale_len", () -> Torch.fakeQuantizePerChannelAffine(x, Torch.tensor(new float[] {0.1f, 0.2f, 0.3f}),
                i32(0, 1, 2), 0, 0, 255));
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> Torch.fakeQuantizePerTensorAffine(Torch.ones(3).to(DType.INT64), 0.1, 0, 0, 255));
        assertEquals("\"fake_quantize_tensor_cachemask_kernel_type_handling\" not implemented for 'Long'", e.getMessage());
    }

    private static Tensor i32(long... v) { return Torch.tensor(v).to(DType.INT32); }

    private static void expect(JsonObject messages, String key, Runnable r) {
        RuntimeException e = assertThrows(RuntimeException.class, r::run, key);
        assertEquals(messages.get(key).getAsString(), e.getMessage(), key);
    }

    /** float16 computes in float32 and rounds back, as PyTorch's Half kernel does; no grad without requires_grad. */
    @Test
    void halfAndNoGrad() {
        Tensor x = Torch.tensor(new float[] {0.31f, -0.2f, 1.7f, 0.05f});
        Tensor h = Torch.fakeQuantizePerTensorAffine(x.to(DType.FLOAT16), 0.1, 0, -128, 127);
        assertEquals(DType.FLOAT16, h.dtype());
        Golden.assertExact(Torch.fakeQuantizePerTensorAffine(x, 0.1, 0, -128, 127).to(DType.FLOAT16), h, "half");
        assertNull(Torch.fakeQuantizePerTensorAffine(x, 0.1, 0, -128, 127).gradFn());
        Tensor w = x.clone().requiresGrad_(true);
        Tensor s = Torch.tensor(new float[] {0.1f}).requiresGrad_(true);
        Tensor y = Torch.fakeQuantizePerChannelAffine(w, s.expand(4).contiguous(), i32(0, 0, 0, 0), 0, -1, 1);
        y.sum().backward();
        // rounded values 3, -2, 17, 0 (half to even): only the last lies inside [-1, 1]
        Golden.assertExact(Torch.tensor(new float[] {0, 0, 0, 1}), w.grad(), "mask");
        assertNull(s.grad(), "per-channel scale gets no gradient");
        assertTrue(y.requiresGrad());
        assertFalse(Torch.fakeQuantizePerTensorAffine(x, 0.1, 0, 0, 255).requiresGrad());
    }
}
