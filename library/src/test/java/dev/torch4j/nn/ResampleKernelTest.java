package dev.torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch4j.DType;
import dev.torch4j.MemoryFormat;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import org.junit.jupiter.api.Test;

/**
 * Antialiased interpolation's one-pass CPU kernel (taken without autograd) gives the bits of the tap-by-tap composite
 * (taken when the input requires grad), which the goldens check against PyTorch.
 */
class ResampleKernelTest {

    @Test
    void kernelEqualsCompositeBitForBit() {
        Torch.manualSeed(3);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (String mode : new String[] {"bilinear", "bicubic"}) {
                for (long[] size : new long[][] {{7, 5}, {31, 40}, {13, 64}, {3, 3}}) {
                    Tensor x = Torch.randn(2, 3, 29, 37).to(dt);
                    for (Tensor in : new Tensor[] {x, x.to(MemoryFormat.CHANNELS_LAST), x.transpose(2, 3).contiguous().transpose(2, 3)}) {
                        Tensor fast = Functional.interpolate(in, size, null, mode, false, null, true);
                        Tensor composite = Functional.interpolate(in.detach().requiresGrad_(true), size, null, mode, false, null, true).detach();
                        assertTrue(fast.equal(composite), dt + " " + mode + " " + java.util.Arrays.toString(size));
                    }
                }
            }
        }
    }
}
