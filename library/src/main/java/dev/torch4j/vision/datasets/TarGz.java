package dev.torch4j.vision.datasets;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads chosen regular files out of a {@code .tar.gz} in one streaming pass (what a dataset's archive needs:
 * torchvision would extract it first). Handles ustar names with prefixes, GNU long names ({@code 'L'} entries) and
 * pax {@code path} records; checks every header's checksum, so a damaged archive is an IOException, not garbage.
 */
final class TarGz {
    private TarGz() {}

    private static final int BLOCK = 512;

    /** The members of {@code archive} named in {@code wanted} (paths inside the archive), in archive order. */
    static Map<String, byte[]> read(Path archive, Set<String> wanted) throws IOException {
        Map<String, byte[]> found = new LinkedHashMap<>();
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive), 1 << 16), 1 << 16)) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            while (found.size() < wanted.size()) {
                if (!readBlock(in, header)) break; // a tar may end without its two zero blocks
                if (isZero(header)) break;
                checkChecksum(archive, header);
                long size = size(archive, header);
                char type = (char) header[156];
                String name = longName != null ? longName : name(header);
                longName = null;
                if (type == 'L' || type == 'x') { // the next entry's name, as GNU tar and pax write long ones
                    byte[] body = body(archive, in, size, name);
                    longName = type == 'L' ? cString(body, 0, body.length) : paxPath(body);
                    continue;
                }
                String clean = name.startsWith("./") ? name.substring(2) : name;
                if ((type == '0' || type == 0) && wanted.contains(clean)) found.put(clean, body(archive, in, size, clean));
                else in.skipNBytes(padded(size));
            }
        } catch (EOFException e) {
            throw new IOException(archive + ": the archive ends in the middle of a member (truncated download?)", e);
        }
        return found;
    }

    private static byte[] body(Path archive, InputStream in, long size, String name) throws IOException {
        if (size > Integer.MAX_VALUE - 8) throw new IOException(archive + ": member " + name + " of " + size + " bytes is too large");
        byte[] b = in.readNBytes((int) size);
        if (b.length != size) throw new EOFException();
        in.skipNBytes(padded(size) - size);
        return b;
    }

    private static long padded(long size) { return (size + BLOCK - 1) / BLOCK * BLOCK; }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n == 0) return false;
        if (n != BLOCK) throw new EOFException();
        return true;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    private static void checkChecksum(Path archive, byte[] h) throws IOException {
        long stored = octal(archive, h, 148, 8, "checksum");
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? ' ' : h[i] & 0xff;
        if (sum != stored) throw new IOException(archive + ": a tar header's checksum does not match (damaged archive?)");
    }

    private static long size(Path archive, byte[] h) throws IOException {
        if ((h[124] & 0x80) != 0) { // GNU base-256 for sizes of 8 GiB and more
            long v = 0;
            for (int i = 125; i < 136; i++) v = v << 8 | (h[i] & 0xff);
            if (v < 0) throw new IOException(archive + ": bad member size");
            return v;
        }
        return octal(archive, h, 124, 12, "size");
    }

    private static long octal(Path archive, byte[] h, int off, int len, String what) throws IOException {
        long v = 0;
        int i = off, end = off + len;
        while (i < end && (h[i] == ' ' || h[i] == 0)) i++;
        for (; i < end && h[i] >= '0' && h[i] <= '7'; i++) {
            v = v * 8 + (h[i] - '0');
            if (v > (1L << 40)) throw new IOException(archive + ": tar header " + what + " out of range");
        }
        for (; i < end; i++) {
            if (h[i] != ' ' && h[i] != 0) throw new IOException(archive + ": tar header " + what + " is not an octal number");
        }
        return v;
    }

    private static String name(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = new String(h, 257, 5, StandardCharsets.ISO_8859_1).equals("ustar");
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) end++;
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    /** The {@code path} record of a pax extended header ({@code "<len> path=<name>\n"} records), or null. */
    private static String paxPath(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        for (String rec : text.split("\n")) {
            int sp = rec.indexOf(' ');
            if (sp > 0 && rec.startsWith("path=", sp + 1)) return rec.substring(sp + 1 + "path=".length());
        }
        return null;
    }
}
