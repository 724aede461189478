package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Index;
import dev.torch4j.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static dev.torch4j.Torch.ALL;
import static dev.torch4j.Torch.ELLIPSIS;
import static dev.torch4j.Torch.NONE;
import static dev.torch4j.Torch.arange;
import static dev.torch4j.Torch.ones;
import static dev.torch4j.Torch.slice;
import static dev.torch4j.Torch.tensor;
import static dev.torch4j.Torch.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** t[...] and t[...] = v: the Java API, views, and every error with PyTorch's message (values are in IndexingGoldenTest). */
class IndexingTest {

    private static Tensor x34() { return arange(12.0).reshape(3, 4); }

    private static void assertMessage(Class<? extends Throwable> type, String fragment, Executable e) {
        Throwable t = assertThrows(type, e);
        assertTrue(t.getMessage().contains(fragment), () -> "message '" + t.getMessage() + "' lacks '" + fragment + "'");
    }

    @Test
    void readmeExample() {
        Tensor t = arange(2 * 3 * 4 * 5.0).reshape(2, 3, 4, 5);
        // t[1::2, None, ..., 0] in Python: shape [1, 1, 3, 4]
        Tensor r = t.index(slice(1, null, 2), NONE, ELLIPSIS, 0);
        assertArrayEquals(new long[] {1, 1, 3, 4}, r.shapeArray());
        assertEquals(t.index(1, 2, 3, 0).item(), r.index(0, 0, 2, 3).item());
        assertSame(t.storage(), r.storage());
    }

    @Test
    void basicIndexingWritesThrough() {
        Tensor x = x34();
        x.index(ALL, slice(1, 3)).fill_(-1); // x[:, 1:3] = -1 through the view
        assertArrayEquals(new double[] {0, -1, -1, 3, 4, -1, -1, 7, 8, -1, -1, 11}, x.toDoubleArray());
        x.index(0).index(0).fill_(100);
        assertEquals(100, x.index(0, 0).item());
        assertEquals(x.version() > 0, true);
    }

    @Test
    void advancedIndexingCopies() {
        Tensor x = x34();
        Tensor r = x.index(tensor(new long[] {0, 2}));
        r.fill_(0);
        assertEquals(0.0 + 1, x.index(0, 1).item()); // x unchanged
    }

