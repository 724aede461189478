package dev.torch4j;

/**
 * {@code torch.*} functions that are short forms or simple compositions of other ops, inherited by {@link Torch}
 * through {@link ComposedFunctions}.
 */
abstract class ShortcutFunctions extends WindowFunctions {
    ShortcutFunctions() {}
}
