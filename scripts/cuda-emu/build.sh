#!/usr/bin/env bash
# Builds the CUDA emulator: a libcuda.so.1, libcublas.so.13, libcublasLt.so.13 and libnvrtc.so.13 that run torch4j's
# own kernels (library/src/main/cuda, compiled here by g++ as C++) on the CPU. Point TORCH4J_CUDA_LIBS at the output folder and
# torch4j's CUDA tests run on a machine without a GPU (scripts/cuda-emu/test.sh does that).
#   scripts/cuda-emu/build.sh [out dir]     (default library/target/cuda-emu; rebuilt when a source is newer)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
src=$root/library/src/main/cuda
out=${1:-$root/library/target/cuda-emu}
mkdir -p "$out/gen"
cxx=${CXX:-g++}
flags=(-std=c++17 -fPIC -O1 -g -ffp-contract=off -Wno-unused-result -include "$here/emu.h" -I "$src")

newest=$(ls -t "$src"/*.cu "$src"/t4j.cuh "$here"/*.cpp "$here"/emu.h "$here"/build.sh | head -1)
if [ -f "$out/libcuda.so.1" ] && [ "$out/libcuda.so.1" -nt "$newest" ]; then exit 0; fi

objs=()
pids=()
for cu in "$src"/*.cu; do
    mod=$(basename "$cu" .cu)
    gen=$out/gen/${mod}_emu.cpp
    # entry points and their launch bounds, from the preprocessed source (macros that build names expanded)
    {
        echo "#include \"$cu\""
        "$cxx" "${flags[@]}" -DT4J_EMU_SCAN -x c++ -E -P "$cu" | tr '\n' ' ' \
            | grep -oE 'extern "C" +T4J_EMU_GLOBAL +void +(T4J_EMU_LB *\( *[0-9]+ *\) +)?[A-Za-z0-9_]+ *\(' \
            | sed -E 's/.*T4J_EMU_LB *\( *([0-9]+) *\) +([A-Za-z0-9_]+) *\($/T4J_EMU_KERNEL(\2, \1)/;
                      s/.*void +([A-Za-z0-9_]+) *\($/T4J_EMU_KERNEL(\1, 0)/'
    } > "$gen.tmp"
    if ! grep -q T4J_EMU_KERNEL "$gen.tmp"; then echo "cuda-emu: no kernels found in $cu" >&2; exit 1; fi
    mv "$gen.tmp" "$gen"
    objs+=("$out/gen/$mod.o")
    "$cxx" "${flags[@]}" -c "$gen" -o "$out/gen/$mod.o" &
    pids+=($!)
done
"$cxx" "${flags[@]}" -c "$here/driver.cpp" -o "$out/gen/driver.o" &
pids+=($!)
failed=0
for p in "${pids[@]}"; do wait "$p" || failed=1; done
if [ $failed -ne 0 ]; then echo "cuda-emu: a kernel file did not compile for the host" >&2; exit 1; fi
"$cxx" -shared -o "$out/libcuda.so.1.tmp" "$out/gen/driver.o" "${objs[@]}" -lpthread
"$cxx" -std=c++17 -fPIC -O3 -march=native -shared -o "$out/libcublas.so.13" "$here/cublas.cpp"
"$cxx" -std=c++17 -fPIC -O2 -shared -o "$out/libcublasLt.so.13" "$here/cublaslt.cpp"
"$cxx" -std=c++17 -fPIC -O1 -shared -o "$out/libnvrtc.so.13" "$here/nvrtc.cpp"
mv -f "$out/libcuda.so.1.tmp" "$out/libcuda.so.1"
echo "cuda-emu: $(grep -h -c T4J_EMU_KERNEL "$out"/gen/*_emu.cpp | awk "{s+=\$1} END {print s}") kernels in $out"
