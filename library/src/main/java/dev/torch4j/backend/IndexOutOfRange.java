package dev.torch4j.backend;

/**
 * Thrown by index kernels when an index value lies outside its dim, worded by the op ({@link Indexer#wording}):
 * gather names the dim, take names the element count, ... A CUDA kernel's is thrown at the first synchronisation
 * after it ran.
 */
public final class IndexOutOfRange extends IndexOutOfBoundsException {
    private final int operand;
    private final long value;
    private final long size;

    /** Index operand {@code operand} held {@code value}, which is out of range for a dim of {@code size}. */
    public IndexOutOfRange(int operand, long value, long size, String message) {
        super(message);
        this.operand = operand;
        this.value = value;
        this.size = size;
    }

    /** Which index operand of the {@link Indexer} held the bad value. */
    public int operand() { return operand; }

    /** The bad index value. */
    public long value() { return value; }

    /** The size of the dim it indexes. */
    public long size() { return size; }
}
