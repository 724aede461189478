package dev.torch4j.core;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code promote_types}, {@code can_cast}, {@code result_type} over every dtype pair and operand form (dimensioned
 * tensor, 0-d tensor, Java scalar), and the dtypes real ops return, against PyTorch
 * ({@code scripts/goldens/type_promotion_goldens.py}).
 */
class TypePromotionTest {

    @AfterEach
    void restoreDefault() { Torch.setDefaultDtype(DType.FLOAT32); }

    @TestFactory
    Stream<DynamicTest> goldens() {
        List<DynamicTest> out = new ArrayList<>();
        for (JsonObject c : Golden.cases("type_promotion")) {
            String k = c.get("k").getAsString(), a = c.get("a").getAsString(), b = c.get("b").getAsString();
            out.add(DynamicTest.dynamicTest(k + "(" + a + ", " + b + ")", () -> check(k, a, b, c)));
        }
        return out.stream();
    }

    private static void check(String k, String a, String b, JsonObject c) {
        String what = k + "(" + a + ", " + b + ")";
        switch (k) {
            case "promote" -> {
                DType o = Golden.dtype(c.get("o").getAsString());
                assertEquals(o, TypePromotion.promoteTypes(Golden.dtype(a), Golden.dtype(b)), what);
                assertEquals(o, Torch.promoteTypes(Golden.dtype(a), Golden.dtype(b)), what);
            }
            case "can_cast" -> assertEquals(c.get("o").getAsBoolean(), Torch.canCast(Golden.dtype(a), Golden.dtype(b)), what);
            case "result_type" -> {
                DType o = Golden.dtype(c.get("o").getAsString());
                assertEquals(o, TypePromotion.resultType(operand(a), operand(b)), what);
                if (a.contains(":") && b.contains(":")) assertEquals(o, Torch.resultType(tensor(a), tensor(b)), what);
            }
            default -> assertEquals(Golden.dtype(c.get("o").getAsString()), op(k, tensor(a), b).dtype(), what);
        }
    }

    private static TypePromotion.Operand operand(String s) {
        return switch (s) {
            case "int" -> new TypePromotion.Operand(DType.INT64, TypePromotion.Kind.WRAPPED_SCALAR);
            case "float" -> new TypePromotion.Operand(DType.FLOAT64, TypePromotion.Kind.WRAPPED_SCALAR);
            case "bool" -> new TypePromotion.Operand(DType.BOOL, TypePromotion.Kind.WRAPPED_SCALAR);
            default -> new TypePromotion.Operand(Golden.dtype(s.split(":")[1]),
                    s.startsWith("dim") ? TypePromotion.Kind.DIMENSIONED : TypePromotion.Kind.ZERO_DIM);
        };
    }

    private static Tensor tensor(String s) {
        String[] p = s.split(":");
        return Torch.ones(p[0].equals("dim") ? Size.of(2) : Size.of(), Torch.dtype(Golden.dtype(p[1])));
    }

    private static Tensor op(String op, Tensor x, String b) {
        if (b.equals("int")) {
            return switch (op) {
                case "add" -> x.add(3L);
                case "div" -> x.div(3L);
                case "eq" -> x.eq(3L);
                case "floorDivide" -> x.floorDivide(3L);
                case "mul" -> x.mul(3L);
                default -> throw new IllegalArgumentException(op);
            };
        }
        if (b.equals("float")) {
            return switch (op) {
                case "add" -> x.add(1.5);
                case "div" -> x.div(1.5);
                case "eq" -> x.eq(1.5);
                case "floorDivide" -> x.floorDivide(1.5);
                case "mul" -> x.mul(1.5);
                default -> throw new IllegalArgumentException(op);
            };
        }
        Tensor y = tensor(b);
        return switch (op) {
            case "add" -> x.add(y);
            case "div" -> x.div(y);
            case "eq" -> x.eq(y);
            case "atan2" -> x.atan2(y);
            case "floorDivide" -> x.floorDivide(y);
            case "mul" -> x.mul(y);
            case "maximum" -> x.maximum(y);
            default -> throw new IllegalArgumentException(op);
        };
    }

    /** A wrapped float scalar counts as the default dtype: float64 after set_default_dtype(float64). */
    @Test
    void floatScalarFollowsDefaultDtype() {
        Tensor i = Torch.ones(Size.of(2), Torch.dtype(DType.INT32));
        assertEquals(DType.FLOAT32, i.add(1.5).dtype());
        Torch.setDefaultDtype(DType.FLOAT64);
        assertEquals(DType.FLOAT64, i.add(1.5).dtype());
        assertEquals(DType.FLOAT64, i.div(2L).dtype()); // true division of integers gives the default dtype
        assertEquals(DType.FLOAT32, Torch.ones(Size.of(2), Torch.dtype(DType.FLOAT32)).add(1.5).dtype());
    }
}
