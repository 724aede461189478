package dev.torch4j.profiler;

import java.util.List;

/** The sums over the events that share a key ({@code torch.autograd.profiler_util.FunctionEventAvg}). */
public final class FunctionEventAvg implements EventStatistics {
    private String key;
    private int count;
    private double cpuTimeTotal, selfCpuTimeTotal, cudaTimeTotal, selfCudaTimeTotal;
    private long cpuMemoryUsage, selfCpuMemoryUsage, cudaMemoryUsage, selfCudaMemoryUsage, flops;
    private long[][] inputShapes;
    private boolean shapesKept = true;
    private FunctionEvent cpuParent;
    private List<String> stack = List.of();

    FunctionEventAvg() {}

    /** Adds one event (or another average) to the sums; the first one gives the key, parent and shapes. */
    FunctionEventAvg add(EventStatistics e) {
        if (key == null) {
            key = e.key();
            cpuParent = e.cpuParent();
            inputShapes = e.inputShapeArrays();
            stack = e.stack();
        } else if (!key.equals(e.key())) {
            throw new IllegalArgumentException("FunctionEventAvg.add: key '" + e.key() + "' differs from '" + key + "'");
        }
        cpuTimeTotal += e.cpuTimeTotal();
        selfCpuTimeTotal += e.selfCpuTimeTotal();
        cudaTimeTotal += e.cudaTimeTotal();
        selfCudaTimeTotal += e.selfCudaTimeTotal();
        cpuMemoryUsage += e.cpuMemoryUsage();
        selfCpuMemoryUsage += e.selfCpuMemoryUsage();
        cudaMemoryUsage += e.cudaMemoryUsage();
        selfCudaMemoryUsage += e.selfCudaMemoryUsage();
        flops += e.flops();
        count += e.count();
        return this;
    }

    void clearInputShapes() { shapesKept = false; }

    void setKey(String k) { key = k; }

    void keepStack(int n) { stack = stack.subList(0, Math.min(n, stack.size())); }

    @Override public List<String> stack() { return stack; }

    @Override public String key() { return key; }
    @Override public int count() { return count; }
    @Override public double cpuTimeTotal() { return cpuTimeTotal; }
    @Override public double selfCpuTimeTotal() { return selfCpuTimeTotal; }
    @Override public double cudaTimeTotal() { return cudaTimeTotal; }
    @Override public double selfCudaTimeTotal() { return selfCudaTimeTotal; }
    @Override public long cpuMemoryUsage() { return cpuMemoryUsage; }
    @Override public long selfCpuMemoryUsage() { return selfCpuMemoryUsage; }
    @Override public long cudaMemoryUsage() { return cudaMemoryUsage; }
    @Override public long selfCudaMemoryUsage() { return selfCudaMemoryUsage; }
    @Override public long flops() { return flops; }
    @Override public String inputShapes() {
        return !shapesKept ? "" : inputShapes == null ? "[]" : FunctionEvent.shapesString(inputShapes);
    }
    @Override public long[][] inputShapeArrays() { return shapesKept ? inputShapes : null; }
    @Override public FunctionEvent cpuParent() { return cpuParent; }

    @Override
    public String toString() {
        return "<FunctionEventAvg key=" + key + " self_cpu_time=" + Tables.formatTime(selfCpuTimeTotal) + " cpu_time="
                + Tables.formatTime(cpuTimeTotal) + "  self_cuda_time=" + Tables.formatTime(selfCudaTimeTotal)
                + " cuda_time=" + Tables.formatTime(cudaTimeTotal) + " input_shapes=" + inputShapes() + " cpu_memory_usage="
                + cpuMemoryUsage + " cuda_memory_usage=" + cudaMemoryUsage + ">";
    }
}
