package dev.torch4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.torch4j.DType;
import dev.torch4j.backend.BinaryOp;
import dev.torch4j.backend.ReduceOp;
import dev.torch4j.backend.UnaryOp;
import dev.torch4j.backend.cuda.PtxSignatures.PtxParam;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the Java declarations of the CUDA kernels against the CUDA sources, without a GPU: every entry point's
 * PTX parameter list against its {@link KernelSpec} (needs nvcc; skipped without it), and t4j.cuh's op-code enums
 * and dtype codes against the Java enums. A mismatch would otherwise be a silent wrong answer or a crash on a GPU.
 */
class KernelSignatureTest {
    private static final Path CUDA_DIR = Path.of(System.getProperty("basedir", "."), "src", "main", "cuda");

    @Test
    void everyEntryPointMatchesItsKernelSpec(@TempDir Path tmp) throws Exception {
        Path nvcc = findNvcc();
        Assumptions.assumeTrue(nvcc != null, "nvcc not found: the kernel signatures are not checked");
        Map<String, List<PtxParam>> entries = new TreeMap<>(); // "module.entry" -> PTX parameters
        for (Map.Entry<String, String> e : compileToPtx(nvcc, tmp).entrySet()) {
            PtxSignatures.parse(e.getValue()).forEach((name, params) -> entries.put(e.getKey() + "." + name, params));
        }
        Map<String, KernelSpec> specs = declaredSpecs();
        List<String> problems = new ArrayList<>();
        specs.forEach((key, spec) -> {
            List<PtxParam> ptx = entries.get(key);
            if (ptx == null) {
                problems.add(key + ": declared as a KernelSpec but " + spec.module() + ".cu has no such entry point");
                return;
            }
            List<PtxParam> declared = spec.params().stream().map(p -> new PtxParam(p.ptxType(), p.size())).toList();
            if (!declared.equals(ptx)) problems.add(key + ": KernelSpec declares " + declared + ", the PTX has " + ptx);
        });
        for (String key : entries.keySet()) {
            if (!specs.containsKey(key)) problems.add(key + ": entry point without a KernelSpec");
        }
        if (!problems.isEmpty()) fail(problems.size() + " kernel signature problem(s):\n" + String.join("\n", problems));
    }

    @Test
    void opCodeEnumsMatchTheJavaEnums() throws IOException {
        String header = Files.readString(CUDA_DIR.resolve("t4j.cuh"));
        assertEquals(names(UnaryOp.values()), cEnum(header, "T4jUnaryOp", "U_"), "T4jUnaryOp vs UnaryOp");
        assertEquals(names(BinaryOp.values()), cEnum(header, "T4jBinaryOp", "B_"), "T4jBinaryOp vs BinaryOp");
        assertEquals(names(ReduceOp.values()), cEnum(header, "T4jReduceOp", "R_"), "T4jReduceOp vs ReduceOp");
    }

    @Test
    void dtypeCodesAreTheDTypeOrdinals() throws IOException {
        String header = Files.readString(CUDA_DIR.resolve("t4j.cuh"));
        Map<String, Integer> defines = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\s*#define\\s+T4J_(\\w+)\\s+(\\d+)\\s*$").matcher(header);
        while (m.find()) defines.put(m.group(1), Integer.parseInt(m.group(2)));
        for (DType d : dev.torch4j.testing.RealDTypes.values()) {
            assertEquals(d.ordinal(), defines.get(d.name()), "#define T4J_" + d.name() + " vs DType." + d.name());
        }
    }

    private static List<String> names(Enum<?>[] values) { return Arrays.stream(values).map(Enum::name).toList(); }

    /** The constants of C enum {@code name}, in order, each without {@code prefix}. */
    private static List<String> cEnum(String header, String name, String prefix) {
        Matcher m = Pattern.compile("enum\\s+" + name + "\\s*\\{([^}]*)}").matcher(header);
        assertTrue(m.find(), "t4j.cuh has no enum " + name);
        List<String> out = new ArrayList<>();
        for (String c : m.group(1).split(",")) {
            String s = c.strip();
            if (s.isEmpty()) continue; // a trailing comma
            assertTrue(s.matches(prefix + "\\w+"), name + ": constant " + s + " lacks prefix " + prefix + " or has a value");
            out.add(s.substring(prefix.length()));
        }
        return out;
    }

