package dev.torch4j.vision.ops;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static dev.torch4j.vision.ops.OpsGoldens.num;
import static dev.torch4j.vision.ops.OpsGoldens.pair;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * roi_align, roi_pool, ps_roi_align and ps_roi_pool against torchvision 0.14 in float64 and float32, boxes inside,
 * partly and wholly outside the image, a point and a reversed box (scripts/goldens/vision_ops_goldens.py).
 */
class RoiOpsTest {
    private static Tensor call(String fn, JsonObject kw, Tensor[] x) {
        long[] o = pair(kw, "output_size");
        double scale = num(kw, "spatial_scale", 1.0);
        int ratio = (int) num(kw, "sampling_ratio", -1);
        boolean aligned = kw.has("aligned") && kw.get("aligned").getAsBoolean();
        return switch (fn) {
            case "roi_align" -> RoiOps.roiAlign(x[0], x[1], o[0], o[1], scale, ratio, aligned);
            case "roi_pool" -> RoiOps.roiPool(x[0], x[1], o[0], o[1], scale);
            case "ps_roi_align" -> RoiOps.psRoiAlign(x[0], x[1], o[0], o[1], scale, ratio);
            case "ps_roi_pool" -> RoiOps.psRoiPool(x[0], x[1], o[0], o[1], scale);
            case "roi_align_list" -> RoiOps.roiAlign(x[0], List.of(x[1], x[2]), o[0], o[1], 1.0, 2, false);
            case "roi_pool_list" -> RoiOps.roiPool(x[0], List.of(x[1], x[2]), o[0], o[1], 1.0);
            default -> throw new IllegalArgumentException(fn);
        };
    }

    private static int run(String fn) { return OpsGoldens.check("vision_ops_roi", Set.of(fn), (kw, x) -> call(fn, kw, x)); }

    @Test
    void roiAlignIsTorchvisions() {
        assertEquals(10, run("roi_align"));
        assertEquals(1, run("roi_align_list"));
    }

    @Test
    void roiPoolIsTorchvisions() {
        assertEquals(6, run("roi_pool"));
        assertEquals(1, run("roi_pool_list"));
    }

    @Test
    void psRoiAlignIsTorchvisions() { assertEquals(6, run("ps_roi_align")); }

    @Test
    void psRoiPoolIsTorchvisions() { assertEquals(4, run("ps_roi_pool")); }

    @Test
    void gradcheckInFloat64() {
        Torch.manualSeed(5);
        Tensor x = Torch.randn(2, 4, 5, 6).to(DType.FLOAT64).requiresGrad_(true);
        Tensor rois = Torch.tensor(new double[][] {{0, 0.6, 1.3, 4.1, 3.7}, {1, -1.2, 0.4, 2.9, 6.8}, {1, 2.2, 1.1, 5.7, 4.2}}).to(DType.FLOAT64);
        assertTrue(GradCheck.gradcheck(in -> RoiOps.roiAlign(in[0], rois, 3, 2, 1.0, -1, false), x));
        assertTrue(GradCheck.gradcheck(in -> RoiOps.roiAlign(in[0], rois, 2, 2, 0.8, 2, true), x));
        assertTrue(GradCheck.gradcheck(in -> RoiOps.roiPool(in[0], rois, 2, 3, 1.0), x));
        Tensor wide = Torch.randn(2, 4, 6, 5).to(DType.FLOAT64).requiresGrad_(true); // read through a transpose: noncontiguous
        assertTrue(GradCheck.gradcheck(in -> RoiOps.roiAlign(in[0].transpose(2, 3), rois, 2, 2, 1.0, 2, false), wide));
        assertTrue(GradCheck.gradcheck(in -> RoiOps.psRoiAlign(in[0], rois, 2, 2, 1.0, 2), x));
        // ps_roi_pool's backward (torchvision's) clips windows to [0, size], its forward to [0, size - 1]: the
        // gradient is the forward's only for boxes clear of the last row and column
        Tensor inside = Torch.tensor(new double[][] {{0, 0.6, 1.3, 3.1, 3.2}, {1, 1.2, 0.4, 4.4, 2.9}}).to(DType.FLOAT64);
        assertTrue(GradCheck.gradcheck(in -> RoiOps.psRoiPool(in[0], inside, 2, 2, 1.0), x));
    }

    @Test
    void errorsAndModules() {
        Tensor x = Torch.zeros(1, 3, 4, 4), rois = Torch.zeros(2, 5);
        assertEquals("The boxes tensor shape is not correct as Tensor[K, 5]",
                assertThrows(IllegalArgumentException.class, () -> RoiOps.roiAlign(x, Torch.zeros(2, 4), 2)).getMessage());
        assertEquals("input channels must be a multiple of pooling height * pooling width",
                assertThrows(IllegalArgumentException.class, () -> RoiOps.psRoiAlign(x, rois, 2)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RoiOps.roiPool(x, rois.to(DType.FLOAT64), 2)).getMessage()
                .startsWith("Expected tensor for argument #1 'input' to have the same type as tensor for argument #2 'rois'"));
        assertEquals("The shape of the tensor in the boxes list is not correct as List[Tensor[L, 4]]",
                assertThrows(IllegalArgumentException.class, () -> RoiOps.roiPool(x, List.of(Torch.zeros(2, 5)), 2, 2, 1.0)).getMessage());
        Tensor x4 = Torch.randn(2, 4, 5, 5), r4 = Torch.tensor(new float[][] {{0, 1, 1, 3, 4}, {1, 0.5f, 2, 4, 4.5f}});
        Golden.assertExact(RoiOps.psRoiAlign(x4, r4, 2, 2, 1.0, -1),
                RoiOps.psRoiAlign(x4, List.of(r4.narrow(0, 0, 1).narrow(1, 1, 4), r4.narrow(0, 1, 1).narrow(1, 1, 4)), 2, 2, 1.0, -1), "list form");
        Tensor y = new RoIAlign(new long[] {3, 2}, 0.5, 2, true).call(x, rois);
        assertArrayEquals(new long[] {2, 3, 3, 2}, y.shapeArray());
        assertArrayEquals(new long[] {2, 3, 2, 2}, new RoIPool(new long[] {2, 2}, 1.0).call(x, rois).shapeArray());
    }
}
