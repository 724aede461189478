package dev.torch4j.onnx;

import com.google.gson.JsonObject;
import dev.torch4j.Device;

/** {@link OnnxModelTest}'s fixtures for tests in other packages (the CUDA pass). */
public final class OnnxModelTestAccess {
    private OnnxModelTestAccess() {}

    /** The model exported as {@code name}. */
    public static OnnxModel load(String name) { return OnnxModelTest.load(name); }

    /** Its golden case. */
    public static JsonObject golden(String name) { return OnnxModelTest.golden(name); }

    /** The golden case of a control-flow or detection fixture ({@link OnnxControlFlowTest#FIXTURES}). */
    public static JsonObject controlGolden(String name) { return OnnxControlFlowTest.golden(name); }

    /** The control-flow and detection fixtures. */
    public static java.util.List<String> controlFixtures() { return OnnxControlFlowTest.FIXTURES; }

    /** Checks every golden run on {@code device}. */
    public static void check(OnnxModel m, JsonObject c, Device device) { OnnxModelTest.check(m, c, device); }
}
