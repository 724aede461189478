package dev.torch4j.io;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.RandomAccess;

/**
 * A Python tuple as {@link TorchSerialization} reads and writes it: an immutable list. Loading a checkpoint turns
 * Python tuples into {@code Tuple}s and Python lists into {@code ArrayList}s, so saving the loaded value again
 * writes a tuple where PyTorch had one (an optimizer's {@code betas}, say) and a list where it had a list.
 *
 * <p>Being a {@link java.util.List}, a tuple equals any list with the same elements (the {@code List} contract),
 * unlike Python where {@code (1, 2) != [1, 2]}; test {@code instanceof Tuple} to tell them apart. Elements may be
 * null (Python's {@code None}).
 *
 * <pre>{@code
 * Torch.save(Map.of("betas", Tuple.of(0.9, 0.999)), path);   // {'betas': (0.9, 0.999)} in Python
 * }</pre>
 */
public final class Tuple extends AbstractList<Object> implements RandomAccess {
    private static final Tuple EMPTY = new Tuple(new Object[0]);

    private final Object[] items;

    private Tuple(Object[] items) { this.items = items; }

    /** A tuple of the given items (copied; nulls allowed). */
    public static Tuple of(Object... items) {
        return items.length == 0 ? EMPTY : new Tuple(items.clone());
    }

    /** A tuple of a collection's items, in iteration order. */
    public static Tuple copyOf(Collection<?> items) {
        return items.isEmpty() ? EMPTY : new Tuple(items.toArray());
    }

    @Override public Object get(int index) { return items[index]; }

    @Override public int size() { return items.length; }

    @Override public Object[] toArray() { return items.clone(); }

    /** Prints as Python does: {@code (1, 2)}, {@code (1,)}, {@code ()}. */
    @Override
    public String toString() {
        if (items.length == 1) return "(" + items[0] + ",)";
        String s = Arrays.toString(items);
        return "(" + s.substring(1, s.length() - 1) + ")";
    }
}
