package dev.torch4j.nn;

/** A loss's {@code reduction} argument: {@code 'none'}, {@code 'mean'} (PyTorch's default), {@code 'sum'}, or KLDiv's {@code 'batchmean'}. */
public enum Reduction {
    /** Per-element losses, shaped like the input's batch. */
    NONE("none"),
    /** The mean of the per-element losses (weighted losses divide by the total weight). */
    MEAN("mean"),
    /** The sum of the per-element losses. */
    SUM("sum"),
    /** {@link Functional#klDiv}'s mathematically correct mean: the sum divided by the batch size. */
    BATCHMEAN("batchmean");

    private final String pyName;

    Reduction(String pyName) { this.pyName = pyName; }

    /** The name PyTorch uses ({@code "mean"}). */
    public String pyName() { return pyName; }

    /** The reduction named as PyTorch names it. */
    public static Reduction of(String name) {
        for (Reduction r : values()) if (r.pyName.equals(name)) return r;
        throw new IllegalArgumentException(name + " is not a valid value for reduction");
    }

    /** PyTorch's check that {@code batchmean} is only used by KLDiv. */
    Reduction checkNotBatchmean() {
        if (this == BATCHMEAN) throw new IllegalArgumentException("batchmean is not a valid value for reduction");
        return this;
    }
}
