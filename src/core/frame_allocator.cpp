#include "asyncio/detail/core/frame_allocator.hpp"

#include <cstdlib>
#include <mutex>
#include <new>
#include <vector>

// Sanitizers must see every frame come and go, so that a use after free is caught.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ASYNCIO_FRAME_CACHE 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define ASYNCIO_FRAME_CACHE 0
#endif
#endif
#ifndef ASYNCIO_FRAME_CACHE
#define ASYNCIO_FRAME_CACHE 1
#endif

namespace asyncio::detail {
namespace {

void* checked_malloc(std::size_t size) {
    void* p = std::malloc(size);
    if (!p) throw std::bad_alloc();
    return p;
}

#if ASYNCIO_FRAME_CACHE

constexpr std::size_t kGranule = 16;
constexpr std::size_t kClasses = 64;          // frames up to 1 KiB are recycled
constexpr std::size_t kSlabSize = 64 * 1024;  // carved into frames of one class

struct FreeBlock {
    FreeBlock* next;
};

// Slabs are never returned to the system: a frame may be freed on another thread than the
// one that carved it, and then lives on in that thread's free list. Keeping every slab
// listed here also keeps it reachable, so leak checkers see no leak.
class SlabRegistry {
  public:
    void* carve_slab() {
        void* slab = checked_malloc(kSlabSize);
        std::lock_guard lock(mutex_);
        slabs_.push_back(slab);
        return slab;
    }

  private:
    std::mutex mutex_;
    std::vector<void*> slabs_;
};

SlabRegistry& registry() {
    static SlabRegistry* instance = new SlabRegistry;  // lives until the process ends
    return *instance;
}

// Plain data, so that reaching it costs one thread-pointer offset and no guard check.
struct FrameCache {
    FreeBlock* heads[kClasses];
    char* slab_next;  // the unused rest of the thread's current slab
    char* slab_end;
};

constinit thread_local FrameCache cache{};

void* carve(std::size_t block) {
    if (static_cast<std::size_t>(cache.slab_end - cache.slab_next) < block) {
        cache.slab_next = static_cast<char*>(registry().carve_slab());
        cache.slab_end = cache.slab_next + kSlabSize;
    }
    void* p = cache.slab_next;
    cache.slab_next += block;
    return p;
}

#endif

void* take_frame(std::size_t size) {
#if ASYNCIO_FRAME_CACHE
    const std::size_t cls = (size - 1) / kGranule;
    if (cls < kClasses) {
        if (FreeBlock* block = cache.heads[cls]) {
            cache.heads[cls] = block->next;
            return block;
        }
        return carve((cls + 1) * kGranule);
    }
#endif
    return checked_malloc(size);
}

}  // namespace

constinit thread_local void* last_allocated_frame = nullptr;

void* allocate_frame(std::size_t size) {
    void* frame = take_frame(size);
    last_allocated_frame = frame;
    return frame;
}

void deallocate_frame(void* frame, std::size_t size) noexcept {
#if ASYNCIO_FRAME_CACHE
    const std::size_t cls = (size - 1) / kGranule;
    if (cls < kClasses) {
        cache.heads[cls] = new (frame) FreeBlock{cache.heads[cls]};
        return;
    }
#else
    (void)size;
#endif
    std::free(frame);
}

}  // namespace asyncio::detail
