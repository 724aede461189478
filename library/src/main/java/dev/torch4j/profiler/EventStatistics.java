package dev.torch4j.profiler;

/**
 * What a profiler table shows of one event or of the average of many: times in microseconds (as PyTorch's), memory in
 * bytes. {@link FunctionEvent} and {@link FunctionEventAvg} are the two kinds.
 */
public sealed interface EventStatistics permits FunctionEvent, FunctionEventAvg {
    /** The name the event is grouped and shown by. */
    String key();

    /** How many events this row stands for (1 for a single event). */
    int count();

    /** Wall time on the CPU, children included. */
    double cpuTimeTotal();

    /** Wall time on the CPU less that of the events nested inside. */
    double selfCpuTimeTotal();

    /** Device time of this event's kernels and its children's. */
    double cudaTimeTotal();

    /** Device time of this event's own kernels. */
    double selfCudaTimeTotal();

    /** Bytes allocated on the CPU during the event, children included (allocations only: the JVM frees later). */
    long cpuMemoryUsage();

    /** Bytes allocated on the CPU by the event itself. */
    long selfCpuMemoryUsage();

    /** Bytes allocated on a device during the event, children included. */
    long cudaMemoryUsage();

    /** Bytes allocated on a device by the event itself. */
    long selfCudaMemoryUsage();

    /** The operands' shapes as PyTorch prints them ({@code [[2, 3], []]}); empty when not recorded or not grouped by. */
    String inputShapes();

    /** The operands' shapes, or null when not recorded (or, for an average, not grouped by). */
    long[][] inputShapeArrays();

    /** Floating-point operations of the event's kernel ({@code with_flops}; PyTorch's rules), 0 when not counted. */
    default long flops() { return 0; }

    /** The call stack recorded with the event ({@code with_stack}), innermost frame first; empty without. */
    java.util.List<String> stack();

    /** The enclosing event, or null for a top-level one. */
    FunctionEvent cpuParent();

    /** Average CPU time per call. */
    default double cpuTime() { return count() == 0 ? 0.0 : cpuTimeTotal() / count(); }

    /** Average device time per call. */
    default double cudaTime() { return count() == 0 ? 0.0 : cudaTimeTotal() / count(); }

    /**
     * The statistic named as PyTorch's attribute ({@code "self_cpu_time_total"}, {@code "cpu_time_total"},
     * {@code "cuda_time_total"}, {@code "self_cuda_time_total"} and their {@code device_} forms, {@code "cpu_time"},
     * {@code "cuda_time"}, {@code "count"}, the four {@code *_memory_usage}), for sorting.
     */
    default double statistic(String name) {
        return switch (name) {
            case "cpu_time_total" -> cpuTimeTotal();
            case "self_cpu_time_total" -> selfCpuTimeTotal();
            case "cuda_time_total", "device_time_total" -> cudaTimeTotal();
            case "self_cuda_time_total", "self_device_time_total" -> selfCudaTimeTotal();
            case "cpu_time" -> cpuTime();
            case "cuda_time", "device_time" -> cudaTime();
            case "count" -> count();
            case "flops" -> flops();
            case "cpu_memory_usage" -> cpuMemoryUsage();
            case "self_cpu_memory_usage" -> selfCpuMemoryUsage();
            case "cuda_memory_usage", "device_memory_usage" -> cudaMemoryUsage();
            case "self_cuda_memory_usage", "self_device_memory_usage" -> selfCudaMemoryUsage();
            default -> throw new IllegalArgumentException("table: sort_by got '" + name + "'; expected one of "
                    + "cpu_time, cuda_time, cpu_time_total, cuda_time_total, self_cpu_time_total, self_cuda_time_total, "
                    + "cpu_memory_usage, cuda_memory_usage, self_cpu_memory_usage, self_cuda_memory_usage, count");
        };
    }
}
