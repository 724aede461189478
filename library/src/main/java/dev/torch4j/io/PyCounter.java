package dev.torch4j.io;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Python's {@code collections.Counter} (element to count), as a map: {@code Torch.load} returns one for a pickled
 * Counter and {@code Torch.save} writes one back as a Counter (PyTorch's weights-only loader accepts it), so a
 * {@code MultiStepLR}'s milestones keep their Python type through a checkpoint.
 */
public final class PyCounter extends LinkedHashMap<Object, Object> {
    /** An empty Counter. */
    public PyCounter() {}

    /** A Counter with the entries of {@code counts}. */
    public PyCounter(Map<?, ?> counts) { super(counts); }
}
