package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static dev.torch4j.Torch.arange;
import static dev.torch4j.Torch.cat;
import static dev.torch4j.Torch.chunk;
import static dev.torch4j.Torch.hstack;
import static dev.torch4j.Torch.ones;
import static dev.torch4j.Torch.split;
import static dev.torch4j.Torch.stack;
import static dev.torch4j.Torch.tensor;
import static dev.torch4j.Torch.vstack;
import static dev.torch4j.Torch.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** cat / stack / split / chunk: the Java API forms and every error with PyTorch's message (values are in JoiningGoldenTest). */
class JoiningTest {

    private static void assertMessage(Class<? extends Throwable> type, String fragment, Executable e) {
        Throwable t = assertThrows(type, e);
        assertTrue(t.getMessage().contains(fragment), () -> "message '" + t.getMessage() + "' lacks '" + fragment + "'");
    }

    @Test
    void overloads() {
        Tensor a = ones(2, 2), b = zeros(2, 2);
        assertArrayEquals(new long[] {4, 2}, cat(a, b).shapeArray());
        assertArrayEquals(new long[] {2, 4}, cat(new Tensor[] {a, b}, 1).shapeArray());
        assertArrayEquals(new long[] {2, 4}, cat(List.of(a, b), -1).shapeArray());
        assertArrayEquals(new long[] {2, 2, 2}, stack(a, b).shapeArray());
        assertArrayEquals(new long[] {2, 2, 2}, stack(List.of(a, b), 1).shapeArray());
        assertArrayEquals(new long[] {2, 4}, hstack(a, b).shapeArray());
        assertArrayEquals(new long[] {4, 2}, vstack(a, b).shapeArray());
        assertEquals(2, split(a, 1, 1).length);
        assertEquals(2, chunk(a, 2, 0).length);
    }

    @Test
    void splitAndChunkAreViews() {
        Tensor x = arange(10.0);
        Tensor[] parts = x.split(3);
        parts[1].fill_(100);
        assertArrayEquals(new double[] {0, 1, 2, 100, 100, 100, 6, 7, 8, 9}, x.toDoubleArray());
        x.chunk(2)[1].zero_();
        assertArrayEquals(new double[] {0, 1, 2, 100, 100, 0, 0, 0, 0, 0}, x.toDoubleArray());
        Tensor[] bySizes = x.split(new long[] {9, 1});
        assertArrayEquals(new long[] {9}, bySizes[0].shapeArray());
    }

    @Test
    void catCastsEachInput() {
        Tensor r = cat(tensor(new long[] {1, 2}), tensor(new double[] {0.5}));
        assertEquals(DType.FLOAT32, r.dtype()); // int64 with float32 (torch.tensor of doubles is float32)
        assertArrayEquals(new double[] {1, 2, 0.5}, r.toDoubleArray());
    }

    @Test
    void catErrors() {
        assertMessage(IllegalArgumentException.class, "torch.cat(): expected a non-empty list of Tensors", () -> cat(List.of()));
        assertMessage(IllegalArgumentException.class,
                "Sizes of tensors must match except in dimension 1. Expected size 2 but got size 3 for tensor number 1 in the list.",
                () -> cat(new Tensor[] {ones(2, 2), ones(3, 2)}, 1));
        assertMessage(IllegalArgumentException.class,
                "Sizes of tensors must match except in dimension 0. Expected size 2 but got size 3 for tensor number 2 in the list.",
                () -> cat(ones(2, 2), ones(3, 2), ones(2, 3)));
        assertMessage(IllegalArgumentException.class, "Tensors must have same number of dimensions: got 2 and 3",
                () -> cat(ones(2, 2), ones(2, 2, 2)));
        assertMessage(IllegalArgumentException.class, "zero-dimensional tensor (at position 1) cannot be concatenated",
                () -> cat(ones(2, 2), tensor(1.0)));
        assertMessage(IndexOutOfBoundsException.class, "Dimension out of range (expected to be in range of [-2, 1], but got 2)",
                () -> cat(new Tensor[] {ones(2, 2), ones(2, 3)}, 2));
        // a 2-d empty tensor is not skipped
        assertMessage(IllegalArgumentException.class, "Expected size 2 but got size 0 for tensor number 1 in the list.",
                () -> cat(ones(2, 2), zeros(2, 0)));
    }

    @Test
    void stackErrors() {
        assertMessage(IllegalArgumentException.class, "stack expects a non-empty TensorList", () -> stack(List.of(), 0));
        assertMessage(IllegalArgumentException.class,
                "stack expects each tensor to be equal size, but got [2, 2] at entry 0 and [2, 3] at entry 1",
                () -> stack(ones(2, 2), ones(2, 3)));
        assertMessage(IndexOutOfBoundsException.class, "Dimension out of range (expected to be in range of [-3, 2], but got 3)",
                () -> stack(new Tensor[] {ones(2, 2), ones(2, 2)}, 3));
        assertMessage(IllegalArgumentException.class, "hstack expects a non-empty TensorList", () -> hstack());
        assertMessage(IllegalArgumentException.class, "vstack expects a non-empty TensorList", () -> vstack());
    }

    @Test
    void splitErrors() {
        Tensor x = arange(10.0);
        assertMessage(IllegalArgumentException.class, "split expects split_size be non-negative, but got split_size=-1", () -> x.split(-1));
        assertMessage(IllegalArgumentException.class, "split_size can only be 0 if dimension size is 0, but got dimension size of 10",
                () -> x.split(0));
        assertMessage(IllegalArgumentException.class, "split expects at least a 1-dimensional tensor", () -> tensor(1.0).split(1));
        assertMessage(IllegalArgumentException.class,
                "split_with_sizes expects split_sizes to sum exactly to 10 (input tensor's size at dimension 0), but got split_sizes=[3, 6]",
                () -> x.split(new long[] {3, 6}));
        assertMessage(IllegalArgumentException.class,
                "split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=[-1, 11]",
                () -> x.split(new long[] {-1, 11}));
        assertMessage(IllegalArgumentException.class, "chunk expects `chunks` to be greater than 0, got: 0", () -> x.chunk(0));
        assertMessage(IllegalArgumentException.class, "chunk expects at least a 1-dimensional tensor", () -> tensor(1.0).chunk(3));
    }
}
