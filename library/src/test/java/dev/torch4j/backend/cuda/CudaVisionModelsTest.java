package dev.torch4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.vision.models.detection.FasterRCNN;
import dev.torch4j.vision.models.segmentation.LRASPP;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The segmentation and detection models on a CUDA device: the same outputs as on the CPU, and training steps run. */
class CudaVisionModelsTest {
    private static final Device GPU = Device.cuda(0);

    @BeforeEach
    void needsAGpu() { assumeTrue(CudaRuntime.isAvailable(), () -> "no CUDA device: " + CudaRuntime.unavailableReason()); }

    @Test
    void segmentationOnTheGpuEqualsTheCpu() {
        Torch.manualSeed(0);
        LRASPP m = LRASPP.lrasppMobilenetV3Large().eval();
        Tensor x = Torch.rand(1, 3, 48, 48);
        Tensor cpu = m.forward(x);
        m.cuda();
        Tensor gpu = m.forward(x.to(GPU)).cpu();
        assertTrue(gpu.allclose(cpu, 1e-4, 1e-4), "max difference " + gpu.sub(cpu).abs().max().item());
    }

    @Test
    void fasterRcnnTrainsAndDetectsOnTheGpu() {
        Torch.manualSeed(0);
        FasterRCNN m = FasterRCNN.fasterrcnnMobilenetV3Large320Fpn(null, null, 3L, null,
                FasterRCNN.options().minSize(64).maxSize(96).rpnPreNmsTopNTest(30).rpnPostNmsTopNTest(10)
                        .rpnPreNmsTopNTrain(30).rpnPostNmsTopNTrain(10)).cuda();
        Tensor img = Torch.rand(3, 80, 72).to(GPU);
        Map<String, Tensor> target = Map.of("boxes", Torch.tensor(new float[][] {{5, 6, 40, 50}}).to(GPU),
                "labels", Torch.tensor(new long[] {1}).to(GPU));
        m.train();
        var out = m.forward(List.of(img), List.of(target));
        assertEquals(List.of("loss_classifier", "loss_box_reg", "loss_objectness", "loss_rpn_box_reg"), List.copyOf(out.losses().keySet()));
        Tensor total = null;
        for (Tensor l : out.losses().values()) {
            assertEquals(GPU, l.device());
            assertTrue(Double.isFinite(l.item()));
            total = total == null ? l : total.add(l);
        }
        total.backward();
        assertTrue(m.parameters().stream().anyMatch(p -> p.grad() != null && p.grad().device().equals(GPU)));
        m.eval();
        Map<String, Tensor> det = m.forward(List.of(img)).getFirst();
        assertEquals(GPU, det.get("boxes").device());
        assertEquals(DType.INT64, det.get("labels").dtype());
        assertEquals(det.get("boxes").size(0), det.get("scores").size(0));
    }
}
