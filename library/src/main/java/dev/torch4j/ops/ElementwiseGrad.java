package dev.torch4j.ops;

import dev.torch4j.Tensor;
import dev.torch4j.autograd.FnNode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.autograd.SavedTensor;
import dev.torch4j.backend.BinaryOp;
import dev.torch4j.backend.UnaryOp;

/**
 * Derivatives of the elementwise ops, written with Tensor ops (so they are differentiable again). Names are
 * PyTorch's {@code grad_fn} names. Broadcasting and dtype casts of the gradients are undone by the engine.
 */
final class ElementwiseGrad {
    private ElementwiseGrad() {}

    private static final double SQRT_2PI_INV = 0.3989422804014327; // 1 / sqrt(2 pi)
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

    private static String unaryName(UnaryOp op) {
        return switch (op) {
            case NEG -> "NegBackward0";
            case ABS -> "AbsBackward0";
            case SIGN -> "SignBackward0";
            case RELU -> "ReluBackward0";
            case EXP -> "ExpBackward0";
            case LOG -> "LogBackward0";
            case LOG1P -> "Log1PBackward0";
            case EXPM1 -> "Expm1Backward0";
            case SQRT -> "SqrtBackward0";
            case RSQRT -> "RsqrtBackward0";
            case SIN -> "SinBackward0";
            case COS -> "CosBackward0";
            case TAN -> "TanBackward0";
            case TANH -> "TanhBackward0";
            case SIGMOID -> "SigmoidBackward0";
            case GELU, GELU_TANH -> "GeluBackward0";
            case SILU -> "SiluBackward0";
            case ERF -> "ErfBackward0";
            case FLOOR -> "FloorBackward0";
            case CEIL -> "CeilBackward0";
            case ROUND -> "RoundBackward0";
            case TRUNC -> "TruncBackward0";
            case RECIPROCAL -> "ReciprocalBackward0";
            case SQUARE -> "PowBackward0";
            case ACOS -> "AcosBackward0";
            case ASIN -> "AsinBackward0";
            case ATAN -> "AtanBackward0";
            case ACOSH -> "AcoshBackward0";
            case ASINH -> "AsinhBackward0";
            case ATANH -> "AtanhBackward0";
            case COSH -> "CoshBackward0";
            case SINH -> "SinhBackward0";
            case LOG2 -> "Log2Backward0";
            case LOG10 -> "Log10Backward0";
            case EXP2 -> "Exp2Backward0";
            case ERFC -> "ErfcBackward0";
            default -> throw new IllegalStateException(op + " is not differentiable");
        };
    }

