package dev.torch4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.torch4j.testing.Golden;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Where PyTorch offers a name both as a tensor method and as a {@code torch.*} function (goldens/function_names.json,
 * from PyTorch itself), every overload of torch4j's tensor method has its {@code Torch} form, and each form does what
 * the method does.
 */
class TorchFunctionFormsTest {
    /** Tensor methods that share a PyTorch function's name but not its meaning here. */
    private static final Set<String> NOT_FUNCTIONS = Set.of("wait"); // Object.wait

    /** Functions whose first argument is the method's first argument, the tensor second: torch.where(condition, input, other). */
    private static final Set<String> CONDITION_FIRST = Set.of("where");

    private static Set<String> functionNames() {
        Set<String> names = new TreeSet<>();
        for (JsonObject c : Golden.cases("function_names")) names.add(c.get("java").getAsString());
        return names;
    }

    /** Each public tensor-method overload with a PyTorch function's name, and its Torch form (null when missing). */
    private static List<Method[]> pairs() {
        Set<String> names = functionNames();
        List<Method[]> pairs = new ArrayList<>();
        for (Method m : Tensor.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.isBridge() || !names.contains(m.getName())
                    || NOT_FUNCTIONS.contains(m.getName())) continue;
            Class<?>[] p = m.getParameterTypes();
            Class<?>[] q = new Class<?>[p.length + 1];
            q[0] = Tensor.class;
            System.arraycopy(p, 0, q, 1, p.length);
            if (CONDITION_FIRST.contains(m.getName()) && p.length > 0) {
                q[0] = p[0];
                q[1] = Tensor.class;
            }
            Method f;
            try {
                f = Torch.class.getMethod(m.getName(), q);
                if (!Modifier.isStatic(f.getModifiers())) f = null;
            } catch (NoSuchMethodException e) {
                f = null;
            }
            pairs.add(new Method[] {m, f});
        }
        return pairs;
    }

    @Test
    void everyMethodOverloadHasItsFunctionForm() {
        List<String> missing = new ArrayList<>();
        int n = 0;
        for (Method[] p : pairs()) {
            if (p[1] == null) missing.add(p[0].toString().replace("dev.torch4j.", ""));
            else if (p[1].getReturnType() != p[0].getReturnType()) missing.add(p[1] + " returns " + p[1].getReturnType());
            else n++;
        }
        assertTrue(missing.isEmpty(), "tensor methods without their Torch.* form: " + missing);
        assertTrue(n > 250, "only " + n + " method/function pairs found");
        assertTrue(functionNames().contains("nansum"), "function_names.json lost nansum");
    }

    /**
     * Calls both forms with the same arguments (tensors of shape [3, 4], dims 1, scalars 0.5, flags true) on fresh
     * copies and checks they agree: the same values, or the same error. In-place forms must return their input.
     */
    @Test
    void eachFunctionFormDoesWhatItsMethodDoes() throws Exception {
        List<String> wrong = new ArrayList<>();
        int compared = 0;
        for (Method[] p : pairs()) {
            Method m = p[0], f = p[1];
            Object[] args = arguments(m.getParameterTypes());
            if (args == null) continue;
            Tensor x1 = input(), x2 = input();
            Object viaMethod, viaFunction;
            try {
                Torch.manualSeed(7); // the random ones (bernoulli, multinomial) draw the same numbers
                viaMethod = call(m, x1, copy(args));
            } catch (Throwable e) {
                viaMethod = e;
            }
            Object[] fargs = new Object[args.length + 1];
            fargs[0] = x2;
            System.arraycopy(copy(args), 0, fargs, 1, args.length);
            if (CONDITION_FIRST.contains(m.getName()) && args.length > 0) {
                fargs[0] = fargs[1];
                fargs[1] = x2;
            }
            try {
                Torch.manualSeed(7);
                viaFunction = call(f, null, fargs);
            } catch (Throwable e) {
                viaFunction = e;
            }
            String where = f.toString().replace("dev.torch4j.", "");
            try {
                sameOutcome(viaMethod, viaFunction, where);
                if (m.getName().endsWith("_") && viaFunction instanceof Tensor t) assertSame(x2, t, where + ": in place");
                compared++;
            } catch (AssertionError e) {
                wrong.add(e.getMessage());
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertTrue(compared > 230, "only " + compared + " forms compared");
    }

    private static Object call(Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Tensor input() {
        return Torch.arange(12).to(DType.FLOAT64).mul(0.37).sin().add(1.25).reshape(3, 4); // positive, distinct, not integral
    }

    private static Object[] arguments(Class<?>[] types) {
        Object[] a = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            Class<?> t = types[i];
            if (t == Tensor.class) a[i] = input().mul(0.5);
            else if (t == long.class || t == Long.class) a[i] = 1L;
            else if (t == int.class) a[i] = 1;
            else if (t == double.class || t == Double.class) a[i] = 0.5;
            else if (t == boolean.class) a[i] = true;
            else if (t == long[].class) a[i] = new long[] {1};
            else if (t == DType.class) a[i] = DType.FLOAT64;
            else return null; // strings, index lists, options: covered by the op's own tests
        }
        return a;
    }

    private static Object[] copy(Object[] args) {
        Object[] c = args.clone();
        for (int i = 0; i < c.length; i++) {
            if (c[i] instanceof Tensor t) c[i] = t.clone();
            else if (c[i] instanceof long[] l) c[i] = l.clone();
        }
        return c;
    }

    private static void sameOutcome(Object a, Object b, String where) {
        if (a instanceof Throwable ea) {
            assertTrue(b instanceof Throwable, where + ": the method threw " + ea + ", the function did not");
            assertEquals(ea.getClass(), b.getClass(), where);
            assertEquals(ea.getMessage(), ((Throwable) b).getMessage(), where);
        } else if (b instanceof Throwable eb) {
            throw new AssertionError(where + ": the function threw " + eb + ", the method did not");
        } else if (a instanceof Tensor ta) {
            Golden.assertExact(ta, (Tensor) b, where);
        } else if (a instanceof Tensor[] ta) {
            Tensor[] tb = (Tensor[]) b;
            assertEquals(ta.length, tb.length, where);
            for (int i = 0; i < ta.length; i++) Golden.assertExact(ta[i], tb[i], where + " [" + i + "]");
        } else if (a instanceof ValuesIndices va) {
            ValuesIndices vb = (ValuesIndices) b;
            Golden.assertExact(va.values(), vb.values(), where + " values");
            Golden.assertExact(va.indices(), vb.indices(), where + " indices");
        } else if (a instanceof long[] la) {
            assertArrayEquals(la, (long[]) b, where);
        } else {
            assertEquals(a, b, where);
        }
    }
}
