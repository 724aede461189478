package dev.torch4j.nn.utils;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;

/**
 * {@code torch.nn.utils.rnn.PackedSequence}: a batch of variable-length sequences stored without padding, as the
 * recurrent modules consume it. {@code data} holds step 0 of every sequence, then step 1 of every sequence still
 * running, and so on ({@code [sum(batchSizes), *]}), with the sequences sorted by decreasing length;
 * {@code batchSizes[t]} (int64, always on the CPU) is the number of sequences at step t. {@code sortedIndices} maps
 * sorted position to original batch index and {@code unsortedIndices} is its inverse; both are null when the batch
 * was given sorted. Build one with {@link Rnn#packPaddedSequence} or {@link Rnn#packSequence} rather than by hand.
 *
 * <pre>{@code
 * PackedSequence packed = Rnn.packPaddedSequence(padded, new long[] {2, 5, 3}, true, false);
 * var out = lstm.forwardWithState(packed);             // out.output() is packed too
 * Tensor y = Rnn.padPackedSequence(out.output(), true).padded();
 * }</pre>
 *
 * @param data the packed steps, {@code [sum(batchSizes), *]}
 * @param batchSizes the number of sequences at each step (int64, CPU)
 * @param sortedIndices original batch index of each sorted position, or null
 * @param unsortedIndices the inverse permutation, or null
 */
public record PackedSequence(Tensor data, Tensor batchSizes, Tensor sortedIndices, Tensor unsortedIndices) {
    /** Checks PyTorch's invariants and fills {@code unsortedIndices} from {@code sortedIndices} when it is null. */
    public PackedSequence {
        if (batchSizes == null) throw new IllegalArgumentException("PackedSequence: batch_sizes must be given");
        if (batchSizes.isCuda()) {
            throw new IllegalArgumentException("batch_sizes should always be on CPU. Instances of PackedSequence should never be "
                    + "created manually. They should be instantiated by functions like pack_sequence and pack_padded_sequences in "
                    + "nn.utils.rnn. https://pytorch.org/docs/stable/nn.html#torch.nn.utils.rnn.pack_sequence");
        }
        if (unsortedIndices == null) unsortedIndices = Rnn.invertPermutation(sortedIndices);
    }

    /** A packed batch that was already sorted by decreasing length. */
    public PackedSequence(Tensor data, Tensor batchSizes) { this(data, batchSizes, null, null); }

    /** {@code to(device)}: data and indices moved; {@code batchSizes} stays on the CPU. */
    public PackedSequence to(Device device) {
        return new PackedSequence(data.to(device), batchSizes, sortedIndices == null ? null : sortedIndices.to(device),
                unsortedIndices == null ? null : unsortedIndices.to(device));
    }

    /** {@code to(dtype)}: the data converted; indices stay int64. */
    public PackedSequence to(DType dtype) { return new PackedSequence(data.to(dtype), batchSizes, sortedIndices, unsortedIndices); }

    /** {@code is_cuda}: whether the data is on a CUDA device. */
    public boolean isCuda() { return data.isCuda(); }
}
