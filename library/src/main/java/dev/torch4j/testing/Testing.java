package dev.torch4j.testing;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Size;
import dev.torch4j.Tensor;

import java.util.Objects;

/**
 * {@code torch.testing}: PyTorch's assertions and test-tensor factory.
 *
 * <pre>{@code
 * Testing.assertClose(model(x), expected);                                 // float32: rtol 1.3e-6, atol 1e-5
 * Testing.assertClose(actual, expected, Testing.close().rtol(1e-3).atol(1e-3));
 * Testing.assertClose(model.stateDict(), reloaded.stateDict());           // maps and lists recurse
 * Tensor x = Testing.makeTensor(Size.of(3, 4), DType.FLOAT32, Device.CPU);  // uniform in [-9, 9)
 * }</pre>
 */
public final class Testing {
    private Testing() {}

    /** Default options for {@link #assertClose(Object, Object, CloseOptions)}, to refine: {@code Testing.close().equalNan(true)}. */
    public static CloseOptions close() { return CloseOptions.DEFAULT; }

    /** Default options for {@link #makeTensor(Size, DType, Device, MakeTensorOptions)}. */
    public static MakeTensorOptions make() { return MakeTensorOptions.DEFAULT; }

    /** {@code torch.testing.assert_close(actual, expected)}; see {@link #assertClose(Object, Object, CloseOptions)}. */
    public static void assertClose(Object actual, Object expected) { assertClose(actual, expected, CloseOptions.DEFAULT); }

    /**
     * {@code torch.testing.assert_close(actual, expected, ...)}: passes when {@code |actual - expected| <= atol +
     * rtol * |expected|} elementwise (infinities only equal to themselves, NaN only with {@code equalNan}) and the
     * shapes, devices and dtypes agree (the last two unless switched off; strides when asked).
     *
     * <p>Inputs: {@link Tensor}s; Java numbers ({@code Integer}/{@code Long}/{@code Short}/{@code Byte} as Python's
     * {@code int}, {@code Float}/{@code Double} as {@code float}); {@code Boolean}s; {@link java.util.List}s, arrays
     * (object or primitive) as Python sequences, compared element by element; {@link java.util.Map}s, compared key
     * by key. Default tolerances by dtype (the looser of the two inputs'): float16 1e-3/1e-5, bfloat16 1.6e-2/1e-5,
     * float32 and complex64 1.3e-6/1e-5, float64 and complex128 1e-7/1e-7, others 0/0 (then "not equal").
     *
     * @throws AssertionError           with PyTorch's message when they are not close (which item, if nested)
     * @throws IllegalArgumentException when only one of rtol and atol is given, or the inputs cannot be compared
     */
    public static void assertClose(Object actual, Object expected, CloseOptions options) {
        Comparison.assertClose(actual, expected, Objects.requireNonNull(options, "options"));
    }

    /**
     * {@code torch.testing._comparison.default_tolerances(*dtypes)}: {@code {rtol, atol}}, the loosest of the dtypes'.
     */
    public static double[] defaultTolerances(DType... dtypes) { return Comparison.defaultTolerances(dtypes); }

    /** {@code make_tensor(shape, dtype=dtype, device=device)}; see {@link #makeTensor(Size, DType, Device, MakeTensorOptions)}. */
    public static Tensor makeTensor(Size shape, DType dtype, Device device) {
        return makeTensor(shape, dtype, device, MakeTensorOptions.DEFAULT);
    }

    /**
     * {@code torch.testing.make_tensor(shape, dtype=dtype, device=device, ...)} as PyTorch 2.x draws it: bool
     * {@code randint(0, 2)}; integers {@code randint(ceil(low), ceil(high))} with defaults [-9, 10) clamped to the
     * dtype; floating and complex (each part) {@code uniform_(low, high)} with defaults [-9, 9) clamped to the
     * dtype's finite range. So after the same {@code manualSeed} the CPU values are PyTorch's.
     *
     * @throws IllegalArgumentException for NaN bounds, {@code low >= high} (equal bounds are allowed for floating
     *                                  dtypes, as 2.1-2.2 allow them), bounds outside the dtype, {@code requiresGrad}
     *                                  with a bool or integral dtype, or both {@code noncontiguous} and a memory format
     */
    public static Tensor makeTensor(Size shape, DType dtype, Device device, MakeTensorOptions options) {
        return Creation.makeTensor(Objects.requireNonNull(shape, "shape").toArray(), Objects.requireNonNull(dtype, "dtype"),
                Objects.requireNonNull(device, "device"), Objects.requireNonNull(options, "options"));
    }
}
