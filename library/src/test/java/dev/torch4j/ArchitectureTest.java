package dev.torch4j;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.torch4j.backend.cpu.CpuStorage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layer rule of DESIGN.md §3: dependencies point downward only. The tensor core knows nothing but Java and the
 * two value types; backends never see the {@code Tensor} handle or anything above them; the op layer reaches the
 * CPU backend only through the {@code Backend} interface, except {@link CpuStorage} (wrapping Java arrays) and the
 * CPU generator in {@code backend.cpu.random}.
 * (examples and benchmarks are separate Maven modules, so nothing here can depend on them.)
 */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        // main classes only, whatever the build directory is called (-Dt4j.buildDir moves it out of target/)
        ImportOption mainOnly = location -> !location.contains("/test-classes/");
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).withImportOption(mainOnly)
                .importPackages("dev.torch4j");
    }

    private static void check(ArchRule rule) {
        // ArchUnit before 1.4.1 cannot read Java 25 class files and imports nothing: say so rather than pass vacuously
        Assumptions.assumeTrue(main.contain(Tensor.class),
                "ArchUnit imported no torch4j classes (class files newer than its ASM? archunit.version must be >= 1.4.1)");
        rule.check(main);
    }

    /** A class, or an array of it, whose base type is one of the named classes (or nested in one). */
    private static DescribedPredicate<JavaClass> baseTypeIn(String... names) {
        Set<String> set = Set.of(names);
        return DescribedPredicate.describe("type " + set, c -> {
            String n = c.getBaseComponentType().getName();
            int nested = n.indexOf('$');
            return set.contains(nested < 0 ? n : n.substring(0, nested));
        });
    }

    @Test
    void backendsSeeNoTensorsAndNothingAbove() {
        check(noClasses().that().resideInAPackage("dev.torch4j.backend..")
                .should().dependOnClassesThat(resideInAnyPackage("dev.torch4j.ops..", "dev.torch4j.format..",
                        "dev.torch4j.autograd..", "dev.torch4j.nn..", "dev.torch4j.optim..", "dev.torch4j.data..",
                        "dev.torch4j.io..", "dev.torch4j.vision..").or(baseTypeIn("dev.torch4j.Tensor", "dev.torch4j.Torch")))
                .because("backends get Strided descriptors, never the Tensor handle, and sit below the op layer (DESIGN.md §3)"));
    }

    @Test
    void lowerLayersDoNotReachUpToVision() {
        check(noClasses().that().resideInAnyPackage("dev.torch4j.ops..", "dev.torch4j.autograd..", "dev.torch4j.nn..",
                        "dev.torch4j.optim..", "dev.torch4j.data..", "dev.torch4j.io..", "dev.torch4j.format..", "dev.torch4j.core..")
                .should().dependOnClassesThat(resideInAPackage("dev.torch4j.vision.."))
                .because("vision sits on top of io and data (docs/ARCHITECTURE.md): images and datasets use the library, not the reverse"));
    }

    @Test
    void nothingReachesUpToTensorboard() {
        check(noClasses().that().resideOutsideOfPackage("dev.torch4j.tensorboard..")
                .should().dependOnClassesThat(resideInAPackage("dev.torch4j.tensorboard.."))
                .because("tensorboard logging sits on top of everything (docs/ARCHITECTURE.md): nothing in the library logs through it"));
    }

    @Test
    void nothingReachesUpToTheProfiler() {
        check(noClasses().that().resideOutsideOfPackage("dev.torch4j.profiler..")
                .should().dependOnClassesThat(resideInAPackage("dev.torch4j.profiler.."))
                .because("lower layers report to the profiler only through core.Profiling's hooks (docs/ARCHITECTURE.md)"));
    }

    @Test
    void testingAndHubSitOnTop() {
        check(noClasses().that().resideOutsideOfPackage("dev.torch4j.testing..")
                .should().dependOnClassesThat(resideInAPackage("dev.torch4j.testing.."))
                .because("torch.testing's assertions are for users' tests (docs/ARCHITECTURE.md): the library never asserts through them"));
        check(noClasses().that().resideOutsideOfPackages("dev.torch4j.hub..", "dev.torch4j.vision..")
                .should().dependOnClassesThat(resideInAPackage("dev.torch4j.hub.."))
                .because("only pretrained weights download (docs/ARCHITECTURE.md): no lower layer reaches the network"));
    }

    @Test
    void quantizationSitsAboveNn() {
        check(noClasses().that().resideOutsideOfPackage("dev.torch4j.ao..")
                .should().dependOnClassesThat(resideInAPackage("dev.torch4j.ao.."))
                .because("torch.ao.quantization's observers and FakeQuantize are modules over nn and the fake-quant ops "
                        + "(docs/ARCHITECTURE.md): nothing below them knows quantization"));
    }

    @Test
    void sparseSitsAboveTheDenseLayers() {
        check(noClasses().that().resideInAnyPackage("dev.torch4j.ops..", "dev.torch4j.autograd..", "dev.torch4j.backend..",
                        "dev.torch4j.format..", "dev.torch4j.core..", "dev.torch4j.nn..", "dev.torch4j.optim..", "dev.torch4j.data..",
                        "dev.torch4j.io..")
                .should().dependOnClassesThat(resideInAPackage("dev.torch4j.sparse.."))
                .because("sparse tensors are composed of dense ops through Tensor's public API (docs/ARCHITECTURE.md): "
                        + "no dense layer may know them, so a sparse tensor can never reach a dense kernel"));
    }

    @Test
    void coreDependsOnlyOnJavaAndValueTypes() {
        check(classes().that().resideInAPackage("dev.torch4j.core..")
                .should().onlyDependOnClassesThat(resideInAnyPackage("java..", "dev.torch4j.core..")
                        .or(baseTypeIn("dev.torch4j.DType", "dev.torch4j.Device"))
                        .or(DescribedPredicate.describe("primitive", c -> c.getBaseComponentType().isPrimitive())))
                .because("the tensor core is the bottom layer: shape arithmetic, type promotion, defaults"));
    }

    @Test
    void opsReachTheCpuBackendOnlyThroughTheInterface() {
        check(noClasses().that().resideInAPackage("dev.torch4j.ops..")
                .should().dependOnClassesThat(resideInAPackage("dev.torch4j.backend.cpu..")
                        .and(not(type(CpuStorage.class))).and(not(resideInAPackage("dev.torch4j.backend.cpu.random.."))))
                .because("ops dispatch through Backend so a new backend gets every op; CpuStorage alone may be used to wrap "
                        + "Java arrays, and backend.cpu.random is PyTorch's CPU generator, which draws the numbers for "
                        + "every device (see docs/ARCHITECTURE.md)"));
    }
}
