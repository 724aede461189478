package dev.torch4j.backend;

/**
 * Thrown by index kernels when an index value lies outside its dim. The op layer catches it to word the message
 * as PyTorch does for that op (gather names the dim, take names the element count, ...).
 */
public final class IndexOutOfRange extends IndexOutOfBoundsException {
    private final int operand;
    private final long value;
    private final long size;

    /** Index operand {@code operand} held {@code value}, which is out of range for a dim of {@code size}. */
    public IndexOutOfRange(int operand, long value, long size) {
        super("index " + value + " is out of bounds for dimension " + operand + " with size " + size);
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
