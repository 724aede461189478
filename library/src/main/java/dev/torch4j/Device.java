package dev.torch4j;

import java.util.Objects;

/**
 * Where a tensor lives: {@code cpu} or {@code cuda:N}. Prints like PyTorch ({@code cpu}, {@code cuda:0}).
 *
 * @param type  the device type
 * @param index the device ordinal; -1 for the CPU
 */
public record Device(Type type, int index) {
    /** Device types. */
    public enum Type { CPU, CUDA }

    /** The CPU. */
    public static final Device CPU = new Device(Type.CPU, -1);

    public Device {
        Objects.requireNonNull(type, "type");
        if (type == Type.CPU && index != -1) index = -1;
        if (type == Type.CUDA && index < 0) throw new IllegalArgumentException("cuda device index must be >= 0, got " + index);
    }

    /** The CUDA device with the given ordinal. */
    public static Device cuda(int index) { return new Device(Type.CUDA, index); }

    /** Parses {@code "cpu"}, {@code "cuda"} (device 0) or {@code "cuda:N"}. */
    public static Device of(String spec) {
        String s = spec.trim();
        if (s.equals("cpu")) return CPU;
        if (s.equals("cuda")) return cuda(0);
        if (s.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(s.substring(5)));
            } catch (NumberFormatException e) { /* fall through */ }
        }
        throw new IllegalArgumentException("Expected one of cpu, cuda device type at start of device string: " + spec);
    }

    public boolean isCpu() { return type == Type.CPU; }

    public boolean isCuda() { return type == Type.CUDA; }

    @Override public String toString() { return type == Type.CPU ? "cpu" : "cuda:" + index; }
}
