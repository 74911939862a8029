// The HTTP client component (`find_package(asyncio COMPONENTS http)`, target asyncio::http):
// everything in one include.
#pragma once
#include "asyncio/http/client.hpp"
#include "asyncio/http/errors.hpp"
#include "asyncio/http/headers.hpp"
#include "asyncio/http/request.hpp"
#include "asyncio/http/response.hpp"
#include "asyncio/http/url.hpp"
