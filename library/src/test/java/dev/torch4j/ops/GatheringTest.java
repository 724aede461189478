package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static dev.torch4j.Torch.arange;
import static dev.torch4j.Torch.ones;
import static dev.torch4j.Torch.tensor;
import static dev.torch4j.Torch.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gather / scatter / index_select / take / index_add_ / masked_select / nonzero: errors and edge cases. */
class GatheringTest {

    private static Tensor x34() { return arange(12.0).reshape(3, 4); }

    private static Tensor longs(long[][] v) { return tensor(v); }

    private static void assertMessage(Class<? extends Throwable> type, String fragment, Executable e) {
        Throwable t = assertThrows(type, e);
        assertTrue(t.getMessage().contains(fragment), () -> "message '" + t.getMessage() + "' lacks '" + fragment + "'");
    }

    @Test
    void gatherErrors() {
        Tensor x = x34();
        assertMessage(IndexOutOfBoundsException.class, "gather(): index 5 is out of bounds for dimension 1 with size 4",
                () -> x.gather(1, longs(new long[][] {{0, 5}})));
        // gather never wraps negative indices
        assertMessage(IndexOutOfBoundsException.class, "gather(): index -1 is out of bounds for dimension 1 with size 4",
                () -> x.gather(1, longs(new long[][] {{0, -1}})));
        assertMessage(IllegalArgumentException.class, "gather(): Expected dtype int64 for index",
                () -> x.gather(1, longs(new long[][] {{0, 1}}).to(DType.INT32)));
        assertMessage(IllegalArgumentException.class, "Index tensor must have the same number of dimensions as input tensor",
                () -> x.gather(1, tensor(new long[] {0, 1})));
        assertMessage(IllegalArgumentException.class,
                "Size does not match at dimension 0 expected index [4, 2] to be smaller than self [3, 4] apart from dimension 1",
                () -> x.gather(1, zeros(4, 2).to(DType.INT64)));
        assertMessage(IndexOutOfBoundsException.class, "Dimension out of range (expected to be in range of [-2, 1], but got 2)",
                () -> x.gather(2, longs(new long[][] {{0}})));
    }

    @Test
    void boundsErrorFromAParallelKernel() {
        // large enough to be split over threads: the error surfaces on the calling thread with the bad value
        Tensor src = zeros(1000, 100);
        Tensor idx = zeros(1000, 100).to(DType.INT64);
        idx.indexPut_(new Object[] {777, 55}, 100L);
        assertMessage(IndexOutOfBoundsException.class, "gather(): index 100 is out of bounds for dimension 1 with size 100",
                () -> src.gather(1, idx));
        assertMessage(IndexOutOfBoundsException.class, "scatter_add(): index 100 is out of bounds for dimension 1 with size 100",
                () -> src.scatterAdd_(1, idx, ones(1000, 100)));
    }

    @Test
    void scatterErrors() {
        Tensor x = x34();
        Tensor i01 = longs(new long[][] {{0, 1}});
        assertMessage(IndexOutOfBoundsException.class, "scatter(): index 5 is out of bounds for dimension 1 with size 4",
                () -> x.scatter(1, longs(new long[][] {{0, 5}}), ones(3, 4)));
        assertMessage(IllegalArgumentException.class, "scatter(): Expected self.dtype to be equal to src.dtype",
                () -> x.scatter(1, i01, ones(3, 4).to(DType.FLOAT64)));
        assertMessage(IllegalArgumentException.class, "scatter_add(): Expected self.dtype to be equal to src.dtype",
                () -> x.scatterAdd(1, i01, ones(3, 4).to(DType.FLOAT64)));
        assertMessage(IllegalArgumentException.class,
                "Expected index [1, 5] to be smaller than self [3, 4] apart from dimension 1 and to be smaller size than src [3, 4]",
                () -> x.scatter(1, zeros(1, 5).to(DType.INT64), ones(3, 4)));
        assertMessage(IllegalArgumentException.class,
                "Expected index [1, 3] to be smaller than self [3, 4] apart from dimension 1 and to be smaller size than src [3, 2]",
                () -> x.scatter(1, zeros(1, 3).to(DType.INT64), ones(3, 2)));
        assertMessage(IllegalArgumentException.class, "Expected index [4, 2] to be smaller than self [3, 4] apart from dimension 1",
                () -> x.scatter(1, zeros(4, 2).to(DType.INT64), 1.0));
        assertMessage(IllegalArgumentException.class, "scatter(): Expected dtype int64 for index",
                () -> x.scatter(1, i01.to(DType.INT32), ones(3, 4)));
        assertMessage(IllegalArgumentException.class, "Index tensor must have the same number of dimensions as self tensor",
                () -> x.scatter(1, tensor(new long[] {0, 1}), ones(3, 4)));
        assertMessage(IllegalArgumentException.class, "Index tensor must have the same number of dimensions as src tensor",
                () -> x.scatter(1, i01, ones(4)));
        assertMessage(IllegalArgumentException.class, "more than one element of the written-to tensor refers to a single memory location",
                () -> zeros(1, 4).expand(3, 4).scatter_(1, i01, 1.0));
    }

    @Test
    void scatterWritesInPlaceAndBumpsVersion() {
        Tensor x = zeros(2, 3);
        int v = x.version();
        Tensor r = x.scatter_(1, longs(new long[][] {{2}, {0}}), 7.0);
        assertEquals(x, r);
        assertTrue(x.version() > v);
        assertArrayEquals(new double[] {0, 0, 7, 7, 0, 0}, x.toDoubleArray());
    }

