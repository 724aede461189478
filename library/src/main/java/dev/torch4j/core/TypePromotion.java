package dev.torch4j.core;

import dev.torch4j.DType;

import static dev.torch4j.DType.*;

/** PyTorch's type promotion: {@code torch.promote_types} and the category rules of {@code torch.result_type}. */
public final class TypePromotion {
    private TypePromotion() {}

    // Rows/cols in DType ordinal order: u8 i8 i16 i32 i64 f16 f32 f64 b bf16 (c10's promoteTypesLookup, complex omitted).
    private static final DType u1 = UINT8, i1 = INT8, i2 = INT16, i4 = INT32, i8 = INT64, f2 = FLOAT16, f4 = FLOAT32,
            f8 = FLOAT64, b1 = BOOL, bf = BFLOAT16;
    private static final DType[][] TABLE = {
            /* u1 */ {u1, i2, i2, i4, i8, f2, f4, f8, u1, bf},
            /* i1 */ {i2, i1, i2, i4, i8, f2, f4, f8, i1, bf},
            /* i2 */ {i2, i2, i2, i4, i8, f2, f4, f8, i2, bf},
            /* i4 */ {i4, i4, i4, i4, i8, f2, f4, f8, i4, bf},
            /* i8 */ {i8, i8, i8, i8, i8, f2, f4, f8, i8, bf},
            /* f2 */ {f2, f2, f2, f2, f2, f2, f4, f8, f2, f4},
            /* f4 */ {f4, f4, f4, f4, f4, f4, f4, f8, f4, f4},
            /* f8 */ {f8, f8, f8, f8, f8, f8, f8, f8, f8, f8},
            /* b1 */ {u1, i1, i2, i4, i8, f2, f4, f8, b1, bf},
            /* bf */ {bf, bf, bf, bf, bf, f4, f4, f8, bf, bf},
    };

    /** {@code torch.promote_types(a, b)}. */
    public static DType promoteTypes(DType a, DType b) {
        if (a.isQuantized() || b.isQuantized()) {
            if (a == b) return a;
            throw new IllegalArgumentException("promoteTypes with quantized numbers is not handled yet; figure out what the correct "
                    + "rules should be, offending types: " + a.scalarTypeName() + " " + b.scalarTypeName());
        }
        if (a.isComplex() || b.isComplex()) {
            // c10: the complex type of the two value types promoted (complex64 with float64 is complex128); an
            // integral or half partner leaves the complex side's precision
            DType ra = a.toReal(), rb = b.toReal();
            return (TABLE[ra.ordinal()][rb.ordinal()] == FLOAT64 ? FLOAT64 : FLOAT32).toComplex();
        }
        return TABLE[a.ordinal()][b.ordinal()];
    }

    /** Category rank: bool 0, integral 1, floating 2, complex 3. */
    public static int category(DType t) {
        return t == BOOL ? 0 : t.isComplex() ? 3 : t.isFloatingPoint() ? 2 : 1;
    }

    /** An operand as {@code result_type} sees it: its dtype and whether it is a dim>0 tensor, a 0-d tensor or a wrapped scalar. */
    public record Operand(DType dtype, Kind kind) {}

    /** Priority classes of operands in type promotion. */
    public enum Kind { DIMENSIONED, ZERO_DIM, WRAPPED_SCALAR }

    /**
     * {@code torch.result_type} over operands: dimensioned tensors win over 0-d tensors, which win over Java scalars,
     * unless the lower-priority operand is of a higher category (bool &lt; integral &lt; floating).
     * A wrapped floating scalar counts as the default dtype (float32 unless changed).
     */
    public static DType resultType(Operand... ops) {
        DType dim = null, zero = null, wrapped = null;
        for (Operand o : ops) {
            switch (o.kind()) {
                case DIMENSIONED -> dim = dim == null ? o.dtype() : promoteTypes(dim, o.dtype());
                case ZERO_DIM -> zero = zero == null ? o.dtype() : promoteTypes(zero, o.dtype());
                case WRAPPED_SCALAR -> {
                    DType t = o.dtype().isComplex() ? Defaults.floatDType().toComplex()
                            : o.dtype().isFloatingPoint() ? Defaults.floatDType() : o.dtype();
                    wrapped = wrapped == null ? t : promoteTypes(wrapped, t);
                }
            }
        }
        return combine(combine(dim, zero), wrapped);
    }

    /** c10's combine_categories: a lower-priority operand only raises the result's category, never its width. */
    private static DType combine(DType higher, DType lower) {
        if (higher == null) return lower;
        if (lower == null) return higher;
        if (higher.isComplex()) return higher;
        if (lower.isComplex()) {
            // a float tensor with a complex scalar keeps its precision: float32 with complex128 gives complex64
            if (higher.isFloatingPoint()) return (higher == FLOAT64 ? FLOAT64 : FLOAT32).toComplex();
            return lower;
        }
        if (higher.isFloatingPoint()) return higher;
        if (higher == BOOL || lower.isFloatingPoint()) return promoteTypes(higher, lower);
        return higher;
    }

    /** {@code torch.can_cast(from, to)}: false when casting would lower the category. */
    public static boolean canCast(DType from, DType to) {
        return category(from) <= category(to);
    }
}
