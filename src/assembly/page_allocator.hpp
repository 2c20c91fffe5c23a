// An allocator that maps whole pages from the kernel (mmap) and gives them back on free (munmap),
// for the k-mer tables: hundreds of shard tables of about a megabyte grow and are freed one by
// one, and from the heap those frees would not lower the resident memory (glibc raises its mmap
// threshold after the first free, so later blocks come from arenas it keeps).
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <new>
#include <vector>

namespace plateau::assembly {

template <class T>
struct PageAllocator {
    using value_type = T;
    PageAllocator() = default;
    template <class U>
    PageAllocator(const PageAllocator<U>&) {}  // NOLINT: rebinding converts implicitly
    T* allocate(std::size_t n) {
        void* p = mmap(nullptr, n * sizeof(T), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) throw std::bad_alloc();
        return static_cast<T*>(p);
    }
    void deallocate(T* p, std::size_t n) { munmap(p, n * sizeof(T)); }
    template <class U>
    bool operator==(const PageAllocator<U>&) const { return true; }
};

/// A vector whose storage goes back to the kernel when it is freed or shrinks to a new block.
template <class T>
using PageVector = std::vector<T, PageAllocator<T>>;

}  // namespace plateau::assembly