    /** Records {@code y = op(x)}; returns y. */
    static Tensor unary(UnaryOp op, Tensor x, Tensor y) {
        if (!y.dtype().isFloatingPoint()) return y;
        FnNode n = Graph.node(unaryName(op), x);
        // save only what the formula reads: an in-place op must clone a saved self, and inference tensors can't be saved
        SavedTensor sx = switch (op) {
            case ABS, LOG, LOG1P, SIN, COS, GELU, GELU_TANH, SILU, ERF, SQUARE, ACOS, ASIN, ATAN, ACOSH, ASINH, ATANH, COSH, SINH,
                 LOG2, LOG10, ERFC -> n.save(x);
            default -> null;
        };
        SavedTensor sy = switch (op) {
            case RELU, EXP, EXPM1, SQRT, RSQRT, TAN, TANH, SIGMOID, RECIPROCAL, EXP2 -> n.save(y);
            default -> null;
        };
        n.backward(gs -> {
            Tensor g = gs[0];
            return new Tensor[] {switch (op) {
                case NEG -> g.neg();
                case ABS -> g.mul(sx.get().sign());
                case SIGN, FLOOR, CEIL, ROUND, TRUNC -> dev.torch4j.Torch.zerosLike(g);
                case RELU -> Fused.thresholdBackward(g, sy.get(), 0.0); // one pass, no bool mask
                case EXP -> g.mul(sy.get());
                case LOG -> g.div(sx.get());
                case LOG1P -> g.div(sx.get().add(1.0));
                case EXPM1 -> g.mul(sy.get().add(1.0));
                case SQRT -> g.div(sy.get().mul(2.0));
                case RSQRT -> g.mul(sy.get().pow(3L)).mul(-0.5);
                case SIN -> g.mul(sx.get().cos());
                case COS -> g.mul(sx.get().sin()).neg();
                case TAN -> g.mul(sy.get().square().add(1.0));
                case TANH, SIGMOID -> {   // tanh_backward / sigmoid_backward from the result, one pass where the backend has it
                    Tensor r = sy.get(), fused = Fused.unaryBackward(op, g, r);
                    if (fused != null) yield fused;
                    yield op == UnaryOp.TANH ? g.mul(r.square().neg().add(1.0)) : g.mul(r.mul(r.neg().add(1.0)));
                }
                case GELU -> {
                    Tensor v = sx.get(), fused = Fused.unaryBackward(op, g, v);
                    if (fused != null) yield fused;
                    Tensor cdf = v.mul(-0.7071067811865476).erfc().mul(0.5);   // 0.5 (1 + erf(z)) without its cancellation
                    Tensor pdf = v.square().mul(-0.5).exp().mul(SQRT_2PI_INV);
                    yield g.mul(cdf.add(v.mul(pdf)));
                }
                case GELU_TANH -> {
                    Tensor v = sx.get(), fused = Fused.unaryBackward(op, g, v);
                    if (fused != null) yield fused;
                    double k = 0.7978845608028654, c = 0.044715;
                    Tensor inner = v.add(v.pow(3L).mul(c)).mul(k);
                    // 0.5 (1 + tanh u) = s(2u) and 1 - tanh^2 u = 4 s(2u) s(-2u), s the sigmoid: neither cancels
                    Tensor s = inner.mul(2.0).sigmoid(), sNeg = inner.mul(-2.0).sigmoid();
                    Tensor dInner = v.square().mul(3 * c).add(1.0).mul(k);
                    Tensor right = v.mul(2.0).mul(s).mul(sNeg).mul(dInner);
                    Tensor d = s.add(right);
                    // at x = +-inf: x * 0 = NaN, as PyTorch's tanh form gives
                    yield g.mul(d);
                }
                case SILU -> {
                    Tensor v = sx.get(), fused = Fused.unaryBackward(op, g, v);
                    if (fused != null) yield fused;
                    Tensor s = v.sigmoid();
                    yield g.mul(s.mul(v.mul(s.neg().add(1.0)).add(1.0)));
                }
                case ERF -> g.mul(sx.get().square().neg().exp().mul(TWO_OVER_SQRT_PI));
                case RECIPROCAL -> g.mul(sy.get().square()).neg();
                case SQUARE -> g.mul(sx.get().mul(2.0));
                // PyTorch's derivatives.yaml formulas
                case ACOS -> g.mul(sx.get().square().neg().add(1.0).rsqrt().neg());
                case ASIN -> g.mul(sx.get().square().neg().add(1.0).rsqrt());
                case ATAN -> g.div(sx.get().square().add(1.0));
                case ACOSH -> g.mul(sx.get().square().sub(1.0).rsqrt());
                case ASINH -> g.mul(sx.get().square().add(1.0).rsqrt());
                case ATANH -> g.div(sx.get().square().neg().add(1.0));
                case COSH -> g.mul(sx.get().sinh());
                case SINH -> g.mul(sx.get().cosh());
                case LOG2 -> g.div(sx.get().mul(0.6931471805599453));
                case LOG10 -> g.div(sx.get().mul(2.3025850929940456));
                case EXP2 -> g.mul(sy.get()).mul(0.6931471805599453);
                case ERFC -> g.mul(sx.get().square().neg().exp().mul(-TWO_OVER_SQRT_PI));
                default -> throw new IllegalStateException(op + " is not differentiable");
            }};
        });
        return n.output(y);
    }

    private static String binaryName(BinaryOp op, Tensor b) {
        return switch (op) {
            case ADD -> "AddBackward0";
            case SUB -> "SubBackward0";
            case MUL -> "MulBackward0";
            case DIV -> "DivBackward0";
            case POW -> b.isWrappedNumber() ? "PowBackward0" : "PowBackward1";
            case MAXIMUM -> "MaximumBackward0";
            case MINIMUM -> "MinimumBackward0";
            case REMAINDER -> "RemainderBackward0";
            case ATAN2 -> "Atan2Backward0";
            default -> throw new IllegalStateException(op + " is not differentiable");
        };
    }

