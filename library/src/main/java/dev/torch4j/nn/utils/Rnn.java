package dev.torch4j.nn.utils;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code torch.nn.utils.rnn}: packing variable-length sequences for the recurrent modules and padding them back.
 * Each conversion is one {@code index_select} over the rows (positions are computed on the CPU from the lengths),
 * so it is differentiable, runs on any device and makes a single copy.
 *
 * <pre>{@code
 * Tensor padded = Rnn.padSequence(List.of(a, b, c), true, 0.0);               // [3, maxLen, *]
 * PackedSequence p = Rnn.packPaddedSequence(padded, new long[] {4, 2, 5}, true, false);
 * var out = lstm.forwardWithState(p);
 * Rnn.PaddedSequence back = Rnn.padPackedSequence(out.output(), true);       // back.padded(), back.lengths()
 * }</pre>
 */
public final class Rnn {
    private Rnn() {}

    /**
     * What {@link #padPackedSequence} returns: the padded batch and each sequence's length (int64, CPU), in the
     * original batch order.
     *
     * @param padded {@code [T, B, *]}, or {@code [B, T, *]} batch first
     * @param lengths the length of each sequence
     */
    public record PaddedSequence(Tensor padded, Tensor lengths) {}

    /** {@code pack_padded_sequence(input, lengths)}: time-major input whose sequences are sorted by decreasing length. */
    public static PackedSequence packPaddedSequence(Tensor input, long[] lengths) { return packPaddedSequence(input, lengths, false, true); }

    /** {@code pack_padded_sequence(input, lengths, batch_first, enforce_sorted)} with lengths as a 1-D integer tensor. */
    public static PackedSequence packPaddedSequence(Tensor input, Tensor lengths, boolean batchFirst, boolean enforceSorted) {
        if (lengths.dim() != 1) {
            throw new IllegalArgumentException("'lengths' argument should be a 1D CPU int64 tensor, but got " + lengths.dim() + "D tensor");
        }
        return packPaddedSequence(input, lengths.toLongArray(), batchFirst, enforceSorted);
    }

