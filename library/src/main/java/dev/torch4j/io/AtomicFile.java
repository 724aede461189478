package dev.torch4j.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Writes a file all-or-nothing: the bytes go to a temporary file in the target's folder (same file system, so the
 * final rename is atomic), which is forced to disk and then moved over the target. A crash or an exception midway
 * leaves the previous file untouched and at worst a stray {@code .<name>.<random>.tmp}, never a half-written target.
 * Public so that other file writers of the library (PNG images in {@code dev.torch4j.vision}) share the rule.
 *
 * <pre>{@code
 * AtomicFile.write(path, ch -> ch.write(ByteBuffer.wrap(bytes)));
 * }</pre>
 */
public final class AtomicFile {
    private AtomicFile() {}

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What writes the file's bytes into the (temporary) channel; it must not close the channel. */
    @FunctionalInterface
    public interface Body {
        /** Writes the whole file into {@code channel}. */
        void writeTo(FileChannel channel) throws IOException;
    }

    /**
     * Writes {@code target} all-or-nothing: {@code body} fills a temporary file next to it, which is forced to disk
     * and moved over {@code target}; on any exception the temporary file is deleted and {@code target} is unchanged.
     */
    public static void write(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null) throw new IOException("cannot write " + target + ": it has no parent folder");
        if (Files.isDirectory(abs)) throw new IOException("cannot write " + target + ": it is a directory");
        byte[] rnd = new byte[6];
        RANDOM.nextBytes(rnd);
        // CREATE_NEW (not createTempFile) so the file gets the usual permissions, as np.save's and torch.save's do
        Path tmp = dir.resolve("." + abs.getFileName() + "." + HexFormat.of().formatHex(rnd) + ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                body.writeTo(ch);
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) Files.deleteIfExists(tmp);
        }
    }

    /** Writes all of {@code buf}'s remaining bytes (a channel write may be partial). */
    static void writeFully(FileChannel ch, java.nio.ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) ch.write(buf);
    }
}
