// A CPU stand-in for libcublasLt.so: the calls torch4j binds (backend/cuda/CublasLt.java: a float32/float64 GEMM
// with a bias epilogue), with cuBLASLt's checks of attribute sizes, layouts against the operation, the alignments
// declared in the preference against the pointers, and the workspace, so that a wrong attribute or layout from the
// Java side fails here as it would on a GPU. Column-major, as cuBLASLt is.
#include <stdint.h>
#include <string.h>

#include <vector>

typedef int cublasStatus_t;
enum { OK = 0, NOT_INITIALIZED = 1, INVALID_VALUE = 7, NOT_SUPPORTED = 15 };
enum { R_32F = 0, R_64F = 1, COMPUTE_32F = 68, COMPUTE_64F = 70, COMPUTE_32F_FAST_TF32 = 77 };
enum { DESC_TRANSA = 3, DESC_TRANSB = 4, DESC_EPILOGUE = 7, DESC_BIAS_POINTER = 8 };
enum { EPILOGUE_DEFAULT = 1, EPILOGUE_BIAS = 4 };
enum { PREF_MAX_WORKSPACE = 1, PREF_ALIGN_A = 5, PREF_ALIGN_D = 8 };
// the workspace this stand-in asks for, so the caller's workspace path runs
static const uint64_t WORKSPACE = 4096;

namespace {

struct Handle { int magic = 0x17; };
struct Desc { int compute, scale, transa = 0, transb = 0, epilogue = EPILOGUE_DEFAULT; const void* bias = nullptr; };
struct Layout { int type; uint64_t rows, cols; int64_t ld; };
struct Pref { uint64_t workspace = 0; uint32_t align[4] = {256, 256, 256, 256}; };
// cublasLtMatmulHeuristicResult_t: algo (64 bytes), workspaceSize, state, wavesCount, reserved[4]
struct Result { uint64_t algo[8]; uint64_t workspace; int state; float waves; int reserved[4]; };
static_assert(sizeof(Result) == 96, "cublasLtMatmulHeuristicResult_t is 96 bytes");
const uint64_t ALGO_TAG = 0x7434a16f;

uint32_t alignment(const void* p) {
    uint32_t a = 256;
    while (a > 1 && ((uintptr_t)p & (a - 1)) != 0) a >>= 1;
    return a;
}

// The operation's m, n, k from the layouts (D is m x n; op(A) m x k; op(B) k x n), or false when they disagree.
bool shape(const Desc* d, const Layout* a, const Layout* b, const Layout* c, const Layout* dd, uint64_t& m, uint64_t& n,
           uint64_t& k) {
    if (!d || !a || !b || !c || !dd) return false;
    m = dd->rows;
    n = dd->cols;
    uint64_t am = d->transa ? a->cols : a->rows, ak = d->transa ? a->rows : a->cols;
    uint64_t bk = d->transb ? b->cols : b->rows, bn = d->transb ? b->rows : b->cols;
    k = ak;
    bool compute = a->type == R_64F ? d->compute == COMPUTE_64F
                                    : d->compute == COMPUTE_32F || d->compute == COMPUTE_32F_FAST_TF32;
    bool types = a->type == b->type && a->type == c->type && a->type == dd->type && compute && d->scale == a->type;
    return types && am == m && bk == k && bn == n && c->rows == m && c->cols == n && c->ld == dd->ld;
}

template <class T>
void gemmBias(const Desc* d, uint64_t m, uint64_t n, uint64_t k, T alpha, const T* A, int64_t lda, const T* B,
              int64_t ldb, T* D, int64_t ldd) {
    std::vector<T> out(m * n);
    for (uint64_t j = 0; j < n; j++) {
        for (uint64_t i = 0; i < m; i++) {
            T s = 0;
            for (uint64_t p = 0; p < k; p++) {
                T x = d->transa ? A[p + i * lda] : A[i + p * lda];
                T y = d->transb ? B[j + p * ldb] : B[p + j * ldb];
                s += x * y;
            }
            out[i + j * m] = alpha * s + (d->epilogue == EPILOGUE_BIAS ? ((const T*)d->bias)[i] : T(0));
        }
    }
    for (uint64_t j = 0; j < n; j++)
        for (uint64_t i = 0; i < m; i++) D[i + j * ldd] = out[i + j * m];
}

} // namespace

