package dev.torch4j.distributed;

import dev.torch4j.Tensor;

import java.util.List;
import java.util.Locale;

/**
 * {@code torch.distributed} ({@code import torch.distributed as dist}): the default process group and the
 * collectives on it. Start the program under an MPI launcher, one process per rank:
 *
 * <pre>{@code
 * // mpirun -np 4 java --enable-native-access=ALL-UNNAMED -cp ... Train
 * Dist.initProcessGroup("mpi");
 * Tensor t = Torch.ones(3).mul(Dist.getRank());
 * Dist.allReduce(t);                       // every rank: [0+1+2+3, ...] = [6, 6, 6]
 * Work w = Dist.allReduce(t, ReduceOp.AVG, true);
 * w.waitFor();                             // t = [6, 6, 6] again
 * Dist.destroyProcessGroup();
 * }</pre>
 *
 * <p>Collectives change tensors in place; every rank must call the same collectives in the same order, with
 * tensors of the same shape and dtype. Tensors must be contiguous. Only the {@code "mpi"} backend exists (CPU
 * tensors, Open MPI through FFM: see {@link ProcessGroup}); {@code "nccl"} is future work and says so.
 * See <a href="https://pytorch.org/docs/stable/distributed.html">torch.distributed</a>.
 */
public final class Dist {
    private static volatile ProcessGroup world;

    private Dist() {}

    /** {@code dist.is_available()}: true (the package is always there; backends may not be). */
    public static boolean isAvailable() { return true; }

    /** {@code dist.is_mpi_available()}: true when Open MPI's {@code libmpi.so.40} was found and bound. */
    public static boolean isMpiAvailable() { return MpiLibrary.AVAILABLE; }

    /** {@code dist.is_nccl_available()}: false, torch4j has no NCCL backend yet. */
    public static boolean isNcclAvailable() { return false; }

    /** {@code dist.is_gloo_available()}: false, torch4j's CPU backend is MPI. */
    public static boolean isGlooAvailable() { return false; }

    /**
     * {@code dist.init_process_group(backend)}: creates the default process group. With {@code "mpi"}, rank and
     * world size come from the MPI launcher (a process started without one is rank 0 of 1).
     *
     * @throws IllegalStateException when a default group exists already, or Open MPI is missing (the message
     *                               lists the paths tried)
     */
    public static void initProcessGroup(String backend) { initProcessGroup(backend, null, -1, -1); }

    /**
     * {@code dist.init_process_group(backend, init_method, world_size, rank)}. The MPI backend ignores the other
     * arguments, as PyTorch's does: the MPI runtime assigns ranks, and its launcher does the rendezvous.
     */
    public static synchronized void initProcessGroup(String backend, String initMethod, int worldSize, int rank) {
        if (world != null) throw new IllegalStateException("trying to initialize the default process group twice!");
        String name = backend == null ? "mpi" : backend.toLowerCase(Locale.ROOT);
        switch (name) {
            case "mpi" -> {
                if (worldSize != -1 || rank != -1) {
                    System.getLogger("dev.torch4j.distributed").log(System.Logger.Level.WARNING, "For MPI backend, "
                            + "world_size (" + worldSize + ") and rank (" + rank + ") are ignored since they are assigned "
                            + "by the MPI runtime.");
                }
                world = ProcessGroupMpi.create();
            }
            case "nccl" -> throw new UnsupportedOperationException("the NCCL backend is not implemented in torch4j yet "
                    + "(it is written and tested on GPUs; see docs/ARCHITECTURE.md): use \"mpi\" with CPU tensors");
            case "gloo", "ucc" -> throw new UnsupportedOperationException("torch4j has no " + name + " backend: its CPU "
                    + "backend is \"mpi\" (Open MPI)");
            default -> throw new IllegalArgumentException("Invalid backend: '" + backend + "'");
        }
    }

    /** {@code dist.is_initialized()}: true while a default process group exists. */
    public static boolean isInitialized() { return world != null; }

    /** The default group ({@code dist.group.WORLD}), for APIs that take a group. */
    public static ProcessGroup defaultGroup() {
        ProcessGroup g = world;
        if (g == null) {
            throw new IllegalStateException("Default process group has not been initialized, please make sure to call "
                    + "init_process_group.");
        }
        return g;
    }

    /** {@code dist.get_backend()}: {@code "mpi"}. */
    public static String getBackend() { return defaultGroup().backend(); }

    /** {@code dist.get_rank()}: this process's rank in the default group. */
    public static int getRank() { return defaultGroup().rank(); }

    /** {@code dist.get_world_size()}: the number of processes in the default group. */
    public static int getWorldSize() { return defaultGroup().size(); }

    /**
     * {@code dist.destroy_process_group()}: frees the default group; a new one may be created afterwards. Every
     * rank calls it. (MPI itself stays initialised until the JVM exits: see {@link ProcessGroup}.)
     */
    public static synchronized void destroyProcessGroup() {
        ProcessGroup g = defaultGroup();
        world = null;
        g.close();
    }

