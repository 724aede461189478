package dev.torch4j;

import dev.torch4j.backend.Backend;
import dev.torch4j.backend.Storage;
import dev.torch4j.ops.Dispatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input gets an unchecked exception whose message names the op and the shapes / dtypes / devices involved, in
 * PyTorch's words where PyTorch has words for it (DESIGN.md §2). Each test names the fragments it requires.
 */
class ErrorMessagesTest {

    /** Runs {@code body}, expects {@code type}, and checks the message contains every fragment. */
    private static <T extends Throwable> T fails(Class<T> type, Executable body, String... fragments) {
        T e = assertThrows(type, body);
        String m = String.valueOf(e.getMessage());
        for (String f : fragments) assertTrue(m.contains(f), () -> "message should contain \"" + f + "\" but was: " + m);
        return e;
    }

    // ---------------------------------------------------------------- shapes

    @Test
    void broadcastMismatchNamesOpAndBothShapes() {
        fails(IllegalArgumentException.class, () -> ones(2, 3).add(ones(3, 2)), "add", "[2, 3]", "[3, 2]",
                "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1");
        fails(IllegalArgumentException.class, () -> ones(4).mul(ones(2, 3)), "mul", "[4]", "[2, 3]");
        fails(IllegalArgumentException.class, () -> ones(4).lt(ones(5)), "lt", "[4]", "[5]");
        fails(IllegalArgumentException.class, () -> where(ones(2).gt(0L), ones(3), ones(2)), "where", "[2]", "[3]");
        fails(IllegalArgumentException.class, () -> ones(3).add_(ones(2, 3)), "add",
                "output with shape [3] doesn't match the broadcast shape [2, 3]");
        fails(IllegalArgumentException.class, () -> ones(3).copy_(ones(4)), "copy_", "[3]", "[4]");
    }

    @Test
    void impossibleViewNamesShapesAndStrides() {
        fails(IllegalArgumentException.class, () -> zeros(2, 3).t().view(-1), "view",
                "view size is not compatible with input tensor's size and stride", "[3, 2]", "strides [1, 3]", "[-1]");
        fails(IllegalArgumentException.class, () -> zeros(2, 3).view(4, -1), "view", "shape '[4, -1]' is invalid for input of size 6");
        fails(IllegalArgumentException.class, () -> zeros(2, 3).reshape(7), "reshape", "shape '[7]' is invalid for input of size 6");
        fails(IllegalArgumentException.class, () -> zeros(2, 3).view(-1, -1), "view", "only one dimension can be inferred", "[-1, -1]");
        fails(IllegalArgumentException.class, () -> zeros(2, 3).view(-2, 3), "view", "invalid shape dimension -2");
        fails(IllegalArgumentException.class, () -> zeros(2, 3).expand(2, 4), "expand",
                "The expanded size of the tensor (4) must match the existing size (3) at non-singleton dimension 1", "[2, 4]", "[2, 3]");
        fails(IllegalArgumentException.class, () -> zeros(2, 3).expand(3), "expand",
                "the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)");
        fails(IndexOutOfBoundsException.class, () -> zeros(2, 3).asStrided(new long[] {3, 3}, new long[] {3, 1}, 0),
                "[3, 3]", "[3, 1]", "6");
    }

    @Test
    void indexAndDimOutOfRange() {
        fails(IndexOutOfBoundsException.class, () -> zeros(2, 3).select(0, 5), "select()", "index 5 out of range", "[2, 3]", "dimension 0");
        fails(IndexOutOfBoundsException.class, () -> zeros(2, 3).select(2, 0), "select",
                "Dimension out of range (expected to be in range of [-2, 1], but got 2)");
        fails(IndexOutOfBoundsException.class, () -> zeros(2, 3).transpose(0, -3), "transpose", "[-2, 1]", "-3");
        fails(IndexOutOfBoundsException.class, () -> zeros(2, 3).narrow(1, 2, 5), "narrow", "start (2) + length (5) exceeds dimension size (3)", "[2, 3]");
        fails(IndexOutOfBoundsException.class, () -> zeros(2, 3).unsqueeze(3), "unsqueeze", "[-3, 2]");
        fails(IndexOutOfBoundsException.class, () -> zeros(2, 3).squeeze(2), "squeeze", "[-2, 1]");
        fails(IndexOutOfBoundsException.class, () -> zeros(2, 3).flatten(0, 4), "flatten", "[-2, 1]");
        fails(IndexOutOfBoundsException.class, () -> zeros(2, 3).permute(0, 2), "permute", "[-2, 1]");
        fails(IndexOutOfBoundsException.class, () -> zeros(2, 3).unbind(-3), "unbind", "[-2, 1]");
        fails(IndexOutOfBoundsException.class, () -> zeros(2, 3).diagonal(0, 0, 2), "diagonal", "[-2, 1]");
        fails(IllegalArgumentException.class, () -> zeros(2, 3).permute(0), "permute()", "input.dim() = 2", "len(dims) = 1");
        fails(IllegalArgumentException.class, () -> zeros(2, 3).permute(1, 1), "permute()", "duplicate dims");
        fails(IllegalArgumentException.class, () -> zeros(2, 3, 4).t(), "t()", "3D");
        fails(IndexOutOfBoundsException.class, () -> zeros(2, 3).size(2), "[-2, 1]");
        fails(IllegalArgumentException.class, () -> zeros(2, 3).diagonal(0, 1, -1), "diagonal", "cannot be identical");
    }

