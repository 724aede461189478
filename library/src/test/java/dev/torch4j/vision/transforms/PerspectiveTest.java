package dev.torch4j.vision.transforms;

import dev.torch4j.DType;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradCheck;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code perspective} and {@code RandomPerspective} beyond their values, which FuzzTransformsParityTest compares with
 * torchvision's: the image's gradient, the refusals, the repr.
 */
class PerspectiveTest {
    private static final long[][] FROM = {{0, 0}, {4, 0}, {4, 3}, {0, 3}}, TO = {{1, 0}, {4, 1}, {3, 3}, {0, 2}};

    @Test
    void gradcheckThroughBilinearPerspective() {
        Torch.manualSeed(3);
        Tensor x = Torch.rand(Size.of(2, 4, 5), TensorOptions.DEFAULT.dtype(DType.FLOAT64)).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(in -> Functional.perspective(in[0], FROM, TO, InterpolationMode.BILINEAR, new double[] {0.25}), x));
    }

    @Test
    void refusalsAreTorchvisions() {
        Tensor x = Torch.zeros(3, 4, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Functional.perspective(x, new long[][] {{0, 0}, {1, 1}, {2, 2}}, TO, InterpolationMode.NEAREST, null));
        assertEquals("Please provide exactly four corners, got 3 startpoints and 4 endpoints.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.perspective(x, FROM, TO, InterpolationMode.BICUBIC, null));
        assertEquals("Interpolation mode 'bicubic' is unsupported with Tensor input", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Transforms.randomPerspective(1.5, 0.5, InterpolationMode.BILINEAR, null));
        assertEquals("Argument distortion_scale value should be between 0 and 1", e.getMessage());
        assertEquals("RandomPerspective(p=0.5)", Transforms.randomPerspective().toString());
    }
}
