// A CPU stand-in for libcublas.so: the calls torch4j binds (backend/cuda/Cublas.java: S/D GEMM, and GemmEx for
// float16/bfloat16), with cuBLAS's argument checks, so that a wrong leading dimension or transpose flag from the
// Java side fails here as it would on a GPU. Column-major, as cuBLAS is. float32 products accumulate in float,
// sixteen interleaved partial sums as a blocked GPU GEMM would (not cuBLAS's exact order).
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vector>

typedef int cublasStatus_t;
enum { OK = 0, NOT_INITIALIZED = 1, INVALID_VALUE = 7, NOT_SUPPORTED = 15 };
enum { CUDA_R_16F = 2, CUDA_R_16BF = 14, COMPUTE_32F = 68 };

namespace {

struct Handle { void* stream = nullptr; int mathMode = 0; };

template <class T, class Acc>
cublasStatus_t gemm(void* h, int ta, int tb, int m, int n, int k, const T* alpha, const T* A, int lda,
                    long long strideA, const T* B, int ldb, long long strideB, const T* beta, T* C, int ldc,
                    long long strideC, int batch) {
    if (h == nullptr) return NOT_INITIALIZED;
    if (ta < 0 || ta > 2 || tb < 0 || tb > 2) return INVALID_VALUE;
    if (m < 0 || n < 0 || k < 0 || batch < 0) return INVALID_VALUE;
    int rowsA = ta == 0 ? m : k, rowsB = tb == 0 ? k : n;
    if (lda < (rowsA > 1 ? rowsA : 1) || ldb < (rowsB > 1 ? rowsB : 1) || ldc < (m > 1 ? m : 1)) return INVALID_VALUE;
    // each product packed as op(A) rows and op(B) columns, both contiguous along k, so the dot products stream
    std::vector<T> ap((size_t)m * k), bp((size_t)n * k);
    for (int b = 0; b < batch; b++) {
        const T* a = A + b * strideA;
        const T* bb = B + b * strideB;
        T* c = C + b * strideC;
        for (int i = 0; i < m; i++)
            for (int p = 0; p < k; p++)
                ap[(size_t)i * k + p] = ta == 0 ? a[i + (long long)p * lda] : a[p + (long long)i * lda];
        for (int j = 0; j < n; j++)
            for (int p = 0; p < k; p++)
                bp[(size_t)j * k + p] = tb == 0 ? bb[p + (long long)j * ldb] : bb[j + (long long)p * ldb];
        for (int j = 0; j < n; j++) {
            const T* y = &bp[(size_t)j * k];
            for (int i = 0; i < m; i++) {
                const T* x = &ap[(size_t)i * k];
                Acc acc[16] = {};
                int p = 0;
                for (; p + 16 <= k; p += 16)
                    for (int u = 0; u < 16; u++) acc[u] += (Acc)x[p + u] * (Acc)y[p + u];
                for (int u = 0; u < 8; u++) acc[u] += acc[u + 8];
                Acc s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
                for (; p < k; p++) s += (Acc)x[p] * (Acc)y[p];
                T* out = c + i + (long long)j * ldc;
                // beta 0 ignores C (it may hold NaN), as cuBLAS does
                *out = *beta == (T)0 ? (T)(*alpha * (T)s) : (T)(*alpha * (T)s + *beta * *out);
            }
        }
    }
    return OK;
}

// float16 and bfloat16 as stored: 16 bits. bfloat16 rounds to nearest even, NaN stays NaN (as the GPU converts).
float from16(uint16_t v, int type) {
    if (type == CUDA_R_16F) { _Float16 h; memcpy(&h, &v, 2); return (float)h; }
    uint32_t u = (uint32_t)v << 16;
    float f;
    memcpy(&f, &u, 4);
    return f;
}
uint16_t to16(float f, int type) {
    uint16_t v;
    if (type == CUDA_R_16F) { _Float16 h = (_Float16)f; memcpy(&v, &h, 2); return v; }
    uint32_t u;
    memcpy(&u, &f, 4);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((u >> 16) | 0x40);
    u += 0x7fffu + ((u >> 16) & 1u);
    return (uint16_t)(u >> 16);
}

} // namespace

