package dev.torch4j.profiler;

/** What a profile records ({@code torch.profiler.ProfilerActivity}). */
public enum ProfilerActivity {
    /** Kernels, backward nodes and ranges timed on the calling threads. */
    CPU,
    /** The GPU time of each kernel request made on a CUDA device (CUDA events around its launches). */
    CUDA
}
