package dev.torch4j.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * An iterator that makes each element when {@code hasNext()} needs to know whether there is one, as a Python
 * generator runs up to its next {@code yield} on {@code next()}. Subclasses produce elements in {@link #advance()}.
 */
abstract class Lookahead<T> implements Iterator<T> {
    private T ready;
    private boolean ended;

    /** The next element, or null when there is none; not called again after that, or after {@link #end()}. */
    abstract T advance();

    /** Marks the element being returned by {@link #advance()} as the last one. */
    final void end() { ended = true; }

    @Override
    public final boolean hasNext() {
        if (ready == null && !ended) {
            ready = advance();
            if (ready == null) ended = true;
        }
        return ready != null;
    }

    @Override
    public final T next() {
        if (!hasNext()) throw new NoSuchElementException();
        T t = ready;
        ready = null;
        return t;
    }

    /** Up to {@code n} elements of {@code it}, fewer only when it runs out (it is not asked past the n-th). */
    static <E> List<E> take(Iterator<? extends E> it, long n) {
        List<E> out = new ArrayList<>((int) Math.min(n, 1024));
        while (out.size() < n && it.hasNext()) out.add(it.next());
        return out;
    }
}
