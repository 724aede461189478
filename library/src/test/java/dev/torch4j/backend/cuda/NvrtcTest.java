package dev.torch4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The NVRTC binding, without a GPU (NVRTC needs none): skipped where libnvrtc is not found. Set
 * {@code -Dtorch4j.nvrtc.all=true} to compile every kernel module (slow: minutes), as CudaModules does at run time.
 */
class NvrtcTest {
    private static final Path CUDA_DIR = Path.of(System.getProperty("basedir", "."), "src", "main", "cuda");
    private static final List<String> OPTIONS = List.of("--gpu-architecture=sm_90", "-default-device", "--std=c++17");

    @BeforeAll
    static void needsNvrtc() {
        boolean found;
        try {
            CudaLibs.nvrtc();
            found = true;
        } catch (IllegalStateException e) {
            found = false;
        }
        Assumptions.assumeTrue(found, "NVRTC not found");
        // scripts/cuda-emu's stand-in (version 99.0) accepts every source and makes no cubin
        Assumptions.assumeFalse(Nvrtc.version() == 99_000, "NVRTC is the CUDA emulator's stand-in");
    }

    @Test
    void compilesAKernelWithTheSharedHeaderToACubin() throws Exception {
        String src = """
                #include "t4j.cuh"
                extern "C" __global__ void k(Iter it, float* out) {
                    T4J_GRID_STRIDE(i, it.numel) out[t4j_offset(it, 0, i)] = t4j_half2float(t4j_float2half(1.5f));
                }
                """;
        byte[] cubin = Nvrtc.compile("k.cu", src, Map.of("t4j.cuh", Files.readString(CUDA_DIR.resolve("t4j.cuh"))), OPTIONS);
        assertTrue(cubin.length > 4, "empty cubin");
        assertEquals(0x7f, cubin[0]);  // an ELF image
        assertEquals('E', cubin[1]);
        assertTrue(Nvrtc.version() >= 11000, "version " + Nvrtc.version());
    }

    @Test
    void aCompileErrorThrowsWithTheLog() {
        CudaException e = assertThrows(CudaException.class, () -> Nvrtc.compile("bad.cu",
                "extern \"C\" __global__ void k(int x) { undefined_thing(x); }", Map.of(), OPTIONS));
        assertEquals(Nvrtc.ERROR_COMPILATION, e.code());
        assertTrue(e.getMessage().contains("undefined_thing"), e.getMessage());
    }

    @Test
    void everyKernelModuleCompiles() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("torch4j.nvrtc.all"), "set -Dtorch4j.nvrtc.all=true");
        Map<String, String> headers = Map.of("t4j.cuh", Files.readString(CUDA_DIR.resolve("t4j.cuh")));
        List<Path> sources;
        try (Stream<Path> s = Files.list(CUDA_DIR)) {
            sources = s.filter(p -> p.toString().endsWith(".cu")).sorted().toList();
        }
        List<String> failures = new ArrayList<>();
        for (Path cu : sources) {
            try {
                Nvrtc.compile(cu.getFileName().toString(), Files.readString(cu), headers, OPTIONS);
            } catch (CudaException e) {
                failures.add(e.getMessage());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n\n", failures));
    }
}