    @Test
    void indexSelectErrors() {
        Tensor x = x34();
        assertMessage(IndexOutOfBoundsException.class, "index_select(): Index is supposed to be a vector",
                () -> x.indexSelect(1, longs(new long[][] {{0, 1}})));
        assertMessage(IllegalArgumentException.class, "index_select(): Expected dtype int32 or int64 for index",
                () -> x.indexSelect(1, tensor(new float[] {0})));
        assertMessage(IndexOutOfBoundsException.class, "index_select(): index 5 is out of bounds for dimension 1 with size 4",
                () -> x.indexSelect(1, tensor(new long[] {0, 5})));
        assertMessage(IndexOutOfBoundsException.class, "index_select(): index -1 is out of bounds for dimension 1 with size 4",
                () -> x.indexSelect(1, tensor(new long[] {-1})));
    }

    @Test
    void takeErrors() {
        Tensor x = x34();
        assertMessage(IndexOutOfBoundsException.class, "out of range: tried to access index 12 on a tensor of 12 elements.",
                () -> x.take(tensor(new long[] {12})));
        assertMessage(IndexOutOfBoundsException.class, "out of range: tried to access index -13 on a tensor of 12 elements.",
                () -> x.take(tensor(new long[] {-13})));
        assertMessage(IllegalArgumentException.class, "take(): Expected a long tensor for index, but got Int",
                () -> x.take(tensor(new int[] {1}, Torch.dtype(DType.INT32))));
        assertMessage(IndexOutOfBoundsException.class, "take(): tried to take from an empty tensor",
                () -> zeros(0).take(tensor(new long[] {0})));
    }

    @Test
    void indexAddCopyFillErrors() {
        Tensor x = x34();
        assertMessage(IllegalArgumentException.class, "index_add_(): Number of indices (2) should be equal to source.size(dim): (3), for dim: 0",
                () -> x.indexAdd_(0, tensor(new long[] {0, 0}), ones(3, 4)));
        assertMessage(IllegalArgumentException.class, "index_add_(): self (Float) and source (Double) must have the same scalar type",
                () -> x.indexAdd_(0, tensor(new long[] {0, 0}), ones(2, 4).to(DType.FLOAT64)));
        assertMessage(IllegalArgumentException.class, "index_add_(): source [2, 5] and self [3, 4] must have the same size apart from dimension 0",
                () -> x.indexAdd_(0, tensor(new long[] {0, 0}), ones(2, 5)));
        assertMessage(IndexOutOfBoundsException.class, "index_add_(): index 5 is out of bounds for dimension 0 with size 3",
                () -> x.indexAdd_(0, tensor(new long[] {0, 5}), ones(2, 4)));
        assertMessage(IndexOutOfBoundsException.class, "index_copy_(): index 3 is out of bounds for dimension 0 with size 3",
                () -> x.indexCopy_(0, tensor(new long[] {3}), ones(1, 4)));
        assertMessage(IndexOutOfBoundsException.class, "index_fill_(): index 4 is out of bounds for dimension 1 with size 4",
                () -> x.indexFill_(1, tensor(new long[] {4}), 0));
        assertMessage(IllegalArgumentException.class, "index_fill_(): Expected dtype int64 for index",
                () -> x.indexFill_(1, tensor(new int[] {0}, Torch.dtype(DType.INT32)), 0));
    }

    @Test
    void maskedSelectAndNonzero() {
        Tensor x = x34();
        assertMessage(IllegalArgumentException.class, "masked_select: expected BoolTensor or ByteTensor for mask",
                () -> x.maskedSelect(tensor(new long[] {1, 0, 1, 0})));
        assertMessage(IllegalArgumentException.class, "size of tensor a (4) must match the size of tensor b (3)",
                () -> x.maskedSelect(tensor(new boolean[] {true, false, true})));
        assertArrayEquals(new double[] {5}, tensor(5.0).maskedSelect(tensor(true)).toDoubleArray());
        assertArrayEquals(new long[] {0, 2}, zeros(0, 2).to(DType.INT64).nonzero().shapeArray());
        Tensor bf = tensor(new float[] {0, -0f, 2, Float.NaN}).to(DType.BFLOAT16);
        assertArrayEquals(new long[] {2, 3}, bf.nonzero().toLongArray()); // -0.0 is zero, NaN is not
        assertArrayEquals(new long[] {1, 3}, tensor(new byte[] {0, 3, 0, -1}).argwhere().toLongArray());
    }

    /**
     * nonzero(as_tuple=True) and torch.where(condition), as PyTorch 1.13 gives them: for [[0, 1], [2, 0]] the rows
     * [0, 1] and columns [1, 0]; a 0-d tensor counts as 1-d ([0] when nonzero, empty when 0).
     */
    @Test
    void nonzeroAsTupleAndWhereOfACondition() {
        Tensor x = tensor(new long[][] {{0, 1}, {2, 0}});
        for (Tensor[] t : new Tensor[][] {x.nonzeroAsTuple(), Torch.nonzeroAsTuple(x), Torch.where(x.ne(0L))}) {
            assertEquals(2, t.length);
            assertArrayEquals(new long[] {0, 1}, t[0].toLongArray());
            assertArrayEquals(new long[] {1, 0}, t[1].toLongArray());
            assertEquals(DType.INT64, t[0].dtype());
        }
        assertArrayEquals(new long[] {1, 2}, x.index(x.nonzeroAsTuple()).toLongArray(), "usable as an index");
        Tensor[] five = tensor(5L).nonzeroAsTuple(), zero = tensor(0L).nonzeroAsTuple();
        assertEquals(1, five.length);
        assertArrayEquals(new long[] {0}, five[0].toLongArray());
        assertEquals(1, zero.length);
        assertEquals(0, zero[0].numel());
    }
}
