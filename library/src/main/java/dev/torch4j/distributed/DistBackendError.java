package dev.torch4j.distributed;

/**
 * {@code torch.distributed.DistBackendError}: a communication library (Open MPI) reported an error. The process
 * group may be unusable afterwards; peers that were in the same collective may wait forever (MPI aborts the job on
 * most errors before this is thrown).
 */
public final class DistBackendError extends RuntimeException {
    public DistBackendError(String message) { super(message); }

    public DistBackendError(String message, Throwable cause) { super(message, cause); }
}
