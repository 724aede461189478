package dev.torch4j;

import dev.torch4j.backend.cuda.CudaRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The blitz's "Training on GPU": the CIFAR-10 tutorial with the net and each batch on cuda:0 gives PyTorch's numbers. */
class CudaBlitzTest {
    @TempDir Path dir;

    @Test
    void trainingAClassifierOnTheGpu() throws IOException {
        assumeTrue(CudaRuntime.isAvailable(), "no CUDA device");
        // cuBLAS and the conv kernels sum in other orders than the CPU: float32 rounding, nothing more
        BlitzTest.trainingAClassifier(Device.cuda(0), dir, 5e-6, 1e-3);
    }
}
