package dev.torch4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** torch.backends: PyTorch's defaults, recorded flags, and the one real switch (matmul TF32). */
class TorchBackendsTest {

    @Test
    void defaultsAndSwitches() {
        var b = Torch.backends();
        assertFalse(b.cudnn().isAvailable());
        assertNull(b.cudnn().version());
        assertTrue(b.cudnn().enabled() && b.cudnn().allowTf32() && !b.cudnn().benchmark() && !b.cudnn().deterministic(),
                "PyTorch's defaults");
        b.cudnn().setBenchmark(true);
        assertTrue(b.cudnn().benchmark());
        b.cudnn().setBenchmark(false);
        assertFalse(b.cuda().matmul().allowTf32(), "PyTorch 1.12+ default");
        b.cuda().matmul().setAllowTf32(true);
        try {
            assertTrue(Torch.cuda().allowTf32());
            assertEquals("high", Torch.getFloat32MatmulPrecision());
        } finally {
            b.cuda().matmul().setAllowTf32(false);
        }
        assertTrue(List.of("AVX512", "AVX2", "DEFAULT").contains(b.cpuCapability()));
        assertFalse(b.mpsIsAvailable() || b.mkldnnIsAvailable() || b.openmpIsAvailable());
        assertTrue(b.cuda().isBuilt());
    }
}
