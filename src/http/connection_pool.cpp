#include "asyncio/detail/http/connection_pool.hpp"

#include "asyncio/loop/event_loop.hpp"

namespace asyncio::http::detail {

ConnectionPool::ConnectionPool(std::size_t limit, std::size_t limit_per_host,
                               std::chrono::milliseconds keepalive)
    : limit_per_host_(limit_per_host), keepalive_(keepalive) {
    if (limit > 0) total_limit_ = std::make_unique<Semaphore>(limit);
}

ConnectionPool::~ConnectionPool() { close(); }

ConnectionPool::Lease::~Lease() {
    connection.reset();  // before the permits go: the next holder may count on it being closed
    if (pool_) --pool_->in_use_;
}

Semaphore* ConnectionPool::per_host_limit(const std::string& key) {
    if (limit_per_host_ == 0) return nullptr;
    std::unique_ptr<Semaphore>& limit = per_host_limits_[key];
    if (!limit) limit = std::make_unique<Semaphore>(limit_per_host_);
    return limit.get();
}

Coro<ConnectionPool::Lease> ConnectionPool::acquire(std::string key) {
    Lease lease;
    // Per host first, then in all: a request waiting for its host holds no global permit.
    if (Semaphore* per_host = per_host_limit(key))
        lease.per_host_.emplace(co_await per_host->acquire());
    if (total_limit_) lease.total_.emplace(co_await total_limit_->acquire());
    lease.pool_ = this;
    ++in_use_;
    lease.connection = take_idle(key);
    co_return lease;
}

std::unique_ptr<Connection> ConnectionPool::take_idle(const std::string& key) {
    const auto found = idle_.find(key);
    if (found == idle_.end()) return nullptr;
    std::vector<std::unique_ptr<Connection>>& idle = found->second;
    const Clock::time_point now = get_running_loop().time();
    std::unique_ptr<Connection> connection;
    while (!idle.empty() && !connection) {
        connection = std::move(idle.back());
        idle.pop_back();
        if (now - connection->idle_since >= keepalive_) connection.reset();  // too old: closed
    }
    return connection;  // an empty list stays: its origin's next put_back allocates nothing
}

void ConnectionPool::put_back(std::unique_ptr<Connection> connection) {
    if (closed_ || keepalive_.count() <= 0) return;  // closed as it goes
    EventLoop& loop = get_running_loop();
    connection->idle_since = loop.time();
    connection->reused = true;
    idle_[connection->key()].push_back(std::move(connection));
    if (!sweeper_) sweeper_ = loop.call_later(keepalive_, [this] { sweep(); });
}

void ConnectionPool::sweep() {
    sweeper_.reset();
    const Clock::time_point now = get_running_loop().time();
    std::optional<Clock::time_point> next;
    for (auto it = idle_.begin(); it != idle_.end();) {
        std::erase_if(it->second, [&](const std::unique_ptr<Connection>& c) {
            return now - c->idle_since >= keepalive_;
        });
        for (const auto& c : it->second)
            if (!next || c->idle_since < *next) next = c->idle_since;
        it = it->second.empty() ? idle_.erase(it) : std::next(it);
    }
    if (next) sweeper_ = get_running_loop().call_at(*next + keepalive_, [this] { sweep(); });
}

void ConnectionPool::close() noexcept {
    closed_ = true;
    idle_.clear();
    if (sweeper_) sweeper_->cancel();
    sweeper_.reset();
}

std::size_t ConnectionPool::idle() const noexcept {
    std::size_t n = 0;
    for (const auto& [key, connections] : idle_) n += connections.size();
    return n;
}

}  // namespace asyncio::http::detail
