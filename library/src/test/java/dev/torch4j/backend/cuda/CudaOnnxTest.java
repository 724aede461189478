package dev.torch4j.backend.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.torch4j.Device;
import dev.torch4j.onnx.OnnxModel;
import dev.torch4j.onnx.OnnxModelTestAccess;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PyTorch-exported ONNX models moved to a CUDA device with {@code .cuda()}: PyTorch's outputs, computed there. */
class CudaOnnxTest {
    private static final Device GPU = Device.cuda(0);

    @BeforeEach
    void needsAGpu() { assumeTrue(CudaRuntime.isAvailable(), () -> "no CUDA device: " + CudaRuntime.unavailableReason()); }

    @Test
    void exportedModelsRunOnTheGpu() {
        for (String name : List.of("mlp", "cnn", "mobile", "transformer", "ops", "ops2", "opset17", "recurrent", "unique")) {
            OnnxModel m = OnnxModelTestAccess.load(name).cuda();
            OnnxModelTestAccess.check(m, OnnxModelTestAccess.golden(name), GPU);
        }
    }

    @Test
    void controlFlowAndDetectionModelsRunOnTheGpu() {
        // subgraphs' constants and initializers, loop counters and NMS/Unique results are made on the input's device
        for (String name : OnnxModelTestAccess.controlFixtures()) {
            OnnxModel m = OnnxModelTestAccess.load(name).cuda();
            OnnxModelTestAccess.check(m, OnnxModelTestAccess.controlGolden(name), GPU);
        }
    }
}
