// A CPU stand-in for libcuda.so.1: the part of the CUDA driver API that torch4j binds (backend/cuda/Driver.java),
// running torch4j's own kernels compiled for the host (build.sh). Device memory is host memory; streams and
// events are synchronous; a launch runs its blocks one after another, each block's threads as fibers.
//
// It checks what a real driver checks at the same calls (launch dimensions, shared memory, launch bounds, copies
// inside an allocation, frees of live blocks) and fills new and freed memory with 0xff bytes, so that a kernel
// reading memory nobody wrote sees NaN or -1 instead of a lucky zero. What it cannot show: speed, races between
// threads (blocks and warps never overlap here), and the GPU's own floating-point rounding of library functions.
#include "emu.h"

#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <vector>

thread_local t4j_emu_thread* t4j_emu_cur;
thread_local t4j_emu_dim3 t4j_emu_block_idx, t4j_emu_block_dim, t4j_emu_grid_dim;
thread_local int t4j_emu_nthreads;
thread_local void* t4j_emu_dynamic_smem;
thread_local unsigned long long t4j_emu_slots[1024];
thread_local unsigned t4j_emu_warp_mask[32];

typedef int CUresult;
enum {
    SUCCESS = 0, INVALID_VALUE = 1, OUT_OF_MEMORY = 2, INVALID_DEVICE = 101, INVALID_HANDLE = 400, NOT_FOUND = 500,
    ILLEGAL_ADDRESS = 700, LAUNCH_OUT_OF_RESOURCES = 701, LAUNCH_FAILED = 719
};

