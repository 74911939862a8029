// asyncio for C++20: everything, in one include.
#pragma once

#include "asyncio/combinators/as_completed.hpp"
#include "asyncio/combinators/gather.hpp"
#include "asyncio/combinators/shield.hpp"
#include "asyncio/combinators/task_group.hpp"
#include "asyncio/combinators/timeout.hpp"
#include "asyncio/combinators/wait.hpp"
#include "asyncio/core/coro.hpp"
#include "asyncio/core/errors.hpp"
#include "asyncio/core/exception_group.hpp"
#include "asyncio/core/future.hpp"
#include "asyncio/core/generator.hpp"
#include "asyncio/core/outcome.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/loop/event_loop.hpp"
#include "asyncio/loop/run.hpp"
#include "asyncio/loop/sleep.hpp"
