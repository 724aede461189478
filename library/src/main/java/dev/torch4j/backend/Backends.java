package dev.torch4j.backend;

import dev.torch4j.Device;
import dev.torch4j.backend.cpu.CpuBackend;
import dev.torch4j.backend.cuda.CudaBackend;
import dev.torch4j.core.Profiling;

/** Finds the backend for a device. */
public final class Backends {
    private Backends() {}

    /** The backend that runs kernels on {@code device}; for CUDA, an error saying why when it is not available. */
    public static Backend of(Device device) {
        Backend b = device.isCpu() ? CpuBackend.INSTANCE : CudaBackend.of(device.index());
        return Profiling.active() ? ProfiledBackend.wrap(b) : b;
    }
}