    @Test
    void arraysAndListsAreIndexTensors() {
        Tensor x = x34();
        Tensor byLongs = x.index(new long[] {2, 0});
        Tensor byInts = x.index(ALL, new int[] {3, 1});
        Tensor byList = x.index(List.of(2, 0));
        Tensor byMask = x.index(new boolean[] {true, false, true});
        assertArrayEquals(new double[] {8, 9, 10, 11, 0, 1, 2, 3}, byLongs.toDoubleArray());
        assertArrayEquals(new double[] {3, 1, 7, 5, 11, 9}, byInts.toDoubleArray());
        assertArrayEquals(byLongs.toDoubleArray(), byList.toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 2, 3, 8, 9, 10, 11}, byMask.toDoubleArray());
    }

    @Test
    void int32IndexTensors() {
        // PyTorch 2.x accepts int32 index tensors (1.13 did not)
        Tensor x = x34();
        Tensor r = x.index(tensor(new int[] {2, 1}, dev.torch4j.Torch.dtype(DType.INT32)), 0);
        assertArrayEquals(new double[] {8, 4}, r.toDoubleArray());
    }

    @Test
    void indexPutVariants() {
        Tensor x = zeros(2, 3);
        x.indexPut_(new Object[] {0}, 5.0);
        x.indexPut_(new Object[] {1, slice(1, null)}, tensor(new float[] {7, 8}));
        assertArrayEquals(new double[] {5, 5, 5, 0, 7, 8}, x.toDoubleArray());
        Tensor acc = zeros(3).indexPut(new Object[] {tensor(new long[] {1, 1, 2})}, ones(3), true);
        assertArrayEquals(new double[] {0, 2, 1}, acc.toDoubleArray());
        Tensor big = zeros(2).to(DType.INT64);
        big.indexPut_(new Object[] {tensor(new long[] {1})}, (1L << 62) + 1);
        assertEquals((1L << 62) + 1, big.toLongArray()[1]); // exact: no trip through double
        // basic target with accumulate adds (x[0] += v)
        Tensor y = ones(2, 2);
        y.indexPut_(new Object[] {0}, tensor(new float[] {1, 2}), true);
        assertArrayEquals(new double[] {2, 3, 1, 1}, y.toDoubleArray());
    }

    @Test
    void indexPutReadsAliasingValuesFromACopy() {
        Tensor x = arange(4.0);
        x.indexPut_(new Object[] {tensor(new long[] {1, 2, 3})}, x.index(slice(0, 3))); // x[1:] = x[:3] via index_put
        assertArrayEquals(new double[] {0, 0, 1, 2}, x.toDoubleArray());
    }

    @Test
    void kotlinAndGroovyAliases() {
        Tensor x = x34();
        assertArrayEquals(x.index(1).toDoubleArray(), x.get(1).toDoubleArray());
        assertEquals(6.0, x.get(1, 2).item());
        assertEquals(6.0, x.getAt(List.of(1, 2)).item()); // Groovy t[1, 2]
        assertArrayEquals(x.index(1).toDoubleArray(), x.getAt(1).toDoubleArray());
        x.set(0, 9.0);
        x.set(1, 2, -1.0);
        x.set(2, ones(4).mul(3));
        x.set(ALL, 0, tensor(new float[] {1, 2, 3}));
        x.putAt(List.of(2, 3), 42);
        x.putAt(1, ones(4));
        assertArrayEquals(new double[] {1, 9, 9, 9, 1, 1, 1, 1, 3, 3, 3, 42}, x.toDoubleArray());
    }

    @Test
    void indexValues() {
        assertEquals("1::2", Index.slice(1, null, 2).toString());
        assertEquals(":", ALL.toString());
        assertEquals("None", NONE.toString());
        assertEquals("...", ELLIPSIS.toString());
        assertEquals(new Index.Slice(1L, 5L, 1), Index.slice(1L, 5));
        assertMessage(IllegalArgumentException.class, "step must be greater than zero", () -> slice(null, null, -1));
        assertMessage(IllegalArgumentException.class, "slice step cannot be zero", () -> slice(null, null, 0));
        assertMessage(IllegalArgumentException.class, "slice indices must be integers or None", () -> slice(1.5, null));
    }

    @Test
    void errors() {
        Tensor x = x34();
        assertMessage(IndexOutOfBoundsException.class, "index 5 is out of bounds for dimension 0 with size 3", () -> x.index(5));
        assertMessage(IndexOutOfBoundsException.class, "index -4 is out of bounds for dimension 0 with size 3", () -> x.index(-4));
        assertMessage(IndexOutOfBoundsException.class, "index 5 is out of bounds for dimension 1 with size 4", () -> x.index(ALL, 5));
        // PyTorch names the position in the index list, so None shifts it
        assertMessage(IndexOutOfBoundsException.class, "index 5 is out of bounds for dimension 1 with size 3", () -> x.index(NONE, 5));
        assertMessage(IndexOutOfBoundsException.class, "index 5 is out of bounds for dimension 0 with size 4",
                () -> x.index(ALL, tensor(new long[] {5})));
        assertMessage(IndexOutOfBoundsException.class, "index -5 is out of bounds for dimension 0 with size 4",
                () -> x.index(ALL, tensor(new long[] {-5})));
        assertMessage(IndexOutOfBoundsException.class, "index 9 is out of bounds for dimension 1 with size 4",
                () -> x.index(tensor(new long[] {0}), tensor(new long[] {9})));
        assertMessage(IndexOutOfBoundsException.class, "too many indices for tensor of dimension 2", () -> x.index(0, 0, 0));
        assertMessage(IndexOutOfBoundsException.class, "too many indices for tensor of dimension 2",
                () -> x.index(ones(3, 4, 1).to(DType.BOOL)));
        assertMessage(IndexOutOfBoundsException.class, "tensors used as indices must be long, int, byte or bool tensors",
                () -> x.index(tensor(new float[] {0})));
        assertMessage(IndexOutOfBoundsException.class,
                "The shape of the mask [3] at index 0 does not match the shape of the indexed tensor [4] at index 0",
                () -> arange(4.0).index(tensor(new boolean[] {true, false, true})));
        assertMessage(IndexOutOfBoundsException.class,
                "The shape of the mask [3] at index 0 does not match the shape of the indexed tensor [3, 4] at index 1",
                () -> x.index(ALL, tensor(new boolean[] {true, false, true})));
        assertMessage(IndexOutOfBoundsException.class, "shape mismatch: indexing tensors could not be broadcast together with shapes [2], [3]",
                () -> x.index(tensor(new long[] {0, 1}), tensor(new long[] {0, 1, 2})));
        assertMessage(IndexOutOfBoundsException.class, "invalid index of a 0-dim tensor", () -> tensor(1.0).index(0));
        assertMessage(IndexOutOfBoundsException.class, "slice() cannot be applied to a 0-dim tensor.", () -> tensor(1.0).index(slice(1, null)));
        assertMessage(IndexOutOfBoundsException.class, "too many indices for tensor of dimension 0", () -> tensor(5.0).index(tensor(0L)));
        assertMessage(IndexOutOfBoundsException.class, "index is out of bounds for dimension with size 0",
                () -> zeros(0, 3).index(tensor(new long[] {0})));
        assertMessage(IndexOutOfBoundsException.class, "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got Double)",
                () -> x.index(1.5));
        assertMessage(IllegalArgumentException.class, "null is not an index", () -> x.index((Object) null));
    }

    @Test
    void setitemErrors() {
        Tensor x = x34();
        assertMessage(IllegalArgumentException.class,
                "Index put requires the source and destination dtypes match, got Float for the destination and Double for the source.",
                () -> x.indexPut_(new Object[] {tensor(new long[] {0})}, ones(4).to(DType.FLOAT64)));
        assertMessage(IllegalArgumentException.class,
                "shape mismatch: value tensor of shape [3, 4] cannot be broadcast to indexing result of shape [2, 4]",
                () -> x.indexPut_(new Object[] {tensor(new long[] {0, 1})}, ones(3, 4)));
        assertMessage(IllegalArgumentException.class, "setitem: the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)",
                () -> x.indexPut_(new Object[] {0}, ones(3, 4)));
        assertMessage(IndexOutOfBoundsException.class, "index 5 is out of bounds for dimension 1 with size 4",
                () -> x.indexPut_(new Object[] {tensor(new long[] {0}), 5}, 1.0));
        // a tensor of the target's shape is written with copy_, which refuses an expanded target
        assertMessage(IllegalArgumentException.class, "more than one element of the written-to tensor refers to a single memory location",
                () -> zeros(1, 3).expand(2, 3).indexPut_(new Object[] {ALL}, ones(2, 3)));
        assertMessage(IndexOutOfBoundsException.class, "too many indices for tensor of dimension 1",
                () -> zeros(3).indexPut_(new Object[] {tensor(new long[] {0}), tensor(new long[] {0})}, 1.0));
    }

    /**
     * Writes into an expanded view reach the base once per aliased place, as PyTorch 1.13 and 2.x do (index_put_
     * and index_fill_ with a deprecation warning); values from PyTorch 1.13.
     */
    @Test
    void writesThroughAnExpandedViewAsPyTorch() {
        Tensor b = zeros(1, 3);
        b.expand(2, 3).indexPut_(new Object[] {ALL, tensor(new long[] {0})}, 1.0);   // e[:, [0]] = 1.0
        assertArrayEquals(new float[] {1, 0, 0}, b.toFloatArray());
        b = zeros(1, 3);
        b.expand(2, 3).indexPut_(new Object[] {tensor(new long[] {0, 1})}, tensor(new float[] {1, 2, 3}), true);
        assertArrayEquals(new float[] {2, 4, 6}, b.toFloatArray());   // both rows alias the one base row
        b = zeros(1, 3);
        b.expand(2, 3).indexFill_(1, tensor(new long[] {2}), 5.0);
        assertArrayEquals(new float[] {0, 0, 5}, b.toFloatArray());
        b = zeros(1, 3);
        b.expand(2, 3).indexPut_(new Object[] {0L}, 7.0);   // e[0] = 7: a fill
        assertArrayEquals(new float[] {7, 7, 7}, b.toFloatArray());
    }
}