extern "C" {

#define API __attribute__((visibility("default")))

API cublasStatus_t cublasLtCreate(void** h) { *h = new Handle(); return OK; }
API cublasStatus_t cublasLtDestroy(void* h) { delete (Handle*)h; return OK; }

API cublasStatus_t cublasLtMatmulDescCreate(void** desc, int compute, int scale) {
    if (compute != COMPUTE_32F && compute != COMPUTE_64F && compute != COMPUTE_32F_FAST_TF32) return INVALID_VALUE;
    if (scale != R_32F && scale != R_64F) return INVALID_VALUE;
    Desc* d = new Desc();
    d->compute = compute;
    d->scale = scale;
    *desc = d;
    return OK;
}
API cublasStatus_t cublasLtMatmulDescDestroy(void* desc) { delete (Desc*)desc; return OK; }
API cublasStatus_t cublasLtMatmulDescSetAttribute(void* desc, int attr, const void* buf, size_t size) {
    Desc* d = (Desc*)desc;
    if (!d || !buf) return INVALID_VALUE;
    switch (attr) {
        case DESC_TRANSA: case DESC_TRANSB: case DESC_EPILOGUE: {
            if (size != 4) return INVALID_VALUE;
            int v;
            memcpy(&v, buf, 4);
            if (attr == DESC_EPILOGUE) {
                if (v != EPILOGUE_DEFAULT && v != EPILOGUE_BIAS) return NOT_SUPPORTED;
                d->epilogue = v;
            } else {
                if (v != 0 && v != 1) return INVALID_VALUE;
                (attr == DESC_TRANSA ? d->transa : d->transb) = v;
            }
            return OK;
        }
        case DESC_BIAS_POINTER:
            if (size != 8) return INVALID_VALUE;
            memcpy(&d->bias, buf, 8);
            return OK;
        default: return NOT_SUPPORTED; // this stand-in knows only the attributes torch4j sets
    }
}

API cublasStatus_t cublasLtMatrixLayoutCreate(void** layout, int type, uint64_t rows, uint64_t cols, int64_t ld) {
    if (type != R_32F && type != R_64F) return NOT_SUPPORTED;
    if (ld < (int64_t)(rows > 1 ? rows : 1)) return INVALID_VALUE; // column-major: ld >= rows
    *layout = new Layout{type, rows, cols, ld};
    return OK;
}
API cublasStatus_t cublasLtMatrixLayoutDestroy(void* layout) { delete (Layout*)layout; return OK; }

API cublasStatus_t cublasLtMatmulPreferenceCreate(void** pref) { *pref = new Pref(); return OK; }
API cublasStatus_t cublasLtMatmulPreferenceDestroy(void* pref) { delete (Pref*)pref; return OK; }
API cublasStatus_t cublasLtMatmulPreferenceSetAttribute(void* pref, int attr, const void* buf, size_t size) {
    Pref* p = (Pref*)pref;
    if (!p || !buf) return INVALID_VALUE;
    if (attr == PREF_MAX_WORKSPACE) {
        if (size != 8) return INVALID_VALUE;
        memcpy(&p->workspace, buf, 8);
        return OK;
    }
    if (attr >= PREF_ALIGN_A && attr <= PREF_ALIGN_D) {
        if (size != 4) return INVALID_VALUE;
        memcpy(&p->align[attr - PREF_ALIGN_A], buf, 4);
        return OK;
    }
    return NOT_SUPPORTED;
}

API cublasStatus_t cublasLtMatmulAlgoGetHeuristic(void* h, void* desc, void* a, void* b, void* c, void* d, void* pref,
                                                  int requested, void* results, int* returned) {
    if (!h) return NOT_INITIALIZED;
    uint64_t m, n, k;
    if (!pref || requested < 1 || !results || !returned) return INVALID_VALUE;
    if (!shape((Desc*)desc, (Layout*)a, (Layout*)b, (Layout*)c, (Layout*)d, m, n, k)) return INVALID_VALUE;
    Desc* dd = (Desc*)desc;
    if (dd->epilogue == EPILOGUE_BIAS && !dd->bias) return INVALID_VALUE;
    Pref* p = (Pref*)pref;
    *returned = 0;
    if (p->workspace < WORKSPACE) return NOT_SUPPORTED; // no algorithm without its workspace
    Result r = {};
    r.algo[0] = ALGO_TAG;
    // the algorithm is chosen for the declared alignments: remembered so the matmul can hold the pointers to them
    for (int i = 0; i < 4; i++) r.algo[1 + i] = p->align[i];
    r.workspace = WORKSPACE;
    r.state = OK;
    r.waves = 1;
    memcpy(results, &r, sizeof r);
    *returned = 1;
    return OK;
}

API cublasStatus_t cublasLtMatmul(void* h, void* desc, const void* alpha, const void* A, void* adesc, const void* B,
                                  void* bdesc, const void* beta, const void* C, void* cdesc, void* D, void* ddesc,
                                  const void* algo, void* workspace, size_t wsBytes, void* stream) {
    (void)stream;
    if (!h) return NOT_INITIALIZED;
    uint64_t m, n, k;
    Desc* d = (Desc*)desc;
    if (!shape(d, (Layout*)adesc, (Layout*)bdesc, (Layout*)cdesc, (Layout*)ddesc, m, n, k)) return INVALID_VALUE;
    if (!algo || ((const uint64_t*)algo)[0] != ALGO_TAG) return INVALID_VALUE;
    if (wsBytes < WORKSPACE || !workspace) return INVALID_VALUE;
    const uint64_t* aligns = (const uint64_t*)algo + 1;
    if (alignment(A) < aligns[0] || alignment(B) < aligns[1] || alignment(C) < aligns[2] || alignment(D) < aligns[3]) {
        return INVALID_VALUE; // a pointer less aligned than the algorithm was chosen for
    }
    if (d->epilogue == EPILOGUE_BIAS && !d->bias) return INVALID_VALUE;
    Layout* la = (Layout*)adesc;
    if (la->type == R_64F) {
        if (*(const double*)beta != 0) return NOT_SUPPORTED; // torch4j passes beta 0
        gemmBias<double>(d, m, n, k, *(const double*)alpha, (const double*)A, la->ld, (const double*)B,
                         ((Layout*)bdesc)->ld, (double*)D, ((Layout*)ddesc)->ld);
    } else {
        if (*(const float*)beta != 0) return NOT_SUPPORTED;
        gemmBias<float>(d, m, n, k, *(const float*)alpha, (const float*)A, la->ld, (const float*)B, ((Layout*)bdesc)->ld,
                        (float*)D, ((Layout*)ddesc)->ld);
    }
    memset(workspace, 0xff, WORKSPACE); // scribble over the workspace: it is the caller's scratch, nothing more
    return OK;
}

} // extern "C"
