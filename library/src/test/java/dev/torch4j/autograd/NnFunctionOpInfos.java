package dev.torch4j.autograd;

import dev.torch4j.Torch;

import java.util.List;

import static dev.torch4j.autograd.OpInfo.Layout.SLICED;
import static dev.torch4j.autograd.OpInfo.Layout.TRANSPOSED;
import static dev.torch4j.autograd.OpInfo.r;
import static dev.torch4j.autograd.OpInfos.op;

/** Op-table entries of the neural-network functions at the top level that are not F aliases: conv_tbc, native_channel_shuffle. */
final class NnFunctionOpInfos {
    private NnFunctionOpInfos() {}

    static void all(List<OpInfo> t) {
        op(t, "convTbc", "", x -> Torch.convTbc(x[0], x[1], x[2])).sample(r(5, 2, 3), r(3, 3, 4), r(4));
        op(t, "convTbc", "pad", x -> Torch.convTbc(x[0], x[1], x[2], 2)).sample(r(4, 1, 2), r(3, 2, 3), r(3));
        String view = "a view of (b, groups, c / groups, -1), which PyTorch's view refuses for these strides too";
        op(t, "nativeChannelShuffle", "", x -> Torch.nativeChannelShuffle(x[0], 3)).sample(r(2, 6, 2, 2)).sample(r(1, 6, 3))
                .skip(TRANSPOSED, view).skip(SLICED, view);
    }
}
