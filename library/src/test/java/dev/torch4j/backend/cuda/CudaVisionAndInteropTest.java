package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.io.TorchScript;
import dev.torch4j.io.TorchSerialization;
import dev.torch4j.testing.Golden;
import dev.torch4j.testing.Testing;
import dev.torch4j.vision.ops.Boxes;
import dev.torch4j.vision.ops.DeformConv2d;
import dev.torch4j.vision.ops.Losses;
import dev.torch4j.vision.ops.RoiOps;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Features built on the CPU, on a CUDA device: torchvision.ops (boxes, RoI pooling with gradients, deformable
 * convolution, focal loss) and fake quantization (values and straight-through gradients) agree with the CPU,
 * torch.testing compares across devices as PyTorch's does, and TorchScript weights load onto the GPU.
 */
class CudaVisionAndInteropTest {
    private static final Device GPU = Device.cuda(0);

    @BeforeEach
    void needsAGpu() { assumeTrue(CudaRuntime.isAvailable(), () -> "no CUDA device: " + CudaRuntime.unavailableReason()); }

    private static Tensor boxes(int n, double size) {
        Tensor xy = rand(n, 2).mul(size * 0.6).to(DType.FLOAT64), wh = rand(n, 2).mul(size * 0.4).add(1).to(DType.FLOAT64);
        return cat(new Tensor[] {xy, xy.add(wh)}, 1);
    }

    @Test
    void boxesAgreeWithTheCpu() {
        manualSeed(5);
        Tensor b = boxes(40, 50), s = rand(40).to(DType.FLOAT64);
        Golden.assertExact(Boxes.nms(b, s, 0.3), Boxes.nms(b.to(GPU), s.to(GPU), 0.3).cpu(), "nms");
        Golden.assertClose(Boxes.boxIou(b, b.flip(0)), Boxes.boxIou(b.to(GPU), b.flip(0).to(GPU)).cpu(), 1e-12, 1e-12, "box_iou");
        Tensor logits = randn(6, 5).to(DType.FLOAT64), targets = rand(6, 5).gt(0.5).to(DType.FLOAT64);
        CudaLayersParityTest.parity("sigmoid_focal_loss", a -> Losses.sigmoidFocalLoss(a[0], targets.to(a[0].device()), 0.25, 2, "sum"), logits);
    }

    @Test
    void roiOpsAndDeformConvAgreeWithTheCpu() {
        manualSeed(7);
        Tensor x = randn(2, 4, 12, 14).to(DType.FLOAT64);
        Tensor rois = cat(new Tensor[] {tensor(new double[] {0, 1, 0, 1}).view(4, 1), boxes(4, 12)}, 1);
        CudaLayersParityTest.parity("roi_align", a -> RoiOps.roiAlign(a[0], rois.to(a[0].device()), 3, 3, 0.8, 2, true), x);
        CudaLayersParityTest.parity("roi_pool", a -> RoiOps.roiPool(a[0], rois.to(a[0].device()), 3, 2, 0.8), x);
        CudaLayersParityTest.parity("ps_roi_align", a -> RoiOps.psRoiAlign(a[0], rois.to(a[0].device()), 2, 2, 0.8, -1), x);
        CudaLayersParityTest.parity("ps_roi_pool", a -> RoiOps.psRoiPool(a[0], rois.to(a[0].device()), 2, 2, 0.8), x);
        Tensor offset = randn(1, 18, 4, 4).mul(0.5).to(DType.FLOAT64), mask = rand(1, 9, 4, 4).to(DType.FLOAT64);
        CudaLayersParityTest.parity("deform_conv2d", a -> DeformConv2d.deformConv2d(a[0], a[1], a[2], a[3], new long[] {1, 1},
                        new long[] {0, 0}, new long[] {1, 1}, a[4]),
                randn(1, 2, 6, 6).to(DType.FLOAT64), offset, randn(3, 2, 3, 3).to(DType.FLOAT64), randn(3).to(DType.FLOAT64), mask);
    }

    @Test
    void fakeQuantizationAgreesWithTheCpu() {
        manualSeed(11);
        Tensor x = randn(4, 6).mul(3);
        Tensor scale = tensor(new float[] {0.1f, 0.25f, 0.05f, 0.5f}), zp = tensor(new long[] {0, 3, -2, 10}).to(DType.INT32);
        for (Tensor[] pair : new Tensor[][] {
                {fakeQuantizePerTensorAffine(x, 0.2, 3, 0, 255), fakeQuantizePerTensorAffine(x.to(GPU), 0.2, 3, 0, 255)},
                {fakeQuantizePerChannelAffine(x, scale, zp, 0, -128, 127),
                        fakeQuantizePerChannelAffine(x.to(GPU), scale.to(GPU), zp.to(GPU), 0, -128, 127)}}) {
            Golden.assertExact(pair[0], pair[1].cpu(), "fake quantize on the GPU");
        }
        Tensor xc = x.clone().requiresGrad_(true), xg = x.to(GPU).requiresGrad_(true);
        fakeQuantizePerTensorAffine(xc, 0.2, 3, 0, 255).sum().backward();
        fakeQuantizePerTensorAffine(xg, 0.2, 3, 0, 255).sum().backward();
        Golden.assertExact(xc.grad(), xg.grad().cpu(), "straight-through gradient");
    }

    @Test
    void testingComparesAcrossDevices() {
        Tensor a = arange(4.0);
        AssertionError e = assertThrows(AssertionError.class, () -> Testing.assertClose(a, a.to(GPU)));
        assertEquals("The values for attribute 'device' do not match: cpu != cuda:0.", e.getMessage());
        Testing.assertClose(a, a.to(GPU), Testing.close().checkDevice(false));
        Tensor m = Testing.makeTensor(Size.of(100), DType.FLOAT32, GPU, Testing.make().low(-2.0).high(3.0));
        assertEquals(GPU, m.device());
        assertTrue(m.min().item() >= -2 && m.max().item() < 3, "in [low, high)");
    }

    @Test
    void torchScriptWeightsLoadOntoTheGpu() throws Exception {
        Path dir = Path.of("src/test/resources/interop/torchscript");
        Map<String, Tensor> gpu = TorchScript.loadStateDict(dir.resolve("scripted.pt"), GPU);
        Map<String, Tensor> want = TorchSerialization.loadStateDict(dir.resolve("scripted_state_dict.pt"));
        assertEquals(want.keySet(), gpu.keySet());
        for (String k : want.keySet()) {
            assertEquals(GPU, gpu.get(k).device(), k);
            Golden.assertExact(want.get(k), gpu.get(k).cpu(), k);
        }
    }
}
