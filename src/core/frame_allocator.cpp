#include "asyncio/core/frame_allocator.hpp"

#include <cstdlib>
#include <new>
#include <utility>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ASYNCIO_FRAME_CACHE 0
#else
#define ASYNCIO_FRAME_CACHE 1
#endif

namespace asyncio::detail {
namespace {

constexpr std::size_t kGranule = 16;
constexpr std::size_t kClasses = 64;  // frames up to 1 KiB are cached
// Keep at most this many idle frames per class, so that a burst does not pin its memory.
constexpr std::size_t kMaxCachedPerClass = 1 << 16;

struct FreeBlock {
    FreeBlock* next;
};

// Plain data, so that reaching it costs one thread-pointer offset and no guard check.
struct FrameCache {
    FreeBlock* heads[kClasses];
    std::size_t counts[kClasses];
};

#if ASYNCIO_FRAME_CACHE
constinit thread_local FrameCache cache{};

// Frees the thread's idle frames when the thread ends. Registered on the first frame the
// thread mallocs, which every cached frame follows.
struct CacheReleaser {
    CacheReleaser() = default;
    CacheReleaser(const CacheReleaser&) = delete;
    CacheReleaser& operator=(const CacheReleaser&) = delete;
    ~CacheReleaser() {
        for (std::size_t cls = 0; cls < kClasses; ++cls) {
            while (FreeBlock* block = cache.heads[cls]) {
                cache.heads[cls] = block->next;
                std::free(block);
            }
            cache.counts[cls] = 0;
        }
    }
};
thread_local CacheReleaser releaser;
#endif

void* checked_malloc(std::size_t size) {
    void* p = std::malloc(size);
    if (!p) throw std::bad_alloc();
    return p;
}

}  // namespace

void* allocate_frame(std::size_t size) {
#if ASYNCIO_FRAME_CACHE
    const std::size_t cls = (size - 1) / kGranule;
    if (cls < kClasses) {
        if (FreeBlock* block = cache.heads[cls]) {
            cache.heads[cls] = block->next;
            --cache.counts[cls];
            return block;
        }
        (void)&releaser;  // odr-use: constructs it, so it runs at thread exit
        return checked_malloc((cls + 1) * kGranule);
    }
#endif
    return checked_malloc(size);
}

void deallocate_frame(void* frame, std::size_t size) noexcept {
#if ASYNCIO_FRAME_CACHE
    const std::size_t cls = (size - 1) / kGranule;
    if (cls < kClasses && cache.counts[cls] < kMaxCachedPerClass) {
        cache.heads[cls] = new (frame) FreeBlock{cache.heads[cls]};
        ++cache.counts[cls];
        return;
    }
#else
    (void)size;
#endif
    std::free(frame);
}

}  // namespace asyncio::detail
