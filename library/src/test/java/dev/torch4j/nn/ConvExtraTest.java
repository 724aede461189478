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
import java.util.function.Function;

import static dev.torch4j.Torch.*;
import static dev.torch4j.nn.ConvTest.longs;
import static org.junit.jupiter.api.Assertions.*;

/**
 * conv3d, conv_transpose1d/2d/3d and their modules against real PyTorch (scripts/goldens/conv_extra_goldens.py):
 * outputs and the gradients of input, weight and bias over strides, paddings (incl. "same" with even kernels),
 * output paddings, dilations and groups; gradcheck and gradgradcheck in float64; unbatched and non-contiguous
 * inputs; PyTorch's init after manualSeed, its reprs, {@code forward(input, output_size)}; the error texts.
 */
class ConvExtraTest {
    private static List<JsonObject> cases(String kind) {
        return Golden.cases("conv_extra").stream().filter(c -> c.get("kind").getAsString().equals(kind)).toList();
    }

    private static Tensor conv3d(JsonObject c, Tensor x, Tensor w, Tensor b) {
        long[] st = longs(c.get("stride")), dl = longs(c.get("dilation"));
        long g = c.get("groups").getAsLong();
        JsonElement p = c.get("padding");
        return p.isJsonPrimitive() && p.getAsJsonPrimitive().isString()
                ? Functional.conv3d(x, w, b, st, p.getAsString(), dl, g)
                : Functional.conv3d(x, w, b, st, longs(p), dl, g);
    }

    private static Tensor convTranspose(JsonObject c, Tensor x, Tensor w, Tensor b) {
        long[] st = longs(c.get("stride")), pd = longs(c.get("padding")), op = longs(c.get("output_padding")), dl = longs(c.get("dilation"));
        long g = c.get("groups").getAsLong();
        return switch (c.get("nd").getAsInt()) {
            case 1 -> Functional.convTranspose1d(x, w, b, st, pd, op, g, dl);
            case 2 -> Functional.convTranspose2d(x, w, b, st, pd, op, g, dl);
            default -> Functional.convTranspose3d(x, w, b, st, pd, op, g, dl);
        };
    }

    private interface ConvFn {
        Tensor apply(JsonObject c, Tensor x, Tensor w, Tensor b);
    }

