package dev.torch4j.autograd;

import dev.torch4j.Tensor;
import org.junit.jupiter.api.Test;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

/** Inference tensors: made inside inferenceMode(), refused where PyTorch refuses them (torch.inference_mode docs). */
class InferenceModeTest {
    @Test
    void tensorsMadeInsideAreInferenceTensorsAndRecordNothing() {
        Tensor w = ones(3).requiresGrad_(true);
        Tensor x;
        try (var g = inferenceMode()) {
            assertTrue(isInferenceModeEnabled());
            assertFalse(isGradEnabled());
            x = w.mul(2.0);
            assertTrue(x.isInference());
            assertFalse(x.requiresGrad());
            x.add_(1.0); // in place is fine inside
        }
        assertFalse(isInferenceModeEnabled());
        assertTrue(isGradEnabled());
        assertFalse(ones(2).isInference());
        assertEquals(9.0, x.sum().item());
    }

    @Test
    void inferenceTensorsAreRefusedOutsideWherePyTorchRefusesThem() {
        Tensor x;
        try (var g = inferenceMode()) {
            x = ones(3);
        }
        var e = assertThrows(IllegalStateException.class, () -> x.add_(1.0));
        assertTrue(e.getMessage().contains("Inplace update to inference tensor outside InferenceMode is not allowed"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> x.requiresGrad_(true));
        assertTrue(e.getMessage().contains("Setting requires_grad=True on inference tensor outside InferenceMode"), e.getMessage());
        Tensor w = ones(3).requiresGrad_(true);
        e = assertThrows(IllegalStateException.class, () -> w.mul(x));
        assertTrue(e.getMessage().contains("Inference tensors cannot be saved for backward"), e.getMessage());
        // an op that saves nothing of x is allowed, and a clone is a normal tensor
        Tensor y = w.add(x);
        y.sum().backward();
        assertArrayEquals(new double[] {1, 1, 1}, w.grad().toDoubleArray());
        assertFalse(x.clone().isInference());
    }
}
