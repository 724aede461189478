package dev.torch4j.autograd;

import dev.torch4j.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A read-only public view of the op table ({@link OpInfos}) for suites in other packages, such as the CUDA parity
 * test: the table stays package-private, and those suites run the very same entries and samples.
 */
public final class OpTableAccess {
    private OpTableAccess() {}

    /**
     * One table entry.
     *
     * @param id             {@code name} or {@code name.variant}, as the gradient suite names it
     * @param name           the public method covered
     * @param fn             the op as a function of tensors
     * @param samples        sample inputs (shared: never modify them)
     * @param skippedLayouts names of the layouts the entry opts out of
     */
    public record Entry(String id, String name, Function<Tensor[], Tensor[]> fn, List<Tensor[]> samples,
                        Set<String> skippedLayouts) {}

    /** A sample laid out for the op: the leaves, and the function that turns leaves into the op's inputs. */
    public record Prepared(Tensor[] leaves, Function<Tensor[], Tensor[]> toOpInputs) {}

    /** Every entry of the table, in table order. */
    public static List<Entry> entries() {
        return OpInfos.ALL.stream().map(o -> {
            Set<String> skipped = new TreeSet<>();
            o.skipped.keySet().forEach(l -> skipped.add(l.name()));
            return new Entry(o.toString(), o.name, o.fn, List.copyOf(o.samples), Set.copyOf(skipped));
        }).toList();
    }

    /** The layout names ({@code CONTIGUOUS} first). */
    public static List<String> layouts() { return Arrays.stream(OpInfo.Layout.values()).map(Enum::name).toList(); }

    /** {@code sample} laid out as the named layout (on the CPU), or null when it would equal the contiguous one. */
    public static Prepared prepare(Tensor[] sample, String layout) {
        OpInfo.Prepared p = OpInfo.prepare(sample, OpInfo.Layout.valueOf(layout));
        return p == null ? null : new Prepared(p.leaves(), p.toOpInputs());
    }
}
