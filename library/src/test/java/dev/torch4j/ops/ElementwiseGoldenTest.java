package dev.torch4j.ops;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import dev.torch4j.testing.GoldenArgs;
import dev.torch4j.testing.GoldenArgs.Arg;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every elementwise op on every dtype against PyTorch ({@code scripts/goldens/elementwise_goldens.py} writes
 * {@code elementwise.json} and {@code elementwise_binary.json}): special values, broadcasting, Java scalars,
 * non-contiguous inputs, in-place variants, where / clamp / maskedFill, and the errors PyTorch raises.
 *
 * <p>Cases PyTorch marks "not implemented for" a dtype (a missing kernel, e.g. {@code abs} on bool, {@code gelu} on
 * integers) are reported as skipped: torch4j may compute something there, but there is no reference.
 */
class ElementwiseGoldenTest {

    @TestFactory
    Stream<DynamicTest> elementwise() { return tests("elementwise"); }

    @TestFactory
    Stream<DynamicTest> elementwiseBinary() { return tests("elementwise_binary"); }

    private static Stream<DynamicTest> tests(String file) {
        List<JsonObject> cases = Golden.cases(file);
        GoldenArgs args = new GoldenArgs(cases);
        List<DynamicTest> out = new ArrayList<>();
        for (JsonObject c : cases.subList(1, cases.size())) {
            out.add(DynamicTest.dynamicTest(c.get("name").getAsString(), () -> check(args, c)));
        }
        return out.stream();
    }