namespace {

// ---- kernels, registered by the generated part of each kernel file (build.sh)
struct Kernel {
    std::string name;
    void (*call)(void**);
    int maxThreads;           // __launch_bounds__, or 1024
    std::vector<unsigned> sizes; // of each parameter
};
std::map<std::string, Kernel>& kernels() {
    static std::map<std::string, Kernel> k;
    return k;
}

std::recursive_mutex lock;    // one driver call at a time, as if every call went to one stream

int env_int(const char* name, int dflt) {
    const char* v = getenv(name);
    return v && *v ? atoi(v) : dflt;
}
// read once: they are asked for on every allocation, launch or block
int devices() { static const int n = env_int("T4J_EMU_DEVICES", 1); return n; }
size_t device_bytes() { static const size_t b = (size_t)env_int("T4J_EMU_MEMORY_MIB", 4096) << 20; return b; }
bool poison() { static const bool p = env_int("T4J_EMU_POISON", 1) != 0; return p; }
// Live blocks at most: each is two mappings (data, guard page) and Linux allows a process 65530 (vm.max_map_count),
// which tens of thousands of small tensors awaiting collection exhausted (the JVM then cannot start a thread). Past
// it an allocation reports out-of-memory, as a full device would, and torch4j collects and retries.
size_t max_blocks() { static const size_t m = (size_t)env_int("T4J_EMU_MAX_BLOCKS", 20000); return m; }
bool trace() { static const bool t = env_int("T4J_EMU_TRACE", 0) != 0; return t; }
bool reverse_order() { static const bool r = env_int("T4J_EMU_REVERSE", 0) != 0; return r; }

// ---- memory: each block in its own mapping, ending at a guard page so that a kernel that runs past its
// buffer faults at once instead of corrupting a neighbour
struct Block {
    size_t size;
    void* map;
    size_t mapBytes;
    int device;
};
std::map<uintptr_t, Block> blocks;
struct Pool { size_t used = 0, reserved = 0, usedHigh = 0, reservedHigh = 0; };
std::vector<Pool> pools(16);
thread_local int current_device = 0;

const size_t PAGE = 4096;

CUresult alloc(unsigned long long* out, size_t n) {
    Pool& p = pools[current_device];
    if (n > device_bytes() || p.used + n > device_bytes() || blocks.size() >= max_blocks()) return OUT_OF_MEMORY;
    size_t data = (n + 255) & ~(size_t)255;
    size_t mapBytes = ((data + PAGE - 1) & ~(PAGE - 1)) + PAGE;
    void* m = mmap(nullptr, mapBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m == MAP_FAILED) return OUT_OF_MEMORY;
    char* guard = (char*)m + mapBytes - PAGE;
    mprotect(guard, PAGE, PROT_NONE);
    char* ptr = guard - data;
    if (poison()) memset(ptr, 0xff, data);
    blocks[(uintptr_t)ptr] = Block{n, m, mapBytes, current_device};
    p.used += n;
    if (p.used > p.usedHigh) p.usedHigh = p.used;
    if (p.used > p.reserved) p.reserved = p.used;
    if (p.reserved > p.reservedHigh) p.reservedHigh = p.reserved;
    *out = (unsigned long long)(uintptr_t)ptr;
    return SUCCESS;
}

CUresult release(unsigned long long ptr) {
    auto it = blocks.find((uintptr_t)ptr);
    if (it == blocks.end()) return INVALID_VALUE;
    Block b = it->second;
    if (poison()) memset((void*)(uintptr_t)ptr, 0xff, b.size);
    munmap(b.map, b.mapBytes);
    pools[b.device].used -= b.size;
    blocks.erase(it);
    return SUCCESS;
}

/** The live block that holds address p, or null. */
const Block* owner(unsigned long long p) {
    auto it = blocks.upper_bound((uintptr_t)p);
    if (it == blocks.begin()) return nullptr;
    --it;
    return (uintptr_t)p < it->first + it->second.size ? &it->second : nullptr;
}

/** Whether [p, p + n) lies inside one live block. */
bool inside(unsigned long long p, size_t n) {
    auto it = blocks.upper_bound((uintptr_t)p);
    if (it == blocks.begin()) return false;
    --it;
    return (uintptr_t)p + n <= it->first + it->second.size;
}

// ---- the fiber scheduler. A context switch saves the callee-saved registers and the floating-point control
// words on the old stack and pops them from the new one: no system call, unlike swapcontext, which matters when
// every launch starts hundreds of fibers.
extern "C" void t4j_emu_switch(void** save, void* to);
asm(R"(
    .text
    .globl t4j_emu_switch
    .type t4j_emu_switch, @function
t4j_emu_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    subq $8, %rsp
    stmxcsr (%rsp)
    fnstcw 4(%rsp)
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    ldmxcsr (%rsp)
    fldcw 4(%rsp)
    addq $8, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size t4j_emu_switch, .-t4j_emu_switch
)");

enum State { RUNNABLE, AT_BLOCK_BARRIER, AT_WARP_BARRIER, DONE };
struct Fiber {
    void* sp;
    t4j_emu_thread th;
    State state;
    char* stack;
};
const size_t STACK = 256 * 1024;
thread_local std::vector<Fiber> fibers;
thread_local void* scheduler;
thread_local Fiber* running;
thread_local const Kernel* kernel;
thread_local void** kernelParams;
thread_local std::vector<char> dynamicShared;

[[noreturn]] void fiber_main() {
    kernel->call(kernelParams);
    running->state = DONE;
    t4j_emu_switch(&running->sp, scheduler);
    __builtin_unreachable();
}

/** A fresh stack whose first switch enters fiber_main, with the caller's floating-point control words. */
void* fresh_stack(char* stack) {
    uintptr_t top = ((uintptr_t)stack + STACK) & ~(uintptr_t)15;
    void** sp = (void**)top;
    *--sp = nullptr;                 // where fiber_main's return address would be: entry sees rsp = 8 mod 16
    *--sp = (void*)&fiber_main;      // popped by ret
    for (int i = 0; i < 6; i++) *--sp = nullptr; // rbp, rbx, r12-r15
    unsigned ctl[2];
    __asm__ volatile("stmxcsr %0" : "=m"(ctl[0]));
    __asm__ volatile("fnstcw %0" : "=m"(ctl[1]));
    *--sp = nullptr;
    memcpy(sp, ctl, 8);
    return sp;
}

void wait_at(State s) {
    Fiber* f = running;
    f->state = s;
    t4j_emu_switch(&f->sp, scheduler);
}

/** Runs one block to the end; false on a deadlock (threads waiting at different barriers). */
bool run_block(int n) {
    while ((int)fibers.size() < n) {
        fibers.emplace_back();
        Fiber& f = fibers.back();
        void* m = mmap(nullptr, STACK + PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1,
                       0);
        if (m == MAP_FAILED) return false;
        mprotect(m, PAGE, PROT_NONE); // stack overflow faults
        f.stack = (char*)m + PAGE;
    }
    unsigned bx = t4j_emu_block_dim.x, by = t4j_emu_block_dim.y;
    for (int i = 0; i < n; i++) {
        Fiber& f = fibers[i];
        f.th.linear = i;
        f.th.tid = t4j_emu_dim3{(unsigned)i % bx, ((unsigned)i / bx) % by, (unsigned)i / (bx * by)};
        f.state = RUNNABLE;
        f.sp = fresh_stack(f.stack);
    }
    int alive = n;
    bool reverse = reverse_order();
    while (alive > 0) {
        for (int j = 0; j < n; j++) {
            // between two barriers the threads run one after another; in reverse order, a kernel that reads what
            // another thread wrote without a barrier in between reads stale or poisoned data instead of the value
            Fiber& f = fibers[reverse ? n - 1 - j : j];
            if (f.state != RUNNABLE) continue;
            running = &f;
            t4j_emu_cur = &f.th;
            t4j_emu_switch(&scheduler, f.sp);
            if (f.state == DONE) alive--;
        }
        if (alive == 0) break;
        bool released = false;
        for (int w = 0; w * 32 < n; w++) { // a warp meets when all its live lanes wait at a warp barrier
            int end = w * 32 + 32 < n ? w * 32 + 32 : n, waiting = 0, live = 0;
            unsigned mask = 0;
            for (int i = w * 32; i < end; i++) {
                if (fibers[i].state == DONE) continue;
                live++;
                if (fibers[i].state == AT_WARP_BARRIER) { waiting++; mask |= 1u << (i & 31); }
            }
            if (live > 0 && waiting == live) {
                t4j_emu_warp_mask[w] = mask;
                for (int i = w * 32; i < end; i++) if (fibers[i].state == AT_WARP_BARRIER) fibers[i].state = RUNNABLE;
                released = true;
            }
        }
        if (released) continue;
        int atBlock = 0;
        for (int i = 0; i < n; i++) if (fibers[i].state == AT_BLOCK_BARRIER) atBlock++;
        if (atBlock != alive) return false;
        for (int i = 0; i < n; i++) if (fibers[i].state == AT_BLOCK_BARRIER) fibers[i].state = RUNNABLE;
    }
    return true;
}

// ---- memory faults in a kernel: a real GPU reports CUDA_ERROR_ILLEGAL_ADDRESS, so the launch does too, after
// saying where the address lies; faults on other threads (the JVM's own) go to the handler that was there before
thread_local sigjmp_buf* faultJump;
thread_local void* faultAddress;
struct sigaction previousSegv, previousBus;

void describe(const char* kernelName, void* addr) {
    uintptr_t a = (uintptr_t)addr;
    auto it = blocks.upper_bound(a);
    std::string where = "not near any device allocation";
    char buf[200];
    if (it != blocks.begin()) {
        auto prev = std::prev(it);
        uintptr_t end = prev->first + prev->second.size;
        snprintf(buf, sizeof buf, "%llu bytes past the end of a %zu-byte allocation",
                 (unsigned long long)(a - end), prev->second.size);
        if (a >= end && a - end < (1u << 20)) where = buf;
    }
    if (it != blocks.end() && it->first > a && it->first - a < (1u << 20)) {
        snprintf(buf, sizeof buf, "%llu bytes before the start of a %zu-byte allocation",
                 (unsigned long long)(it->first - a), it->second.size);
        where = buf;
    }
    fprintf(stderr, "torch4j CUDA emulator: %s touched %p, %s (thread %d of block (%u,%u,%u))\n", kernelName, addr,
            where.c_str(), t4j_emu_cur ? t4j_emu_cur->linear : -1, t4j_emu_block_idx.x, t4j_emu_block_idx.y,
            t4j_emu_block_idx.z);
}

void on_fault(int sig, siginfo_t* info, void* ctx) {
    if (faultJump != nullptr) {
        faultAddress = info->si_addr;
        siglongjmp(*faultJump, 1);
    }
    struct sigaction& prev = sig == SIGSEGV ? previousSegv : previousBus;
    if (prev.sa_flags & SA_SIGINFO) prev.sa_sigaction(sig, info, ctx);
    else if (prev.sa_handler != SIG_DFL && prev.sa_handler != SIG_IGN) prev.sa_handler(sig);
    else { signal(sig, SIG_DFL); raise(sig); }
}

// ---- streams and events: everything has finished when a call returns, so an event is a time
struct Event { std::chrono::steady_clock::time_point t; bool recorded = false; };

const char* error_name(int rc) {
    switch (rc) {
        case SUCCESS: return "CUDA_SUCCESS";
        case INVALID_VALUE: return "CUDA_ERROR_INVALID_VALUE";
        case OUT_OF_MEMORY: return "CUDA_ERROR_OUT_OF_MEMORY";
        case INVALID_DEVICE: return "CUDA_ERROR_INVALID_DEVICE";
        case INVALID_HANDLE: return "CUDA_ERROR_INVALID_HANDLE";
        case NOT_FOUND: return "CUDA_ERROR_NOT_FOUND";
        case ILLEGAL_ADDRESS: return "CUDA_ERROR_ILLEGAL_ADDRESS";
        case LAUNCH_OUT_OF_RESOURCES: return "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES";
        case LAUNCH_FAILED: return "CUDA_ERROR_LAUNCH_FAILED";
        default: return nullptr;
    }
}

} // namespace

