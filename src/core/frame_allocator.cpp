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

constexpr std::size_t kGranule = 32;
constexpr std::size_t kClasses = 32;  // frames up to 1 KiB are cached
// Keep at most this many idle frames per class, so that a burst does not pin its memory.
constexpr std::size_t kMaxCachedPerClass = 1 << 16;

struct FreeBlock {
    FreeBlock* next;
};

class FrameCache {
  public:
    constexpr FrameCache() = default;
    FrameCache(const FrameCache&) = delete;
    FrameCache& operator=(const FrameCache&) = delete;
    ~FrameCache() {
        for (FreeBlock* head : heads_) {
            while (head) std::free(std::exchange(head, head->next));
        }
    }

    void* take(std::size_t cls) noexcept {
        FreeBlock* block = heads_[cls];
        if (!block) return nullptr;
        heads_[cls] = block->next;
        --counts_[cls];
        return block;
    }

    bool give(std::size_t cls, void* p) noexcept {
        if (counts_[cls] >= kMaxCachedPerClass) return false;
        heads_[cls] = new (p) FreeBlock{heads_[cls]};
        ++counts_[cls];
        return true;
    }

  private:
    FreeBlock* heads_[kClasses] = {};
    std::size_t counts_[kClasses] = {};
};

#if ASYNCIO_FRAME_CACHE
thread_local FrameCache cache;
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
        if (void* p = cache.take(cls)) return p;
        return checked_malloc((cls + 1) * kGranule);
    }
#endif
    return checked_malloc(size);
}

void deallocate_frame(void* frame, std::size_t size) noexcept {
#if ASYNCIO_FRAME_CACHE
    const std::size_t cls = (size - 1) / kGranule;
    if (cls < kClasses && cache.give(cls, frame)) return;
#else
    (void)size;
#endif
    std::free(frame);
}

}  // namespace asyncio::detail
