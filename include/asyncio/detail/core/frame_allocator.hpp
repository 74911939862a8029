// Allocation of coroutine frames.
//
// Every task is one coroutine frame, so spawning a task costs one frame allocation. Frames
// up to 1 KiB are carved from 64 KiB slabs and recycled through per-thread free lists, one
// per 16-byte size class: the steady state of a spawn-heavy program allocates nothing, and a
// frame costs its size and no allocator header. The price: memory that once held frames is
// kept for frames (per size class) rather than returned to the system. A frame may be freed
// on another thread than the one that allocated it; it then joins that thread's free list.
// Under AddressSanitizer or ThreadSanitizer every frame is a plain malloc block instead, so
// that the sanitizer sees each one come and go; that choice is made when the library is built
// and changes nothing in this header, so a program and the library need not agree on it.
#pragma once

#include <cstddef>

namespace asyncio::detail {

void* allocate_frame(std::size_t size);
void deallocate_frame(void* frame, std::size_t size) noexcept;

// The frame allocate_frame returned last on this thread, for the frame layout check in
// coro.hpp. Set in every build, so that a program built with another compiler than the
// library (or with a sanitizer the library lacks, or vice versa) links and runs.
extern constinit thread_local void* last_allocated_frame;

}  // namespace asyncio::detail
