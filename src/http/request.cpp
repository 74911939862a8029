#include "asyncio/http/request.hpp"

#include <charconv>
#include <filesystem>
#include <system_error>

#include "asyncio/detail/http/request_writer.hpp"
#include "asyncio/files/file.hpp"
#include "asyncio/http/errors.hpp"

namespace asyncio::http {

Body Body::file(std::string path) {
    Body body;
    body.source_ = File{std::move(path)};
    return body;
}

Body Body::stream(Chunks next, std::optional<std::uint64_t> length) {
    Body body;
    body.source_ = Stream{std::move(next), length};
    return body;
}

namespace detail {
namespace {

constexpr std::size_t kPiece = 64 * 1024;

// A chunk of a chunked body: its size in hex, the bytes, CRLF.
void write_chunk(StreamWriter& writer, std::string piece) {
    char size[24];
    const auto end = std::to_chars(size, size + sizeof size - 2, piece.size(), 16).ptr;
    end[0] = '\r';
    end[1] = '\n';
    writer.writelines({std::string_view(size, end + 2 - size), std::string_view(piece), "\r\n"});
}

}  // namespace

std::optional<std::uint64_t> BodyAccess::length(const Body& body) {
    return std::visit(
        [](const auto& source) -> std::optional<std::uint64_t> {
            using Source = std::decay_t<decltype(source)>;
            if constexpr (std::is_same_v<Source, std::monostate>) {
                return 0;
            } else if constexpr (std::is_same_v<Source, std::string>) {
                return source.size();
            } else if constexpr (std::is_same_v<Source, Body::File>) {
                std::error_code error;
                const auto size = std::filesystem::file_size(source.path, error);
                if (error) {
                    throw FileError("request body: cannot read the size of", source.path,
                                    error.value());
                }
                return size;
            } else {
                return source.length;
            }
        },
        body.source_);
}

Coro<> BodyAccess::send(const Body* body, StreamWriter* writer, bool chunked) {
    if (const std::string* text = std::get_if<std::string>(&body->source_)) {
        if (chunked)
            write_chunk(*writer, *text);
        else
            writer->write(std::string_view(*text));
    } else if (!body->empty()) {
        std::optional<asyncio::File> file;
        if (const Body::File* path = std::get_if<Body::File>(&body->source_))
            file = co_await asyncio::File::open(path->path, "r");
        const Body::Stream* stream = std::get_if<Body::Stream>(&body->source_);
        for (;;) {
            std::string piece;
            if (file)
                piece = co_await file->read(kPiece);
            else
                piece = co_await stream->next();
            if (piece.empty()) break;
            if (chunked)
                write_chunk(*writer, std::move(piece));
            else
                writer->write(std::move(piece));
            co_await writer->drain();  // a large body goes at the peer's pace
        }
    }
    if (chunked) writer->write("0\r\n\r\n");
    co_await writer->drain();
}

}  // namespace detail
}  // namespace asyncio::http
