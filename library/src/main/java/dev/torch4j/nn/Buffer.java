package dev.torch4j.nn;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code Tensor} field of a {@link Module} as a buffer ({@code register_buffer}): state that is not a
 * parameter but moves with the module ({@code to(...)}) and, when persistent, is saved in its
 * {@link Module#stateDict()} (like BatchNorm's running statistics).
 *
 * <pre>{@code
 * class Normalizer extends Module {
 *     @Buffer Tensor mean = zeros(3);                       // "mean" in the state dict
 *     @Buffer(persistent = false) Tensor scratch = zeros(3); // moves with the module, not saved
 * }
 * }</pre>
 * A plain tensor field without this annotation (and not a {@link Parameter}) is an ordinary attribute, as in
 * PyTorch. Buffers can also be registered explicitly with {@link Module#registerBuffer}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Buffer {
    /** Whether the buffer is part of the module's state dict. */
    boolean persistent() default true;
}
