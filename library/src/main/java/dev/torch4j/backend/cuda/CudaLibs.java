package dev.torch4j.backend.cuda;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds and opens the CUDA libraries (DESIGN.md §8): the driver ({@code libcuda.so.1}), cuBLAS, cuBLASLt and NVRTC.
 * Folders are searched in this order: each entry of {@code TORCH4J_CUDA_LIBS} (a path list), {@code CUDA_HOME} and
 * {@code CUDA_PATH} ({@code lib64}, {@code lib}), {@code /usr/local/cuda/lib64}, the pip {@code nvidia/*}/lib}
 * folders of the Python environments found ({@code VIRTUAL_ENV}, {@code /opt/*}/.venv}, the system's site-packages),
 * and last the dynamic loader's own search by file name. Every path tried is kept for the error message.
 */
public final class CudaLibs {
    private CudaLibs() {}

    /** A library that loaded, or the list of what was tried. */
    record Found(SymbolLookup lookup, String path, List<String> tried) {}

    private static volatile Found driver, cublas, cublasLt, nvrtc;

    /** The CUDA driver, or throws with every path tried. */
    static SymbolLookup driver() { return require(driverFound(), "the CUDA driver (libcuda.so.1)"); }

    static Found driverFound() {
        if (driver == null) driver = find(List.of("libcuda.so.1", "libcuda.so"), "cuInit", driverFolders());
        return driver;
    }

    /** cuBLAS (with cuBLASLt loaded first from the same folder), or throws with every path tried. */
    static synchronized SymbolLookup cublas() {
        if (cublas == null) {
            // cuBLAS needs cuBLASLt; loading it first by full path lets the loader resolve cuBLAS's dependency
            cublasLtFound();
            cublas = find(List.of("libcublas.so.13", "libcublas.so.12", "libcublas.so"), "cublasCreate_v2", libFolders());
        }
        return require(cublas, "cuBLAS (libcublas.so)");
    }

    /** cuBLASLt, or a Found without a lookup (and with every path tried) when there is none. */
    static synchronized Found cublasLtFound() {
        if (cublasLt == null) {
            cublasLt = find(List.of("libcublasLt.so.13", "libcublasLt.so.12", "libcublasLt.so"), "cublasLtCreate", libFolders());
        }
        return cublasLt;
    }

    /** NVRTC, or throws with every path tried. */
    static synchronized SymbolLookup nvrtc() {
        if (nvrtc == null) {
            nvrtc = find(List.of("libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so"), "nvrtcCreateProgram", libFolders());
            if (nvrtc.path() != null && nvrtc.path().contains("/")) preloadBuiltins(Path.of(nvrtc.path()).getParent());
        }
        return require(nvrtc, "NVRTC (libnvrtc.so)");
    }

    /**
     * NVRTC dlopens libnvrtc-builtins.so.X.Y by bare name when it compiles, which the loader finds only on its own
     * search path (not in a pip wheel's folder). Loaded by full path first, the soname matches and dlopen reuses it.
     */
    private static void preloadBuiltins(Path folder) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "libnvrtc-builtins.so.*")) {
            for (Path p : ds) {
                try {
                    SymbolLookup.libraryLookup(p, Arena.global());
                } catch (IllegalArgumentException | UnsatisfiedLinkError e) { /* NVRTC's own error says it */ }
            }
        } catch (IOException e) { /* unreadable folder: NVRTC's own search */ }
    }

    private static SymbolLookup require(Found f, String what) {
        if (f.lookup() != null) return f.lookup();
        throw new IllegalStateException("could not load " + what + "; tried: " + String.join(", ", f.tried())
                + " (set TORCH4J_CUDA_LIBS to the folder that holds it)");
    }

    private static Found find(List<String> names, String symbol, List<Path> folders) {
        List<String> tried = new ArrayList<>();
        for (Path folder : folders) {
            for (String name : names) {
                Path p = folder.resolve(name);
                if (!Files.exists(p)) {
                    tried.add(p + " (absent)");
                    continue;
                }
                Found f = open(p.toString(), symbol, tried);
                if (f != null) return f;
            }
        }
        for (String name : names) { // the loader's own search: LD_LIBRARY_PATH, ld.so.cache
            Found f = open(name, symbol, tried);
            if (f != null) return f;
        }
        return new Found(null, null, tried);
    }

    private static Found open(String path, String symbol, List<String> tried) {
        try {
            SymbolLookup l = SymbolLookup.libraryLookup(path, Arena.global());
            if (l.find(symbol).isPresent()) return new Found(l, path, tried);
            tried.add(path + " (no " + symbol + ")");
        } catch (IllegalArgumentException | UnsatisfiedLinkError | IllegalCallerException e) {
            tried.add(path + " (" + e.getMessage() + ")");
        }
        return null;
    }

    private static List<Path> driverFolders() {
        Set<Path> out = new LinkedHashSet<>(envFolders());
        for (String d : new String[] {"/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/local/nvidia/lib64", "/usr/lib/wsl/lib"}) {
            out.add(Path.of(d));
        }
        return new ArrayList<>(out);
    }

    /** Folders that may hold cuBLAS and NVRTC. */
    static List<Path> libFolders() {
        Set<Path> out = new LinkedHashSet<>(envFolders());
        out.add(Path.of("/usr/local/cuda/lib64"));
        for (Path site : sitePackages()) {
            Path nv = site.resolve("nvidia");
            if (!Files.isDirectory(nv)) continue;
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(nv)) {
                for (Path sub : ds) {
                    if (Files.isDirectory(sub.resolve("lib"))) out.add(sub.resolve("lib"));
                }
            } catch (IOException e) { /* unreadable: skip */ }
        }
        return new ArrayList<>(out);
    }

    private static List<Path> envFolders() {
        List<Path> out = new ArrayList<>();
        String libs = System.getenv("TORCH4J_CUDA_LIBS");
        if (libs != null) for (String s : libs.split(":")) if (!s.isBlank()) out.add(Path.of(s));
        for (String var : new String[] {"CUDA_HOME", "CUDA_PATH"}) {
            String v = System.getenv(var);
            if (v != null && !v.isBlank()) {
                out.add(Path.of(v, "lib64"));
                out.add(Path.of(v, "lib"));
            }
        }
        return out;
    }

    private static List<Path> sitePackages() {
        List<Path> roots = new ArrayList<>();
        String venv = System.getenv("VIRTUAL_ENV");
        if (venv != null) roots.add(Path.of(venv));
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/opt"))) {
            for (Path p : ds) roots.add(p.resolve(".venv"));
        } catch (IOException e) { /* no /opt */ }
        List<Path> out = new ArrayList<>();
        for (Path root : roots) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(root.resolve("lib"), "python3*")) {
                for (Path p : ds) out.add(p.resolve("site-packages"));
            } catch (IOException e) { /* not a venv */ }
        }
        out.add(Path.of("/usr/local/lib/python3/dist-packages"));
        out.add(Path.of("/usr/lib/python3/dist-packages"));
        return out;
    }
}
