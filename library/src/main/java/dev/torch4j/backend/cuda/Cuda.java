package dev.torch4j.backend.cuda;

import dev.torch4j.backend.Strided;

/** Small helpers shared by the CUDA kernels' Java side. */
final class Cuda {
    private Cuda() {}

    /** Device address of {@code s}'s first element (its storage offset applied). */
    static long ptr(Strided s) {
        CudaStorage st = (CudaStorage) s.storage();
        return st.address() + s.offset() * s.dtype().itemSize();
    }

    /** The device ordinal of an operand's storage. */
    static int device(Strided s) { return ((CudaStorage) s.storage()).deviceIndex(); }
}
