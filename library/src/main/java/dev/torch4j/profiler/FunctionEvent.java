package dev.torch4j.profiler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One recorded range ({@code torch.autograd.profiler_util.FunctionEvent}): a kernel request ({@code aten::add}), a
 * backward node, or a {@link Profiler#recordFunction} range, with its start and end in microseconds from the start
 * of the profile and the thread it ran on. Parents and children are found from the intervals, per thread, as
 * PyTorch does.
 */
public final class FunctionEvent implements EventStatistics {
    private final long id;
    private final String name;
    private final long thread;
    private final long startUs;
    private final long endUs;
    private final long[][] inputShapes;
    private final double selfCudaTime;
    private final List<String> stack;
    private long flops;
    long cpuMemoryUsage;
    long cudaMemoryUsage;
    FunctionEvent cpuParent;
    List<FunctionEvent> cpuChildren = new ArrayList<>();

    /**
     * An event as the profiler records it (public for tests and tools that build tables of their own events).
     *
     * @param inputShapes the operands' shapes, or null when shapes were not recorded
     * @param selfCudaTime the device time of the event's own kernels, microseconds
     */
    public FunctionEvent(long id, String name, long thread, long startUs, long endUs, long[][] inputShapes,
                         double selfCudaTime, long cpuMemoryUsage, long cudaMemoryUsage) {
        this(id, name, thread, startUs, endUs, inputShapes, selfCudaTime, cpuMemoryUsage, cudaMemoryUsage, List.of());
    }

    /**
     * An event with the call stack it was recorded from ({@code with_stack}): the caller's frames, innermost first, as
     * {@code Class.method(File.java:line)}.
     */
    public FunctionEvent(long id, String name, long thread, long startUs, long endUs, long[][] inputShapes,
                         double selfCudaTime, long cpuMemoryUsage, long cudaMemoryUsage, List<String> stack) {
        if (endUs < startUs) {
            throw new IllegalArgumentException("FunctionEvent '" + name + "': end " + endUs + " is before start " + startUs);
        }
        this.id = id;
        this.name = name;
        this.thread = thread;
        this.startUs = startUs;
        this.endUs = endUs;
        this.inputShapes = inputShapes;
        this.selfCudaTime = selfCudaTime;
        this.cpuMemoryUsage = cpuMemoryUsage;
        this.cudaMemoryUsage = cudaMemoryUsage;
        this.stack = List.copyOf(stack);
    }

    @Override public List<String> stack() { return stack; }

    /**
     * This event with its floating-point operation count ({@code with_flops}); returns this. Counted as PyTorch counts
     * them: {@code aten::conv2d}, the matrix products and {@code aten::add}/{@code aten::mul} (see Profiler.Options).
     */
    public FunctionEvent flops(long flops) {
        if (flops < 0) throw new IllegalArgumentException("FunctionEvent '" + name + "': flops " + flops + " < 0");
        this.flops = flops;
        return this;
    }

    @Override public long flops() { return flops; }

    /** The event's sequence number in its profile. */
    public long id() { return id; }

    /** The event's name. */
    public String name() { return name; }

    @Override public String key() { return name; }

    /** The id of the thread it ran on. */
    public long thread() { return thread; }

    /** Start, microseconds from the start of the profile. */
    public long startUs() { return startUs; }

    /** End, microseconds from the start of the profile. */
    public long endUs() { return endUs; }

    /** The events nested directly inside this one, on its thread. */
    public List<FunctionEvent> cpuChildren() { return Collections.unmodifiableList(cpuChildren); }

    @Override public FunctionEvent cpuParent() { return cpuParent; }

    @Override public int count() { return 1; }

    @Override public double cpuTimeTotal() { return endUs - startUs; }

    @Override public double selfCpuTimeTotal() {
        double t = cpuTimeTotal();
        for (FunctionEvent c : cpuChildren) t -= c.cpuTimeTotal();
        return t;
    }

    @Override public double cudaTimeTotal() {
        double t = selfCudaTime;
        for (FunctionEvent c : cpuChildren) t += c.cudaTimeTotal();
        return t;
    }

    @Override public double selfCudaTimeTotal() { return selfCudaTime; }

    @Override public long cpuMemoryUsage() { return cpuMemoryUsage; }

    @Override public long selfCpuMemoryUsage() {
        long m = cpuMemoryUsage;
        for (FunctionEvent c : cpuChildren) m -= c.cpuMemoryUsage;
        return m;
    }

    @Override public long cudaMemoryUsage() { return cudaMemoryUsage; }

    @Override public long selfCudaMemoryUsage() {
        long m = cudaMemoryUsage;
        for (FunctionEvent c : cpuChildren) m -= c.cudaMemoryUsage;
        return m;
    }

    @Override public long[][] inputShapeArrays() { return inputShapes; }

    @Override public String inputShapes() { return inputShapes == null ? "[]" : shapesString(inputShapes); }

    static String shapesString(long[][] shapes) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shapes.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append('[');
            for (int j = 0; j < shapes[i].length; j++) {
                if (j > 0) sb.append(", ");
                sb.append(shapes[i][j]);
            }
            sb.append(']');
        }
        return sb.append(']').toString();
    }

    @Override
    public String toString() {
        return "<FunctionEvent id=" + id + " name=" + name + " cpu_time=" + Tables.formatTime(cpuTimeTotal())
                + " start_us=" + startUs + " end_us=" + endUs + " thread=" + thread + " input_shapes=" + inputShapes() + ">";
    }
}
