#include "asyncio/net/stream_writer.hpp"

#include "asyncio/combinators/timeout.hpp"
#include "asyncio/net/stream_transport.hpp"

namespace asyncio {

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

detail::StreamTransport::Drain StreamWriter::drain() noexcept { return transport_->drain(); }
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

bool StreamWriter::is_closing() const noexcept { return transport_->is_closing(); }
Coro<> StreamWriter::wait_closed() { return transport_->wait_closed(); }

Coro<> StreamWriter::start_tls(SSLContext context, std::string server_hostname,
                               std::chrono::milliseconds ssl_handshake_timeout) {
    const bool server_side = context.is_server();
    co_await wait_for(
        transport_->start_tls(std::move(context), server_side, std::move(server_hostname)),
        ssl_handshake_timeout);
}

std::any StreamWriter::get_extra_info(std::string_view name) const {
    return transport_->get_extra_info(name);
}

}  // namespace asyncio