    /**
     * {@code pack_padded_sequence(input, lengths, batch_first, enforce_sorted)}: packs a padded batch {@code [T, B, *]}
     * ({@code [B, T, *]} batch first). With {@code enforceSorted} the lengths must be non-increasing; otherwise the
     * batch is sorted (stably, by decreasing length) and the permutation kept in the result.
     */
    public static PackedSequence packPaddedSequence(Tensor input, long[] lengths, boolean batchFirst, boolean enforceSorted) {
        if (input.dim() < 2) {
            throw new IllegalArgumentException("pack_padded_sequence: input must have at least 2 dimensions, got shape "
                    + Arrays.toString(input.shapeArray()));
        }
        if (input.numel() == 0) throw new IllegalArgumentException("Cannot pack empty tensors.");
        long batch = input.size(batchFirst ? 0 : 1), time = input.size(batchFirst ? 1 : 0);
        if (lengths.length != batch) {
            throw new IllegalArgumentException("Expected `len(lengths)` to be equal to batch_size, but got " + lengths.length
                    + " (batch_size=" + batch + ")");
        }
        long[] order = new long[lengths.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        if (!enforceSorted) { // a stable sort by decreasing length, as torch.sort gives on the CPU
            order = Arrays.stream(order).boxed().sorted((a, b) -> Long.compare(lengths[(int) (long) b], lengths[(int) (long) a]))
                    .mapToLong(Long::longValue).toArray();
        }
        long[] sorted = new long[lengths.length];
        for (int j = 0; j < sorted.length; j++) sorted[j] = lengths[(int) order[j]];
        if (sorted[sorted.length - 1] <= 0) {
            throw new IllegalArgumentException("Length of all samples has to be greater than 0, but found an element in 'lengths' "
                    + "that is <= 0");
        }
        for (int j = 1; j < sorted.length; j++) {
            if (sorted[j] > sorted[j - 1]) {
                throw new IllegalArgumentException("`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. "
                        + "You can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to sidestep this "
                        + "requirement if you do not need ONNX exportability.");
            }
        }
        if (sorted[0] > time) {
            throw new IllegalArgumentException("pack_padded_sequence: a length of " + sorted[0] + " exceeds the padded sequence length "
                    + time);
        }
        long[] batchSizes = new long[(int) sorted[0]];
        for (long len : sorted) for (int t = 0; t < len; t++) batchSizes[t]++;
        long[] rows = new long[(int) Arrays.stream(sorted).sum()];
        int k = 0;
        for (int t = 0; t < batchSizes.length; t++) {
            for (int j = 0; j < batchSizes[t]; j++) rows[k++] = batchFirst ? order[j] * time + t : t * batch + order[j];
        }
        Tensor data = input.flatten(0, 1).indexSelect(0, index(rows, input));
        return new PackedSequence(data, Torch.fromArray(batchSizes), enforceSorted ? null : index(order, input), null);
    }

    /** {@code pad_packed_sequence(sequence)}: time-major, zero padding, as long as the longest sequence. */
    public static PaddedSequence padPackedSequence(PackedSequence sequence) { return padPackedSequence(sequence, false, 0.0, null); }

    /** {@code pad_packed_sequence(sequence, batch_first)}. */
    public static PaddedSequence padPackedSequence(PackedSequence sequence, boolean batchFirst) {
        return padPackedSequence(sequence, batchFirst, 0.0, null);
    }

    /**
     * {@code pad_packed_sequence(sequence, batch_first, padding_value, total_length)}: the inverse of
     * {@link #packPaddedSequence}, in the original batch order; {@code totalLength} (null: the longest length) pads
     * the time dim further.
     */
    public static PaddedSequence padPackedSequence(PackedSequence sequence, boolean batchFirst, double paddingValue, Long totalLength) {
        long[] batchSizes = sequence.batchSizes().toLongArray();
        int steps = batchSizes.length;
        if (totalLength != null && totalLength < steps) {
            throw new IllegalArgumentException("Expected total_length to be at least the length of the longest sequence in input, "
                    + "but got total_length=" + totalLength + " and max sequence length being " + steps);
        }
        long time = totalLength == null ? steps : totalLength, batch = batchSizes[0];
        long[] offsets = new long[steps + 1], sortedLengths = new long[(int) batch];
        for (int t = 0; t < steps; t++) {
            offsets[t + 1] = offsets[t] + batchSizes[t];
            for (int j = 0; j < batchSizes[t]; j++) sortedLengths[j]++;
        }
        Tensor data = sequence.data();
        long padRow = data.size(0);
        long[] unsorted = sequence.unsortedIndices() == null ? null : sequence.unsortedIndices().toLongArray();
        long[] rows = new long[(int) (time * batch)], lengths = new long[(int) batch];
        for (int b = 0; b < batch; b++) {
            int j = unsorted == null ? b : (int) unsorted[b];
            lengths[b] = sortedLengths[j];
            for (int t = 0; t < time; t++) {
                rows[(int) (batchFirst ? b * time + t : t * batch + b)] = t < steps && j < batchSizes[t] ? offsets[t] + j : padRow;
            }
        }
        long[] shape = data.shapeArray();
        shape[0] = 1;
        Tensor withPad = Torch.cat(data, Torch.full(shape, paddingValue, Torch.dtype(data.dtype()).device(data.device())));
        long[] out = new long[data.dim() + 1];
        out[0] = batchFirst ? batch : time;
        out[1] = batchFirst ? time : batch;
        System.arraycopy(data.shapeArray(), 1, out, 2, data.dim() - 1);
        return new PaddedSequence(withPad.indexSelect(0, index(rows, data)).view(out), Torch.fromArray(lengths));
    }

    /** {@code pad_sequence(sequences)}: time-major {@code [T, B, *]}, zero padding. */
    public static Tensor padSequence(List<Tensor> sequences) { return padSequence(sequences, false, 0.0, "right"); }

    /** {@code pad_sequence(sequences, batch_first, padding_value)}: padding after each sequence. */
    public static Tensor padSequence(List<Tensor> sequences, boolean batchFirst, double paddingValue) {
        return padSequence(sequences, batchFirst, paddingValue, "right");
    }

    /**
     * {@code pad_sequence(sequences, batch_first, padding_value, padding_side)}: stacks {@code [L_i, *]} sequences
     * into {@code [max L, B, *]} ({@code [B, max L, *]} batch first), padding on the {@code "right"} or
     * {@code "left"} (PyTorch 2.6+).
     */
    public static Tensor padSequence(List<Tensor> sequences, boolean batchFirst, double paddingValue, String paddingSide) {
        if (sequences.isEmpty()) throw new IllegalArgumentException("received an empty list of sequences");
        boolean left = switch (paddingSide) {
            case "left" -> true;
            case "right" -> false;
            default -> throw new IllegalArgumentException("Expected padding_side to be one of left or right, but got " + paddingSide + ".");
        };
        int batch = sequences.size();
        long[] lengths = new long[batch], starts = new long[batch];
        long maxLen = 0, total = 0;
        for (int b = 0; b < batch; b++) {
            if (sequences.get(b).dim() == 0) throw new IllegalArgumentException("pad_sequence: sequence " + b + " is a 0-d tensor");
            lengths[b] = sequences.get(b).size(0);
            starts[b] = total;
            total += lengths[b];
            maxLen = Math.max(maxLen, lengths[b]);
        }
        long[] rows = new long[(int) (maxLen * batch)];
        for (int b = 0; b < batch; b++) {
            long shift = left ? maxLen - lengths[b] : 0;
            for (long t = 0; t < maxLen; t++) {
                long s = t - shift;
                rows[(int) (batchFirst ? b * maxLen + t : t * batch + b)] = s >= 0 && s < lengths[b] ? starts[b] + s : total;
            }
        }
        Tensor first = sequences.getFirst();
        long[] padShape = first.shapeArray();
        padShape[0] = 1;
        List<Tensor> all = new ArrayList<>(sequences);
        all.add(Torch.full(padShape, paddingValue, Torch.dtype(first.dtype()).device(first.device())));
        long[] out = new long[first.dim() + 1];
        out[0] = batchFirst ? batch : maxLen;
        out[1] = batchFirst ? maxLen : batch;
        System.arraycopy(first.shapeArray(), 1, out, 2, first.dim() - 1);
        return Torch.cat(all, 0).indexSelect(0, index(rows, first)).view(out);
    }

    /** {@code pack_sequence(sequences)}: sequences already sorted by decreasing length. */
    public static PackedSequence packSequence(List<Tensor> sequences) { return packSequence(sequences, true); }

    /** {@code pack_sequence(sequences, enforce_sorted)}: {@code pack_padded_sequence(pad_sequence(sequences), lengths)}. */
    public static PackedSequence packSequence(List<Tensor> sequences, boolean enforceSorted) {
        long[] lengths = new long[sequences.size()];
        for (int i = 0; i < lengths.length; i++) lengths[i] = sequences.get(i).size(0);
        return packPaddedSequence(padSequence(sequences), lengths, false, enforceSorted);
    }

    /** {@code unpad_sequence(padded_sequences, lengths, batch_first)}: the sequences as views of the padded batch. */
    public static List<Tensor> unpadSequence(Tensor paddedSequences, Tensor lengths, boolean batchFirst) {
        long[] len = lengths.toLongArray();
        List<Tensor> out = new ArrayList<>(len.length);
        for (int b = 0; b < len.length; b++) out.add(paddedSequences.select(batchFirst ? 0 : 1, b).narrow(0, 0, len[b]));
        return out;
    }

    /** {@code unpack_sequence(packed_sequences)}: the sequences of a packed batch, in the original order. */
    public static List<Tensor> unpackSequence(PackedSequence packedSequences) {
        PaddedSequence p = padPackedSequence(packedSequences, true);
        return unpadSequence(p.padded(), p.lengths(), true);
    }

    /** {@code invert_permutation(permutation)}: {@code out[permutation[i]] = i}; null for null. */
    public static Tensor invertPermutation(Tensor permutation) {
        if (permutation == null) return null;
        long[] p = permutation.toLongArray(), inv = new long[p.length];
        for (int i = 0; i < p.length; i++) inv[(int) p[i]] = i;
        return Torch.fromArray(inv).to(permutation.device());
    }

    /** Row numbers as an int64 index on {@code like}'s device. */
    private static Tensor index(long[] rows, Tensor like) { return Torch.fromArray(rows).to(like.device()); }
}