extern "C" {

#define API __attribute__((visibility("default")))

API cublasStatus_t cublasCreate_v2(void** h) { *h = new Handle(); return OK; }
API cublasStatus_t cublasDestroy_v2(void* h) { delete (Handle*)h; return OK; }
API cublasStatus_t cublasSetStream_v2(void* h, void* s) {
    if (!h) return NOT_INITIALIZED;
    ((Handle*)h)->stream = s;
    return OK;
}
API cublasStatus_t cublasSetMathMode(void* h, int mode) {
    if (!h) return NOT_INITIALIZED;
    if (mode < 0 || (mode & 0xf) > 3) return INVALID_VALUE;
    ((Handle*)h)->mathMode = mode;
    return OK;
}
API cublasStatus_t cublasSgemmStridedBatched(void* h, int ta, int tb, int m, int n, int k, const float* alpha,
        const float* A, int lda, long long sA, const float* B, int ldb, long long sB, const float* beta, float* C,
        int ldc, long long sC, int batch) {
    return gemm<float, float>(h, ta, tb, m, n, k, alpha, A, lda, sA, B, ldb, sB, beta, C, ldc, sC, batch);
}
API cublasStatus_t cublasDgemmStridedBatched(void* h, int ta, int tb, int m, int n, int k, const double* alpha,
        const double* A, int lda, long long sA, const double* B, int ldb, long long sB, const double* beta, double* C,
        int ldc, long long sC, int batch) {
    return gemm<double, double>(h, ta, tb, m, n, k, alpha, A, lda, sA, B, ldb, sB, beta, C, ldc, sC, batch);
}
/** float16 or bfloat16 operands and result, float32 alpha, beta and sums (COMPUTE_32F), as torch4j calls it. */
API cublasStatus_t cublasGemmStridedBatchedEx(void* h, int ta, int tb, int m, int n, int k, const void* alpha,
        const void* A, int at, int lda, long long sA, const void* B, int bt, int ldb, long long sB, const void* beta,
        void* C, int ct, int ldc, long long sC, int batch, int compute, int algo) {
    if (h == nullptr) return NOT_INITIALIZED;
    if (at != bt || at != ct || (at != CUDA_R_16F && at != CUDA_R_16BF) || compute != COMPUTE_32F || algo != -1) {
        return NOT_SUPPORTED;
    }
    int rowsA = ta == 0 ? m : k, rowsB = tb == 0 ? k : n;
    if (m < 0 || n < 0 || k < 0 || batch < 0 || lda < (rowsA > 1 ? rowsA : 1) || ldb < (rowsB > 1 ? rowsB : 1)
        || ldc < (m > 1 ? m : 1)) {
        return INVALID_VALUE;
    }
    // widen to float32 matrices, multiply as SGEMM does, round each result once
    if (batch == 0 || m == 0 || n == 0) return OK;
    // elements spanned, read no further than cuBLAS would (an operand may end at its allocation's end)
    auto span = [](int b, long long stride, int rows, int cols, int ld) {
        return rows == 0 || cols == 0 ? (size_t)0 : (size_t)(b - 1) * stride + (size_t)(cols - 1) * ld + rows;
    };
    size_t na = span(batch, sA, rowsA, ta == 0 ? k : m, lda), nb = span(batch, sB, rowsB, tb == 0 ? n : k, ldb);
    size_t nc = span(batch, sC, m, n, ldc);
    std::vector<float> fa(na), fb(nb), fc(nc);
    for (size_t i = 0; i < na; i++) fa[i] = from16(((const uint16_t*)A)[i], at);
    for (size_t i = 0; i < nb; i++) fb[i] = from16(((const uint16_t*)B)[i], at);
    float zero = 0;
    cublasStatus_t rc = gemm<float, float>(h, ta, tb, m, n, k, (const float*)alpha, fa.data(), lda, sA, fb.data(), ldb,
                                           sB, &zero, fc.data(), ldc, sC, batch);
    if (rc != OK) return rc;
    float b0 = *(const float*)beta;
    for (int bi = 0; bi < batch; bi++) {
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                size_t o = (size_t)bi * sC + i + (size_t)j * ldc;
                uint16_t* out = (uint16_t*)C + o;
                float v = b0 == 0 ? fc[o] : fc[o] + b0 * from16(*out, ct);
                *out = to16(v, ct);
            }
        }
    }
    return OK;
}
API const char* cublasGetStatusString(cublasStatus_t s) {
    switch (s) {
        case OK: return "CUBLAS_STATUS_SUCCESS";
        case NOT_INITIALIZED: return "CUBLAS_STATUS_NOT_INITIALIZED";
        case INVALID_VALUE: return "CUBLAS_STATUS_INVALID_VALUE";
        case NOT_SUPPORTED: return "CUBLAS_STATUS_NOT_SUPPORTED";
        default: return "CUBLAS_STATUS_UNKNOWN";
    }
}

} // extern "C"
