package dev.torch4j.backend.cuda;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Loads torch4j's CUDA kernels (DESIGN.md §8). A module is one {@code src/main/cuda/<module>.cu}; the build puts
 * {@code /dev/torch4j/cuda/<module>.fatbin} (when nvcc was there) and the source itself on the classpath. The fatbin
 * is loaded when it has code for this GPU; otherwise, or when the environment sets {@code TORCH4J_CUDA_NVRTC=1},
 * the source is compiled with NVRTC for the device's exact architecture and the cubin is cached on disk under
 * {@code $TORCH4J_CACHE/kernels} (default {@code ~/.cache/torch4j/kernels}), named by a hash of everything that
 * goes into it. Modules and functions are cached per device for the life of the process.
 */
final class CudaModules {
    private CudaModules() {}

    private static final String RESOURCES = "/dev/torch4j/cuda/";
    private static final String HEADER = "t4j.cuh";
    // CUresults after which a fatbin is skipped for NVRTC: no SASS for this GPU and PTX it cannot JIT, or PTX newer
    // than the driver
    private static final int NO_BINARY_FOR_GPU = 209, JIT_COMPILER_NOT_FOUND = 221, UNSUPPORTED_PTX_VERSION = 222;

    private static final Map<String, Long> MODULES = new HashMap<>();   // "device/module" -> CUmodule
    private static final Map<String, Long> FUNCTIONS = new HashMap<>(); // "device/module/name" -> CUfunction

    /**
     * The kernel {@code name} of {@code module} on the calling thread's current device (a CUfunction), loading the
     * module on first use. Throws when the module cannot be loaded or has no such entry point.
     */
    static synchronized long function(String module, String name) {
        CudaDevice dev = CudaRuntime.current();
        dev.makeCurrent(); // current() already did; explicit because every driver call below needs the context
        String key = dev.index() + "/" + module + "/" + name;
        Long f = FUNCTIONS.get(key);
        if (f != null) return f;
        long mod = module(dev, module);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(JAVA_LONG);
            int rc = (int) Driver.cuModuleGetFunction.invokeExact(out, mod, a.allocateFrom(name));
            Driver.check(rc, "cuModuleGetFunction(" + module + ", " + name + ")");
            long fn = out.get(JAVA_LONG, 0);
            FUNCTIONS.put(key, fn);
            return fn;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static long module(CudaDevice dev, String module) {
        String key = dev.index() + "/" + module;
        Long m = MODULES.get(key);
        if (m != null) return m;
        long mod = load(dev, module);
        MODULES.put(key, mod);
        return mod;
    }

    private static long load(CudaDevice dev, String module) {
        byte[] fatbin = "1".equals(System.getenv("TORCH4J_CUDA_NVRTC")) ? null : resource(module + ".fatbin");
        if (fatbin == null) return compileAndLoad(dev, module);
        long[] out = new long[1];
        int rc = loadData(fatbin, out);
        if (rc == 0) return out[0];
        if (rc != NO_BINARY_FOR_GPU && rc != JIT_COMPILER_NOT_FOUND && rc != UNSUPPORTED_PTX_VERSION) {
            Driver.check(rc, "cuModuleLoadData(" + module + ".fatbin)");
        }
        try {
            return compileAndLoad(dev, module);
        } catch (RuntimeException e) {
            throw new IllegalStateException(module + ".fatbin has no code for " + dev + " (" + Driver.errorText(rc)
                    + ") and compiling " + module + ".cu with NVRTC failed: " + e.getMessage(), e);
        }
    }

    /** Compiles the module's source with NVRTC for the device's architecture (or takes the cached cubin). */
    private static long compileAndLoad(CudaDevice dev, String module) {
        int[] cc = dev.capability();
        String arch = "sm_" + cc[0] + cc[1];
        List<String> options = List.of("--gpu-architecture=" + arch, "-default-device", "--std=c++17");
        String source = text(module + ".cu");
        String header = text(HEADER);
        Path cached = cacheFile(source, header, options);
        long[] out = new long[1];
        if (cached != null && Files.isRegularFile(cached)) {
            try {
                if (loadData(Files.readAllBytes(cached), out) == 0) return out[0];
            } catch (IOException e) { /* unreadable: compile again */ }
            try { Files.deleteIfExists(cached); } catch (IOException e) { /* the write below replaces it */ }
        }
        byte[] cubin = Nvrtc.compile(module + ".cu", source, Map.of(HEADER, header), options);
        Driver.check(loadData(cubin, out), "cuModuleLoadData(" + module + ".cu compiled by NVRTC for " + arch + ")");
        if (cached != null) store(cached, cubin);
        return out[0];
    }

    /** cuModuleLoadData on a copy of {@code image}; returns the CUresult, the module in {@code out[0]}. */
    private static int loadData(byte[] image, long[] out) {
        try (Arena a = Arena.ofConfined()) {
            // aligned and NUL-terminated: fatbin and ELF headers are read in place, and a PTX image needs the NUL
            MemorySegment img = a.allocate(image.length + 1L, 64);
            MemorySegment.copy(image, 0, img, JAVA_BYTE, 0, image.length);
            MemorySegment mod = a.allocate(JAVA_LONG);
            int rc = (int) Driver.cuModuleLoadData.invokeExact(mod, img);
            out[0] = mod.get(JAVA_LONG, 0);
            return rc;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The resource's bytes, or null when it is not on the classpath. */
    private static byte[] resource(String file) {
        try (InputStream in = CudaModules.class.getResourceAsStream(RESOURCES + file)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCES + file, e);
        }
    }

    private static String text(String file) {
        byte[] b = resource(file);
        if (b == null) {
            throw new IllegalStateException("no " + RESOURCES + file + " on the classpath: the Maven build copies "
                    + "library/src/main/cuda into the classes (and compiles fatbins where nvcc is installed)");
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The cache entry for this compilation, or null when there is no usable cache folder. */
    private static Path cacheFile(String source, String header, List<String> options) {
        try {
            String base = System.getenv("TORCH4J_CACHE");
            Path dir = base != null && !base.isBlank() ? Path.of(base, "kernels")
                    : Path.of(System.getProperty("user.home"), ".cache", "torch4j", "kernels");
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            // NUL separators keep the parts apart; NVRTC's version because another compiler makes another cubin
            for (String part : List.of(source, header, String.join(" ", options), "nvrtc " + Nvrtc.version())) {
                md.update(part.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return dir.resolve(HexFormat.of().formatHex(md.digest()) + ".cubin");
        } catch (NoSuchAlgorithmException | RuntimeException e) {
            return null; // no home, bad path: compile every time
        }
    }

    /** Writes under a temporary name and moves it into place, so that readers never see half a cubin. */
    private static void store(Path file, byte[] cubin) {
        Path tmp = null;
        try {
            Files.createDirectories(file.getParent());
            tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.write(tmp, cubin);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // a read-only or full disk only costs a compile next time
            if (tmp != null) try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* best effort */ }
        }
    }
}
