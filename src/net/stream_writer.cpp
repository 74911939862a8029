#include "asyncio/net/stream_writer.hpp"

#include <cstdio>

#include "asyncio/combinators/timeout.hpp"
#include "asyncio/detail/net/stream_transport.hpp"

namespace asyncio {
namespace {

// "0.2", "0.05", "60.0": seconds with as many decimals as the milliseconds need, at least one.
std::string seconds_text(std::chrono::milliseconds duration) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", static_cast<double>(duration.count()) / 1000.0);
    std::string out = text;
    while (out.size() > 1 && out.back() == '0' && out[out.size() - 2] != '.') out.pop_back();
    return out;
}

// Says which handshake timed out, with whom, after how long: the bare TimeoutError of the
// timeout says none of it.
std::string handshake_timed_out(bool server_side, const std::any& peer,
                                const std::string& server_hostname,
                                std::chrono::milliseconds timeout) {
    std::string text = server_side ? "server-side" : "client-side";
    text += " TLS handshake with ";
    const auto* address = std::any_cast<SocketAddress>(&peer);
    text += address ? address->to_string() : "an unknown peer";
    if (!server_hostname.empty()) text += " (server_hostname '" + server_hostname + "')";
    return text + " timed out after " + seconds_text(timeout) + " s";
}

}  // namespace

StreamWriter::StreamWriter(std::shared_ptr<detail::StreamTransport> transport) noexcept
    : transport_(std::move(transport)) {}

StreamWriter::StreamWriter(StreamWriter&&) noexcept = default;

StreamWriter& StreamWriter::operator=(StreamWriter&& other) noexcept {
    if (this != &other) {
        close();
        transport_ = std::move(other.transport_);
    }
    return *this;
}

StreamWriter::~StreamWriter() { close(); }

void StreamWriter::write(std::string_view data) { transport_->write(data); }
void StreamWriter::write(std::string&& data) { transport_->write(std::move(data)); }
void StreamWriter::write_parts(const std::vector<std::string_view>& parts) {
    transport_->writelines(parts);
}

bool StreamWriter::can_write_eof() const noexcept { return transport_->can_write_eof(); }
void StreamWriter::write_eof() { transport_->write_eof(); }

std::size_t StreamWriter::get_write_buffer_size() const noexcept {
    return transport_->get_write_buffer_size();
}

void StreamWriter::set_write_buffer_limits(std::optional<std::size_t> high,
                                           std::optional<std::size_t> low) {
    transport_->set_write_buffer_limits(high, low);
}

void StreamWriter::close() noexcept {
    if (transport_) transport_->close();
}

void StreamWriter::abort() noexcept {
    if (transport_) transport_->abort();
}

bool StreamWriter::is_closing() const noexcept { return transport_->is_closing(); }
// As Python's: a connection that failed (reset by the peer...) raises its error here too.
Coro<> StreamWriter::wait_closed() {
    co_await transport_->wait_closed();
    if (const std::exception_ptr& error = transport_->error()) std::rethrow_exception(error);
}

Coro<> StreamWriter::start_tls(SSLContext context, std::string server_hostname,
                               std::chrono::milliseconds ssl_handshake_timeout) {
    const bool server_side = context.is_server();
    const std::string hostname = server_hostname;  // for the message, should it time out
    try {
        co_await wait_for(
            transport_->start_tls(std::move(context), server_side, std::move(server_hostname)),
            ssl_handshake_timeout);
    } catch (const TimeoutError&) {
        throw TimeoutError(handshake_timed_out(server_side, transport_->get_extra_info("peername"),
                                               hostname, ssl_handshake_timeout));
    }
}

std::any StreamWriter::get_extra_info(std::string_view name) const {
    return transport_->get_extra_info(name);
}

}  // namespace asyncio