    /** Records {@code r = op(a, b)}; returns r. */
    static Tensor binary(BinaryOp op, Tensor a, Tensor b, Tensor r) {
        if (!r.dtype().isFloatingPoint()) return r;
        FnNode n = Graph.node(binaryName(op, b), a, b);
        boolean ga = n.needsInputGrad(0), gb = n.needsInputGrad(1);
        boolean needA = switch (op) {
            case ADD, SUB -> false;
            case MUL, DIV, REMAINDER -> gb;
            default -> true;
        };
        boolean needB = switch (op) {
            case ADD, SUB, REMAINDER -> op == BinaryOp.REMAINDER && gb;
            case MUL -> ga;
            default -> true;
        };
        SavedTensor sa = needA ? n.save(a) : null, sb = needB ? n.save(b) : null;
        SavedTensor sr = op == BinaryOp.POW && gb ? n.save(r) : null;
        n.backward(gs -> {
            Tensor g = gs[0];
            Tensor da = null, db = null;
            switch (op) {
                case ADD -> { da = g; db = g; }
                case SUB -> { da = g; db = gb ? g.neg() : null; }
                case MUL -> {
                    if (ga) da = g.mul(sb.get());
                    if (gb) db = g.mul(sa.get());
                }
                case DIV -> {
                    if (ga) da = g.div(sb.get());
                    // PyTorch's div_tensor_other_backward: -grad * ((self / other) / other), whose overflows it keeps
                    if (gb) db = g.mul(sa.get().div(sb.get()).div(sb.get())).neg();
                }
                case POW -> {
                    // a wrapped-number exponent is a CPU scalar: its masks must live where the gradient does
                    Tensor x = sa.get(), e = Dispatch.onDevice(sb.get(), g.device());
                    if (ga && sb.get().isWrappedNumber()) {
                        // a Python-number exponent: exp - 1 in double, as PyTorch's pow_backward takes it (a wrapped
                        // 0-d minus 1 would promote to the default float32 and round the exponent)
                        double ev = sb.get().item();
                        da = ev == 0 ? dev.torch4j.Torch.zerosLike(g) : g.mul(x.pow(ev - 1).mul(ev));
                    } else if (ga) {
                        da = g.mul(e.mul(x.pow(e.sub(1L)))).maskedFill(e.eq(0L).expand(g.shapeArray()), 0.0);
                    }
                    if (gb) {
                        Tensor lg = g.mul(sr.get()).mul(x.log());
                        db = lg.maskedFill(x.eq(0L).logicalAnd(e.ge(0L)).expand(g.shapeArray()), 0.0);
                    }
                }
                case MAXIMUM, MINIMUM -> {
                    Tensor x = sa.get(), y = sb.get();
                    Tensor tie = x.eq(y);
                    Tensor half = Elementwise.where(tie, g.div(2L), g);
                    Tensor aLoses = op == BinaryOp.MAXIMUM ? x.lt(y) : x.gt(y);
                    Tensor bLoses = op == BinaryOp.MAXIMUM ? x.gt(y) : x.lt(y);
                    if (ga) da = half.maskedFill(aLoses.expand(g.shapeArray()), 0.0);
                    if (gb) db = half.maskedFill(bLoses.expand(g.shapeArray()), 0.0);
                }
                case REMAINDER -> {
                    da = g;
                    if (gb) db = g.neg().mul(sa.get().floorDivide(sb.get()));
                }
                case ATAN2 -> {
                    // an integer operand in the result's dtype: squaring int32 -2^31 in int32 would wrap to 0
                    Tensor x = sa.get().to(g.dtype()), y = sb.get().to(g.dtype());
                    Tensor den = x.square().add(y.square());
                    if (ga) da = g.mul(y).div(den);
                    if (gb) db = g.mul(x).neg().div(den);
                }
                default -> throw new IllegalStateException(op + " is not differentiable");
            }
            return new Tensor[] {da, db};
        });
        return n.output(r);
    }

    /** Records {@code r = where(cond, a, b)}; returns r. */
    static Tensor where(Tensor cond, Tensor a, Tensor b, Tensor r) {
        if (!r.dtype().isFloatingPoint()) return r;
        FnNode n = Graph.node("WhereBackward0", a, b);
        n.backward(gs -> {
            Tensor g = gs[0];
            Tensor zero = dev.torch4j.Torch.zerosLike(g); // not g * 0: a NaN or infinite gradient must not reach the other branch
            return new Tensor[] {
                    n.needsInputGrad(0) ? Elementwise.where(cond, g, zero) : null,
                    n.needsInputGrad(1) ? Elementwise.where(cond, zero, g) : null};
        });
        return n.output(r);
    }
}