    /** nvcc as build.sh finds it: CUDA_HOME, CUDA_PATH, /usr/local/cuda, then PATH. */
    private static Path findNvcc() {
        List<Path> candidates = new ArrayList<>();
        for (String var : new String[] {"CUDA_HOME", "CUDA_PATH"}) {
            String v = System.getenv(var);
            if (v != null && !v.isBlank()) candidates.add(Path.of(v, "bin", "nvcc"));
        }
        candidates.add(Path.of("/usr/local/cuda/bin/nvcc"));
        String path = System.getenv("PATH");
        if (path != null) for (String d : path.split(File.pathSeparator)) if (!d.isBlank()) candidates.add(Path.of(d, "nvcc"));
        return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    /** Module name to PTX text for every .cu file, compiled concurrently (nvcc is mostly single-threaded). */
    private static Map<String, String> compileToPtx(Path nvcc, Path tmp) throws IOException, InterruptedException {
        List<Path> sources;
        try (Stream<Path> s = Files.list(CUDA_DIR)) {
            sources = s.filter(p -> p.getFileName().toString().endsWith(".cu")).sorted().toList();
        }
        Map<String, Process> running = new LinkedHashMap<>();
        for (Path cu : sources) {
            String module = cu.getFileName().toString().replaceFirst("\\.cu$", "");
            ProcessBuilder pb = new ProcessBuilder(nvcc.toString(), "--ptx", "-arch=compute_90", "-I", CUDA_DIR.toString(),
                    "-o", tmp.resolve(module + ".ptx").toString(), cu.toString())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve(module + ".log").toFile());
            running.put(module, pb.start());
        }
        Map<String, String> out = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Process> e : running.entrySet()) {
            String module = e.getKey();
            Process p = e.getValue();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                failures.add(module + ".cu: nvcc --ptx took over 10 minutes");
            } else if (p.exitValue() != 0) {
                failures.add(module + ".cu: nvcc --ptx failed:\n" + Files.readString(tmp.resolve(module + ".log")));
            } else {
                out.put(module, Files.readString(tmp.resolve(module + ".ptx")));
            }
        }
        if (!failures.isEmpty()) fail(String.join("\n", failures));
        return out;
    }

    /**
     * Every static final KernelSpec field of every class of this package in the main classes folder (found next to
     * KernelSpec.class), keyed "module.name". Fails on an entry point declared twice.
     */
    private static Map<String, KernelSpec> declaredSpecs() throws IOException, URISyntaxException, ReflectiveOperationException {
        Path dir = Path.of(KernelSpec.class.getResource("KernelSpec.class").toURI()).getParent();
        List<String> classes;
        try (Stream<Path> s = Files.list(dir)) {
            classes = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class") && !n.contains("-"))
                    .map(n -> n.substring(0, n.length() - ".class".length())).sorted().toList();
        }
        Map<String, KernelSpec> out = new TreeMap<>();
        Map<String, String> where = new TreeMap<>();
        ClassLoader loader = KernelSpec.class.getClassLoader();
        for (String simple : classes) {
            Class<?> c = Class.forName(KernelSpec.class.getPackageName() + "." + simple, false, loader);
            for (Field f : c.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (f.getType() != KernelSpec.class || !Modifier.isStatic(mod) || !Modifier.isFinal(mod)) continue;
                f.setAccessible(true);
                KernelSpec spec = (KernelSpec) f.get(null); // initialises c: it must not need a GPU to do so
                String key = spec.module() + "." + spec.name();
                String here = c.getSimpleName() + "." + f.getName();
                if (out.put(key, spec) != null) fail(key + " declared twice: " + where.get(key) + " and " + here);
                where.put(key, here);
            }
        }
        return out;
    }
}
