/**
 * {@code torch.distributed}: process groups, collectives and {@link dev.torch4j.distributed.DistributedDataParallel}.
 *
 * <ul>
 *   <li>{@link dev.torch4j.distributed.Dist}: {@code init_process_group}, {@code get_rank}, {@code all_reduce},
 *       {@code broadcast}, {@code all_gather}, {@code reduce_scatter}, {@code barrier}, {@code send}/{@code recv} on
 *       the default group;</li>
 *   <li>{@link dev.torch4j.distributed.ProcessGroup}: the backend interface; {@code "mpi"} binds Open MPI's
 *       {@code libmpi.so.40} through the FFM API (CPU tensors, one or many machines). NCCL for CUDA tensors is the
 *       next backend behind the same interface;</li>
 *   <li>{@link dev.torch4j.distributed.DistributedDataParallel}: gradients averaged over the ranks in buckets, while
 *       backward runs.</li>
 * </ul>
 *
 * <p>Run one JVM per rank under {@code mpirun}: {@code mpirun -np 4 java --enable-native-access=ALL-UNNAMED -cp ...
 * Main}. torch4j never implements a collective itself: every reduction is MPI's.
 *
 * <p>MPI is finalised when the JVM exits, and {@code MPI_Finalize} waits for the other ranks. A rank that dies of an
 * exception while the others wait in a collective with it would therefore hang the job (Python's PyTorch and mpi4py
 * share this); end such a rank with {@code Runtime.getRuntime().halt(1)}, which skips the finalisation, and
 * {@code mpirun} ends the whole job at once.
 */
package dev.torch4j.distributed;
