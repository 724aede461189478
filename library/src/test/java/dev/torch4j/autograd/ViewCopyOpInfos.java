package dev.torch4j.autograd;

import dev.torch4j.Torch;

import java.util.List;

import static dev.torch4j.autograd.OpInfo.Layout.EXPANDED;
import static dev.torch4j.autograd.OpInfo.Layout.SLICED;
import static dev.torch4j.autograd.OpInfo.Layout.TRANSPOSED;
import static dev.torch4j.autograd.OpInfo.r;
import static dev.torch4j.autograd.OpInfos.op;
import static dev.torch4j.autograd.OpInfos.opMulti;

/** Op-table entries of the view-copy functions (ViewCopyFunctions) and as_strided_scatter. */
final class ViewCopyOpInfos {
    private ViewCopyOpInfos() {}

    static void all(List<OpInfo> t) {
        OpInfos.NOT_DIFFERENTIABLE.put("detachCopy", "a copy of detach(): outside the graph, as detach (ViewCopyFunctionsTest)");
        String flat = "view needs a viewable layout, as in PyTorch";
        op(t, "viewCopy", "", x -> Torch.viewCopy(x[0], 2, 6)).sample(r(3, 4))
                .skip(TRANSPOSED, flat).skip(SLICED, flat).skip(EXPANDED, flat);
        op(t, "permuteCopy", "", x -> Torch.permuteCopy(x[0], 2, 0, 1)).sample(r(2, 3, 4));
        op(t, "tCopy", "", x -> Torch.tCopy(x[0])).sample(r(3, 4)).sample(r(5));
        op(t, "transposeCopy", "", x -> Torch.transposeCopy(x[0], 0, 2)).sample(r(2, 3, 4));
        op(t, "squeezeCopy", "", x -> Torch.squeezeCopy(x[0])).sample(r(3, 1, 4));
        op(t, "squeezeCopy", "dim", x -> Torch.squeezeCopy(x[0], 1)).sample(r(3, 1, 4));
        op(t, "squeezeCopy", "dims", x -> Torch.squeezeCopy(x[0], new long[] {-1, 1})).sample(r(3, 1, 4, 1));
        op(t, "unsqueezeCopy", "", x -> Torch.unsqueezeCopy(x[0], 1)).sample(r(3, 4));
        op(t, "expandCopy", "", x -> Torch.expandCopy(x[0], 3, 2, 4)).sample(r(2, 1));
        op(t, "expandCopy", "implicit", x -> Torch.expandCopy(x[0], new long[] {3, 4}, true)).sample(r(4));
        op(t, "diagonalCopy", "", x -> Torch.diagonalCopy(x[0])).sample(r(3, 4));
        op(t, "diagonalCopy", "offset dims", x -> Torch.diagonalCopy(x[0], -1, 2, 1)).sample(r(2, 3, 4));
        op(t, "selectCopy", "", x -> Torch.selectCopy(x[0], 1, 2)).sample(r(3, 4));
        op(t, "sliceCopy", "", x -> Torch.sliceCopy(x[0])).sample(r(3, 4));
        op(t, "sliceCopy", "step", x -> Torch.sliceCopy(x[0], 1, 1L, null, 2)).sample(r(3, 5));
        opMulti(t, "splitCopy", "", x -> Torch.splitCopy(x[0], 2)).sample(r(5, 3));
        opMulti(t, "splitCopy", "dim", x -> Torch.splitCopy(x[0], 2, 1)).sample(r(3, 5));
        opMulti(t, "splitWithSizesCopy", "", x -> Torch.splitWithSizesCopy(x[0], new long[] {1, 3})).sample(r(4, 2));
        opMulti(t, "splitWithSizesCopy", "dim", x -> Torch.splitWithSizesCopy(x[0], new long[] {2, 1}, 1)).sample(r(2, 3));
        opMulti(t, "unbindCopy", "", x -> Torch.unbindCopy(x[0])).sample(r(3, 4));
        opMulti(t, "unbindCopy", "dim", x -> Torch.unbindCopy(x[0], 1)).sample(r(2, 3));
        op(t, "unfoldCopy", "", x -> Torch.unfoldCopy(x[0], 1, 3, 2)).sample(r(2, 7));
        op(t, "aliasCopy", "", x -> Torch.aliasCopy(x[0])).sample(r(3, 4));
        String storage = "as_strided addresses storage, which the expanded leaf does not have enough of";
        op(t, "asStridedCopy", "", x -> Torch.asStridedCopy(x[0], new long[] {2, 2}, new long[] {1, 2})).sample(r(3, 4))
                .skip(EXPANDED, storage);
        op(t, "asStridedCopy", "offset", x -> Torch.asStridedCopy(x[0], new long[] {2, 3}, new long[] {1, 3}, 2L)).sample(r(3, 4))
                .skip(EXPANDED, storage);
        op(t, "viewAsRealCopy", "", x -> Torch.viewAsRealCopy(Torch.complex(x[0], x[1]))).sample(r(3), r(3));
        op(t, "viewAsComplexCopy", "", x -> Torch.viewAsComplexCopy(x[0].contiguous()).viewAsReal()).sample(r(3, 2));
        op(t, "asStridedScatter", "", x -> x[0].asStridedScatter(x[1], new long[] {2, 2}, new long[] {1, 3}, 1L)).sample(r(3, 4), r(2, 2));
        op(t, "asStridedScatter", "static", x -> Torch.asStridedScatter(x[0], x[1], new long[] {3}, new long[] {4})).sample(r(3, 4), r(3));
    }
}
