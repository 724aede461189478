package dev.torch4j;

/**
 * {@code torch.backends}: the switches PyTorch code sets on its accelerator libraries, so that ported code keeps
 * working: {@code Torch.backends().cudnn().setBenchmark(true)}. torch4j has no cuDNN, MKL-DNN, MPS or OpenMP: their
 * {@code isAvailable()} say so, and their flags are kept (with PyTorch's defaults) but change nothing, since torch4j's
 * own kernels need no algorithm search and are deterministic unless {@link Torch#useDeterministicAlgorithms} says
 * otherwise. {@link Cuda#matmul()}'s TF32 switch is real: it is {@code Torch.cuda().setAllowTf32}'s, which also
 * governs the GEMMs of torch4j's CUDA convolutions.
 */
public final class TorchBackends {
    static final TorchBackends INSTANCE = new TorchBackends();

    private TorchBackends() {}

    private final Cudnn cudnn = new Cudnn();
    private final Cuda cuda = new Cuda();

    /** {@code torch.backends.cudnn}. */
    public Cudnn cudnn() { return cudnn; }

    /** {@code torch.backends.cuda}. */
    public Cuda cuda() { return cuda; }

    /** {@code torch.backends.mps.is_available()}: false (no Apple GPUs here). */
    public boolean mpsIsAvailable() { return false; }

    /** {@code torch.backends.mkldnn.is_available()}: false (torch4j's CPU kernels are its own). */
    public boolean mkldnnIsAvailable() { return false; }

    /** {@code torch.backends.openmp.is_available()}: false (torch4j's CPU threads are its own pool). */
    public boolean openmpIsAvailable() { return false; }

    /**
     * {@code torch.backends.cpu.get_cpu_capability()}: the widest vectors the JVM's Vector API gives here, as PyTorch
     * names them ("AVX512", "AVX2", "DEFAULT").
     */
    public String cpuCapability() {
        int bits = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
        return bits >= 512 ? "AVX512" : bits >= 256 ? "AVX2" : "DEFAULT";
    }

    /** {@code torch.backends.cudnn}: PyTorch's flags, recorded; torch4j has no cuDNN. */
    public static final class Cudnn {
        private volatile boolean enabled = true, benchmark, deterministic, allowTf32 = true;

        private Cudnn() {}

        /** {@code is_available()}: false, torch4j's CUDA backend does not use cuDNN. */
        public boolean isAvailable() { return false; }

        /** {@code version()}: null, no cuDNN. */
        public Integer version() { return null; }

        /** {@code enabled} (PyTorch's default true). */
        public boolean enabled() { return enabled; }

        /** Sets {@code enabled}; recorded only. */
        public void setEnabled(boolean v) { enabled = v; }

        /** {@code benchmark} (default false). */
        public boolean benchmark() { return benchmark; }

        /** Sets {@code benchmark}; recorded only: torch4j's convolutions have one algorithm each, nothing to search. */
        public void setBenchmark(boolean v) { benchmark = v; }

        /** {@code deterministic} (default false). */
        public boolean deterministic() { return deterministic; }

        /** Sets {@code deterministic}; recorded only (see {@link Torch#useDeterministicAlgorithms} for torch4j's switch). */
        public void setDeterministic(boolean v) { deterministic = v; }

        /** {@code allow_tf32} (PyTorch's default true). */
        public boolean allowTf32() { return allowTf32; }

        /** Sets {@code allow_tf32}; recorded only: torch4j's CUDA convolutions follow {@link Cuda.Matmul#allowTf32()}. */
        public void setAllowTf32(boolean v) { allowTf32 = v; }
    }

    /** {@code torch.backends.cuda}. */
    public static final class Cuda {
        private final Matmul matmul = new Matmul();

        private Cuda() {}

        /** {@code torch.backends.cuda.matmul}. */
        public Matmul matmul() { return matmul; }

        /** {@code is_built()}: true, torch4j's CUDA backend is always built in (it binds the driver at run time). */
        public boolean isBuilt() { return true; }

        /** {@code torch.backends.cuda.matmul}: float32 products' precision. */
        public static final class Matmul {
            private Matmul() {}

            /** {@code allow_tf32} (default false): TF32 tensor cores for float32 GEMMs. */
            public boolean allowTf32() { return Torch.cuda().allowTf32(); }

            /** Sets {@code allow_tf32}; the same switch as {@code Torch.cuda().setAllowTf32}. */
            public void setAllowTf32(boolean v) { Torch.cuda().setAllowTf32(v); }
        }
    }
}