    /** Output and all gradients in float64, then the float32 output within float32 tolerance. */
    private static void checkAgainstGoldens(String kind, ConvFn f) {
        List<JsonObject> cs = cases(kind);
        assertFalse(cs.isEmpty());
        for (JsonObject c : cs) {
            String what = kind + " stride=" + c.get("stride") + " padding=" + c.get("padding") + " dilation=" + c.get("dilation")
                    + " groups=" + c.get("groups") + (c.has("output_padding") ? " output_padding=" + c.get("output_padding") : "");
            Tensor x = Golden.tensor(c.getAsJsonObject("input")).requiresGrad_(true);
            Tensor w = Golden.tensor(c.getAsJsonObject("weight")).requiresGrad_(true);
            Tensor b = c.has("bias") ? Golden.tensor(c.getAsJsonObject("bias")).requiresGrad_(true) : null;
            Tensor y = f.apply(c, x, w, b);
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), y.detach(), what + " out");
            y.backward(Golden.tensor(c.getAsJsonObject("grad")));
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("grad_input")), x.grad(), what + " grad input");
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("grad_weight")), w.grad(), what + " grad weight");
            if (b != null) Golden.assertClose(Golden.tensor(c.getAsJsonObject("grad_bias")), b.grad(), what + " grad bias");
            Tensor y32 = f.apply(c, x.detach().to(DType.FLOAT32), w.detach().to(DType.FLOAT32), b == null ? null : b.detach().to(DType.FLOAT32));
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")).to(DType.FLOAT32), y32, 1e-5, 1e-5, what + " float32 out");
        }
    }

    @Test
    void conv3dMatchesPyTorch() {
        checkAgainstGoldens("conv3d", ConvExtraTest::conv3d);
    }

    @Test
    void convTransposeMatchesPyTorch() {
        checkAgainstGoldens("conv_transpose", ConvExtraTest::convTranspose);
    }

    private static Tensor rand64(long... shape) { return randn(shape).to(DType.FLOAT64).requiresGrad_(true); }

    private static void gradchecks(Function<Tensor[], Tensor> f, Tensor... inputs) {
        assertTrue(GradCheck.gradcheck(f, inputs));
        assertTrue(GradCheck.gradgradcheck(f, inputs));
    }

    @Test
    void gradcheckAndGradgradcheck() {
        manualSeed(1);
        long[] one = {1};
        gradchecks(a -> Functional.conv3d(a[0], a[1], a[2], new long[] {2, 1, 1}, new long[] {1, 0, 1}, new long[] {1, 1, 2}, 2),
                rand64(1, 4, 4, 3, 4), rand64(4, 2, 2, 2, 2), rand64(4));
        gradchecks(a -> Functional.conv3d(a[0], a[1], null, one, "same", one, 1), rand64(1, 2, 3, 2, 3), rand64(2, 2, 2, 1, 2));
        gradchecks(a -> Functional.convTranspose2d(a[0], a[1], a[2], new long[] {2, 1}, new long[] {1, 0}, new long[] {1, 0}, 2,
                new long[] {1, 2}), rand64(2, 4, 3, 3), rand64(4, 1, 3, 2), rand64(2));
        gradchecks(a -> Functional.convTranspose1d(a[0], a[1], null, new long[] {3}, new long[] {1}, new long[] {2}, 1, one),
                rand64(2, 2, 4), rand64(2, 3, 3));
        gradchecks(a -> Functional.convTranspose3d(a[0], a[1], a[2], new long[] {2, 1, 1}, new long[] {1, 0, 1}, new long[] {1, 0, 0}, 2,
                new long[] {1, 1, 2}), rand64(1, 4, 2, 2, 3), rand64(4, 1, 3, 2, 2), rand64(2));
    }

    @Test
    void unbatchedAndNonContiguousInputs() {
        manualSeed(2);
        long[] one = {1};
        Tensor x = randn(2, 3, 4, 5, 4), w = randn(6, 3, 2, 3, 2);
        Tensor y = Functional.conv3d(x, w, null, one, new long[] {1}, one, 1);
        Golden.assertClose(y.select(0, 1), Functional.conv3d(x.select(0, 1), w, null, one, new long[] {1}, one, 1), "conv3d unbatched");
        Tensor xt = x.transpose(2, 4).contiguous().transpose(2, 4);   // same values, permuted strides
        Golden.assertClose(y, Functional.conv3d(xt, w, null, one, new long[] {1}, one, 1), "conv3d strided");
        assertTrue(y.isContiguous());
        Tensor u = randn(2, 3, 4, 5), v = randn(3, 2, 3, 3);
        Tensor t = Functional.convTranspose2d(u, v, null, new long[] {2}, one, one, 1, one);
        assertArrayEquals(new long[] {2, 2, 8, 10}, t.shapeArray());
        Golden.assertClose(t.select(0, 0), Functional.convTranspose2d(u.select(0, 0), v, null, new long[] {2}, one, one, 1, one), "unbatched");
        Golden.assertClose(t, Functional.convTranspose2d(u.transpose(2, 3).contiguous().transpose(2, 3), v, null, new long[] {2}, one, one,
                1, one), "strided");
        // transposed convolution is the input-gradient of convolution: <conv(a, w), b> = <a, conv_transpose(b, w)>
        Tensor a = randn(1, 2, 7, 7).to(DType.FLOAT64), ww = randn(3, 2, 3, 3).to(DType.FLOAT64);
        Tensor c = Functional.conv2d(a, ww, null, new long[] {2}, new long[] {1}, one, 1);
        Tensor bb = randn(c.shapeArray()).to(DType.FLOAT64);
        Tensor back = Functional.convTranspose2d(bb, ww, null, new long[] {2}, new long[] {1}, new long[] {0}, 1, one);
        assertEquals(c.mul(bb).sum().item(), a.mul(back).sum().item(), 1e-9);
        assertArrayEquals(new long[] {0, 2, 8, 10}, Functional.convTranspose2d(randn(0, 3, 4, 5), v, null, new long[] {2}, one, one, 1, one)
                .shapeArray());
    }

    @Test
    void modulesInitLikePyTorchAfterManualSeed() {
        List<JsonObject> cs = cases("module");
        List<java.util.function.Supplier<Module>> ctors = List.of(
                () -> new Conv3d(2, 3, new long[] {2, 3, 3}, Conv3d.options()),
                () -> new Conv3d(2, 4, 3, Conv3d.options().padding("same").paddingMode("reflect").groups(2)),
                () -> new Conv3d(2, 2, 2, Conv3d.options().padding(1).paddingMode("circular").bias(false)),
                () -> new ConvTranspose1d(3, 4, 3),
                () -> new ConvTranspose2d(4, 6, new long[] {2, 3}, ConvTranspose2d.options().stride(2).padding(1).outputPadding(1).groups(2)),
                () -> new ConvTranspose2d(2, 3, 3, ConvTranspose2d.options().stride(2).dilation(2).bias(false)),
                () -> new ConvTranspose3d(4, 6, new long[] {2, 3, 2}, ConvTranspose3d.options().stride(2).padding(1).outputPadding(1)
                        .groups(2)));
        assertEquals(ctors.size(), cs.size());
        for (int i = 0; i < cs.size(); i++) {
            JsonObject c = cs.get(i);
            String repr = c.get("repr").getAsString();
            manualSeed(7);
            Module m = ctors.get(i).get();
            assertEquals(repr, m.toString());
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("weight")), m.parameters().get(0).detach(), repr + " weight");
            if (c.has("bias")) Golden.assertExact(Golden.tensor(c.getAsJsonObject("bias")), m.parameters().get(1).detach(), repr + " bias");
            else assertEquals(1, m.parameters().size());
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), m.forward(Golden.tensor(c.getAsJsonObject("input"))).detach(),
                    repr + " forward");
        }
        JsonObject c = cases("output_size").get(0);
        manualSeed(7);
        ConvTranspose2d m = new ConvTranspose2d(2, 1, 3, ConvTranspose2d.options().stride(2));
        assertEquals(c.get("repr").getAsString(), m.toString());
        Tensor x = Golden.tensor(c.getAsJsonObject("input"));
        Tensor y = m.forward(x, longs(c.get("size")));
        Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), y.detach(), "output_size");
        // the batch and channel sizes may lead the requested size; without it the output is the smallest size
        Golden.assertClose(y, m.forward(x, new long[] {1, 1, 8, 7}), "output_size with N, C");
        assertArrayEquals(new long[] {1, 1, 7, 7}, m.forward(x).shapeArray());
        JsonArray reprs = cases("repr").get(0).getAsJsonArray("repr");
        assertEquals(reprs.get(0).getAsString(), new Conv3d(2, 4, 3, Conv3d.options().stride(2).padding(1).dilation(2).groups(2).bias(false)).toString());
        assertEquals(reprs.get(1).getAsString(), new Conv3d(2, 4, new long[] {1, 2, 3}, Conv3d.options().padding("valid")).toString());
        assertEquals(reprs.get(2).getAsString(), new ConvTranspose2d(2, 4, 3,
                ConvTranspose2d.options().stride(2).padding(1).outputPadding(1).groups(2).bias(false).dilation(2)).toString());
        assertEquals(reprs.get(3).getAsString(), new ConvTranspose1d(2, 4, 3).toString());
    }

    private static void assertMessage(String expected, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void errorsUsePyTorchsMessages() {
        long[] one = {1}, zero = {0};
        Tensor x5 = randn(2, 3, 5, 5, 5);
        assertMessage("conv3d: Given groups=1, weight of size [4, 2, 3, 3, 3], expected input[2, 3, 5, 5, 5] to have 2 channels, "
                + "but got 3 channels instead", () -> Functional.conv3d(x5, randn(4, 2, 3, 3, 3), null));
        assertMessage("conv3d: Given groups=1, weight of size [4, 3, 3, 3, 3], expected input[1, 2, 3, 5, 5] to have 3 channels, "
                + "but got 2 channels instead", () -> Functional.conv3d(randn(2, 3, 5, 5), randn(4, 3, 3, 3, 3), null));
        assertMessage("conv3d: Calculated padded input size per channel: (5 x 5 x 2). Kernel size: (3 x 3 x 3). Kernel size can't be "
                + "greater than actual input size", () -> Functional.conv3d(randn(2, 3, 5, 5, 2), randn(4, 3, 3, 3, 3), null));
        assertMessage("conv3d: padding='same' is not supported for strided convolutions",
                () -> Functional.conv3d(x5, randn(4, 3, 3, 3, 3), null, new long[] {2}, "same", one, 1));
        assertMessage("conv3d: Given weight of size [4, 3, 3, 3, 3], expected bias to be 1-dimensional with 4 elements, but got bias "
                + "of size [3] instead", () -> Functional.conv3d(x5, randn(4, 3, 3, 3, 3), randn(3)));
        assertMessage("conv3d: Given groups=3, expected weight to be divisible by 3 at dimension 0, but got weight of size "
                + "[[4, 3, 3, 3, 3]] instead", () -> Functional.conv3d(x5, randn(4, 3, 3, 3, 3), null, one, zero, one, 3));
        assertMessage("conv3d: expected scalar type Double but found Float",
                () -> Functional.conv3d(x5.to(DType.FLOAT64), randn(4, 3, 3, 3, 3), null));
        assertMessage("conv3d: Expected 4D (unbatched) or 5D (batched) input to conv3d, but got input of size: [5, 5, 5]",
                () -> Functional.conv3d(randn(5, 5, 5), randn(4, 3, 3, 3, 3), null));
        Tensor x = randn(2, 3, 5, 5);
        assertMessage("conv_transpose2d: Given transposed=1, weight of size [4, 2, 3, 3], expected input[2, 3, 5, 5] to have 4 channels, "
                + "but got 3 channels instead", () -> Functional.convTranspose2d(x, randn(4, 2, 3, 3), null));
        assertMessage("conv_transpose2d: Given transposed=1, weight of size [3, 2, 3, 3], expected bias to be 1-dimensional with 2 "
                + "elements, but got bias of size [3] instead", () -> Functional.convTranspose2d(x, randn(3, 2, 3, 3), randn(3)));
        assertMessage("conv_transpose2d: Given groups=4, expected weight to be at least 4 at dimension 0, but got weight of size "
                + "[3, 2, 3, 3] instead", () -> Functional.convTranspose2d(x, randn(3, 2, 3, 3), null, one, zero, zero, 4, one));
        assertMessage("conv_transpose2d: output padding must be smaller than either stride or dilation, but got output_padding_height: 2 "
                + "output_padding_width: 2 stride_height: 2 stride_width: 2 dilation_height: 1 dilation_width: 1",
                () -> Functional.convTranspose2d(x, randn(3, 2, 3, 3), null, new long[] {2}, zero, new long[] {2}, 1, one));
        assertMessage("conv_transpose1d: output padding must be smaller than either stride or dilation, but got output_padding_height: 0 "
                + "output_padding_width: 2 stride_height: 1 stride_width: 2 dilation_height: 1 dilation_width: 1",
                () -> Functional.convTranspose1d(randn(2, 3, 5), randn(3, 2, 3), null, new long[] {2}, zero, new long[] {2}, 1, one));
        Tensor x3 = randn(2, 3, 5, 5, 5);
        assertMessage("conv_transpose3d: output padding must be smaller than either stride or dilation, but got output_padding_depth: 2 "
                + "output_padding_height: 2 output_padding_width: 2 stride_depth: 2 stride_height: 2 stride_width: 2 dilation_depth: 1 "
                + "dilation_height: 1 dilation_width: 1",
                () -> Functional.convTranspose3d(x3, randn(3, 2, 3, 3, 3), null, new long[] {2}, zero, new long[] {2}, 1, one));
        assertMessage("conv_transpose3d: Given input size per channel: (5 x 5 x 5). Calculated output size per channel: (-1 x -1 x -1). "
                + "Output size is too small",
                () -> Functional.convTranspose3d(x3, randn(3, 2, 3, 3, 3), null, one, new long[] {4}, zero, 1, one));
        assertMessage("conv_transpose2d: negative output_padding is not supported",
                () -> Functional.convTranspose2d(x, randn(3, 2, 3, 3), null, one, zero, new long[] {-1}, 1, one));
        assertMessage("conv_transpose2d: Given input size per channel: (5 x 5). Calculated output size per channel: (-1 x -1). "
                + "Output size is too small", () -> Functional.convTranspose2d(x, randn(3, 2, 3, 3), null, one, new long[] {4}, zero, 1, one));
        assertMessage("conv_transpose1d: Given input size per channel: (1 x 5). Calculated output size per channel: (1 x -1). "
                + "Output size is too small",
                () -> Functional.convTranspose1d(randn(2, 3, 5), randn(3, 2, 3), null, one, new long[] {4}, zero, 1, one));
        assertMessage("conv_transpose2d: Expected 3D (unbatched) or 4D (batched) input to conv_transpose2d, but got input of size: [5, 5]",
                () -> Functional.convTranspose2d(randn(5, 5), randn(3, 2, 3, 3), null));
        assertMessage("Only \"zeros\" padding mode is supported for ConvTranspose2d",
                () -> new ConvTranspose2d(2, 3, 3, ConvTranspose2d.options().paddingMode("reflect")));
        ConvTranspose2d m = new ConvTranspose2d(2, 3, 3, ConvTranspose2d.options().stride(2));
        assertMessage("requested an output size of [12, 12], but valid sizes range from [9, 9] to [10, 10] (for an input of "
                + "torch.Size([4, 4]))", () -> m.forward(randn(1, 2, 4, 4), new long[] {12, 12}));
        assertMessage("ConvTranspose2D: for 4D input, output_size must have 2 or 4 elements (got 3)",
                () -> m.forward(randn(1, 2, 4, 4), new long[] {1, 2, 3}));
    }
}
