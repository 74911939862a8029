#include "asyncio/net/connection.hpp"

#include <netdb.h>
#include <netinet/in.h>

#include <algorithm>
#include <exception>
#include <memory>
#include <vector>

#include "asyncio/combinators/task_group.hpp"
#include "asyncio/combinators/timeout.hpp"
#include "asyncio/net/errors.hpp"
#include "asyncio/net/resolver.hpp"
#include "asyncio/sync/event.hpp"

namespace asyncio {
namespace {

// RFC 8305 section 4: `first_count` addresses of the first family, then the families in
// turn (as Python's _interleave_addrinfos).
std::vector<AddrInfo> interleave(const std::vector<AddrInfo>& infos, int first_count) {
    std::vector<std::vector<AddrInfo>> by_family;
    for (const AddrInfo& info : infos) {
        auto same = std::find_if(by_family.begin(), by_family.end(),
                                 [&](const auto& group) { return group[0].family == info.family; });
        if (same == by_family.end()) {
            by_family.push_back({info});
        } else {
            same->push_back(info);
        }
    }
    std::vector<AddrInfo> ordered;
    std::vector<std::size_t> next(by_family.size(), 0);
    for (int i = 0; i < first_count - 1 && next[0] < by_family[0].size(); ++i) {
        ordered.push_back(by_family[0][next[0]++]);
    }
    while (ordered.size() < infos.size()) {
        for (std::size_t f = 0; f < by_family.size(); ++f) {
            if (next[f] < by_family[f].size()) ordered.push_back(by_family[f][next[f]++]);
        }
    }
    return ordered;
}

Coro<Socket> connect_to(AddrInfo info, std::optional<SocketAddress> local) {
    Socket socket = Socket::create(info.family, SOCK_STREAM, info.protocol);
    if (local) socket.bind(*local);
    co_await socket.connect(info.address);
    co_return socket;
}

// Python's rule: one error as it is; several, the same text: the first; else all of them.
[[noreturn]] void raise_connect_errors(const std::vector<std::exception_ptr>& errors) {
    std::vector<std::string> texts;
    std::error_code code;
    for (const std::exception_ptr& error : errors) {
        try {
            std::rethrow_exception(error);
        } catch (const OSError& e) {
            if (!code) code = e.code();
            texts.push_back(e.what());
        } catch (const std::exception& e) {
            texts.push_back(e.what());
        }
    }
    if (texts.size() == 1 || std::all_of(texts.begin(), texts.end(),
                                         [&](const auto& text) { return text == texts[0]; })) {
        std::rethrow_exception(errors[0]);
    }
    std::string message = "Multiple exceptions: ";
    for (std::size_t i = 0; i < texts.size(); ++i) message += (i ? ", " : "") + texts[i];
    throw OSError(code ? code : std::make_error_code(std::errc::connection_refused), message,
                  std::in_place);
}

// The staggered race of RFC 8305: attempt i starts when attempt i-1 has failed or has run
// for the delay; the first to connect takes the prize and cancels the rest.
class HappyEyeballs {
  public:
    HappyEyeballs(std::vector<AddrInfo> addresses, const ConnectOptions& options)
        : addresses_(std::move(addresses)),
          local_(options.local_address),
          delay_(*options.happy_eyeballs_delay),
          failed_(addresses_.size()),
          errors_(addresses_.size()) {}

    Coro<Socket> run() {
        auto body = [this](TaskGroup group) -> Coro<> {
            attempts_.push_back(group.create_task(attempt(0, group)));
            co_return;
        };
        co_await task_group(body);
        if (won_) co_return std::move(winner_);
        std::vector<std::exception_ptr> errors;
        for (auto& error : errors_) {
            if (error) errors.push_back(error);
        }
        raise_connect_errors(errors);
    }

  private:
    Coro<> attempt(std::size_t i, TaskGroup group) {
        if (i + 1 < addresses_.size()) {
            attempts_.push_back(group.create_task(start_after(i + 1, group)));
        }
        try {
            Socket socket = co_await connect_to(addresses_[i], local_);
            if (won_) co_return;  // a tie: the first one reported wins
            won_ = true;
            winner_ = std::move(socket);
            AnyTask self = current_task();
            for (AnyTask& other : attempts_) {
                if (other != self) other.cancel();
            }
        } catch (const std::exception&) {
            errors_[i] = std::current_exception();
            failed_[i].set();
        }
    }

    Coro<> start_after(std::size_t i, TaskGroup group) {
        try {
            co_await wait_for(wait_event(&failed_[i - 1]), delay_);
        } catch (const TimeoutError&) {
        }
        // Not once the race is cancelled from outside: the group is shutting down.
        if (!won_ && current_task().cancelling() == 0) co_await attempt(i, group);
    }

    static Coro<> wait_event(Event* event) { co_await event->wait(); }

    std::vector<AddrInfo> addresses_;
    std::optional<SocketAddress> local_;
    std::chrono::milliseconds delay_;
    std::vector<Event> failed_;
    std::vector<std::exception_ptr> errors_;
    std::vector<AnyTask> attempts_;
    Socket winner_;
    bool won_ = false;
};

}  // namespace

Coro<Socket> create_connection(std::string host, std::uint16_t port, ConnectOptions options) {
    std::vector<AddrInfo> addresses =
        co_await getaddrinfo(host, port, {.family = options.family, .type = SOCK_STREAM});
    if (addresses.empty()) throw GaiError(EAI_NONAME, host);
    addresses = interleave(addresses, options.interleave);
    if (addresses.size() > 1 && options.happy_eyeballs_delay) {
        HappyEyeballs race(std::move(addresses), options);
        co_return co_await race.run();
    }
    std::vector<std::exception_ptr> errors;
    for (const AddrInfo& address : addresses) {
        try {
            co_return co_await connect_to(address, options.local_address);
        } catch (const std::exception&) {
            errors.push_back(std::current_exception());
        }
    }
    raise_connect_errors(errors);
}

}  // namespace asyncio
