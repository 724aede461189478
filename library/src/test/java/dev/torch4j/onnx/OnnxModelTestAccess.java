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

    /** Checks every golden run on {@code device}. */
    public static void check(OnnxModel m, JsonObject c, Device device) { OnnxModelTest.check(m, c, device); }
}
