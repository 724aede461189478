// A CPU stand-in for libcublas.so: the calls torch4j binds (backend/cuda/Cublas.java), with cuBLAS's argument
// checks, so that a wrong leading dimension or transpose flag from the Java side fails here as it would on a GPU.
// Column-major, as cuBLAS is. float32 products accumulate in float, sixteen
// interleaved partial sums as a blocked GPU GEMM would (not cuBLAS's exact order).
#include <stdint.h>
#include <stdlib.h>

#include <vector>

typedef int cublasStatus_t;
enum { OK = 0, NOT_INITIALIZED = 1, INVALID_VALUE = 7 };

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
API const char* cublasGetStatusString(cublasStatus_t s) {
    switch (s) {
        case OK: return "CUBLAS_STATUS_SUCCESS";
        case NOT_INITIALIZED: return "CUBLAS_STATUS_NOT_INITIALIZED";
        case INVALID_VALUE: return "CUBLAS_STATUS_INVALID_VALUE";
        default: return "CUBLAS_STATUS_UNKNOWN";
    }
}

} // extern "C"
