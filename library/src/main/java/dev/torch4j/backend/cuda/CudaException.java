package dev.torch4j.backend.cuda;

/** A CUDA call that failed, with the driver's error code. */
public final class CudaException extends RuntimeException {
    private final int code;

    CudaException(int code, String message) {
        super(message);
        this.code = code;
    }

    /** The CUresult (or library status) that the call returned. */
    public int code() { return code; }
}
