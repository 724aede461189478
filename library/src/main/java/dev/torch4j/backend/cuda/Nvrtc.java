package dev.torch4j.backend.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Map;

/**
 * NVRTC, CUDA's run-time compiler, through the FFM API: compiles a kernel source to a cubin for one GPU
 * architecture. Used by {@link CudaModules} when no prebuilt fatbin fits. The library is opened on first use, so
 * loading this class needs no CUDA.
 */
final class Nvrtc {
    private Nvrtc() {}

    /** NVRTC_ERROR_COMPILATION: the source did not compile (the log says why). */
    static final int ERROR_COMPILATION = 6;

    /** The bound functions; a record so that one volatile read publishes them all. */
    private record Api(MethodHandle version, MethodHandle create, MethodHandle compile, MethodHandle logSize,
                       MethodHandle log, MethodHandle cubinSize, MethodHandle cubin, MethodHandle destroy,
                       MethodHandle errorString) {}

    private static volatile Api api;

    private static Api api() {
        Api a = api;
        if (a != null) return a;
        synchronized (Nvrtc.class) {
            if (api == null) {
                SymbolLookup lib = CudaLibs.nvrtc(); // throws, naming every path tried, when there is no NVRTC
                Linker linker = Linker.nativeLinker();
                FunctionDescriptor rc = FunctionDescriptor.of(JAVA_INT);
                api = new Api(
                        h(linker, lib, "nvrtcVersion", rc, ADDRESS, ADDRESS),
                        // (prog*, src, name, numHeaders, headers, includeNames)
                        h(linker, lib, "nvrtcCreateProgram", rc, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS),
                        // (prog, numOptions, options); programs travel as long, like the driver's handles
                        h(linker, lib, "nvrtcCompileProgram", rc, JAVA_LONG, JAVA_INT, ADDRESS),
                        h(linker, lib, "nvrtcGetProgramLogSize", rc, JAVA_LONG, ADDRESS),
                        h(linker, lib, "nvrtcGetProgramLog", rc, JAVA_LONG, ADDRESS),
                        h(linker, lib, "nvrtcGetCUBINSize", rc, JAVA_LONG, ADDRESS),
                        h(linker, lib, "nvrtcGetCUBIN", rc, JAVA_LONG, ADDRESS),
                        h(linker, lib, "nvrtcDestroyProgram", rc, ADDRESS),
                        h(linker, lib, "nvrtcGetErrorString", FunctionDescriptor.of(ADDRESS), JAVA_INT));
            }
            return api;
        }
    }

    private static MethodHandle h(Linker linker, SymbolLookup lib, String name, FunctionDescriptor ret,
                                  MemoryLayout... args) {
        return linker.downcallHandle(lib.find(name).orElseThrow(() -> new IllegalStateException(
                "NVRTC has no " + name + " (too old?)")), ret.appendArgumentLayouts(args));
    }

    /** NVRTC's version as major * 1000 + minor * 10 (CUDA's convention: 13.0 is 13000). */
    static int version() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment major = a.allocate(JAVA_INT), minor = a.allocate(JAVA_INT);
            check((int) api().version().invokeExact(major, minor), "nvrtcVersion");
            return major.get(JAVA_INT, 0) * 1000 + minor.get(JAVA_INT, 0) * 10;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Compiles {@code source} (file name {@code name}, for messages) with the given headers (include name to
     * text) and options, which must name a real architecture ({@code --gpu-architecture=sm_XY}) so that there is a
     * cubin. Throws a {@link CudaException} with the compiler's log when the source does not compile.
     */
    static byte[] compile(String name, String source, Map<String, String> headers, List<String> options) {
        Api f = api();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment hdrs = a.allocate(ADDRESS, Math.max(1, headers.size()));
            MemorySegment names = a.allocate(ADDRESS, Math.max(1, headers.size()));
            int i = 0;
            for (Map.Entry<String, String> e : headers.entrySet()) {
                hdrs.setAtIndex(ADDRESS, i, a.allocateFrom(e.getValue()));
                names.setAtIndex(ADDRESS, i, a.allocateFrom(e.getKey()));
                i++;
            }
            MemorySegment progOut = a.allocate(JAVA_LONG);
            check((int) f.create().invokeExact(progOut, a.allocateFrom(source), a.allocateFrom(name), headers.size(),
                    hdrs, names), "nvrtcCreateProgram(" + name + ")");
            long prog = progOut.get(JAVA_LONG, 0);
            try {
                MemorySegment opts = a.allocate(ADDRESS, Math.max(1, options.size()));
                for (int k = 0; k < options.size(); k++) opts.setAtIndex(ADDRESS, k, a.allocateFrom(options.get(k)));
                int rc = (int) f.compile().invokeExact(prog, options.size(), opts);
                if (rc != 0) {
                    throw new CudaException(rc, "NVRTC could not compile " + name + " " + options + ": "
                            + errorString(rc) + "\n" + log(f, a, prog));
                }
                MemorySegment size = a.allocate(JAVA_LONG);
                check((int) f.cubinSize().invokeExact(prog, size), "nvrtcGetCUBINSize(" + name + ")");
                MemorySegment cubin = a.allocate(size.get(JAVA_LONG, 0));
                check((int) f.cubin().invokeExact(prog, cubin), "nvrtcGetCUBIN(" + name + ")");
                return cubin.toArray(JAVA_BYTE);
            } finally {
                progOut.set(JAVA_LONG, 0, prog);
                int ignored = (int) f.destroy().invokeExact(progOut); // nothing useful to do when this fails
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static String log(Api f, Arena a, long prog) throws Throwable {
        MemorySegment size = a.allocate(JAVA_LONG);
        if ((int) f.logSize().invokeExact(prog, size) != 0) return "(no log)";
        long n = size.get(JAVA_LONG, 0);
        if (n <= 1) return "(empty log)";
        MemorySegment buf = a.allocate(n);
        if ((int) f.log().invokeExact(prog, buf) != 0) return "(no log)";
        return buf.getString(0).strip();
    }

    /** NVRTC's name for a result code. */
    static String errorString(int rc) {
        try {
            MemorySegment s = (MemorySegment) api().errorString().invokeExact(rc);
            return s.equals(MemorySegment.NULL) ? "NVRTC error " + rc : s.reinterpret(256).getString(0) + " (" + rc + ")";
        } catch (Throwable t) {
            return "NVRTC error " + rc;
        }
    }

    private static void check(int rc, String what) {
        if (rc != 0) throw new CudaException(rc, what + " failed: " + errorString(rc));
    }
}
