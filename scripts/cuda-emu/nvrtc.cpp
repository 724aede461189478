// A CPU stand-in for libnvrtc.so: every "compilation" succeeds with a one-byte image, because the emulated driver
// (driver.cpp) already holds every kernel compiled for the host and ignores the image it is given. Its version,
// 99.0, keeps the images it makes apart from a real NVRTC's in torch4j's kernel cache.
#include <string.h>

typedef int nvrtcResult;

extern "C" {

#define API __attribute__((visibility("default")))

API nvrtcResult nvrtcVersion(int* major, int* minor) { *major = 99; *minor = 0; return 0; }
API nvrtcResult nvrtcCreateProgram(void** prog, const char*, const char*, int, const char* const*, const char* const*) {
    static char program;
    *prog = &program;
    return 0;
}
API nvrtcResult nvrtcCompileProgram(void*, int, const char* const*) { return 0; }
API nvrtcResult nvrtcGetProgramLogSize(void*, size_t* n) { *n = 1; return 0; }
API nvrtcResult nvrtcGetProgramLog(void*, char* log) { log[0] = 0; return 0; }
API nvrtcResult nvrtcGetCUBINSize(void*, size_t* n) { *n = 1; return 0; }
API nvrtcResult nvrtcGetCUBIN(void*, char* cubin) { cubin[0] = 'E'; return 0; }
API nvrtcResult nvrtcDestroyProgram(void** prog) { *prog = nullptr; return 0; }
API const char* nvrtcGetErrorString(nvrtcResult rc) { return rc == 0 ? "NVRTC_SUCCESS" : "NVRTC_ERROR"; }

} // extern "C"
