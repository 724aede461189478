package dev.torch4j;

import dev.torch4j.testing.WeightedGoldens;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The view-copy functions and as_strided_scatter against PyTorch (scripts/goldens/view_copy_goldens.py). */
class ViewCopyFunctionsTest {
    private static Tensor[] one(Tensor t) { return new Tensor[] {t}; }

    @Test
    void matchPyTorch() {
        Map<String, Function<Tensor[], Tensor[]>> c = new HashMap<>();
        c.put("view_copy", x -> one(Torch.viewCopy(x[0], 2, 6)));
        c.put("permute_copy", x -> one(Torch.permuteCopy(x[0], 2, 0, 1)));
        c.put("t_copy", x -> one(Torch.tCopy(x[0])));
        c.put("transpose_copy", x -> one(Torch.transposeCopy(x[0], 0, 2)));
        c.put("squeeze_copy", x -> one(Torch.squeezeCopy(x[0])));
        c.put("squeeze_copy_dim", x -> one(Torch.squeezeCopy(x[0], 1)));
        c.put("squeeze_copy_dims", x -> one(Torch.squeezeCopy(x[0], new long[] {1, 3}).unsqueeze(-1)));
        c.put("unsqueeze_copy", x -> one(Torch.unsqueezeCopy(x[0], -1)));
        c.put("expand_copy", x -> one(Torch.expandCopy(x[0], 3, 2, 4)));
        c.put("diagonal_copy", x -> one(Torch.diagonalCopy(x[0], 1, 1, 2)));
        c.put("select_copy", x -> one(Torch.selectCopy(x[0], 1, -1)));
        c.put("slice_copy", x -> one(Torch.sliceCopy(x[0], 1, 1L, null, 2)));
        c.put("split_copy", x -> Torch.splitCopy(x[0], 2, 1));
        c.put("split_with_sizes_copy", x -> Torch.splitWithSizesCopy(x[0], new long[] {1, 3}));
        c.put("unbind_copy", x -> Torch.unbindCopy(x[0], 1));
        c.put("unfold_copy", x -> one(Torch.unfoldCopy(x[0], 1, 3, 2)));
        c.put("detach_copy", x -> one(Torch.detachCopy(x[0]).mul(x[0])));
        c.put("alias_copy", x -> one(Torch.aliasCopy(x[0])));
        c.put("as_strided_copy", x -> one(Torch.asStridedCopy(x[0], new long[] {2, 3}, new long[] {1, 3}, 2L)));
        c.put("view_as_real_copy", x -> one(Torch.viewAsRealCopy(Torch.complex(x[0], x[1]))));
        c.put("view_as_complex_copy", x -> one(Torch.viewAsComplexCopy(x[0]).mul(Torch.complex(Torch.tensor(1.0).to(DType.FLOAT64),
                Torch.tensor(2.0).to(DType.FLOAT64))).viewAsReal()));
        c.put("as_strided_scatter", x -> one(Torch.asStridedScatter(x[0], x[1], new long[] {2, 2}, new long[] {1, 3}, 1L)));
        c.put("as_strided_scatter_no_offset", x -> one(x[0].asStridedScatter(x[1], new long[] {3}, new long[] {4}, null)));
        WeightedGoldens.check("view_copy", c, 1e-12, 1e-12);
    }

    /** Every form owns its memory: writing the copy leaves the input alone. */
    @Test
    void copiesDoNotAlias() {
        Tensor x = Torch.arange(12.0).reshape(3, 4);
        Tensor[] outs = {Torch.viewCopy(x, 12), Torch.permuteCopy(x, 1, 0), Torch.aliasCopy(x), Torch.sliceCopy(x),
                Torch.selectCopy(x, 0, 0), Torch.expandCopy(x.narrow(0, 0, 1), 2, 4), Torch.detachCopy(x)};
        for (Tensor o : outs) {
            assertTrue(o.isContiguous());
            o.fill_(-1);
        }
        assertEquals(66.0, x.sum().item());
        for (Tensor o : Torch.splitCopy(x, 1)) assertNotSame(x, o);
        assertFalse(Torch.detachCopy(x.clone().requiresGrad_(true)).requiresGrad());
        assertEquals("expected src to have a size equal to the slice of self. src size = [3], slice size = [2, 2]",
                assertThrows(IllegalArgumentException.class,
                        () -> Torch.asStridedScatter(x, Torch.zeros(3), new long[] {2, 2}, new long[] {1, 3})).getMessage());
    }
}
