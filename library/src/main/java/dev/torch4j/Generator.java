package dev.torch4j;

import dev.torch4j.backend.cpu.random.Mt19937;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A CPU random number generator, like {@code torch.Generator()}: PyTorch's mt19937 engine plus the cached
 * Box-Muller sample, so that {@code manualSeed(s)} followed by the same random ops gives the same bits as PyTorch's
 * CPU generator (see {@code dev.torch4j.backend.cpu.random.CpuRandom} for which ops and paths match).
 *
 * <pre>{@code
 * Generator g = new Generator().manualSeed(42);   // torch.Generator().manual_seed(42)
 * long s = g.initialSeed();                       // g.initial_seed()
 * byte[] st = g.getState();                       // g.get_state(): PyTorch's 5056-byte layout
 * g.setState(st);                                 // g.set_state(st)
 * }</pre>
 *
 * <p>Seeds are 64-bit and unsigned in PyTorch; here they are the same 64 bits in a {@code long} (print one the way
 * Python does with {@link Long#toUnsignedString(long)}). {@code manualSeed(-1)} equals PyTorch's
 * {@code manual_seed(-1)}, which wraps to 2^64 - 1 in the same way.
 *
 * <p>A new generator starts from PyTorch's {@code default_rng_seed_val} (67280421310721), as {@code torch.Generator()}
 * does. The process-wide {@link #defaultGenerator()} is seeded nondeterministically at first use, as PyTorch's
 * {@code torch.default_generator} is (its {@code initial_seed()} differs from run to run) until {@code manualSeed}.
 *
 * <p>Thread safety: every method locks this object, as PyTorch locks the generator's mutex; code that draws from
 * {@link #engine()} must hold the same lock for the whole fill ({@code synchronized (gen) {...}} or
 * {@link #withEngine}).
 */
public final class Generator {
    /** {@code at::default_rng_seed_val}, the seed of a new {@code torch.Generator()}. */
    public static final long DEFAULT_SEED = Mt19937.DEFAULT_SEED;
    /** Bytes in {@link #getState()}: {@code sizeof(CPUGeneratorImplState)} in PyTorch. */
    public static final int STATE_SIZE = 5056;

    private static final class DefaultHolder {
        static final Generator INSTANCE = new Generator().manualSeed(nondeterministicSeed());
    }

    private final Mt19937 engine;

    /** A CPU generator seeded with {@link #DEFAULT_SEED}, like {@code torch.Generator()}. */
    public Generator() {
        this.engine = new Mt19937(DEFAULT_SEED);
    }

    /** A DataLoader worker thread's own default generator (PyTorch's worker processes each have theirs). */
    private static final ThreadLocal<Generator> THREAD_DEFAULT = new ThreadLocal<>();

    /**
     * The default CPU generator ({@code torch.default_generator}): the process-wide one, or, on a DataLoader worker
     * thread, that worker's own (seeded {@code base_seed + worker_id}, as PyTorch seeds each worker process).
     */
    public static Generator defaultGenerator() {
        Generator g = THREAD_DEFAULT.get();
        return g != null ? g : DefaultHolder.INSTANCE;
    }

    /**
     * Runs {@code body} on this thread with {@code g} as its default generator, then restores the previous one: how
     * DataLoader workers give each worker the generator PyTorch gives each worker process.
     */
    public static <T> T withDefault(Generator g, java.util.function.Supplier<T> body) {
        Generator before = THREAD_DEFAULT.get();
        THREAD_DEFAULT.set(g);
        try {
            return body.get();
        } finally {
            if (before == null) THREAD_DEFAULT.remove();
            else THREAD_DEFAULT.set(before);
        }
    }

    /** Always {@link Device#CPU}. */
    public Device device() {
        return Device.CPU;
    }

    /** Seeds the generator and clears the cached normal samples ({@code manual_seed}); returns this generator. */
    public synchronized Generator manualSeed(long seed) {
        engine.setSeed(seed);
        return this;
    }

    /** The seed last set ({@code initial_seed()}), all 64 bits; read it as unsigned. */
    public synchronized long initialSeed() {
        return engine.seed();
    }

    /** Seeds from a nondeterministic source ({@code seed()}) and returns that seed (64 bits, read as unsigned). */
    public synchronized long seed() {
        long s = nondeterministicSeed();
        engine.setSeed(s);
        return s;
    }

    private static long nondeterministicSeed() {
        return new SecureRandom().nextLong(); // PyTorch reads 8 bytes of /dev/urandom
    }

    /**
     * The generator's state ({@code get_state()}) in PyTorch's byte layout, {@code CPUGeneratorImplState} on a
     * little-endian 64-bit machine: {@code uint64 seed, int32 left, int32 seeded, uint64 next, uint64 state[624],
     * double normal_x, double normal_y, double normal_rho, int32 normal_is_valid, 4 pad, float
     * next_float_normal_sample, bool is_next_float_normal_sample_valid, 3 pad} (5056 bytes). The bytes equal
     * {@code torch.Generator.get_state().numpy().tobytes()} for the same state, and a state saved by PyTorch
     * (e.g. {@code torch.get_rng_state()} in a checkpoint) can be passed to {@link #setState(byte[])}.
     */
    public synchronized byte[] getState() {
        ByteBuffer b = ByteBuffer.allocate(STATE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(engine.seed());
        b.putInt(engine.left());
        b.putInt(1); // seeded
        b.putLong(engine.next());
        for (int w : engine.stateWords()) b.putLong(w & 0xFFFFFFFFL);
        b.putDouble(0.0); // normal_x: unused
        b.putDouble(engine.hasNextDoubleNormal() ? engine.nextDoubleNormal() : 0.0); // normal_y
        b.putDouble(0.0); // normal_rho: unused
        b.putInt(engine.hasNextDoubleNormal() ? 1 : 0);
        b.putInt(0); // padding
        b.putFloat(engine.hasNextFloatNormal() ? engine.nextFloatNormal() : 0.0f);
        b.put((byte) (engine.hasNextFloatNormal() ? 1 : 0));
        return b.array();
    }

    /**
     * Restores a state from {@link #getState()} or from PyTorch ({@code set_state}); returns this generator.
     *
     * @throws IllegalArgumentException when the size is not {@value #STATE_SIZE} or the engine fields are invalid
     */
    public synchronized Generator setState(byte[] state) {
        if (state.length != STATE_SIZE) {
            throw new IllegalArgumentException("Expected a CPUGeneratorImplState of size " + STATE_SIZE
                    + " but found the input RNG state size to be " + state.length);
        }
        ByteBuffer b = ByteBuffer.wrap(state).order(ByteOrder.LITTLE_ENDIAN);
        long seed = b.getLong(0);
        int left = b.getInt(8);
        int seeded = b.getInt(12);
        long next = b.getLong(16);
        int[] words = new int[Mt19937.N];
        for (int i = 0; i < Mt19937.N; i++) words[i] = (int) b.getLong(24 + 8 * i); // PyTorch keeps the low 32 bits
        double normalY = b.getDouble(5024);
        boolean normalValid = b.getInt(5040) != 0;
        float nextFloat = b.getFloat(5048);
        boolean floatValid = b.get(5052) != 0;
        int next32 = (int) next; // static_cast<uint32_t>
        if (seeded == 0 || left <= 0 || left > Mt19937.N || Integer.compareUnsigned(next32, Mt19937.N) > 0) {
            throw new IllegalArgumentException("Invalid mt19937 state");
        }
        engine.setState(seed, left, next32, words);
        engine.setNextDoubleNormal(normalValid, normalY);
        engine.setNextFloatNormal(floatValid, nextFloat);
        return this;
    }

    /** A new generator in the same state as this one (PyTorch's {@code clone_state}). */
    public synchronized Generator cloneState() {
        Generator g = new Generator();
        g.engine.restore(engine);
        return g;
    }

    /**
     * Internal, for the CPU backend: the engine this generator draws from. Hold this generator's lock for as long as
     * the engine is used ({@code synchronized (gen) { CpuRandom.uniform(gen.engine(), ...); }}).
     */
    public Mt19937 engine() {
        return engine;
    }

    /** Internal, for the CPU backend: runs {@code fill} on the engine while holding this generator's lock. */
    public synchronized void withEngine(Consumer<Mt19937> fill) {
        fill.accept(engine);
    }

    /** Internal, for the CPU backend: {@link #withEngine(Consumer)} returning a value. */
    public synchronized <T> T applyWithEngine(Function<Mt19937, T> fill) {
        return fill.apply(engine);
    }

    @Override
    public String toString() {
        return "<torch.Generator object>";
    }
}
