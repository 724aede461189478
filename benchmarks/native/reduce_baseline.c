/*
 * The machine's own answer for the 64 MiB reductions of the side-by-side table: sum over all and over dim 1 of a
 * 4096x4096 float32 matrix, written as plainly as C allows (OpenMP static split, compiler-vectorised loops), timed
 * with the same method as SideBySide and side_by_side.py (warm-up, samples of at least ~2 ms, median). Prints
 * "RESULT native@THREADS <workload> <median seconds>". Built and run by benchmarks/reduce_baseline.sh.
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { N = 4096 };

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

static float *a, *rows;
static volatile double sink;

static void sum_all(void) {
    double s = 0;   /* float lanes per thread (like PyTorch's float accumulation), combined in double */
#pragma omp parallel reduction(+ : s)
    {
        long n = (long) N * N, t = omp_get_thread_num(), k = omp_get_num_threads();
        long lo = n * t / k, hi = n * (t + 1) / k;   /* a static split in halves, as PyTorch's parallel_reduce */
        float part = 0;
#pragma omp simd reduction(+ : part)
        for (long i = lo; i < hi; i++) part += a[i];
        s += part;
    }
    sink = s;
}

static void sum_dim1(void) {
#pragma omp parallel for schedule(static)
    for (int r = 0; r < N; r++) {
        float s = 0;
#pragma omp simd reduction(+ : s)
        for (int c = 0; c < N; c++) s += a[(long) r * N + c];
        rows[r] = s;
    }
    sink = rows[0];
}

/* median seconds per call after warm seconds of calls; samples of at least ~2 ms for measure seconds */
static double timed(void (*op)(void), double warm, double measure) {
    double start = now();
    long calls = 0;
    while (now() - start < warm || calls < 1) { op(); calls++; }
    double per = (now() - start) / calls;
    int inner = per >= 2e-3 ? 1 : (int) (2e-3 / per + 0.999);
    static double samples[100000];
    int n = 0;
    start = now();
    while ((now() - start < measure || n < 5) && n < 100000) {
        double t = now();
        for (int i = 0; i < inner; i++) op();
        samples[n++] = (now() - t) / inner;
    }
    qsort(samples, n, sizeof(double), by_value);
    return samples[n / 2];
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 1;
    omp_set_num_threads(threads);
    a = aligned_alloc(64, sizeof(float) * N * N);
    rows = malloc(sizeof(float) * N);
    if (!a || !rows) { fprintf(stderr, "out of memory\n"); return 1; }
    srand(0);
    for (long i = 0; i < (long) N * N; i++) a[i] = (float) rand() / RAND_MAX - 0.5f;
    printf("RESULT native@%d sum_all_4096^2 %.6e\n", threads, timed(sum_all, 1.5, 0.5));
    printf("RESULT native@%d sum_dim1_4096^2 %.6e\n", threads, timed(sum_dim1, 1.5, 0.5));
    return 0;
}
