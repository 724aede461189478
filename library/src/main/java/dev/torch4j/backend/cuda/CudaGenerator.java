package dev.torch4j.backend.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * The random state of one CUDA device, like PyTorch's {@code CUDAGeneratorImpl}: a 64-bit Philox key (the seed) and
 * a 64-bit offset that each fill advances by one, so consecutive fills never share a Philox counter. Plain Java
 * state: seeding never touches the driver, and the state of a device nobody has used yet is kept until it is.
 */
public final class CudaGenerator {
    /** Bytes in {@link #getState()}: the seed then the offset, little-endian (PyTorch's layout for CUDA). */
    public static final int STATE_SIZE = 16;
    private static final int MAX_DEVICES = 64;
    private static final CudaGenerator[] GENERATORS = new CudaGenerator[MAX_DEVICES];

    private long seed, offset;

    private CudaGenerator(long seed) {
        this.seed = seed;
    }

    /** The default generator of device {@code index} (seeded nondeterministically at first use, as PyTorch's). */
    public static CudaGenerator of(int index) {
        if (index < 0 || index >= MAX_DEVICES) throw new IllegalArgumentException("CUDA generator: invalid device " + index);
        synchronized (GENERATORS) {
            if (GENERATORS[index] == null) GENERATORS[index] = new CudaGenerator(new SecureRandom().nextLong());
            return GENERATORS[index];
        }
    }

    /** Seeds every device's generator, including devices not used yet ({@code torch.cuda.manual_seed_all}). */
    public static void manualSeedAll(long seed) {
        synchronized (GENERATORS) {
            for (int i = 0; i < MAX_DEVICES; i++) {
                if (GENERATORS[i] == null) GENERATORS[i] = new CudaGenerator(seed);
                else GENERATORS[i].manualSeed(seed);
            }
        }
    }

    /** Seeds this generator and restarts its offset. */
    public synchronized void manualSeed(long seed) {
        this.seed = seed;
        this.offset = 0;
    }

    /** Seeds from a nondeterministic source and returns the seed. */
    public long seed() {
        long s = new SecureRandom().nextLong();
        manualSeed(s);
        return s;
    }

    public synchronized long initialSeed() { return seed; }

    /** Reserves the Philox offset of one fill: {seed, offset}. */
    synchronized long[] next() {
        return new long[] {seed, offset++};
    }

    /** {@code get_rng_state()}: 16 bytes, seed then offset. */
    public synchronized byte[] getState() {
        return ByteBuffer.allocate(STATE_SIZE).order(ByteOrder.LITTLE_ENDIAN).putLong(seed).putLong(offset).array();
    }

    /** {@code set_rng_state(state)}. */
    public synchronized void setState(byte[] state) {
        if (state == null || state.length != STATE_SIZE) {
            throw new IllegalArgumentException("CUDA generator: expected a state of " + STATE_SIZE + " bytes, got "
                    + (state == null ? "null" : state.length + " bytes"));
        }
        ByteBuffer b = ByteBuffer.wrap(state).order(ByteOrder.LITTLE_ENDIAN);
        seed = b.getLong();
        offset = b.getLong();
    }
}
