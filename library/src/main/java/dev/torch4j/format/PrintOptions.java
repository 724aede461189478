package dev.torch4j.format;

import java.util.Objects;

/**
 * Print options, as {@code torch.set_printoptions}: immutable, with PyTorch's defaults and profiles, plus the
 * process-wide current value that {@link TensorFormatter} uses when no options are passed.
 *
 * @param precision number of digits after the decimal point (default 4)
 * @param threshold number of elements above which the output is summarised with {@code ...} (default 1000;
 *                  {@code Double.POSITIVE_INFINITY} in the {@code full} profile)
 * @param edgeitems items kept at the start and end of each summarised dimension (default 3)
 * @param linewidth characters per line used for wrapping (default 80)
 * @param sciMode   {@code null} (default): scientific notation chosen automatically; {@code TRUE}/{@code FALSE} force it
 */
public record PrintOptions(int precision, double threshold, int edgeitems, int linewidth, Boolean sciMode) {
    /** {@code profile="default"}: precision 4, threshold 1000, edgeitems 3, linewidth 80. */
    public static final PrintOptions DEFAULT = new PrintOptions(4, 1000, 3, 80, null);
    /** {@code profile="short"}: precision 2, threshold 1000, edgeitems 2, linewidth 80. */
    public static final PrintOptions SHORT = new PrintOptions(2, 1000, 2, 80, null);
    /** {@code profile="full"}: precision 4, no summarisation, edgeitems 3, linewidth 80. */
    public static final PrintOptions FULL = new PrintOptions(4, Double.POSITIVE_INFINITY, 3, 80, null);

    private static volatile PrintOptions current = DEFAULT;

    public PrintOptions {
        if (precision < 0) throw new IllegalArgumentException("precision must be >= 0, got " + precision);
        if (edgeitems < 0) throw new IllegalArgumentException("edgeitems must be >= 0, got " + edgeitems);
        if (Double.isNaN(threshold)) throw new IllegalArgumentException("threshold must not be NaN");
    }

    /** The named profile: {@code "default"}, {@code "short"} or {@code "full"}. */
    public static PrintOptions profile(String name) {
        return switch (Objects.requireNonNull(name, "name")) {
            case "default" -> DEFAULT;
            case "short" -> SHORT;
            case "full" -> FULL;
            default -> throw new IllegalArgumentException(
                    "Unknown print profile '" + name + "': expected one of default, short, full");
        };
    }

    /** The process-wide options in effect ({@code torch._tensor_str.PRINT_OPTS}). */
    public static PrintOptions get() { return current; }

    /** Replaces the process-wide options. */
    public static void set(PrintOptions options) { current = Objects.requireNonNull(options, "options"); }

    /**
     * Exactly {@code torch.set_printoptions(precision, threshold, edgeitems, linewidth, profile, sci_mode)}:
     * starts from the current options, applies {@code profile} if non-null (which resets precision, threshold,
     * edgeitems and linewidth), then each non-null argument; {@code sciMode} is always replaced (null = auto),
     * as in PyTorch. Stores and returns the result.
     */
    public static PrintOptions update(Integer precision, Double threshold, Integer edgeitems, Integer linewidth,
                                      String profile, Boolean sciMode) {
        synchronized (PrintOptions.class) {
            PrintOptions o = current;
            if (profile != null) {
                PrintOptions p = profile(profile);
                o = new PrintOptions(p.precision, p.threshold, p.edgeitems, p.linewidth, o.sciMode);
            }
            o = new PrintOptions(
                    precision != null ? precision : o.precision,
                    threshold != null ? threshold : o.threshold,
                    edgeitems != null ? edgeitems : o.edgeitems,
                    linewidth != null ? linewidth : o.linewidth,
                    sciMode);
            current = o;
            return o;
        }
    }

    public PrintOptions withPrecision(int precision) {
        return new PrintOptions(precision, threshold, edgeitems, linewidth, sciMode);
    }

    public PrintOptions withThreshold(double threshold) {
        return new PrintOptions(precision, threshold, edgeitems, linewidth, sciMode);
    }

    public PrintOptions withEdgeitems(int edgeitems) {
        return new PrintOptions(precision, threshold, edgeitems, linewidth, sciMode);
    }

    public PrintOptions withLinewidth(int linewidth) {
        return new PrintOptions(precision, threshold, edgeitems, linewidth, sciMode);
    }

    public PrintOptions withSciMode(Boolean sciMode) {
        return new PrintOptions(precision, threshold, edgeitems, linewidth, sciMode);
    }
}
