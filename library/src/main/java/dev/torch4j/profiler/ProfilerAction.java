package dev.torch4j.profiler;

/** What a profiler does at a step of its schedule ({@code torch.profiler.ProfilerAction}). */
public enum ProfilerAction {
    /** Not recording. */
    NONE,
    /** Getting ready to record; nothing is kept. */
    WARMUP,
    /** Recording. */
    RECORD,
    /** Recording, and this is the last step of the window: the trace is handed to {@code on_trace_ready} after it. */
    RECORD_AND_SAVE
}
