// datagram.hpp: create_datagram_endpoint(HostPort{...}) inline in the co_await, recvfrom,
// sendto; a connected endpoint (remote address) with send/recv.
#include <asyncio/asyncio.hpp>

#include "check.hpp"

asyncio::Coro<> main_() {
    auto endpoint = co_await asyncio::create_datagram_endpoint(asyncio::HostPort{"127.0.0.1", 0});
    const std::uint16_t port = endpoint.socket().sockname().port();
    auto client = co_await asyncio::create_datagram_endpoint(std::nullopt,
                                                             asyncio::HostPort{"127.0.0.1", port});
    co_await client.send(std::string(300, 'p'));
    auto [data, peer] = co_await endpoint.recvfrom();
    expect(data == std::string(300, 'p'), "recvfrom gave the datagram");
    co_await endpoint.sendto(data, peer);
    std::string back = co_await client.recv();
    expect(back == data, "the echo came back");
}

int main() { return asyncio::run(main_()); }
