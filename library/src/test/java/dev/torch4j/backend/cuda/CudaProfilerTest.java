package dev.torch4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.profiler.FunctionEvent;
import dev.torch4j.profiler.Profiler;
import dev.torch4j.profiler.ProfilerActivity;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The profiler on a CUDA device: kernel requests timed with CUDA events, device allocations counted apart. */
class CudaProfilerTest {

    @BeforeEach
    void needsAGpu() { assumeTrue(CudaRuntime.isAvailable(), () -> "no CUDA device: " + CudaRuntime.unavailableReason()); }

    @Test
    void deviceKernelsHaveDeviceTimeAndDeviceMemory() {
        Tensor a = Torch.ones(256, 256).cuda(), b = Torch.ones(256, 256).cuda();
        Torch.cuda().synchronize();
        Profiler prof;
        try (var p = Profiler.profile(Profiler.Options.defaults().activities(ProfilerActivity.CPU, ProfilerActivity.CUDA)
                .profileMemory(true).recordShapes(true))) {
            prof = p;
            Tensor c = a.matmul(b).add(a);
            assertEquals(257.0, c.mean().item(), 1e-3);
        }
        List<FunctionEvent> events = prof.events();
        long deviceBytes = 0, hostBytes = 0;
        boolean sawAdd = false;
        for (FunctionEvent e : events) {
            deviceBytes += e.selfCudaMemoryUsage();
            hostBytes += e.selfCpuMemoryUsage();
            assertTrue(e.selfCudaTimeTotal() >= 0, e.toString());
            sawAdd |= e.name().equals("aten::add") && e.inputShapes().equals("[[256, 256], [256, 256], [256, 256]]");
        }
        assertTrue(sawAdd, prof.events().table());
        assertTrue(deviceBytes >= 2L * 256 * 256 * 4, "the product and the sum's outputs on the device: " + deviceBytes);
        String table = prof.keyAverages().table("self_cuda_time_total", 10);
        assertTrue(table.contains("aten::add"), table);
        assertTrue(hostBytes >= 4, "the sum's value copied to the host: " + hostBytes);
    }
}
