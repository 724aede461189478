package dev.torch4j.testing;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The keyword arguments of {@code torch.testing.assert_close}: {@code rtol}/{@code atol} (both or neither; neither
 * picks the dtypes' defaults), {@code equal_nan}, {@code check_device}, {@code check_dtype}, {@code check_stride} and
 * {@code msg}. Immutable: each setter returns a new value.
 */
public final class CloseOptions {
    static final CloseOptions DEFAULT = new CloseOptions(null, null, false, true, true, false, null);

    final Double rtol, atol;
    final boolean equalNan, checkDevice, checkDtype, checkStride;
    /** null, a String (replaces the message) or a UnaryOperator of the generated message. */
    final Object msg;

    private CloseOptions(Double rtol, Double atol, boolean equalNan, boolean checkDevice, boolean checkDtype,
                         boolean checkStride, Object msg) {
        this.rtol = rtol;
        this.atol = atol;
        this.equalNan = equalNan;
        this.checkDevice = checkDevice;
        this.checkDtype = checkDtype;
        this.checkStride = checkStride;
        this.msg = msg;
    }

    /** {@code rtol=value}; {@code atol} must be given too. */
    public CloseOptions rtol(double value) { return new CloseOptions(value, atol, equalNan, checkDevice, checkDtype, checkStride, msg); }

    /** {@code atol=value}; {@code rtol} must be given too. */
    public CloseOptions atol(double value) { return new CloseOptions(rtol, value, equalNan, checkDevice, checkDtype, checkStride, msg); }

    /** {@code equal_nan}: NaN matches NaN (default false). */
    public CloseOptions equalNan(boolean value) { return new CloseOptions(rtol, atol, value, checkDevice, checkDtype, checkStride, msg); }

    /** {@code check_device} (default true); when false, tensors on different devices are compared on the CPU. */
    public CloseOptions checkDevice(boolean value) { return new CloseOptions(rtol, atol, equalNan, value, checkDtype, checkStride, msg); }

    /** {@code check_dtype} (default true); when false, values are compared in the promoted dtype. */
    public CloseOptions checkDtype(boolean value) { return new CloseOptions(rtol, atol, equalNan, checkDevice, value, checkStride, msg); }

    /** {@code check_stride} (default false). */
    public CloseOptions checkStride(boolean value) { return new CloseOptions(rtol, atol, equalNan, checkDevice, checkDtype, value, msg); }

    /** {@code msg="..."}: the whole message of any failure. */
    public CloseOptions msg(String message) {
        return new CloseOptions(rtol, atol, equalNan, checkDevice, checkDtype, checkStride, Objects.requireNonNull(message, "msg"));
    }

    /** {@code msg=callable}: the generated message passed through {@code edit}. */
    public CloseOptions msg(UnaryOperator<String> edit) {
        return new CloseOptions(rtol, atol, equalNan, checkDevice, checkDtype, checkStride, Objects.requireNonNull(edit, "msg"));
    }
}
