package dev.torch4j.distributions;

import dev.torch4j.ops.SpecialMath;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

/**
 * The platform libm's {@code log}, {@code log1p}, {@code exp}, {@code pow}, {@code tan}, {@code lgamma} and {@code log1pf}, for the
 * samplers that reproduce PyTorch's CPU draws: PyTorch's rejection samplers call the C library, whose results differ
 * from Java's {@code Math} in the last bit for some arguments, and one bit of a {@code pow} or {@code tan} is one bit
 * of a sample. Bound through the FFM API when the JVM allows native access, else {@code Math} (and
 * {@link SpecialMath#lgamma}), close but not bit-exact.
 */
final class NativeMath {
    private NativeMath() {}

    private static final MethodHandle LOG = bind("log", false), EXP = bind("exp", false), TAN = bind("tan", false),
            LGAMMA = bind("lgamma", false), LOG1P = bind("log1p", false), LOG1PF = bind("log1pf", true), POW = bindPow();

    private static MethodHandle bind(String name, boolean isFloat) {
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup lookup = linker.defaultLookup();
            FunctionDescriptor fd = isFloat ? FunctionDescriptor.of(JAVA_FLOAT, JAVA_FLOAT) : FunctionDescriptor.of(JAVA_DOUBLE, JAVA_DOUBLE);
            return lookup.find(name).map(s -> linker.downcallHandle(s, fd, Linker.Option.critical(false))).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null; // e.g. IllegalCallerException without --enable-native-access
        }
    }

    private static MethodHandle bindPow() {
        try {
            Linker linker = Linker.nativeLinker();
            FunctionDescriptor fd = FunctionDescriptor.of(JAVA_DOUBLE, JAVA_DOUBLE, JAVA_DOUBLE);
            return linker.defaultLookup().find("pow").map(s -> linker.downcallHandle(s, fd, Linker.Option.critical(false))).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** Whether every function comes from the platform's libm (so draws are bit-exact with PyTorch there). */
    static boolean platform() {
        return LOG != null && LOG1P != null && EXP != null && TAN != null && LGAMMA != null && LOG1PF != null && POW != null;
    }

    private static double call(MethodHandle h, double x) {
        try {
            return (double) h.invokeExact(x);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static double log(double x) { return LOG == null ? Math.log(x) : call(LOG, x); }

    static double log1p(double x) { return LOG1P == null ? Math.log1p(x) : call(LOG1P, x); }

    static double exp(double x) { return EXP == null ? Math.exp(x) : call(EXP, x); }

    static double tan(double x) { return TAN == null ? Math.tan(x) : call(TAN, x); }

    static double lgamma(double x) { return LGAMMA == null ? SpecialMath.lgamma(x) : call(LGAMMA, x); }

    static double pow(double x, double y) {
        if (POW == null) return Math.pow(x, y);
        try {
            return (double) POW.invokeExact(x, y);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** C's {@code log1pf}: what {@code std::log1p} computes for a float argument. */
    static float log1pf(float x) {
        if (LOG1PF == null) return (float) Math.log1p(x);
        try {
            return (float) LOG1PF.invokeExact(x);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
