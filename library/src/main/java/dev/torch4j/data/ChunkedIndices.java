package dev.torch4j.data;

/**
 * Indices yielded chunk by chunk, each chunk made only once the previous one is used up. PyTorch's random samplers
 * are Python generators ({@code yield from torch.randperm(...)}): they draw nothing until the first element is
 * asked for, and draw the next chunk when the previous one runs out, even when that chunk turns out empty (the
 * last {@code randperm(n)[:0]} of a RandomSampler). Drawing at the same points keeps a shared generator in
 * PyTorch's state wherever the caller draws from it between elements.
 */
abstract class ChunkedIndices extends Lookahead<Long> {
    private long[] chunk = new long[0];
    private int pos;
    private long made;

    /** Chunk number {@code k} (0, 1, ...; asked for in order), or null when the epoch is over. */
    abstract long[] chunk(long k);

    @Override
    final Long advance() {
        while (pos == chunk.length) {
            chunk = chunk(made++);
            if (chunk == null) return null;
            pos = 0;
        }
        return chunk[pos++];
    }
}
