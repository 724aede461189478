package dev.torch4j.testing;

import dev.torch4j.MemoryFormat;

/**
 * The keyword arguments of {@code torch.testing.make_tensor}: {@code low}/{@code high} (null: the dtype's defaults),
 * {@code requires_grad}, {@code noncontiguous}, {@code exclude_zero} and {@code memory_format}. Bounds keep whether
 * they were given as whole numbers ({@code long}) or floats, as Python's messages print them. Immutable.
 */
public final class MakeTensorOptions {
    static final MakeTensorOptions DEFAULT = new MakeTensorOptions(null, null, false, false, false, null);

    final Number low, high;
    final boolean requiresGrad, noncontiguous, excludeZero;
    final MemoryFormat memoryFormat;

    private MakeTensorOptions(Number low, Number high, boolean requiresGrad, boolean noncontiguous, boolean excludeZero,
                              MemoryFormat memoryFormat) {
        this.low = low;
        this.high = high;
        this.requiresGrad = requiresGrad;
        this.noncontiguous = noncontiguous;
        this.excludeZero = excludeZero;
        this.memoryFormat = memoryFormat;
    }

    /** {@code low=value} (inclusive). */
    public MakeTensorOptions low(double value) { return new MakeTensorOptions(value, high, requiresGrad, noncontiguous, excludeZero, memoryFormat); }

    /** {@code low=value} as a Python int. */
    public MakeTensorOptions low(long value) { return new MakeTensorOptions(value, high, requiresGrad, noncontiguous, excludeZero, memoryFormat); }

    /** {@code high=value} (exclusive). */
    public MakeTensorOptions high(double value) { return new MakeTensorOptions(low, value, requiresGrad, noncontiguous, excludeZero, memoryFormat); }

    /** {@code high=value} as a Python int. */
    public MakeTensorOptions high(long value) { return new MakeTensorOptions(low, value, requiresGrad, noncontiguous, excludeZero, memoryFormat); }

    /** {@code requires_grad} (floating and complex dtypes only). */
    public MakeTensorOptions requiresGrad(boolean value) { return new MakeTensorOptions(low, high, value, noncontiguous, excludeZero, memoryFormat); }

    /** {@code noncontiguous}: every other element of a tensor twice as long in its last dim. */
    public MakeTensorOptions noncontiguous(boolean value) { return new MakeTensorOptions(low, high, requiresGrad, value, excludeZero, memoryFormat); }

    /** {@code exclude_zero}: zeros become 1 (integral, bool) or the dtype's {@code finfo.tiny}. */
    public MakeTensorOptions excludeZero(boolean value) { return new MakeTensorOptions(low, high, requiresGrad, noncontiguous, value, memoryFormat); }

    /** {@code memory_format} (not with {@code noncontiguous}). */
    public MakeTensorOptions memoryFormat(MemoryFormat value) { return new MakeTensorOptions(low, high, requiresGrad, noncontiguous, excludeZero, value); }
}
