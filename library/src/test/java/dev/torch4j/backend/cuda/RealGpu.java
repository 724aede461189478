package dev.torch4j.backend.cuda;

import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Guard for tests that measure GPU speed: they run on a real GPU only, not under the CPU emulator of
 * scripts/cuda-emu (whose device has this name), where every other CUDA test runs.
 */
final class RealGpu {
    private RealGpu() {}

    static final String EMULATOR_NAME = "torch4j CUDA emulator";

    static void assume() {
        assumeTrue(CudaRuntime.isAvailable(), "no CUDA device");
        assumeFalse(CudaRuntime.device(0).name().startsWith(EMULATOR_NAME), "speed is measured on a real GPU only");
    }
}