    @Test
    void wrongDtypeForTheOp() {
        Tensor b = tensor(new boolean[] {true, false});
        fails(IllegalArgumentException.class, b::neg, "neg", "bool");
        fails(IllegalArgumentException.class, () -> b.sub(b), "sub", "two bool tensors", "logicalXor()");
        fails(IllegalArgumentException.class, () -> b.sub(1L), "sub", "bool tensor");
        fails(IllegalArgumentException.class, () -> ones(Size.of(2), dtype(DType.INT64)).requiresGrad_(true),
                "requires_grad_", "floating point", "torch.int64");
        fails(IllegalArgumentException.class, () -> ones(Size.of(2), dtype(DType.INT64)).add_(1.5), "add",
                "result type Float can't be cast to the desired output type Long");
        fails(IllegalArgumentException.class, () -> ones(Size.of(2), dtype(DType.INT32)).div_(ones(2)), "div",
                "result type Float can't be cast to the desired output type Int");
        fails(IllegalArgumentException.class, () -> b.add_(1L), "add", "result type Long can't be cast to the desired output type Bool");
        fails(IllegalArgumentException.class, () -> ones(Size.of(2), dtype(DType.INT64)).exp_(), "exp",
                "result type Float can't be cast to the desired output type Long");
        fails(IllegalArgumentException.class, () -> where(ones(2), ones(2), ones(2)), "where", "boolean", "Float");
        fails(IllegalArgumentException.class, () -> ones(2).maskedFill(ones(2), 1.0), "masked_fill", "boolean masks", "torch.float32");
        fails(IllegalArgumentException.class, () -> ones(Size.of(2), dtype(DType.INT64)).add(ones(Size.of(2), dtype(DType.INT64)), 0.5),
                "add", "For integral input tensors, argument alpha must not be a floating point number.");
        fails(IllegalArgumentException.class, () -> full(new long[] {2}, 300L, dtype(DType.UINT8)), "full",
                "value cannot be converted to type uint8_t without overflow");
        fails(IllegalArgumentException.class, () -> ones(Size.of(2), dtype(DType.INT8)).fill_(1000), "fill_", "int8_t");
        fails(IllegalArgumentException.class, () -> ones(Size.of(2), dtype(DType.INT8)).maskedFill(ones(2).gt(0L), 1e3),
                "masked_fill", "int8_t");
        fails(IllegalArgumentException.class, () -> tensor(new long[] {1000}, dtype(DType.INT8)), "tensor()", "int8");
        fails(ArithmeticException.class, () -> ones(Size.of(2), dtype(DType.INT64)).floorDivide(0L), "ZeroDivisionError");
        fails(ArithmeticException.class, () -> ones(Size.of(2), dtype(DType.INT64)).pow(-1L), "negative integer powers");
    }