    // ---------------------------------------------------------------- collectives on the default group

    /** {@code dist.all_reduce(tensor)}: every rank's tensor becomes the sum over the ranks. */
    public static void allReduce(Tensor tensor) { allReduce(tensor, ReduceOp.SUM, false); }

    /** {@code dist.all_reduce(tensor, op)}. */
    public static void allReduce(Tensor tensor, ReduceOp op) { allReduce(tensor, op, false); }

    /** {@code dist.all_reduce(tensor, op, async_op=asyncOp)}. */
    public static Work allReduce(Tensor tensor, ReduceOp op, boolean asyncOp) {
        return defaultGroup().allReduce(tensor, op, asyncOp);
    }

    /** {@code dist.broadcast(tensor, src)}: every rank's tensor becomes rank {@code src}'s. */
    public static void broadcast(Tensor tensor, int src) { broadcast(tensor, src, false); }

    /** {@code dist.broadcast(tensor, src, async_op=asyncOp)}. */
    public static Work broadcast(Tensor tensor, int src, boolean asyncOp) {
        return defaultGroup().broadcast(tensor, src, asyncOp);
    }

    /** {@code dist.all_gather(tensor_list, tensor)}: {@code tensorList.get(r)} becomes rank r's tensor. */
    public static void allGather(List<Tensor> tensorList, Tensor tensor) { allGather(tensorList, tensor, false); }

    /** {@code dist.all_gather(tensor_list, tensor, async_op=asyncOp)}. */
    public static Work allGather(List<Tensor> tensorList, Tensor tensor, boolean asyncOp) {
        return defaultGroup().allGather(tensorList, tensor, asyncOp);
    }

    /** {@code dist.all_gather_into_tensor(output, input)}: the ranks' inputs in rank order (concatenated or stacked). */
    public static void allGatherIntoTensor(Tensor output, Tensor input) { allGatherIntoTensor(output, input, false); }

    /** {@code dist.all_gather_into_tensor(output, input, async_op=asyncOp)}. */
    public static Work allGatherIntoTensor(Tensor output, Tensor input, boolean asyncOp) {
        return defaultGroup().allGatherIntoTensor(output, input, asyncOp);
    }

    /** {@code dist.reduce_scatter(output, input_list)}: output becomes the sum over the ranks of their {@code inputList.get(rank)}. */
    public static void reduceScatter(Tensor output, List<Tensor> inputList) {
        reduceScatter(output, inputList, ReduceOp.SUM, false);
    }

    /** {@code dist.reduce_scatter(output, input_list, op, async_op=asyncOp)}. */
    public static Work reduceScatter(Tensor output, List<Tensor> inputList, ReduceOp op, boolean asyncOp) {
        return defaultGroup().reduceScatter(output, inputList, op, asyncOp);
    }

    /** {@code dist.reduce_scatter_tensor(output, input)}: rank r gets the r-th chunk of the inputs' sum. */
    public static void reduceScatterTensor(Tensor output, Tensor input) {
        reduceScatterTensor(output, input, ReduceOp.SUM, false);
    }

    /** {@code dist.reduce_scatter_tensor(output, input, op, async_op=asyncOp)}. */
    public static Work reduceScatterTensor(Tensor output, Tensor input, ReduceOp op, boolean asyncOp) {
        return defaultGroup().reduceScatterTensor(output, input, op, asyncOp);
    }

    /** {@code dist.barrier()}: returns once every rank has called it. */
    public static void barrier() { defaultGroup().barrier(false); }

    /** {@code dist.barrier(async_op=asyncOp)}. */
    public static Work barrier(boolean asyncOp) { return defaultGroup().barrier(asyncOp); }

    /** {@code dist.send(tensor, dst)}: blocks until the tensor has been sent to rank {@code dst}. */
    public static void send(Tensor tensor, int dst) { send(tensor, dst, 0); }

    /** {@code dist.send(tensor, dst, tag=tag)}. */
    public static void send(Tensor tensor, int dst, int tag) { defaultGroup().send(tensor, dst, tag, false); }

    /** {@code dist.recv(tensor, src)}: fills {@code tensor} with what rank {@code src} (-1: any) sent; returns the sender. */
    public static int recv(Tensor tensor, int src) { return recv(tensor, src, 0); }

    /** {@code dist.recv(tensor, src, tag=tag)}. */
    public static int recv(Tensor tensor, int src, int tag) {
        return defaultGroup().recv(tensor, src, tag, false).sourceRank();
    }

    /** {@code dist.isend(tensor, dst)}: starts sending; the tensor must not change until the handle is waited for. */
    public static Work isend(Tensor tensor, int dst) { return defaultGroup().send(tensor, dst, 0, true); }

    /** {@code dist.irecv(tensor, src)}: starts receiving into {@code tensor}. */
    public static Work irecv(Tensor tensor, int src) { return defaultGroup().recv(tensor, src, 0, true); }
}
