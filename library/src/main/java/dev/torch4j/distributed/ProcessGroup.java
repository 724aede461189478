package dev.torch4j.distributed;

import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;

import java.util.Arrays;
import java.util.List;

/**
 * A group of processes that run collectives together ({@code torch.distributed.ProcessGroup}): every rank of the
 * group calls the same collectives in the same order, each with its own tensors. A backend implements the tensor
 * forms ({@link #allReduce}, {@link #broadcast}, {@link #allGatherIntoTensor}, {@link #reduceScatterTensor},
 * {@link #barrier}, {@link #send}, {@link #recv}); the list forms are written once here over them.
 *
 * <p>Each method takes PyTorch's {@code async_op}: with {@code false} it returns once the result is in the output
 * tensors (and gives {@link Work#completed()}); with {@code true} it returns at once and the result is there after
 * {@link Work#waitFor()}. Tensors are changed in place and must be contiguous, as PyTorch's backends require.
 *
 * <p>Backends: {@code "mpi"} (Open MPI through FFM, CPU tensors; {@link ProcessGroupMpi}). The NCCL backend for
 * CUDA tensors is future work: it will be a second implementation of this interface, created by
 * {@code Dist.initProcessGroup("nccl")} with the rendezvous of {@code RANK}/{@code WORLD_SIZE}/{@code MASTER_ADDR}/
 * {@code MASTER_PORT} (DESIGN.md §11); {@link DistributedDataParallel} uses only this interface, so it will work
 * unchanged on it.
 */
public interface ProcessGroup extends AutoCloseable {
    /** {@code pg.rank()}: this process's rank in the group, from 0. */
    int rank();

    /** {@code pg.size()}: the number of processes in the group. */
    int size();

    /** {@code pg.name()}: the backend's name, e.g. {@code "mpi"}. */
    String backend();

    /** {@code all_reduce}: every rank's {@code tensor} becomes the reduction of all ranks' tensors. */
    Work allReduce(Tensor tensor, ReduceOp op, boolean asyncOp);

    /** {@code broadcast}: every rank's {@code tensor} becomes rank {@code src}'s. */
    Work broadcast(Tensor tensor, int src, boolean asyncOp);

    /**
     * {@code all_gather_into_tensor}: {@code output} (world size times the input's elements, same dtype) becomes
     * the ranks' inputs one after the other, rank 0 first: concatenated along dim 0, or stacked.
     */
    Work allGatherIntoTensor(Tensor output, Tensor input, boolean asyncOp);

    /**
     * {@code reduce_scatter_tensor}: {@code input} (world size times the output's elements) is reduced over the
     * ranks, and rank r's {@code output} becomes the r-th of its world-size equal chunks.
     */
    Work reduceScatterTensor(Tensor output, Tensor input, ReduceOp op, boolean asyncOp);

    /** {@code barrier}: returns once every rank has called it. */
    Work barrier(boolean asyncOp);

    /** {@code send} / {@code isend}: sends {@code tensor} to rank {@code dst}, matched by a {@code recv} with the same tag. */
    Work send(Tensor tensor, int dst, int tag, boolean asyncOp);

    /**
     * {@code recv} / {@code irecv}: fills {@code tensor} with what rank {@code src} sent with the same tag; a
     * synchronous receive may name {@code src = -1} (any rank). Returns the handle; {@link Dist#recv} gives the
     * sender's rank, which {@link Work#sourceRank()} also gives once the receive has finished.
     */
    Work recv(Tensor tensor, int src, int tag, boolean asyncOp);

    /** Frees the group's resources ({@code destroy_process_group}); the group cannot be used afterwards. */
    @Override
    void close();

    /**
     * {@code all_gather(tensor_list, tensor)}: {@code outputs.get(r)} becomes rank r's {@code input}. The list
     * holds one tensor per rank, each of the input's shape and dtype.
     */
    default Work allGather(List<Tensor> outputs, Tensor input, boolean asyncOp) {
        checkList(outputs, input, "output");
        Tensor flat = Torch.zeros(Size.of(size(), input.numel()), TensorOptions.DEFAULT.dtype(input.dtype()).device(input.device()));
        Work w = allGatherIntoTensor(flat, input, asyncOp);
        Runnable copyOut = () -> {
            try (var g = GradMode.noGrad()) {
                for (int r = 0; r < size(); r++) outputs.get(r).copy_(flat.select(0, r).view(input.shapeArray()));
            }
        };
        if (!asyncOp) {
            copyOut.run();
            return w;
        }
        return w.andThen(copyOut);
    }

    /**
     * {@code reduce_scatter(output, input_list, op)}: {@code output} becomes the reduction over the ranks of
     * their {@code inputs.get(rank)}. The list holds one tensor per rank, each of the output's shape and dtype.
     */
    default Work reduceScatter(Tensor output, List<Tensor> inputs, ReduceOp op, boolean asyncOp) {
        checkList(inputs, output, "input");
        Tensor flat;
        try (var g = GradMode.noGrad()) {
            flat = Torch.stack(inputs.stream().map(Tensor::detach).toList(), 0);
        }
        return reduceScatterTensor(output, flat, op, asyncOp);
    }

    private void checkList(List<Tensor> list, Tensor like, String what) {
        if (list.size() != size()) {
            throw new IllegalArgumentException("Tensor list input to scatter/gather must match number of collective "
                    + "participants: got " + list.size() + " " + what + " tensors for a group of " + size());
        }
        for (Tensor t : list) {
            if (!Arrays.equals(t.shapeArray(), like.shapeArray()) || t.dtype() != like.dtype()) {
                throw new IllegalArgumentException("All tensor operands to scatter/gather must have the same number of "
                        + "elements, shape and dtype: got " + t.dtype() + " " + t.shape() + " beside " + like.dtype() + " " + like.shape());
            }
        }
    }
}
