package dev.torch4j.vision.ops;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradCheck;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** deform_conv2d against torchvision 0.14: outputs and the gradients of input, offset, weight, bias and mask. */
class DeformConv2dTest {
    private static long[] pair(JsonObject kw, String key, long dflt) {
        return kw.has(key) ? OpsGoldens.pair(kw, key) : new long[] {dflt, dflt};
    }

    private static Tensor call(JsonObject kw, Tensor[] x) {
        boolean bias = kw.get("bias").getAsBoolean(), mask = kw.get("mask").getAsBoolean();
        return DeformConv2d.deformConv2d(x[0], x[1], x[2], bias ? x[3] : null, pair(kw, "stride", 1), pair(kw, "padding", 0),
                pair(kw, "dilation", 1), mask ? x[x.length - 1] : null);
    }

    @Test
    void outputsAndGradientsAreTorchvisions() { assertEquals(3, OpsGoldens.check("vision_ops", Set.of("deform_conv2d"), DeformConv2dTest::call)); }

    @Test
    void gradcheckInFloat64() {
        Torch.manualSeed(8);
        Tensor x = Torch.randn(1, 2, 4, 4).to(DType.FLOAT64).requiresGrad_(true);
        Tensor off = Torch.randn(1, 8, 3, 3).to(DType.FLOAT64).mul(0.7).requiresGrad_(true);
        Tensor w = Torch.randn(3, 2, 2, 2).to(DType.FLOAT64).requiresGrad_(true);
        Tensor b = Torch.randn(3).to(DType.FLOAT64).requiresGrad_(true);
        Tensor m = Torch.rand(1, 4, 3, 3).to(DType.FLOAT64).requiresGrad_(true);
        long[] one = {1, 1}, zero = {0, 0};
        assertTrue(GradCheck.gradcheck(in -> DeformConv2d.deformConv2d(in[0], in[1], in[2], in[3], one, zero, one, in[4]), x, off, w, b, m));
    }

    @Test
    void moduleShapesAndErrors() {
        DeformConv2d m = new DeformConv2d(2, 3, 3);
        Tensor y = m.call(Torch.randn(1, 2, 5, 5), Torch.zeros(1, 18, 3, 3));
        assertArrayEquals(new long[] {1, 3, 3, 3}, y.shapeArray());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> m.call(Torch.randn(1, 2, 5, 5), Torch.zeros(1, 4, 3, 3))).getMessage()
                .startsWith("the shape of the offset tensor at dimension 1 is not valid"));
    }
}
