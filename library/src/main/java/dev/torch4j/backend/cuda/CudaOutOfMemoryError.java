package dev.torch4j.backend.cuda;

/** Device memory ran out even after dead tensors were collected and the pool trimmed (torch.OutOfMemoryError). */
public final class CudaOutOfMemoryError extends RuntimeException {
    CudaOutOfMemoryError(String message) { super(message); }
}
