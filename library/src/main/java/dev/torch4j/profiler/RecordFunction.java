package dev.torch4j.profiler;

import dev.torch4j.core.Profiling;

/**
 * A labelled range in the profile ({@code torch.profiler.record_function}):
 * {@code try (var r = Profiler.recordFunction("model_inference")) { ... }}. Costs nothing when no profiler records.
 */
public final class RecordFunction implements AutoCloseable {
    private final Profiling.Range range;

    RecordFunction(String name) {
        if (name == null) throw new IllegalArgumentException("record_function: name must not be null");
        this.range = Profiling.range(name);
    }

    /** Ends the range. */
    @Override
    public void close() {
        if (range != null) range.close();
    }
}
