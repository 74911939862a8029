#include "asyncio/files/file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <utility>

#include "asyncio/loop/to_thread.hpp"

namespace asyncio {

FileError::FileError(const std::string& what, std::string path, int error)
    : Error(what + " '" + path + "': " + std::strerror(error)),
      path_(std::move(path)),
      error_(error) {}

namespace detail {

// What the worker threads touch. One operation at a time (a cancelled one may still be
// running when the next starts).
struct FileState {
    std::mutex mutex;
    std::string path;
    std::atomic<int> fd{-1};  // read by closed() on the loop's thread
    std::string buffer;       // read ahead, not yet returned

    ~FileState() {
        if (fd >= 0) ::close(fd);
    }

    // Reads more into the buffer; false at the end of the file.
    bool fill() {
        char chunk[64 * 1024];
        for (;;) {
            const ssize_t n = ::read(fd, chunk, sizeof chunk);
            if (n > 0) {
                buffer.append(chunk, static_cast<std::size_t>(n));
                return true;
            }
            if (n == 0) return false;
            if (errno != EINTR) throw FileError("read", path, errno);
        }
    }

    void check_open() const {
        if (fd < 0) throw FileError("use of a closed file", path, EBADF);
    }
};

namespace {

int open_flags(const std::string& mode, const std::string& path) {
    const bool plus = mode.find('+') != std::string::npos;
    if (mode.empty()) throw FileError("open: empty mode for", path, EINVAL);
    switch (mode[0]) {
        case 'r':
            return plus ? O_RDWR : O_RDONLY;
        case 'w':
            return (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC;
        case 'a':
            return (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_APPEND;
        case 'x':
            return (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_EXCL;
        default:
            throw FileError("open: bad mode '" + mode + "' for", path, EINVAL);
    }
}

}  // namespace
}  // namespace detail

// Each call's lambda is named, and passed by name, before the co_await: g++ 12 destroys a
// lambda temporary with owning captures twice when it is written inside a co_await
// expression (to_thread refuses an rvalue one with g++ 12, see detail/core/scope_body.hpp).

Coro<File> File::open(std::string path, std::string mode) {
    const int flags = detail::open_flags(mode, path) | O_CLOEXEC;
    auto state = std::make_shared<detail::FileState>();
    state->path = std::move(path);
    auto call = [state, flags] {
        const int fd = ::open(state->path.c_str(), flags, 0666);
        if (fd < 0) throw FileError("open", state->path, errno);
        state->fd = fd;
    };
    co_await to_thread(call);
    co_return File(std::move(state));
}

Coro<std::string> File::read(std::size_t n) {
    auto call = [state = state_, n] {
        std::lock_guard lock(state->mutex);
        state->check_open();
        while (state->buffer.size() < n && state->fill()) {
        }
        const std::size_t take = std::min(n, state->buffer.size());
        std::string out = state->buffer.substr(0, take);
        state->buffer.erase(0, take);
        return out;
    };
    co_return co_await to_thread(call);
}

Coro<std::string> File::readline() {
    auto call = [state = state_] {
        std::lock_guard lock(state->mutex);
        state->check_open();
        std::size_t searched = 0;
        for (;;) {
            const std::size_t newline = state->buffer.find('\n', searched);
            if (newline != std::string::npos) {
                std::string line = state->buffer.substr(0, newline + 1);
                state->buffer.erase(0, newline + 1);
                return line;
            }
            searched = state->buffer.size();
            if (!state->fill()) return std::exchange(state->buffer, {});
        }
    };
    co_return co_await to_thread(call);
}

Coro<std::size_t> File::write(std::string data) {
    auto call = [state = state_, data = std::move(data)] {
        std::lock_guard lock(state->mutex);
        state->check_open();
        if (!state->buffer.empty()) {  // read ahead: put the position back where the reader is
            ::lseek(state->fd, -static_cast<off_t>(state->buffer.size()), SEEK_CUR);
            state->buffer.clear();
        }
        std::size_t done = 0;
        while (done < data.size()) {
            const ssize_t n = ::write(state->fd, data.data() + done, data.size() - done);
            if (n < 0) {
                if (errno == EINTR) continue;
                throw FileError("write", state->path, errno);
            }
            done += static_cast<std::size_t>(n);
        }
        return done;
    };
    co_return co_await to_thread(call);
}

Coro<> File::close() {
    auto call = [state = state_] {
        std::lock_guard lock(state->mutex);
        const int fd = state->fd.exchange(-1);
        if (fd >= 0 && ::close(fd) < 0 && errno != EINTR) {
            throw FileError("close", state->path, errno);
        }
    };
    co_await to_thread(call);
}

const std::string& File::path() const noexcept { return state_->path; }
bool File::closed() const noexcept { return state_->fd < 0; }

// The generator holds its own File, taken when lines() is called: the caller's may go.
AsyncGenerator<std::string> File::lines() { return lines_of(*this); }

AsyncGenerator<std::string> File::lines_of(File file) {
    for (;;) {
        std::string line = co_await file.readline();
        if (line.empty()) co_return;
        co_yield std::move(line);
    }
}

}  // namespace asyncio
