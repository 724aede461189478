package dev.torch4j.nn.utils;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * torch.nn.utils.rnn against real PyTorch (scripts/goldens/rnn_goldens.py): pad_sequence both layouts,
 * pack_sequence with unsorted lengths (data, batch sizes, both permutations), pad_packed_sequence with a padding
 * value and total length, pack_padded_sequence's gradient; round trips, left padding, and PyTorch's error texts.
 */
class PackedSequenceTest {
    private static JsonObject only(String kind) {
        return Golden.cases("rnn").stream().filter(c -> c.get("kind").getAsString().equals(kind)).findFirst().orElseThrow();
    }

    private static List<Tensor> tensors(JsonArray a) {
        List<Tensor> out = new ArrayList<>();
        for (JsonElement e : a) out.add(Golden.tensor(e.getAsJsonObject()));
        return out;
    }

    private static Tensor t(JsonObject c, String key) { return Golden.tensor(c.getAsJsonObject(key)); }

    @Test
    void padSequenceMatchesPyTorch() {
        for (JsonObject c : Golden.cases("rnn")) {
            if (!c.get("kind").getAsString().equals("pad_sequence")) continue;
            boolean bf = c.get("batch_first").getAsBoolean();
            Tensor out = Rnn.padSequence(tensors(c.getAsJsonArray("sequences")), bf, c.get("padding_value").getAsDouble());
            Golden.assertExact(t(c, "out"), out, "pad_sequence batch_first=" + bf);
        }
    }

    @Test
    void packSequenceAndPadPackedMatchPyTorch() {
        JsonObject c = only("pack_sequence");
        List<Tensor> seqs = tensors(c.getAsJsonArray("sequences"));
        PackedSequence p = Rnn.packSequence(seqs, false);
        Golden.assertExact(t(c, "data"), p.data(), "data");
        Golden.assertExact(t(c, "batch_sizes"), p.batchSizes(), "batch_sizes");
        Golden.assertExact(t(c, "sorted_indices"), p.sortedIndices(), "sorted_indices");
        Golden.assertExact(t(c, "unsorted_indices"), p.unsortedIndices(), "unsorted_indices");
        Rnn.PaddedSequence padded = Rnn.padPackedSequence(p, true, 9.0, 6L);
        Golden.assertExact(t(c, "padded_bf_9_total6"), padded.padded(), "padded");
        Golden.assertExact(t(c, "lengths"), padded.lengths(), "lengths");
        List<Tensor> back = Rnn.unpackSequence(p);
        for (int i = 0; i < seqs.size(); i++) Golden.assertExact(seqs.get(i), back.get(i), "unpack " + i);
        List<Tensor> unpadded = Rnn.unpadSequence(Rnn.padSequence(seqs), padded.lengths(), false);
        for (int i = 0; i < seqs.size(); i++) Golden.assertExact(seqs.get(i), unpadded.get(i), "unpad " + i);
    }

    @Test
    void packPaddedSequenceValuesAndGradient() {
        JsonObject c = only("pack_padded");
        JsonArray ls = c.getAsJsonArray("lengths");
        long[] lengths = new long[ls.size()];
        for (int i = 0; i < lengths.length; i++) lengths[i] = ls.get(i).getAsLong();
        Tensor x = t(c, "input").requiresGrad_(true);
        PackedSequence p = Rnn.packPaddedSequence(x, lengths, c.get("batch_first").getAsBoolean(), true);
        Golden.assertExact(t(c, "data"), p.data().detach(), "data");
        Golden.assertExact(t(c, "batch_sizes"), p.batchSizes(), "batch_sizes");
        assertNull(p.sortedIndices());
        assertNull(p.unsortedIndices());
        p.data().mul(t(c, "grad_data")).sum().backward();
        Golden.assertExact(t(c, "grad_input"), x.grad(), "grad input");
        // the lengths may come as a tensor, and padding back restores every valid position
        Tensor again = Rnn.padPackedSequence(Rnn.packPaddedSequence(x.detach(), tensor(lengths), true, true), true).padded();
        Golden.assertExact(x.detach().narrow(0, 0, 2), again.narrow(0, 0, 2), "round trip");
        assertTrue(GradCheck.gradcheck(a -> Rnn.padPackedSequence(Rnn.packPaddedSequence(a[0], new long[] {1, 3, 2}, false, false),
                false, -1.0, 5L).padded(), randn(3, 3, 2).to(DType.FLOAT64).requiresGrad_(true)));
        assertTrue(GradCheck.gradcheck(a -> Rnn.padSequence(List.of(a[0], a[1]), true, 0.5), randn(2, 2).to(DType.FLOAT64).requiresGrad_(true),
                randn(3, 2).to(DType.FLOAT64).requiresGrad_(true)));
    }

    @Test
    void leftPaddingAndPermutations() {
        Tensor a = tensor(new double[] {1, 2}), b = tensor(new double[] {3, 4, 5});
        Tensor left = Rnn.padSequence(List.of(a, b), true, 0, "left");
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, left.toDoubleArray());
        Golden.assertExact(tensor(new long[] {2, 0, 1}), Rnn.invertPermutation(tensor(new long[] {1, 2, 0})), "invert");
        assertNull(Rnn.invertPermutation(null));
    }

    private static void assertMessage(String expected, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void errorsUsePyTorchsMessages() {
        String sortedMsg = "`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can pass "
                + "`enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to sidestep this requirement if you do not need "
                + "ONNX exportability.";
        assertMessage(sortedMsg, () -> Rnn.packPaddedSequence(randn(3, 2, 1), new long[] {2, 3}));
        assertMessage("Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0",
                () -> Rnn.packPaddedSequence(randn(3, 2, 1), new long[] {3, 0}, false, false));
        assertMessage("Expected `len(lengths)` to be equal to batch_size, but got 3 (batch_size=2)",
                () -> Rnn.packPaddedSequence(randn(3, 2, 1), new long[] {3, 2, 1}));
        assertMessage("Expected total_length to be at least the length of the longest sequence in input, but got total_length=2 and "
                + "max sequence length being 3", () -> Rnn.padPackedSequence(Rnn.packPaddedSequence(randn(3, 2, 1), new long[] {3, 2}),
                false, 0, 2L));
        assertMessage("received an empty list of sequences", () -> Rnn.padSequence(List.of()));
    }
}
