package dev.torch4j.io;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.backend.Backends;
import dev.torch4j.backend.Storage;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checkpoint format of {@code torch.save} before PyTorch 1.6 (and of {@code _use_new_zipfile_serialization=False}
 * since): five pickles in a row (the magic number, the protocol version 1001, a dict of system facts, the saved
 * value whose storages are persistent ids {@code ('storage', type, key, location, numel, view)}, and the sorted list
 * of storage keys), then each storage in that order as an int64 element count and the raw elements in the writer's
 * byte order. Storages are created when the value names them and filled once their bytes are reached; they load
 * onto the CPU.
 */
final class LegacyCheckpoint {
    private LegacyCheckpoint() {}

    private static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long PROTOCOL_VERSION = 1001;
    /** How much of the file is read for the pickles at first (doubled while they run past it). */
    private static final int FIRST_READ = 1 << 20;

    static Object read(MappedFile f, Device mapLocation) throws IOException {
        if (mapLocation != null && !mapLocation.isCpu()) {
            throw new IOException(f.name() + ": a legacy (pre-1.6, non-zip) checkpoint loads onto the CPU here; load it with "
                    + "Device.CPU and move the tensors with .to(" + mapLocation + ")");
        }
        int window = (int) Math.min(f.size(), FIRST_READ);
        while (true) {
            byte[] head = f.bytes(0, window, "legacy checkpoint header");
            try {
                return read(f, head);
            } catch (Unpickler.Truncated e) {
                // the pickles may run past the bytes read so far: read more, unless this was the whole file already
                if (window == f.size() || window == TensorData.MAX_ARRAY) throw e;
                window = (int) Math.min(Math.min(f.size(), TensorData.MAX_ARRAY), 4L * window);
            }
        }
    }

    private static Object read(MappedFile f, byte[] head) throws IOException {
        String name = f.name();
        Unpickler u = Unpickler.at(name, head, 0, null);
        Object magic = u.load();
        if (!(magic instanceof BigInteger m) || !m.equals(MAGIC)) {
            throw new IOException(name + ": Invalid magic number; corrupt file? (a pickle, but not one torch.save wrote)");
        }
        u = Unpickler.at(name, head, u.position(), null);
        Object version = u.load();
        if (!(version instanceof Long v) || v != PROTOCOL_VERSION) {
            throw new IOException(name + ": legacy checkpoint protocol version " + version + " is not supported (expected 1001)");
        }
        u = Unpickler.at(name, head, u.position(), null);
        Object sysInfo = u.load();
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        if (sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))) order = ByteOrder.BIG_ENDIAN;
        Map<String, Storage> storages = new HashMap<>();
        Map<String, Long> sizes = new HashMap<>();
        u = Unpickler.at(name, head, u.position(), pid -> storage(name, pid, storages, sizes));
        Object value = u.load();
        u = Unpickler.at(name, head, u.position(), null);
        Object keys = u.load();
        if (!(keys instanceof List<?> list)) throw new IOException(name + ": the storage key list is " + PickleGlobals.describe(keys));
        long offset = u.position();
        for (Object k : list) {
            if (!(k instanceof String key) || !storages.containsKey(key)) {
                throw new IOException(name + ": storage key " + k + " in the key list names no storage of the checkpoint");
            }
            Storage s = storages.get(key);
            long count = f.u64(offset, "size of storage " + key);
            if (order == ByteOrder.BIG_ENDIAN) count = Long.reverseBytes(count);
            if (count != sizes.get(key)) {
                throw new IOException(name + ": storage " + key + " holds " + count + " elements but the checkpoint names " + sizes.get(key));
            }
            offset += 8;
            DType dtype = s.dtype();
            long nbytes = TensorData.nbytes(count, dtype, name + ": storage " + key);
            f.check(offset, nbytes, "storage " + key);
            Storage data = TensorData.storage(dtype, TensorData.decode(f.segment(), offset, dtype, (int) count, order));
            try (var g = GradMode.noGrad()) {
                Tensor.wrap(s, new long[] {count}, new long[] {1}, 0).copy_(Tensor.wrap(data, new long[] {count}, new long[] {1}, 0));
            }
            offset += nbytes;
        }
        if (storages.size() != list.size()) throw new IOException(name + ": " + (storages.size() - list.size()) + " storages have no data");
        return value;
    }

    /** A persistent id of a legacy checkpoint: a zero-filled CPU storage, filled once its bytes are reached. */
    private static Storage storage(String name, Tuple pid, Map<String, Storage> storages, Map<String, Long> sizes) throws IOException {
        if (pid.size() != 6 || !(pid.get(1) instanceof PickleGlobals.StorageType type) || !(pid.get(2) instanceof String key)
                || !(pid.get(3) instanceof String) || !(pid.get(4) instanceof Long numel) || numel < 0) {
            throw new IOException(name + ": malformed legacy storage id " + pid + " (expected ('storage', <storage type>, key, "
                    + "location, numel, view))");
        }
        if (pid.get(5) != null) throw new IOException(name + ": storage " + key + " is a view of another storage (PyTorch < 1.0); not supported");
        DType dtype = type.dtype();
        Storage s = storages.get(key);
        if (s != null) {
            if (s.dtype() != dtype || sizes.get(key) != (long) numel) {
                throw new IOException(name + ": storage " + key + " is named as two different storages");
            }
            return s;
        }
        TensorData.checkArraySize(numel, dtype, name + ": storage " + key);
        s = dtype.isComplex()
                ? new dev.torch4j.backend.ComplexStorage(Backends.of(Device.CPU).allocate(dtype.toReal(), 2 * numel))
                : Backends.of(Device.CPU).allocate(dtype, numel);
        storages.put(key, s);
        sizes.put(key, numel);
        return s;
    }
}
