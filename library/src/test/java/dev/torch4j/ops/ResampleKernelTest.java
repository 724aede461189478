package dev.torch4j.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch4j.DType;
import dev.torch4j.MemoryFormat;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Functional;
import org.junit.jupiter.api.Test;

/**
 * Interpolation's one-pass CPU resampling kernels (antialiased float, and uint8's fixed point with and without
 * antialiasing) give the bits of the tap-by-tap composites, which the goldens check against PyTorch.
 */
class ResampleKernelTest {

    private static Tensor composite(Tensor in, long[] size, String mode, boolean aa) {
        Interpolation.useKernels = false;
        try {
            return Functional.interpolate(in, size, null, mode, false, null, aa);
        } finally {
            Interpolation.useKernels = true;
        }
    }

    @Test
    void kernelsEqualCompositesBitForBit() {
        Torch.manualSeed(3);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.UINT8}) {
            for (String mode : new String[] {"bilinear", "bicubic"}) {
                for (boolean aa : dt == DType.UINT8 ? new boolean[] {true, false} : new boolean[] {true}) {
                    for (long[] size : new long[][] {{7, 5}, {31, 40}, {13, 64}, {3, 3}}) {
                        Tensor r = Torch.rand(2, 3, 29, 37);
                        Tensor x = dt == DType.UINT8 ? r.mul(255).round().to(DType.UINT8) : r.to(dt);
                        for (Tensor in : new Tensor[] {x, x.to(MemoryFormat.CHANNELS_LAST), x.transpose(2, 3).contiguous().transpose(2, 3)}) {
                            Tensor fast = Functional.interpolate(in, size, null, mode, false, null, aa);
                            assertTrue(fast.equal(composite(in, size, mode, aa)), dt + " " + mode + " aa=" + aa + " "
                                    + java.util.Arrays.toString(size));
                        }
                    }
                }
            }
        }
    }
}
