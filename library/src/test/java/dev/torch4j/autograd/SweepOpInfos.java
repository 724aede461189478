package dev.torch4j.autograd;

import dev.torch4j.Torch;

import java.util.List;

import static dev.torch4j.autograd.OpInfo.r;
import static dev.torch4j.autograd.OpInfos.op;

/**
 * Op-table entries and list places of the runtime and introspection additions: torch.fill, frombuffer, from_file,
 * new_empty_strided, map2_, unsafe_split_with_sizes.
 */
final class SweepOpInfos {
    private SweepOpInfos() {}

    static void all(List<OpInfo> t) {
        for (String n : List.of("frombuffer", "fromFile", "newEmptyStrided")) {
            OpInfos.NOT_DIFFERENTIABLE.put(n, "creation: no tensor inputs to differentiate");
        }
        OpInfos.NOT_DIFFERENTIABLE.put("map2_", "a Java callback per element, which PyTorch does not differentiate either");
        OpInfos.ALIAS.put("unsafeSplitWithSizes", "split with a list of sizes");
        op(t, "fill", "", x -> Torch.fill(x[0], 0.5)).sample(r(3, 4)).sample(r());
        op(t, "fill", "tensor", x -> Torch.fill(x[0], x[1])).sample(r(3, 4), r()).sample(r(2), r());
    }
}
