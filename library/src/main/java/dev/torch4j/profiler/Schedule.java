package dev.torch4j.profiler;

import java.util.function.IntFunction;

/** A profiler's action at each step ({@code torch.profiler.schedule}'s result). */
@FunctionalInterface
public interface Schedule extends IntFunction<ProfilerAction> {

    /**
     * {@code torch.profiler.schedule(wait, warmup, active, repeat, skip_first)}: skips {@code skipFirst} steps, then
     * cycles through {@code wait} idle steps, {@code warmup} warm-up steps and {@code active} recorded steps (the
     * last of them {@link ProfilerAction#RECORD_AND_SAVE}), {@code repeat} times (0: until the profile ends).
     */
    static Schedule of(int wait, int warmup, int active, int repeat, int skipFirst) {
        if (wait < 0 || warmup < 0 || active <= 0 || repeat < 0 || skipFirst < 0) {
            throw new IllegalArgumentException("Invalid profiler schedule arguments: wait=" + wait + ", warmup=" + warmup
                    + ", active=" + active + ", repeat=" + repeat + ", skip_first=" + skipFirst);
        }
        if (warmup == 0) {
            dev.torch4j.core.Warnings.warnOnce("dev.torch4j.profiler", "schedule-no-warmup",
                    "Profiler won't be using warmup, this can skew profiler results");
        }
        return step -> {
            if (step < 0) throw new IllegalArgumentException("schedule: step must be non-negative, got " + step);
            if (step < skipFirst) return ProfilerAction.NONE;
            int s = step - skipFirst, cycle = wait + warmup + active;
            if (repeat > 0 && s / cycle >= repeat) return ProfilerAction.NONE;
            int mod = s % cycle;
            if (mod < wait) return ProfilerAction.NONE;
            if (mod < wait + warmup) return ProfilerAction.WARMUP;
            return mod < cycle - 1 ? ProfilerAction.RECORD : ProfilerAction.RECORD_AND_SAVE;
        };
    }

    /** {@code schedule(wait, warmup, active, repeat)} with no steps skipped first. */
    static Schedule of(int wait, int warmup, int active, int repeat) { return of(wait, warmup, active, repeat, 0); }

    /** {@code schedule(wait, warmup, active)}: cycles until the profile ends. */
    static Schedule of(int wait, int warmup, int active) { return of(wait, warmup, active, 0, 0); }
}
