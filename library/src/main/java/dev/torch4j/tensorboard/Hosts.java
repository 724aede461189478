package dev.torch4j.tensorboard;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** The host name as Python's {@code socket.gethostname()} gives it, for event file and run folder names. */
final class Hosts {
    private static volatile String cached;

    private Hosts() {}

    static String hostname() {
        String h = cached;
        if (h == null) cached = h = lookUp();
        return h;
    }

    private static String lookUp() {
        // gethostname() is the kernel's node name, which Linux shows here; InetAddress may add a domain
        Path kernel = Path.of("/proc/sys/kernel/hostname");
        try {
            if (Files.isReadable(kernel)) {
                String h = Files.readString(kernel).strip();
                if (!h.isEmpty()) return h;
            }
        } catch (IOException | SecurityException ignored) {
            // fall through to the resolver
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | SecurityException e) {
            return "localhost";
        }
    }
}
