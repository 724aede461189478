package dev.torch4j.backend.cpu.random;

import java.util.Arrays;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 32-bit Mersenne Twister exactly as PyTorch's CPU generator runs it ({@code at::mt19937} in
 * {@code aten/src/ATen/core/MT19937RNGEngine.h}, driven by {@code CPUGeneratorImpl}).
 *
 * <p>Besides the engine proper, an instance carries the two cached Box-Muller samples that PyTorch keeps next to
 * the engine in {@code CPUGeneratorImpl} ({@code next_double_normal_sample_}, {@code next_float_normal_sample_}),
 * so that one object holds everything {@code torch.get_rng_state()} captures; {@link #setSeed(long)} clears them, as
 * {@code CPUGeneratorImpl::set_current_seed} does.
 *
 * <p>Seeding keeps the whole 64-bit seed (reported by {@link #seed()}, PyTorch's {@code initial_seed()}) but only
 * its low 32 bits enter the state, as in PyTorch. {@link #random()} is {@code CPUGeneratorImpl::random()} (one
 * tempered 32-bit word) and {@link #random64()} is {@code CPUGeneratorImpl::random64()} (two words, the first one
 * high). The state is {@code (seed, left, next, state[624])}, the fields of PyTorch's {@code mt19937_data_pod};
 * {@link #copy()} and {@link #restore(Mt19937)} snapshot and reinstate it (normal caches included).
 *
 * <p>Not thread-safe: callers serialize access (see {@code dev.torch4j.Generator}, which locks like PyTorch's
 * generator mutex).
 */
public final class Mt19937 {
    /** Words of state. */
    public static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UMASK = 0x80000000;
    private static final int LMASK = 0x7fffffff;
    private static final VectorSpecies<Integer> IS = IntVector.SPECIES_PREFERRED;
    /** {@code at::default_rng_seed_val}: the seed of a new {@code torch.Generator()}. */
    public static final long DEFAULT_SEED = 67280421310721L;

    private long seed;
    private int left;
    private int next;
    private final int[] state = new int[N];
    private boolean hasNextDoubleNormal;
    private double nextDoubleNormal;
    private boolean hasNextFloatNormal;
    private float nextFloatNormal;

    /** An engine seeded with {@link #DEFAULT_SEED}, like {@code torch.Generator()}. */
    public Mt19937() {
        this(DEFAULT_SEED);
    }

    /** An engine seeded with {@code seed} (a 64-bit value; PyTorch's seeds are {@code uint64_t}). */
    public Mt19937(long seed) {
        setSeed(seed);
    }

    /**
     * Re-seeds: {@code init_with_uint32} over the low 32 bits, keeping the 64-bit seed for {@link #seed()}, and clears
     * the cached normal samples ({@code CPUGeneratorImpl::set_current_seed}).
     */
    public void setSeed(long seed) {
        this.seed = seed;
        hasNextDoubleNormal = false;
        nextDoubleNormal = 0.0;
        hasNextFloatNormal = false;
        nextFloatNormal = 0.0f;
        state[0] = (int) seed;
        for (int j = 1; j < N; j++) {
            int p = state[j - 1];
            state[j] = 1812433253 * (p ^ (p >>> 30)) + j;
        }
        left = 1;
        next = 0;
    }

    /** The 64-bit seed this engine was last seeded with (PyTorch: {@code initial_seed()}). */
    public long seed() {
        return seed;
    }

    /** The next tempered 32-bit word, as an unsigned value in an {@code int} (PyTorch: {@code random()}). */
    public int random() {
        if (--left == 0) {
            nextState();
        }
        int y = state[next++];
        y ^= (y >>> 11);
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= (y >>> 18);
        return y;
    }

    /**
     * The next {@code n} tempered words into {@code dst[off, off + n)}: the same words, and the same state after, as
     * {@code n} calls of {@link #random()}, tempered in vectors.
     */
    public void random(int[] dst, int off, int n) {
        int[] s = state;
        while (n > 0) {
            // left - 1 words wait at state[next...]; at none, a new state (random() regenerates on the call that
            // takes left to 0 and then leaves left at N after its word, which left = N + 1 here reproduces)
            if (left == 1) {
                nextState();
                left = N + 1;
            }
            int k = Math.min(n, left - 1), from = next, i = 0;
            for (int end = IS.loopBound(k); i < end; i += IS.length()) {
                IntVector y = IntVector.fromArray(IS, s, from + i);
                y = y.lanewise(VectorOperators.XOR, y.lanewise(VectorOperators.LSHR, 11));
                y = y.lanewise(VectorOperators.XOR, y.lanewise(VectorOperators.LSHL, 7).and(0x9d2c5680));
                y = y.lanewise(VectorOperators.XOR, y.lanewise(VectorOperators.LSHL, 15).and(0xefc60000));
                y.lanewise(VectorOperators.XOR, y.lanewise(VectorOperators.LSHR, 18)).intoArray(dst, off + i);
            }
            for (; i < k; i++) {
                int y = s[from + i];
                y ^= (y >>> 11);
                y ^= (y << 7) & 0x9d2c5680;
                y ^= (y << 15) & 0xefc60000;
                y ^= (y >>> 18);
                dst[off + i] = y;
            }
            next += k;
            left -= k;
            off += k;
            n -= k;
        }
    }

    /** {@link #random()} widened to {@code [0, 2^32)}. */
    public long randomUnsigned() {
        return random() & 0xffffffffL;
    }

    /** Two words, the first in the high half (PyTorch: {@code random64()}); read it as an unsigned 64-bit value. */
    public long random64() {
        long hi = random() & 0xffffffffL;
        long lo = random() & 0xffffffffL;
        return (hi << 32) | lo;
    }

    /** {@link #twist} over a vector of words: {@code s[p...] = s[from...] ^ twist(s[p...], s[p + 1...])}. */
    private static void twistInto(int[] s, int p, int from) {
        IntVector u = IntVector.fromArray(IS, s, p), v = IntVector.fromArray(IS, s, p + 1);
        IntVector mixed = u.and(UMASK).or(v.and(LMASK));
        IntVector odd = v.and(1).neg().and(MATRIX_A); // MATRIX_A where v is odd, else 0
        mixed.lanewise(VectorOperators.LSHR, 1).lanewise(VectorOperators.XOR, odd)
                .lanewise(VectorOperators.XOR, IntVector.fromArray(IS, s, from)).intoArray(s, p);
    }

    private static int twist(int u, int v) {
        int mixed = (u & UMASK) | (v & LMASK);
        return (mixed >>> 1) ^ ((v & 1) != 0 ? MATRIX_A : 0);
    }

    private void nextState() {
        int[] s = state;
        left = N;
        next = 0;
        int p = 0;
        // in vectors: a block reads s[p + 1 ...] before any of it is rewritten, and s[p + M - N ...] (second loop)
        // was rewritten N - M = 227 words earlier, further back than a vector reaches; the same words as one by one
        for (; p + IS.length() <= N - M; p += IS.length()) twistInto(s, p, p + M);
        for (; p < N - M; p++) {
            s[p] = s[p + M] ^ twist(s[p], s[p + 1]);
        }
        for (; p + IS.length() <= N - 1; p += IS.length()) twistInto(s, p, p + M - N);
        for (; p < N - 1; p++) {
            s[p] = s[p + M - N] ^ twist(s[p], s[p + 1]);
        }
        s[p] = s[p + M - N] ^ twist(s[p], s[0]);
    }

    /** An independent engine in the same state. */
    public Mt19937 copy() {
        Mt19937 c = new Mt19937(0);
        c.restore(this);
        return c;
    }

    /** Puts this engine in {@code other}'s state. */
    public void restore(Mt19937 other) {
        this.hasNextDoubleNormal = other.hasNextDoubleNormal;
        this.nextDoubleNormal = other.nextDoubleNormal;
        this.hasNextFloatNormal = other.hasNextFloatNormal;
        this.nextFloatNormal = other.nextFloatNormal;
        this.seed = other.seed;
        this.left = other.left;
        this.next = other.next;
        System.arraycopy(other.state, 0, this.state, 0, N);
    }

    /** Whether a cached double normal sample is waiting ({@code next_double_normal_sample_} has a value). */
    public boolean hasNextDoubleNormal() {
        return hasNextDoubleNormal;
    }

    /** The cached double normal sample (0.0 when none). */
    public double nextDoubleNormal() {
        return nextDoubleNormal;
    }

    /** Sets ({@code present}) or clears the cached double normal sample. */
    public void setNextDoubleNormal(boolean present, double value) {
        hasNextDoubleNormal = present;
        nextDoubleNormal = present ? value : 0.0;
    }

    /** Whether a cached float normal sample is waiting. PyTorch's CPU kernels never set it; it is state all the same. */
    public boolean hasNextFloatNormal() {
        return hasNextFloatNormal;
    }

    /** The cached float normal sample (0.0f when none). */
    public float nextFloatNormal() {
        return nextFloatNormal;
    }

    /** Sets ({@code present}) or clears the cached float normal sample. */
    public void setNextFloatNormal(boolean present, float value) {
        hasNextFloatNormal = present;
        nextFloatNormal = present ? value : 0.0f;
    }

    /** PyTorch's {@code left_} field (1..624): words left before the next twist, plus one. */
    public int left() {
        return left;
    }

    /** PyTorch's {@code next_} field (0..624): index of the next state word to temper. */
    public int next() {
        return next;
    }

    /** A copy of the 624 state words. */
    public int[] stateWords() {
        return state.clone();
    }

    /**
     * Sets the raw engine state, as {@code torch.set_rng_state} does through {@code mt19937_data_pod}. The normal
     * caches are left alone (set them with {@link #setNextDoubleNormal} / {@link #setNextFloatNormal}).
     *
     * @throws IllegalArgumentException when {@code left}/{@code next} are out of range, PyTorch's
     *     {@code "Invalid mt19937 state"} check
     */
    public void setState(long seed, int left, int next, int[] words) {
        if (words.length != N) {
            throw new IllegalArgumentException("mt19937 state needs " + N + " words, got " + words.length);
        }
        if (left <= 0 || left > N || next < 0 || next > N) {
            throw new IllegalArgumentException("Invalid mt19937 state");
        }
        this.seed = seed;
        this.left = left;
        this.next = next;
        System.arraycopy(words, 0, state, 0, N);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mt19937 m && m.seed == seed && m.left == left && m.next == next
                && Arrays.equals(m.state, state)
                && m.hasNextDoubleNormal == hasNextDoubleNormal
                && Double.compare(m.nextDoubleNormal, nextDoubleNormal) == 0
                && m.hasNextFloatNormal == hasNextFloatNormal
                && Float.compare(m.nextFloatNormal, nextFloatNormal) == 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seed) * 31 + left * 7 + next + Arrays.hashCode(state);
    }
}
