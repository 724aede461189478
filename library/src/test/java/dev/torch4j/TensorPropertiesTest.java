package dev.torch4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Tensor's introspection methods (layout, data_ptr, is_set_to, storage_type, output_nr, the layout predicates),
 * new_empty_strided, unsafe_split_with_sizes and map2_'s refusals. The PyTorch facts in comments are 1.13's.
 */
class TensorPropertiesTest {
    @Test
    void layoutAndPredicates() {
        Tensor x = Torch.ones(2, 3);
        assertEquals(Layout.STRIDED, x.layout());
        assertEquals("torch.strided", x.layout().toString());
        assertFalse(x.isSparse() || x.isSparseCsr() || x.isMeta() || x.isQuantized() || x.isNested() || x.isMkldnn());
        assertEquals("torch.FloatStorage", x.storageType()); // x.storage_type() is <class 'torch.FloatStorage'>
        assertEquals("torch.LongStorage", Torch.arange(3).storageType());
    }

    @Test
    void dataPtrIsTheFirstElementsPlace() {
        Tensor x = Torch.arange(6).to(DType.FLOAT32).reshape(2, 3);
        assertEquals(-12, x.dataPtr() - x.select(0, 1).dataPtr()); // PyTorch: x.data_ptr() - x[1].data_ptr() == -12
        assertEquals(x.dataPtr(), x.view(3, 2).dataPtr());
        assertEquals(x.dataPtr() + 8, x.view(6).narrow(0, 1, 3).dataPtr() + 4);
        assertNotEquals(x.dataPtr(), x.clone().dataPtr());
        Tensor z = Torch.viewAsComplex(Torch.arange(8).to(DType.FLOAT64).reshape(4, 2));
        assertEquals(Torch.viewAsReal(z).dataPtr() + 16, z.select(0, 1).dataPtr(), "a complex view shares its real memory's pointer");
    }

    @Test
    void isSetToComparesMemoryAndLayout() {
        Tensor x = Torch.arange(6).to(DType.FLOAT32).reshape(2, 3);
        assertTrue(x.isSetTo(x.view(2, 3))); // PyTorch: True
        assertTrue(x.isSetTo(x.narrow(0, 0, 2))); // x[:]: True
        assertFalse(x.isSetTo(x.t()));
        assertFalse(x.isSetTo(x.view(3, 2)));
        assertFalse(x.isSetTo(x.clone()));
        assertFalse(x.select(0, 0).isSetTo(x.select(0, 1)));
        assertFalse(Torch.empty(Size.of(0)).isSetTo(Torch.empty(Size.of(0))), "two empty tensors have their own memory");
    }

    @Test
    void outputNrNumbersTheOutputsOfOneNode() {
        Tensor[] parts = Torch.ones(3).requiresGrad_(true).mul(2).unbind(0);
        assertEquals(2, parts[2].outputNr()); // PyTorch: 2
        assertEquals(0, parts[0].outputNr());
        assertEquals(0, Torch.ones(2).outputNr());
    }

    @Test
    void newEmptyStridedTakesThisDtypeAndDevice() {
        Tensor x = Torch.ones(Size.of(2), Torch.dtype(DType.FLOAT64));
        Tensor e = x.newEmptyStrided(new long[] {2, 3}, new long[] {1, 2});
        assertArrayEquals(new long[] {2, 3}, e.shapeArray());
        assertArrayEquals(new long[] {1, 2}, e.stride());
        assertEquals(DType.FLOAT64, e.dtype());
        Tensor i = x.newEmptyStrided(new long[] {3}, new long[] {2}, Torch.dtype(DType.INT32));
        assertEquals(DType.INT32, i.dtype());
        assertArrayEquals(new long[] {2}, i.stride());
        assertEquals("mismatch in length of strides and shape",
                assertThrows(IllegalArgumentException.class, () -> x.newEmptyStrided(new long[] {2}, new long[] {1, 1})).getMessage());
    }

    @Test
    void unsafeSplitWithSizesSplitsAsSplitWithSizes() {
        Tensor x = Torch.arange(12).reshape(3, 4);
        Tensor[] p = x.unsafeSplitWithSizes(new long[] {1, 3}, 1);
        assertEquals(2, p.length);
        assertArrayEquals(new long[] {3, 3}, p[1].shapeArray());
        assertArrayEquals(new long[] {1, 2, 3, 5, 6, 7, 9, 10, 11}, p[1].contiguous().toLongArray());
        assertEquals(2, Torch.unsafeSplitWithSizes(x, new long[] {2, 1}).length);
    }

    @Test
    void map2RunsOnTheCpuOnly() {
        Tensor a = Torch.zeros(Size.of(2, 2), Torch.dtype(DType.FLOAT64));
        a.map2_(Torch.fromArray(new double[] {1, 2}), Torch.fromArray(new double[] {3, 4}, 2, 1), (p, q, r) -> p + q * r);
        assertArrayEquals(new double[] {3, 6, 4, 8}, a.toDoubleArray());
    }
}
