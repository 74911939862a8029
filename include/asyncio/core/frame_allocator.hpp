// Allocation of coroutine frames.
//
// Every task is one coroutine frame, so spawning a task costs one frame allocation. Frames
// are recycled through per-thread free lists, one per 16-byte size class up to 1 KiB, which
// makes the steady state of a spawn-heavy program allocation-free. A frame may be freed on
// another thread than the one that allocated it (each block is a plain malloc block, so it
// simply joins the other thread's cache). Under AddressSanitizer the cache is bypassed so
// that use-after-free of a frame is still caught.
#pragma once

#include <cstddef>

namespace asyncio::detail {

void* allocate_frame(std::size_t size);
void deallocate_frame(void* frame, std::size_t size) noexcept;

}  // namespace asyncio::detail
