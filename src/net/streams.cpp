#include "asyncio/net/streams.hpp"

#include "asyncio/detail/net/stream_access.hpp"

namespace asyncio::detail {

Coro<Streams> open_connection(Socket socket, StreamOptions options, std::optional<SSLContext> ssl) {
    auto transport = make_transport(std::move(socket), options.keep_alive);
    StreamWriter writer = StreamAccess::writer(transport);
    if (ssl) {
        co_await writer.start_tls(std::move(*ssl), options.server_hostname.str(),
                                  options.ssl_handshake_timeout);
    }
    co_return Streams(StreamAccess::reader(std::move(transport), options.limit), std::move(writer));
}

Coro<Streams> open_connection(std::string host, std::uint16_t port, StreamOptions options,
                              std::optional<SSLContext> ssl) {
    Socket socket = co_await create_connection(host, port, options.connect);
    if (ssl && options.server_hostname.empty()) options.server_hostname = host;
    co_return co_await open_connection(std::move(socket), options, std::move(ssl));
}

Coro<Streams> open_unix_connection(std::string path, StreamOptions options,
                                   std::optional<SSLContext> ssl) {
    Socket socket = Socket::create(AF_UNIX, SOCK_STREAM);
    co_await socket.connect(SocketAddress::unix_path(path));
    co_return co_await open_connection(std::move(socket), options, std::move(ssl));
}

}  // namespace asyncio::detail