static CUresult run_grid(const Kernel* k, unsigned gx, unsigned gy, unsigned gz, int threads) {
    for (unsigned z = 0; z < gz; z++) {
        for (unsigned y = 0; y < gy; y++) {
            for (unsigned x = 0; x < gx; x++) {
                t4j_emu_block_idx = t4j_emu_dim3{x, y, z};
                if (!run_block(threads)) {
                    fprintf(stderr, "torch4j CUDA emulator: %s deadlocked in block (%u,%u,%u): threads wait at "
                            "different barriers\n", k->name.c_str(), x, y, z);
                    return LAUNCH_FAILED;
                }
            }
        }
    }
    return SUCCESS;
}

extern "C" {

void t4j_emu_syncthreads() { wait_at(AT_BLOCK_BARRIER); }
void t4j_emu_syncwarp() { wait_at(AT_WARP_BARRIER); }

void t4j_emu_register(const char* name, void (*call)(void**), int maxThreads, int nparams, const unsigned* sizes) {
    kernels()[name] = Kernel{name, call, maxThreads > 0 ? maxThreads : 1024,
                             std::vector<unsigned>(sizes, sizes + nparams)};
}

#define API __attribute__((visibility("default"))) CUresult
#define LOCKED std::lock_guard<std::recursive_mutex> guard(lock)

API cuInit(unsigned) { return SUCCESS; }
API cuDriverGetVersion(int* v) { *v = 13000; return SUCCESS; }
API cuDeviceGetCount(int* n) { *n = devices(); return SUCCESS; }
API cuDeviceGet(int* d, int ordinal) {
    if (ordinal < 0 || ordinal >= devices()) return INVALID_DEVICE;
    *d = ordinal;
    return SUCCESS;
}
API cuDeviceGetName(char* name, int len, int dev) {
    if (dev < 0 || dev >= devices()) return INVALID_DEVICE;
    snprintf(name, (size_t)len, "torch4j CUDA emulator (CPU)");
    return SUCCESS;
}
API cuDeviceGetAttribute(int* v, int attr, int dev) {
    if (dev < 0 || dev >= devices()) return INVALID_DEVICE;
    switch (attr) {
        case 1: *v = 1024; break;                  // max threads per block
        case 2: case 3: *v = 1024; break;          // max block dims x, y
        case 4: *v = 64; break;                    // max block dim z
        case 5: *v = 2147483647; break;            // max grid dim x
        case 6: case 7: *v = 65535; break;         // max grid dims y, z
        case 8: *v = 49152; break;                 // shared memory per block
        case 10: *v = 32; break;                   // warp size
        case 16: *v = 4; break;                    // multiprocessors
        case 75: *v = 9; break;                    // compute capability
        case 76: *v = 0; break;
        case 115: *v = 1; break;                   // memory pools supported
        default: *v = 0; break;
    }
    return SUCCESS;
}
API cuDeviceTotalMem_v2(size_t* bytes, int dev) {
    if (dev < 0 || dev >= devices()) return INVALID_DEVICE;
    *bytes = device_bytes();
    return SUCCESS;
}
API cuDevicePrimaryCtxRetain(void** ctx, int dev) {
    if (dev < 0 || dev >= devices()) return INVALID_DEVICE;
    *ctx = (void*)(uintptr_t)(0x1000 + dev);
    return SUCCESS;
}
API cuCtxSetCurrent(void* ctx) {
    int d = (int)((uintptr_t)ctx - 0x1000);
    if (d < 0 || d >= devices()) return INVALID_HANDLE;
    current_device = d;
    return SUCCESS;
}
API cuCtxSynchronize() { return SUCCESS; }
API cuMemGetInfo_v2(size_t* freeBytes, size_t* total) {
    LOCKED;
    *total = device_bytes();
    *freeBytes = device_bytes() - pools[current_device].used;
    return SUCCESS;
}
API cuMemAlloc_v2(unsigned long long* p, size_t n) { LOCKED; return alloc(p, n); }
API cuMemFree_v2(unsigned long long p) { LOCKED; return release(p); }
API cuMemAllocAsync(unsigned long long* p, size_t n, void*) { LOCKED; return alloc(p, n); }
API cuMemFreeAsync(unsigned long long p, void*) { LOCKED; return release(p); }
API cuDeviceGetDefaultMemPool(void** pool, int dev) {
    if (dev < 0 || dev >= devices()) return INVALID_DEVICE;
    *pool = (void*)(uintptr_t)(0x2000 + dev);
    return SUCCESS;
}
API cuMemPoolSetAttribute(void*, int, void*) { return SUCCESS; }
API cuMemPoolGetAttribute(void* pool, int attr, void* v) {
    LOCKED;
    int d = (int)((uintptr_t)pool - 0x2000);
    if (d < 0 || d >= devices()) return INVALID_HANDLE;
    Pool& p = pools[d];
    unsigned long long* out = (unsigned long long*)v;
    switch (attr) {
        case 5: *out = p.reserved; break;          // CU_MEMPOOL_ATTR_RESERVED_MEM_CURRENT
        case 6: *out = p.reservedHigh; break;
        case 7: *out = p.used; break;              // CU_MEMPOOL_ATTR_USED_MEM_CURRENT
        case 8: *out = p.usedHigh; break;
        default: *out = 0; break;
    }
    return SUCCESS;
}
API cuMemPoolTrimTo(void* pool, size_t keep) {
    LOCKED;
    int d = (int)((uintptr_t)pool - 0x2000);
    if (d < 0 || d >= devices()) return INVALID_HANDLE;
    Pool& p = pools[d];
    size_t target = p.used > keep ? p.used : keep;
    if (p.reserved > target) p.reserved = target;
    return SUCCESS;
}
API cuMemcpyHtoD_v2(unsigned long long dst, const void* src, size_t n) {
    LOCKED;
    if (n == 0) return SUCCESS;
    if (!inside(dst, n)) return INVALID_VALUE;
    memcpy((void*)(uintptr_t)dst, src, n);
    return SUCCESS;
}
API cuMemcpyDtoH_v2(void* dst, unsigned long long src, size_t n) {
    LOCKED;
    if (n == 0) return SUCCESS;
    if (!inside(src, n)) return INVALID_VALUE;
    memcpy(dst, (const void*)(uintptr_t)src, n);
    return SUCCESS;
}
API cuMemcpyDtoDAsync_v2(unsigned long long dst, unsigned long long src, size_t n, void*) {
    LOCKED;
    if (n == 0) return SUCCESS;
    if (!inside(dst, n) || !inside(src, n)) return INVALID_VALUE;
    memmove((void*)(uintptr_t)dst, (const void*)(uintptr_t)src, n);
    return SUCCESS;
}
API cuMemsetD8Async(unsigned long long dst, unsigned char v, size_t n, void*) {
    LOCKED;
    if (n == 0) return SUCCESS;
    if (!inside(dst, n)) return INVALID_VALUE;
    memset((void*)(uintptr_t)dst, v, n);
    return SUCCESS;
}
API cuLaunchKernel(void* f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                   unsigned sharedBytes, void*, void** params, void** extra) {
    LOCKED;
    const Kernel* k = nullptr;
    for (auto& e : kernels()) if (&e.second == f) k = &e.second;
    if (k == nullptr) return INVALID_HANDLE;
    if (extra != nullptr) return INVALID_VALUE; // torch4j passes parameters one by one
    if (gx == 0 || gy == 0 || gz == 0 || gx > 2147483647u || gy > 65535 || gz > 65535) return INVALID_VALUE;
    if (bx == 0 || by == 0 || bz == 0 || bx > 1024 || by > 1024 || bz > 64) return INVALID_VALUE;
    unsigned long long threads = (unsigned long long)bx * by * bz;
    if (threads > 1024) return INVALID_VALUE;
    if (threads > (unsigned long long)k->maxThreads) return LAUNCH_OUT_OF_RESOURCES;
    if (sharedBytes > 49152) return INVALID_VALUE;
    if (trace()) {
        fprintf(stderr, "launch %s grid %ux%ux%u block %ux%ux%u shared %u:", k->name.c_str(), gx, gy, gz, bx, by, bz,
                sharedBytes);
        for (size_t i = 0; i < k->sizes.size(); i++) {
            unsigned long long v = 0;
            if (k->sizes[i] <= 8) memcpy(&v, params[i], k->sizes[i]);
            if (k->sizes[i] <= 8) fprintf(stderr, " %#llx", v);
            else {
                long long w[6] = {};
                memcpy(w, params[i], sizeof w);
                fprintf(stderr, " {%u bytes: %lld %lld %lld %lld %lld %lld ...}", k->sizes[i], w[0], w[1], w[2], w[3],
                        w[4], w[5]);
            }
        }
        fprintf(stderr, "\n");
    }
    for (size_t i = 0; i < k->sizes.size(); i++) { // a GPU cannot read another GPU's memory without peer access
        if (k->sizes[i] != 8) continue;
        unsigned long long v;
        memcpy(&v, params[i], 8);
        const Block* b = owner(v);
        if (b != nullptr && b->device != current_device) {
            fprintf(stderr, "torch4j CUDA emulator: %s launched on device %d with argument %zu in device %d's memory\n",
                    k->name.c_str(), current_device, i, b->device);
            return ILLEGAL_ADDRESS;
        }
    }
    dynamicShared.assign(sharedBytes + 16, (char)0xff);
    t4j_emu_dynamic_smem = sharedBytes ? dynamicShared.data() : nullptr;
    t4j_emu_grid_dim = t4j_emu_dim3{gx, gy, gz};
    t4j_emu_block_dim = t4j_emu_dim3{bx, by, bz};
    t4j_emu_nthreads = (int)threads;
    kernel = k;
    kernelParams = params;
    struct sigaction mine = {};
    mine.sa_sigaction = on_fault;
    mine.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&mine.sa_mask);
    sigaction(SIGSEGV, &mine, &previousSegv);
    sigaction(SIGBUS, &mine, &previousBus);
    sigjmp_buf jump;
    CUresult rc = SUCCESS;
    if (sigsetjmp(jump, 1) == 0) {
        faultJump = &jump;
        rc = run_grid(k, gx, gy, gz, (int)threads);
    } else {
        describe(k->name.c_str(), faultAddress);
        rc = ILLEGAL_ADDRESS;
    }
    faultJump = nullptr;
    sigaction(SIGSEGV, &previousSegv, nullptr);
    sigaction(SIGBUS, &previousBus, nullptr);
    return rc;
}

