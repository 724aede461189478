package dev.torch4j.data;

/** A dataset that can collate a whole batch at once (one index_select per tensor instead of a stack of views). */
interface Gatherable {
    /** The default-collated batch at these indices, or null when this dataset cannot gather directly. */
    Example gather(long[] indices);
}
