package dev.torch4j.nn;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * conv1d/conv2d, unfold/fold and the Conv modules against real PyTorch (scripts/goldens/conv_goldens.py): outputs and
 * all three gradients over strides, paddings (incl. "same" with even kernels), dilations and groups; gradcheck and
 * gradgradcheck in float64; non-contiguous inputs; PyTorch's init after manualSeed and its repr; the error texts.
 */
class ConvTest {
    private static List<JsonObject> cases(String kind) {
        return Golden.cases("conv").stream().filter(c -> c.get("kind").getAsString().equals(kind)).toList();
    }

    static long[] longs(JsonElement e) {
        if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            long[] r = new long[a.size()];
            for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsLong();
            return r;
        }
        return new long[] {e.getAsLong()};
    }

    private static Tensor conv(JsonObject c, Tensor x, Tensor w, Tensor b) {
        int nd = c.get("nd").getAsInt();
        long[] st = longs(c.get("stride")), dl = longs(c.get("dilation"));
        long g = c.get("groups").getAsLong();
        JsonElement p = c.get("padding");
        if (p.isJsonPrimitive() && p.getAsJsonPrimitive().isString()) {
            String ps = p.getAsString();
            return nd == 1 ? Functional.conv1d(x, w, b, st, ps, dl, g) : Functional.conv2d(x, w, b, st, ps, dl, g);
        }
        return nd == 1 ? Functional.conv1d(x, w, b, st, longs(p), dl, g) : Functional.conv2d(x, w, b, st, longs(p), dl, g);
    }

    @Test
    void outputsAndGradientsMatchPyTorch() {
        for (JsonObject c : cases("conv")) {
            String what = "case stride=" + c.get("stride") + " padding=" + c.get("padding") + " dilation=" + c.get("dilation")
                    + " groups=" + c.get("groups") + " nd=" + c.get("nd");
            Tensor x = Golden.tensor(c.getAsJsonObject("input")).requiresGrad_(true);
            Tensor w = Golden.tensor(c.getAsJsonObject("weight")).requiresGrad_(true);
            Tensor b = c.has("bias") ? Golden.tensor(c.getAsJsonObject("bias")).requiresGrad_(true) : null;
            Tensor y = conv(c, x, w, b);
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), y.detach(), what + " out");
            assertEquals("ConvolutionBackward0", y.gradFn().name(), what);
            y.backward(Golden.tensor(c.getAsJsonObject("grad")));
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("gradInput")), x.grad(), what + " grad input");
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("gradWeight")), w.grad(), what + " grad weight");
            if (b != null) Golden.assertClose(Golden.tensor(c.getAsJsonObject("gradBias")), b.grad(), what + " grad bias");
            // float32 gives the same values within float32 tolerances
            Tensor y32 = conv(c, x.detach().to(DType.FLOAT32), w.detach().to(DType.FLOAT32), b == null ? null : b.detach().to(DType.FLOAT32));
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")).to(DType.FLOAT32), y32, what + " float32 out");
        }
    }

    @Test
    void gradcheckAndGradgradcheck() {
        manualSeed(1);
        Tensor x = randn(2, 4, 5, 6).to(DType.FLOAT64).requiresGrad_(true);
        Tensor w = randn(6, 2, 3, 2).to(DType.FLOAT64).requiresGrad_(true);
        Tensor b = randn(6).to(DType.FLOAT64).requiresGrad_(true);
        long[] st = {2, 1}, pd = {1, 0}, dl = {1, 2};
        assertTrue(GradCheck.gradcheck(a -> Functional.conv2d(a[0], a[1], a[2], st, pd, dl, 2), x, w, b));
        assertTrue(GradCheck.gradgradcheck(a -> Functional.conv2d(a[0], a[1], a[2], st, pd, dl, 2), x, w, b));
        Tensor x1 = randn(2, 3, 7).to(DType.FLOAT64).requiresGrad_(true);
        Tensor w1 = randn(2, 3, 4).to(DType.FLOAT64).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(a -> Functional.conv1d(a[0], a[1], null, new long[] {1}, "same", new long[] {1}, 1), x1, w1));
        assertTrue(GradCheck.gradgradcheck(a -> Functional.conv1d(a[0], a[1], null, new long[] {1}, "same", new long[] {1}, 1), x1, w1));
        Tensor u = randn(1, 2, 4, 5).to(DType.FLOAT64).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(a -> Functional.unfold(a[0], new long[] {2, 3}, new long[] {1}, new long[] {1}, new long[] {2, 1}), u));
        Tensor f = randn(1, 12, 6).to(DType.FLOAT64).requiresGrad_(true);
        assertTrue(GradCheck.gradgradcheck(a -> Functional.fold(a[0], new long[] {3, 4}, new long[] {2, 2}), f));
    }

    @Test
    void nonContiguousInputsAndUnbatched() {
        manualSeed(2);
        Tensor x = randn(2, 6, 5, 3);
        Tensor w = randn(4, 3, 3, 3);
        Tensor xt = x.transpose(1, 3);   // [2, 3, 5, 6], non-contiguous
        Tensor wt = w.transpose(2, 3);
        Tensor expected = Functional.conv2d(xt.contiguous(), wt.contiguous(), null, new long[] {1}, new long[] {1}, new long[] {1}, 1);
        Golden.assertClose(expected, Functional.conv2d(xt, wt, null, new long[] {1}, new long[] {1}, new long[] {1}, 1), "strided");
        Tensor one = Functional.conv2d(xt.select(0, 1), wt, null, new long[] {1}, new long[] {1}, new long[] {1}, 1);
        assertArrayEquals(new long[] {4, 5, 6}, one.shapeArray());
        Golden.assertClose(expected.select(0, 1), one, "unbatched");
        // an empty batch, as in PyTorch, and float16 (computed in float32)
        assertArrayEquals(new long[] {0, 4, 3, 4}, Functional.conv2d(randn(0, 3, 5, 6), wt).shapeArray());
        Tensor half = Functional.conv2d(xt.to(DType.FLOAT16), wt.to(DType.FLOAT16));
        assertEquals(DType.FLOAT16, half.dtype());
        Golden.assertClose(Functional.conv2d(xt, wt), half.to(DType.FLOAT32), 1e-2, 1e-2, "float16");
    }

    @Test
    void unfoldAndFoldMatchPyTorch() {
        for (JsonObject c : cases("unfold")) {
            Tensor x = Golden.tensor(c.getAsJsonObject("input"));
            long[] k = longs(c.get("kernel")), d = longs(c.get("dilation")), p = longs(c.get("padding")), s = longs(c.get("stride"));
            Tensor u = Functional.unfold(x, k, d, p, s);
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), u, "unfold");
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("folded")), Functional.fold(u, longs(c.get("size")), k, d, p, s), "fold");
        }
    }

    @Test
    void modulesInitLikePyTorchAfterManualSeed() {
        for (JsonObject c : cases("module")) {
            long[] a0 = longs(c.getAsJsonArray("args").get(0)), a1 = longs(c.getAsJsonArray("args").get(1));
            long[] k = longs(c.getAsJsonArray("args").get(2));
            manualSeed(7);
            ConvNd m = switch (c.get("ctor").getAsString()) {
                case "Conv2d" -> new Conv2d(a0[0], a1[0], k, Conv2d.options());
                default -> new Conv1d(a0[0], a1[0], k[0]);
            };
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("weight")), m.weight.detach(), c.get("repr").getAsString());
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("bias")), m.bias.detach(), c.get("repr").getAsString());
            assertEquals(c.get("repr").getAsString(), m.toString());
        }
        JsonArray reprs = cases("repr").get(0).getAsJsonArray("repr");
        assertEquals(reprs.get(0).getAsString(),
                new Conv2d(2, 4, 3, Conv2d.options().stride(2).padding(1).dilation(2).groups(2).bias(false)).toString());
        assertEquals(reprs.get(1).getAsString(), new Conv1d(2, 4, 3, Conv1d.options().padding("same")).toString());
        assertEquals(reprs.get(2).getAsString(), new Conv2d(2, 4, new long[] {1, 3}, Conv2d.options().padding("valid")).toString());
        Conv2d conv = new Conv2d(1, 32, 3);
        assertEquals("Conv2d(1, 32, kernel_size=(3, 3), stride=(1, 1))", conv.toString());
        assertArrayEquals(new long[] {64, 32, 26, 26}, conv.forward(randn(64, 1, 28, 28)).shapeArray());
        assertEquals(2, conv.parameters().size());
    }

    @Test
    void paddingModesMatchPyTorch() {
        List<JsonObject> cs = cases("padding_mode");
        List<java.util.function.Supplier<ConvNd>> ctors = List.of(
                () -> new Conv2d(2, 3, 3, Conv2d.options().padding(1).paddingMode("reflect")),
                () -> new Conv2d(2, 3, new long[] {2, 3}, Conv2d.options().padding(1, 2).paddingMode("replicate")),
                () -> new Conv1d(2, 3, 4, Conv1d.options().padding("same").paddingMode("circular")),
                () -> new Conv2d(2, 4, 3, Conv2d.options().padding("same").paddingMode("reflect").dilation(2).groups(2)));
        for (int i = 0; i < cs.size(); i++) {
            JsonObject c = cs.get(i);
            manualSeed(11);
            ConvNd m = ctors.get(i).get();
            assertEquals(c.get("repr").getAsString(), m.toString());
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), m.forward(Golden.tensor(c.getAsJsonObject("input"))).detach(),
                    c.get("repr").getAsString());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Conv2d(1, 1, 3, Conv2d.options().paddingMode("mirror")));
        assertEquals("Conv2d: padding_mode must be one of {'circular', 'reflect', 'replicate', 'zeros'}, but got padding_mode='mirror'",
                e.getMessage());
    }

    private static void assertMessage(String expected, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void errorsUsePyTorchsMessages() {
        Tensor x = randn(2, 3, 5, 5), w = randn(4, 1, 3, 3);
        long[] one = {1}, zero = {0};
        assertMessage("conv2d: Given groups=1, weight of size [4, 1, 3, 3], expected input[2, 3, 5, 5] to have 1 channels, "
                + "but got 3 channels instead", () -> Functional.conv2d(x, w));
        assertMessage("conv2d: Given groups=3, expected weight to be divisible by 3 at dimension 0, but got weight of size "
                + "[[4, 1, 3, 3]] instead", () -> Functional.conv2d(x, w, null, one, zero, one, 3));
        assertMessage("conv2d: Calculated padded input size per channel: (2 x 2). Kernel size: (3 x 3). Kernel size can't be "
                + "greater than actual input size", () -> Functional.conv2d(randn(1, 1, 2, 2), w));
        assertMessage("conv2d: Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [5, 5]",
                () -> Functional.conv2d(randn(5, 5), w));
        assertMessage("conv1d: Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: [1, 1, 5, 5]",
                () -> Functional.conv1d(randn(1, 1, 5, 5), randn(1, 1, 3), null));
        assertMessage("conv2d: Given weight of size [4, 1, 3, 3], expected bias to be 1-dimensional with 4 elements, but got "
                + "bias of size [3] instead", () -> Functional.conv2d(randn(1, 1, 5, 5), w, randn(3)));
        assertMessage("conv2d: padding='same' is not supported for strided convolutions",
                () -> Functional.conv2d(randn(1, 1, 5, 5), w, null, new long[] {2}, "same", one, 1));
        assertMessage("conv2d: expected scalar type Double but found Float",
                () -> Functional.conv2d(randn(1, 1, 5, 5).to(DType.FLOAT64), w));
        assertMessage("conv2d: Input type (float) and bias type (double) should be the same",
                () -> Functional.conv2d(randn(1, 1, 5, 5), w, randn(4).to(DType.FLOAT64)));
    }
}
