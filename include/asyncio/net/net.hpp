// The network layer, in one include: sockets, name resolution, streams, servers, TLS,
// datagrams.
#pragma once

#include "asyncio/net/address.hpp"
#include "asyncio/net/connection.hpp"
#include "asyncio/net/datagram.hpp"
#include "asyncio/net/errors.hpp"
#include "asyncio/net/resolver.hpp"
#include "asyncio/net/server.hpp"
#include "asyncio/net/socket.hpp"
#include "asyncio/net/ssl_context.hpp"
#include "asyncio/net/stream_reader.hpp"
#include "asyncio/net/stream_writer.hpp"
#include "asyncio/net/streams.hpp"
