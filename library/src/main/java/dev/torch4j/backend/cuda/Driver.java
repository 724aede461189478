package dev.torch4j.backend.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The CUDA driver API through the FFM API. Always the versioned symbols (cuMemAlloc_v2 ...): the unversioned legacy
 * ones take 32-bit sizes. Handles (contexts, streams, events, functions, device pointers) travel as {@code long}.
 * Loading this class requires the driver: check {@link CudaRuntime#isAvailable()} first.
 */
final class Driver {
    private Driver() {}

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIB = CudaLibs.driver();
    private static final FunctionDescriptor I = FunctionDescriptor.of(JAVA_INT);

    static final MethodHandle cuInit = h("cuInit", JAVA_INT);
    static final MethodHandle cuDriverGetVersion = h("cuDriverGetVersion", ADDRESS);
    static final MethodHandle cuDeviceGetCount = h("cuDeviceGetCount", ADDRESS);
    static final MethodHandle cuDeviceGet = h("cuDeviceGet", ADDRESS, JAVA_INT);
    static final MethodHandle cuDeviceGetName = h("cuDeviceGetName", ADDRESS, JAVA_INT, JAVA_INT);
    static final MethodHandle cuDeviceGetAttribute = h("cuDeviceGetAttribute", ADDRESS, JAVA_INT, JAVA_INT);
    static final MethodHandle cuDeviceTotalMem = h("cuDeviceTotalMem_v2", ADDRESS, JAVA_INT);
    static final MethodHandle cuDevicePrimaryCtxRetain = h("cuDevicePrimaryCtxRetain", ADDRESS, JAVA_INT);
    static final MethodHandle cuCtxSetCurrent = h("cuCtxSetCurrent", JAVA_LONG);
    static final MethodHandle cuCtxSynchronize = h("cuCtxSynchronize");
    static final MethodHandle cuMemGetInfo = h("cuMemGetInfo_v2", ADDRESS, ADDRESS);
    static final MethodHandle cuMemAlloc = h("cuMemAlloc_v2", ADDRESS, JAVA_LONG);
    static final MethodHandle cuMemFree = h("cuMemFree_v2", JAVA_LONG);
    static final MethodHandle cuMemAllocAsync = h("cuMemAllocAsync", ADDRESS, JAVA_LONG, JAVA_LONG);
    static final MethodHandle cuMemFreeAsync = h("cuMemFreeAsync", JAVA_LONG, JAVA_LONG);
    static final MethodHandle cuDeviceGetDefaultMemPool = h("cuDeviceGetDefaultMemPool", ADDRESS, JAVA_INT);
    static final MethodHandle cuMemPoolSetAttribute = h("cuMemPoolSetAttribute", JAVA_LONG, JAVA_INT, ADDRESS);
    static final MethodHandle cuMemPoolGetAttribute = h("cuMemPoolGetAttribute", JAVA_LONG, JAVA_INT, ADDRESS);
    static final MethodHandle cuMemPoolTrimTo = h("cuMemPoolTrimTo", JAVA_LONG, JAVA_LONG);
    /** Host-memory copies read or write Java arrays in place: critical downcalls with heap access. */
    static final MethodHandle cuMemcpyHtoD = critical("cuMemcpyHtoD_v2", JAVA_LONG, ADDRESS, JAVA_LONG);
    static final MethodHandle cuMemcpyDtoH = critical("cuMemcpyDtoH_v2", ADDRESS, JAVA_LONG, JAVA_LONG);
    static final MethodHandle cuMemcpyDtoDAsync = h("cuMemcpyDtoDAsync_v2", JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);
    static final MethodHandle cuMemsetD8Async = h("cuMemsetD8Async", JAVA_LONG, JAVA_BYTE, JAVA_LONG, JAVA_LONG);
    static final MethodHandle cuLaunchKernel = h("cuLaunchKernel", JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
            JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS);
    static final MethodHandle cuStreamCreate = h("cuStreamCreate", ADDRESS, JAVA_INT);
    static final MethodHandle cuStreamDestroy = h("cuStreamDestroy_v2", JAVA_LONG);
    static final MethodHandle cuStreamSynchronize = h("cuStreamSynchronize", JAVA_LONG);
    static final MethodHandle cuStreamWaitEvent = h("cuStreamWaitEvent", JAVA_LONG, JAVA_LONG, JAVA_INT);
    static final MethodHandle cuEventCreate = h("cuEventCreate", ADDRESS, JAVA_INT);
    static final MethodHandle cuEventRecord = h("cuEventRecord", JAVA_LONG, JAVA_LONG);
    static final MethodHandle cuEventSynchronize = h("cuEventSynchronize", JAVA_LONG);
    static final MethodHandle cuEventElapsedTime = elapsed();
    static final MethodHandle cuEventDestroy = h("cuEventDestroy_v2", JAVA_LONG);
    static final MethodHandle cuModuleLoadData = h("cuModuleLoadData", ADDRESS, ADDRESS);
    static final MethodHandle cuModuleGetFunction = h("cuModuleGetFunction", ADDRESS, JAVA_LONG, ADDRESS);
    private static final MethodHandle cuGetErrorName = h("cuGetErrorName", JAVA_INT, ADDRESS);
    private static final MethodHandle cuGetErrorString = h("cuGetErrorString", JAVA_INT, ADDRESS);

    /** CUDA_ERROR_OUT_OF_MEMORY. */
    static final int OUT_OF_MEMORY = 2;

    private static MethodHandle h(String name, MemoryLayout... args) {
        return LINKER.downcallHandle(LIB.find(name).orElseThrow(() -> new IllegalStateException(
                "the CUDA driver has no " + name + " (driver too old?)")), I.appendArgumentLayouts(args));
    }

    private static MethodHandle critical(String name, MemoryLayout... args) {
        return LINKER.downcallHandle(LIB.find(name).orElseThrow(), I.appendArgumentLayouts(args),
                Linker.Option.critical(true));
    }

    private static MethodHandle elapsed() { // CUDA 12.8 added the _v2 form; older drivers have only the first
        String name = LIB.find("cuEventElapsedTime_v2").isPresent() ? "cuEventElapsedTime_v2" : "cuEventElapsedTime";
        return h(name, ADDRESS, JAVA_LONG, JAVA_LONG);
    }

    /** Throws with CUDA's error name and text when {@code rc} is not CUDA_SUCCESS. */
    static void check(int rc, String what) {
        if (rc != 0) throw new CudaException(rc, what + " failed: " + errorText(rc));
    }

    /** {@code NAME (text)} for a CUresult. */
    static String errorText(int rc) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            String name = (int) cuGetErrorName.invokeExact(rc, p) == 0 ? cString(p) : "CUDA error " + rc;
            String text = (int) cuGetErrorString.invokeExact(rc, p) == 0 ? cString(p) : "";
            return name + " (" + rc + (text.isEmpty() ? "" : ": " + text) + ")";
        } catch (Throwable t) {
            return "CUDA error " + rc;
        }
    }

    private static String cString(MemorySegment p) {
        MemorySegment s = p.get(ADDRESS, 0);
        return s.equals(MemorySegment.NULL) ? "" : s.reinterpret(4096).getString(0);
    }

    /** Calls a handle that returns a CUresult and checks it. */
    static void call(MethodHandle h, String what, Object... args) {
        int rc;
        try {
            rc = (int) h.invokeWithArguments(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(what + ": " + t, t);
        }
        check(rc, what);
    }

    /** Calls a handle and returns its raw CUresult. */
    static int raw(MethodHandle h, Object... args) {
        try {
            return (int) h.invokeWithArguments(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