API cuStreamCreate(void** s, unsigned) {
    static uintptr_t next = 0x3000;
    LOCKED;
    *s = (void*)next++;
    return SUCCESS;
}
API cuStreamDestroy_v2(void*) { return SUCCESS; }
API cuStreamSynchronize(void*) { return SUCCESS; }
API cuStreamWaitEvent(void*, void* e, unsigned) { return e ? SUCCESS : INVALID_HANDLE; }
API cuEventCreate(void** e, unsigned) { *e = new Event(); return SUCCESS; }
API cuEventRecord(void* e, void*) {
    if (!e) return INVALID_HANDLE;
    Event* ev = (Event*)e;
    ev->t = std::chrono::steady_clock::now();
    ev->recorded = true;
    return SUCCESS;
}
API cuEventSynchronize(void* e) { return e ? SUCCESS : INVALID_HANDLE; }
static CUresult elapsed(float* ms, void* a, void* b) {
    Event *ea = (Event*)a, *eb = (Event*)b;
    if (!ea || !eb) return INVALID_HANDLE;
    if (!ea->recorded || !eb->recorded) return INVALID_HANDLE;
    *ms = std::chrono::duration<float, std::milli>(eb->t - ea->t).count();
    return SUCCESS;
}
API cuEventElapsedTime(float* ms, void* a, void* b) { return elapsed(ms, a, b); }
API cuEventElapsedTime_v2(float* ms, void* a, void* b) { return elapsed(ms, a, b); }
API cuEventDestroy_v2(void* e) { delete (Event*)e; return SUCCESS; }
API cuModuleLoadData(void** module, const void* image) {
    if (!image) return INVALID_VALUE;
    *module = (void*)(uintptr_t)0x4000; // one module holds every kernel: their names are unique
    return SUCCESS;
}
API cuModuleGetFunction(void** f, void* module, const char* name) {
    if (module != (void*)(uintptr_t)0x4000) return INVALID_HANDLE;
    auto it = kernels().find(name);
    if (it == kernels().end()) return NOT_FOUND;
    *f = &it->second;
    return SUCCESS;
}
API cuGetErrorName(int rc, const char** s) {
    *s = error_name(rc);
    return *s ? SUCCESS : INVALID_VALUE;
}
API cuGetErrorString(int rc, const char** s) {
    *s = error_name(rc) ? "(reported by the torch4j CUDA emulator)" : nullptr;
    return *s ? SUCCESS : INVALID_VALUE;
}

} // extern "C"