    @Test
    void badArguments() {
        fails(IllegalArgumentException.class, () -> ones(2).clamp((Double) null, null), "clamp", "At least one of 'min' or 'max'");
        fails(IllegalArgumentException.class, () -> ones(2).gelu("fast"), "gelu", "'fast'");
        fails(IllegalArgumentException.class, () -> ones(2).div(ones(2), "round"), "div", "rounding_mode", "'round'");
        fails(IllegalArgumentException.class, () -> ones(2).maskedFill(ones(2).gt(0L), ones(2)), "masked_fill", "0-dimensional", "1 dimension");
        fails(IllegalArgumentException.class, () -> ones(1, 5).maskedFill_(ones(3, 1).gt(0L), 0.0), "masked_fill_",
                "output with shape [1, 5] doesn't match the broadcast shape [3, 5]");
        fails(IllegalArgumentException.class, () -> ones(3, 1).expand(3, 4).add_(1L), "add",
                "more than one element of the written-to tensor refers to a single memory location");
        fails(IllegalArgumentException.class, () -> arange(0L, 5L, 0L), "arange", "step must be nonzero");
        fails(IllegalArgumentException.class, () -> arange(0.0, 5.0, -1.0), "arange", "inconsistent with step sign");
        fails(IllegalArgumentException.class, () -> linspace(0, 1, -2), "linspace", "non-negative");
        fails(IllegalArgumentException.class, () -> eye(-1), "eye", "-1");
        fails(IllegalArgumentException.class, () -> Device.of("tpu"), "tpu");
        fails(IllegalArgumentException.class, () -> fromArray(new float[5], 2, 3), "fromArray", "[2, 3]", "5");
        fails(IllegalArgumentException.class, () -> tensor(new String[] {"a"}), "tensor()", "java.lang.String");
        fails(IllegalArgumentException.class, () -> tensor(new double[][] {{1, 2}, {3}}), "tensor()",
                "expected sequence of length 2 at dim 1 (got 1)");
    }

    @Test
    void itemOnManyElements() {
        fails(IllegalArgumentException.class, () -> zeros(2, 3).item(), "item()", "6 elements", "[2, 3]");
        fails(IllegalArgumentException.class, () -> zeros(0).itemLong(), "item()", "0 elements");
        fails(IllegalArgumentException.class, () -> zeros(2).itemBool(), "item()", "2 elements");
    }

    @Test
    void negativeShape() {
        fails(IllegalArgumentException.class, () -> zeros(2, -1), "negative dimension -1", "[2, -1]");
        fails(IllegalArgumentException.class, () -> full(new long[] {-3}, 1.0), "negative dimension -3");
        fails(IllegalArgumentException.class, () -> ones(Size.of(-1), dtype(DType.INT32)), "negative dimension -1");
    }

    // ---------------------------------------------------------------- devices (a fake CUDA storage: no GPU needed)

    /** A storage that claims to live on cuda:0; never read (the device check comes before any kernel). */
    private static Tensor onFakeCuda(long... shape) {
        long n = 1;
        for (long s : shape) n *= s;
        Storage s = new Storage(DType.FLOAT32, n) {
            @Override public Device device() { return Device.cuda(0); }
            @Override public Backend backend() { throw new AssertionError("a fake CUDA storage is never computed on"); }
        };
        long[] st = new long[shape.length];
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) { st[i] = acc; acc *= shape[i]; }
        return Tensor.wrap(s, shape, st, 0);
    }

    @Test
    void mixingDevicesNamesOpAndDevices() {
        Tensor gpu = onFakeCuda(2, 3);
        fails(IllegalArgumentException.class, () -> ones(2, 3).add(gpu), "add",
                "Expected all tensors to be on the same device, but found at least two devices, cpu and cuda:0!");
        fails(IllegalArgumentException.class, () -> gpu.mul(ones(2, 3)), "mul", "cuda:0 and cpu");
        fails(IllegalArgumentException.class, () -> where(ones(2, 3).gt(0L), gpu, ones(2, 3)), "where", "cpu", "cuda:0");
        fails(IllegalArgumentException.class, () -> Dispatch.commonDevice("matmul", onFakeCuda(2), ones(2), onFakeCuda(2)), "matmul",
                "cuda:0 and cpu");
    }

    @Test
    void zeroDimCpuTensorsMayMixWithOtherDevices() {
        // as in PyTorch: a 0-d CPU tensor is a scalar argument and may join a CUDA op
        assertEquals(Device.cuda(0), Dispatch.commonDevice("add", onFakeCuda(2), tensor(2.0)));
        assertEquals(Device.cuda(0), Dispatch.commonDevice("add", tensor(2.0), onFakeCuda(2)));
        assertEquals(Device.CPU, Dispatch.commonDevice("add", tensor(2.0), tensor(3.0)));
        assertEquals(Device.CPU, Dispatch.commonDevice("add"));
    }
}
