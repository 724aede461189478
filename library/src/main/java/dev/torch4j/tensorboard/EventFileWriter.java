package dev.torch4j.tensorboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * One event file, as tensorboard's {@code EventFileWriter} (which PyTorch's {@code FileWriter} wraps) makes it:
 * {@code events.out.tfevents.<seconds>.<host>.<pid>.<n><suffix>} in the log folder, opened with an event holding
 * {@code file_version "brain.Event:2"}, then one TFRecord per event.
 *
 * <p>Synchronous, unlike tensorboard's queue and thread: framed records wait in memory and reach the file, whole
 * records at a time and only ever appended, when {@code maxQueue} of them wait, when {@code flushSecs} have passed
 * since the last write (checked as events arrive), on {@link #flush()} and on {@link #close()}. A crash can lose the
 * waiting records but never leaves a torn one except at the very end, which TensorBoard's reader skips.
 */
final class EventFileWriter implements AutoCloseable {
    /** tensorboard's process-wide counter, the last part of the file name. */
    private static final AtomicLong UID = new AtomicLong();

    private final Path logDir;
    private final Path file;
    private final FileChannel channel;
    private final int maxQueue;
    private final long flushNanos;
    private byte[] pending = new byte[4096];
    private int pendingBytes, pendingRecords;
    private long lastWrite = System.nanoTime();
    private boolean closed;

    EventFileWriter(Path logDir, int maxQueue, double flushSecs, String filenameSuffix, double now) {
        this.logDir = logDir;
        this.maxQueue = Math.max(1, maxQueue);
        this.flushNanos = (long) (flushSecs * 1e9);
        String name = String.format(Locale.ROOT, "events.out.tfevents.%010d.%s.%d.%d%s", (long) now, Hosts.hostname(),
                ProcessHandle.current().pid(), UID.getAndIncrement(), filenameSuffix);
        try {
            Files.createDirectories(logDir);
            file = logDir.resolve(name);
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("SummaryWriter: cannot create the event file " + logDir.resolve(name) + ": " + e, e);
        }
        addEvent(new Proto().double64(1, now).bytesAlways(3, "brain.Event:2".getBytes(StandardCharsets.UTF_8)).toByteArray());
        flush();
    }

    Path logDir() { return logDir; }

    /** Appends one serialised {@code Event}. */
    synchronized void addEvent(byte[] event) {
        if (closed) throw new IllegalStateException("SummaryWriter: the event file " + file + " is closed");
        byte[] rec = frame(event);
        if (pendingBytes + rec.length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingBytes + rec.length));
        }
        System.arraycopy(rec, 0, pending, pendingBytes, rec.length);
        pendingBytes += rec.length;
        pendingRecords++;
        if (pendingRecords >= maxQueue || System.nanoTime() - lastWrite >= flushNanos) flush();
    }

    /** Writes every waiting record to the file. */
    synchronized void flush() {
        if (closed || pendingBytes == 0) return;
        try {
            ByteBuffer b = ByteBuffer.wrap(pending, 0, pendingBytes);
            while (b.hasRemaining()) channel.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException("SummaryWriter: cannot write the event file " + file + ": " + e, e);
        }
        pendingBytes = 0;
        pendingRecords = 0;
        lastWrite = System.nanoTime();
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        try {
            flush();
        } finally {
            closed = true;
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("SummaryWriter: cannot close the event file " + file + ": " + e, e);
            }
        }
    }

    /** One TFRecord: uint64 length, masked CRC-32C of those 8 bytes, the data, masked CRC-32C of the data (all little-endian). */
    static byte[] frame(byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(data.length + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(data.length);
        b.putInt(maskedCrc32c(b.array(), 0, 8));
        b.put(data);
        b.putInt(maskedCrc32c(data, 0, data.length));
        return b.array();
    }

    /** TFRecord's masked CRC-32C: rotated right by 15 bits plus a constant, so CRCs of data holding CRCs stay sound. */
    static int maskedCrc32c(byte[] data, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(data, off, len);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + 0xa282ead8;
    }
}