    private static void check(GoldenArgs ga, JsonObject c) {
        String name = c.get("name").getAsString();
        Assumptions.assumeFalse(c.has("unsupported"), () -> "PyTorch has no kernel: " + c.get("unsupported").getAsString());
        List<Arg> args = new ArrayList<>();
        for (JsonElement e : c.getAsJsonArray("args")) args.add(ga.arg(e.getAsJsonObject()));
        JsonObject kw = c.has("kwargs") ? c.getAsJsonObject("kwargs") : new JsonObject();
        String op = c.get("op").getAsString();
        if (c.has("error")) {
            String expect = c.get("expect").getAsString();
            RuntimeException e = assertThrows(RuntimeException.class, () -> apply(op, args, kw),
                    () -> name + ": PyTorch raises: " + c.get("error").getAsString());
            assertTrue(String.valueOf(e.getMessage()).contains(expect),
                    () -> name + ": message should contain \"" + expect + "\" but was: " + e.getMessage());
            return;
        }
        Tensor r = apply(op, args, kw);
        if (c.has("inplace")) assertSame(args.get(0).tensor(), r, name + ": in-place op returns self");
        Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), r, name);
        if (c.has("base")) Golden.assertClose(Golden.tensor(c.getAsJsonObject("base")), args.get(0).base(), name + " (base)");
    }

    /** Runs the named op as a torch4j user would write it. */
    static Tensor apply(String op, List<Arg> args, JsonObject kw) {
        Tensor x = args.get(0).tensor();
        return switch (op) {
            case "where" -> where(args);
            case "clamp" -> x.clamp(opt(kw, "min"), opt(kw, "max"));
            case "clamp_" -> x.clamp_(GoldenArgs.number(kw.get("min")), GoldenArgs.number(kw.get("max")));
            case "clampTensor" -> kw.has("maxOnly") ? x.clamp(null, args.get(1).tensor())
                    : x.clamp(args.get(1).tensor(), args.size() > 2 ? args.get(2).tensor() : null);
            case "maskedFill" -> x.maskedFill(args.get(1).tensor(), GoldenArgs.number(kw.get("value")));
            case "maskedFill_" -> x.maskedFill_(args.get(1).tensor(), GoldenArgs.number(kw.get("value")));
            case "maskedFillTensor" -> x.maskedFill(args.get(1).tensor(), args.get(2).tensor());
            default -> args.size() == 1 ? unary(op, x) : binary(op, x, args.get(1).value(), kw);
        };
    }

    private static Double opt(JsonObject kw, String k) { return kw.has(k) ? GoldenArgs.number(kw.get(k)) : null; }

    private static Tensor where(List<Arg> args) {
        Tensor cond = args.get(0).tensor(), a = args.get(1).tensor();
        Object b = args.get(2).value();
        if (b instanceof Tensor t) return Torch.where(cond, a, t);
        if (b instanceof Double d) return a.where(cond, d);
        // no where(cond, long) overload: a 0-d int64 tensor promotes like a Python int against a dimensioned tensor
        return Torch.where(cond, a, Torch.tensor((long) (Long) b));
    }

    static Tensor unary(String op, Tensor x) {
        return switch (op) {
            case "neg" -> x.neg();
            case "abs" -> x.abs();
            case "exp" -> x.exp();
            case "log" -> x.log();
            case "log1p" -> x.log1p();
            case "expm1" -> x.expm1();
            case "sqrt" -> x.sqrt();
            case "rsqrt" -> x.rsqrt();
            case "sin" -> x.sin();
            case "cos" -> x.cos();
            case "tan" -> x.tan();
            case "tanh" -> x.tanh();
            case "sigmoid" -> x.sigmoid();
            case "relu" -> x.relu();
            case "gelu" -> x.gelu();
            case "gelu_tanh" -> x.gelu("tanh");
            case "silu" -> x.silu();
            case "erf" -> x.erf();
            case "floor" -> x.floor();
            case "ceil" -> x.ceil();
            case "round" -> x.round();
            case "trunc" -> x.trunc();
            case "sign" -> x.sign();
            case "reciprocal" -> x.reciprocal();
            case "square" -> x.square();
            case "isnan" -> x.isnan();
            case "isinf" -> x.isinf();
            case "isfinite" -> x.isfinite();
            case "logicalNot" -> x.logicalNot();
            case "acos" -> x.acos();
            case "asin" -> x.asin();
            case "atan" -> x.atan();
            case "acosh" -> x.acosh();
            case "asinh" -> x.asinh();
            case "atanh" -> x.atanh();
            case "cosh" -> x.cosh();
            case "sinh" -> x.sinh();
            case "log2" -> x.log2();
            case "log10" -> x.log10();
            case "exp2" -> x.exp2();
            case "erfc" -> x.erfc();
            case "deg2rad" -> x.deg2rad();
            case "rad2deg" -> x.rad2deg();
            case "signbit" -> x.signbit();
            case "nanToNum" -> x.nanToNum();
            case "isposinf" -> x.isposinf();
            case "isneginf" -> x.isneginf();
            case "sgn" -> x.sgn();
            case "fix" -> x.fix();
            case "positive" -> x.positive();
            case "lgamma" -> x.lgamma();
            case "digamma" -> x.digamma();
            case "erfinv" -> x.erfinv();
            case "bitwiseNot" -> x.bitwiseNot();
            case "neg_" -> x.neg_();
            case "exp_" -> x.exp_();
            case "sqrt_" -> x.sqrt_();
            case "sigmoid_" -> x.sigmoid_();
            case "round_" -> x.round_();
            case "abs_" -> x.abs_();
            case "relu_" -> x.relu_();
            case "logicalNot_" -> x.logicalNot_();
            case "floor_" -> x.floor_();
            case "square_" -> x.square_();
            default -> throw new IllegalArgumentException("unknown unary op " + op);
        };
    }

    static Tensor binary(String op, Tensor x, Object y, JsonObject kw) {
        if (kw.has("self_alias")) return x.add_(x.t());
        if (kw.has("rounding_mode")) return x.div((Tensor) y, kw.get("rounding_mode").getAsString());
        if (kw.has("alpha")) {
            double alpha = kw.get("alpha").getAsDouble();
            return switch (op) {
                case "add" -> x.add((Tensor) y, alpha);
                case "sub" -> x.sub((Tensor) y, alpha);
                case "add_" -> x.add_((Tensor) y, alpha);
                default -> throw new IllegalArgumentException(op + " has no alpha");
            };
        }
        if (y instanceof Long l) {
            long v = l;
            return switch (op) {
                case "add" -> x.add(v);
                case "sub" -> x.sub(v);
                case "mul" -> x.mul(v);
                case "div" -> x.div(v);
                case "floorDivide" -> x.floorDivide(v);
                case "remainder" -> x.remainder(v);
                case "pow" -> x.pow(v);
                case "eq" -> x.eq(v);
                case "lt" -> x.lt(v);
                case "ge" -> x.ge(v);
                case "add_" -> x.add_(v);
                case "sub_" -> x.sub_(v);
                case "mul_" -> x.mul_(v);
                case "div_" -> x.div_(v);
                case "pow_" -> x.pow_(v);
                default -> throw new IllegalArgumentException("no long overload for " + op);
            };
        }
        if (y instanceof Double d) {
            double v = d;
            return switch (op) {
                case "add" -> x.add(v);
                case "sub" -> x.sub(v);
                case "mul" -> x.mul(v);
                case "div" -> x.div(v);
                case "floorDivide" -> x.floorDivide(v);
                case "remainder" -> x.remainder(v);
                case "pow" -> x.pow(v);
                case "eq" -> x.eq(v);
                case "lt" -> x.lt(v);
                case "ge" -> x.ge(v);
                case "add_" -> x.add_(v);
                case "sub_" -> x.sub_(v);
                case "mul_" -> x.mul_(v);
                case "div_" -> x.div_(v);
                case "pow_" -> x.pow_(v);
                default -> throw new IllegalArgumentException("no double overload for " + op);
            };
        }
        Tensor o = (Tensor) y;
        return switch (op) {
            case "add" -> x.add(o);
            case "sub" -> x.sub(o);
            case "mul" -> x.mul(o);
            case "div" -> x.div(o);
            case "floorDivide" -> x.floorDivide(o);
            case "pow" -> x.pow(o);
            case "maximum" -> x.maximum(o);
            case "minimum" -> x.minimum(o);
            case "remainder" -> x.remainder(o);
            case "atan2" -> x.atan2(o);
            case "eq" -> x.eq(o);
            case "ne" -> x.ne(o);
            case "lt" -> x.lt(o);
            case "le" -> x.le(o);
            case "gt" -> x.gt(o);
            case "ge" -> x.ge(o);
            case "logicalAnd" -> x.logicalAnd(o);
            case "logicalOr" -> x.logicalOr(o);
            case "logicalXor" -> x.logicalXor(o);
            case "bitwiseAnd" -> x.bitwiseAnd(o);
            case "bitwiseOr" -> x.bitwiseOr(o);
            case "bitwiseXor" -> x.bitwiseXor(o);
            case "bitwiseLeftShift" -> x.bitwiseLeftShift(o);
            case "bitwiseRightShift" -> x.bitwiseRightShift(o);
            case "gcd" -> x.gcd(o);
            case "lcm" -> x.lcm(o);
            case "add_" -> x.add_(o);
            case "sub_" -> x.sub_(o);
            case "mul_" -> x.mul_(o);
            case "div_" -> x.div_(o);
            case "pow_" -> x.pow_(o);
            case "remainder_" -> x.remainder_(o);
            default -> throw new IllegalArgumentException("unknown binary op " + op);
        };
    }
}
