// An allocator that maps whole pages from the kernel (mmap) and gives them back on free (munmap),
// for the k-mer tables: hundreds of shard tables of about a megabyte grow and are freed one by
// one, and from the heap those frees would not lower the resident memory (glibc raises its mmap
// threshold after the first free, so later blocks come from arenas it keeps). The whole 2 MB pages
// inside every block are advised into transparent huge pages: lookups in the tables land at
// random, and with 4 KB pages nearly every one also missed the TLB.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <new>
#include <vector>

namespace plateau::assembly {

inline constexpr std::size_t k_huge_page_bytes = std::size_t(2) << 20;

/// Asks the kernel for transparent huge pages over the whole 2 MB pages inside [p, p + bytes)
/// (before they are first touched; advice only: a kernel without THP keeps small pages).
inline void advise_huge_pages(const void* p, std::size_t bytes) {
    const auto begin = (reinterpret_cast<std::uintptr_t>(p) + k_huge_page_bytes - 1) & ~(k_huge_page_bytes - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(k_huge_page_bytes - 1);
    if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

template <class T>
struct PageAllocator {
    using value_type = T;
    PageAllocator() = default;
    template <class U>
    PageAllocator(const PageAllocator<U>&) {}  // NOLINT: rebinding converts implicitly
    T* allocate(std::size_t n) {
        void* p = mmap(nullptr, n * sizeof(T), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) throw std::bad_alloc();
        advise_huge_pages(p, n * sizeof(T));
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
