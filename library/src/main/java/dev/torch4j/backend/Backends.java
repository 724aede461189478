package dev.torch4j.backend;

import dev.torch4j.Device;
import dev.torch4j.backend.cpu.CpuBackend;

/** Finds the backend for a device. */
public final class Backends {
    private Backends() {}

    /** The backend that runs kernels on {@code device}. */
    public static Backend of(Device device) {
        if (device.isCpu()) return CpuBackend.INSTANCE;
        throw new IllegalStateException("Torch not compiled with CUDA enabled: no CUDA backend is available for device "
                + device + " (the CUDA backend is not implemented yet)");
    }
}
