package dev.torch4j.profiler;

import dev.torch4j.core.Profiling;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * PyTorch's profiler ({@code torch.profiler.profile}): records the kernels torch4j runs (named as the aten ops they
 * implement: {@code aten::add}, {@code aten::bmm}, {@code aten::empty}), backward nodes
 * ({@code autograd::engine::evaluate_function: MulBackward0}) and {@link #recordFunction} ranges, on every thread,
 * with CPU time, optionally input shapes, allocated bytes and CUDA kernel time, and prints PyTorch's table:
 * <pre>{@code
 * try (var prof = Profiler.profile(Profiler.Options.defaults().recordShapes(true))) {
 *     try (var r = Profiler.recordFunction("model_inference")) { model.forward(x); }
 * }
 * System.out.println(prof.keyAverages().table("cpu_time_total", 10));
 * }</pre>
 * With a {@link Schedule}, {@link #step()} marks training steps ({@code ProfilerStep#N} ranges) and only the active
 * windows are recorded, each handed to {@code onTraceReady}. The rows are torch4j's kernels: an op PyTorch runs as
 * one kernel may be several here (or the reverse), so row names and counts differ from PyTorch's for the same model.
 * Memory columns count bytes allocated within an event (the JVM frees later, so frees are not subtracted).
 */
public final class Profiler implements AutoCloseable {

    /**
     * {@code profile(...)}'s arguments: {@code activities} (default CPU, and CUDA when a GPU is available),
     * {@code schedule} (null: record everything), {@code on_trace_ready}, {@code record_shapes},
     * {@code profile_memory}, {@code with_stack}.
     */
    public record Options(Set<ProfilerActivity> activities, Schedule schedule, Consumer<Profiler> onTraceReady,
                          boolean recordShapes, boolean profileMemory, boolean withStack, boolean withFlops) {
        public Options {
            activities = activities == null ? null : Set.copyOf(activities);
        }

        /** PyTorch's defaults. */
        public static Options defaults() { return new Options(null, null, null, false, false, false, false); }

        /** With these activities. */
        public Options activities(ProfilerActivity... v) {
            return new Options(v.length == 0 ? EnumSet.noneOf(ProfilerActivity.class) : EnumSet.copyOf(Set.of(v)),
                    schedule, onTraceReady, recordShapes, profileMemory, withStack, withFlops);
        }

        /** With a schedule. */
        public Options schedule(Schedule v) { return new Options(activities, v, onTraceReady, recordShapes, profileMemory, withStack, withFlops); }

        /** With a handler called with the profiler after each recorded window. */
        public Options onTraceReady(Consumer<Profiler> v) { return new Options(activities, schedule, v, recordShapes, profileMemory, withStack, withFlops); }

        /** With {@code record_shapes}. */
        public Options recordShapes(boolean v) { return new Options(activities, schedule, onTraceReady, v, profileMemory, withStack, withFlops); }

        /** With {@code profile_memory}. */
        public Options profileMemory(boolean v) { return new Options(activities, schedule, onTraceReady, recordShapes, v, withStack, withFlops); }

        /** With {@code with_stack}: each event keeps the user's frames that led to it (torch4j's own and the JDK's left out). */
        public Options withStack(boolean v) { return new Options(activities, schedule, onTraceReady, recordShapes, profileMemory, v, withFlops); }

        /**
         * With {@code with_flops}: the floating-point operations of {@code aten::conv2d} ({@code 2 * N * oH * oW * kH *
         * kW * C * O / groups}), the matrix products ({@code aten::bmm}, {@code aten::addmm}: {@code 2 * b * m * k * n})
         * and {@code aten::add}/{@code aten::mul} (the first operand's element count), as PyTorch's formulas count them;
         * a "Total FLOPs" column in the tables. Implies {@code record_shapes}, as in PyTorch.
         */
        public Options withFlops(boolean v) { return new Options(activities, schedule, onTraceReady, recordShapes, profileMemory, withStack, v); }
    }

    private final Options options;
    private final Set<ProfilerActivity> activities;
    private final Schedule schedule;
    private final boolean recordSteps;
    private int stepNum;
    private ProfilerAction currentAction;
    private Collector collector;
    private EventList<FunctionEvent> events;
    private RecordFunction stepRange;
    private boolean running;

    private Profiler(Options o) {
        this.options = o;
        this.activities = o.activities() != null ? o.activities()
                : dev.torch4j.Torch.cuda().isAvailable() ? EnumSet.allOf(ProfilerActivity.class) : EnumSet.of(ProfilerActivity.CPU);
        this.schedule = o.schedule() != null ? o.schedule() : step -> ProfilerAction.RECORD;
        this.recordSteps = o.schedule() != null;
        this.currentAction = schedule.apply(0);
    }

    /** Starts profiling with PyTorch's defaults. */
    public static Profiler profile() { return profile(Options.defaults()); }

    /** Starts profiling ({@code with torch.profiler.profile(...) as prof}); close it to stop. */
    public static Profiler profile(Options options) {
        Profiler p = new Profiler(options);
        p.start();
        return p;
    }

    /** {@code torch.profiler.record_function(name)}: a labelled range, a no-op when nothing records. */
    public static RecordFunction recordFunction(String name) { return new RecordFunction(name); }

    /** The schedule shortcut {@code torch.profiler.schedule(wait=, warmup=, active=, repeat=)}. */
    public static Schedule schedule(int wait, int warmup, int active, int repeat) { return Schedule.of(wait, warmup, active, repeat); }

    private void start() {
        running = true;
        transit(ProfilerAction.NONE, currentAction);
        if (recordSteps) stepRange = recordFunction("ProfilerStep#" + stepNum);
    }

    /** Stops profiling (the end of the {@code with} block); the last window goes to {@code onTraceReady}. */
    public void stop() {
        if (!running) return;
        running = false;
        if (stepRange != null) stepRange.close();
        transit(currentAction, null);
    }

    @Override public void close() { stop(); }

    /** {@code prof.step()}: the next training step begins. */
    public void step() {
        if (!running) throw new IllegalStateException("step: the profiler has been stopped");
        if (stepRange != null) stepRange.close();
        ProfilerAction prev = currentAction;
        stepNum++;
        currentAction = schedule.apply(stepNum);
        transit(prev, currentAction);
        if (recordSteps) stepRange = recordFunction("ProfilerStep#" + stepNum);
    }

    /** The number of {@link #step()} calls so far. */
    public int stepNum() { return stepNum; }

    /** The action of the current step. */
    public ProfilerAction currentAction() { return currentAction; }

    /** The activities being profiled. */
    public Set<ProfilerActivity> activities() { return activities; }

    private void transit(ProfilerAction prev, ProfilerAction cur) {
        boolean prevRec = prev == ProfilerAction.RECORD || prev == ProfilerAction.RECORD_AND_SAVE;
        boolean curRec = cur == ProfilerAction.RECORD || cur == ProfilerAction.RECORD_AND_SAVE;
        if (prev == ProfilerAction.RECORD_AND_SAVE || (prevRec && cur == null)) {
            stopTrace();
            traceReady();
            if (curRec) startTrace();
        } else if (prevRec && !curRec) {
            warnIncorrect(prev, cur);
            stopTrace();
        } else if (!prevRec && curRec) {
            startTrace();
        } else if (prev == ProfilerAction.WARMUP && cur != ProfilerAction.WARMUP) {
            if (cur != null) warnIncorrect(prev, cur);
            startTrace(); // PyTorch collects (and drops) the warm-up's trace here
            stopTrace();
        }
    }

    private static void warnIncorrect(ProfilerAction prev, ProfilerAction cur) {
        dev.torch4j.core.Warnings.warnOnce("dev.torch4j.profiler", "schedule-" + prev + "-" + cur,
                "Incorrect schedule: " + prev + " followed by " + cur);
    }

    private void startTrace() {
        collector = new Collector(options.recordShapes() || options.withFlops(), activities.contains(ProfilerActivity.CUDA),
                options.withStack(), options.withFlops());
        Profiling.install(collector);
    }

    private void stopTrace() {
        if (collector == null) return;
        Profiling.uninstall(collector);
        if (activities.contains(ProfilerActivity.CUDA) && dev.torch4j.Torch.cuda().isAvailable()) {
            dev.torch4j.Torch.cuda().synchronize();
        }
        events = EventList.of(collector.events(), options.profileMemory(), options.withFlops());
        collector = null;
    }

    private void traceReady() {
        if (options.onTraceReady() != null) options.onTraceReady().accept(this);
    }

    /** The events of the last recorded window ({@code prof.events()}). */
    public EventList<FunctionEvent> events() {
        if (events == null) {
            throw new IllegalStateException("events: no trace has been recorded yet (the profiler is still recording, or "
                    + "its schedule has not completed a window)");
        }
        return events;
    }

    /** {@code prof.key_averages()}. */
    public EventList<FunctionEventAvg> keyAverages() { return events().keyAverages(false); }

    /** {@code prof.key_averages(group_by_input_shape)}. */
    public EventList<FunctionEventAvg> keyAverages(boolean groupByInputShape) { return events().keyAverages(groupByInputShape); }

    /** {@code prof.key_averages(group_by_input_shape, group_by_stack_n)}. */
    public EventList<FunctionEventAvg> keyAverages(boolean groupByInputShape, int groupByStackN) {
        return events().keyAverages(groupByInputShape, groupByStackN);
    }

    /** {@code prof.export_stacks(path, metric)}. */
    public void exportStacks(Path path, String metric) { events().exportStacks(path, metric); }

    /** {@code prof.export_chrome_trace(path)}. */
    public void exportChromeTrace(Path path) { events().exportChromeTrace(path); }

    /**
     * {@code torch.profiler.tensorboard_trace_handler(dir_name)}: each window's trace written as
     * {@code <host>_<pid>.<milliseconds>.pt.trace.json} in {@code dir}.
     */
    public static Consumer<Profiler> tensorboardTraceHandler(Path dir) { return tensorboardTraceHandler(dir, null); }

    /** {@code tensorboard_trace_handler(dir_name, worker_name)}. */
    public static Consumer<Profiler> tensorboardTraceHandler(Path dir, String workerName) {
        return p -> {
            String worker = workerName != null ? workerName : host() + "_" + ManagementFactory.getRuntimeMXBean().getPid();
            p.exportChromeTrace(dir.resolve(worker + "." + System.currentTimeMillis() + ".pt.trace.json"));
        };
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
