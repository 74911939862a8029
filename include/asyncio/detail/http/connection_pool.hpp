// The client's keep-alive pool: idle connections per origin key, and the limits on
// connections in use (in all, and per origin).
//
// `acquire(key)` waits, first come first served, until both limits allow one more connection
// in use (asyncio::Semaphore: a waiter cancelled while waiting takes no permit with it), then
// hands out the permits and the most recently used idle connection to that origin, if one is
// still fresh; otherwise the caller connects. A connection comes back through `put_back` only
// after an exchange that ended cleanly; dropping a lease's connection closes it. Idle
// connections older than the keep-alive time are closed by a timer, so an idle client holds
// no sockets for long.
#pragma once
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>
#include "asyncio/core/coro.hpp"
#include "asyncio/detail/http/connection.hpp"
#include "asyncio/loop/handle.hpp"
#include "asyncio/sync/semaphore.hpp"

namespace asyncio::http::detail {

class ConnectionPool {
  public:
    // A limit of 0 is no limit.
    ConnectionPool(std::size_t limit, std::size_t limit_per_host,
                   std::chrono::milliseconds keepalive);
    ~ConnectionPool();
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;

    // The right to use one connection to an origin while it is held.
    class Lease {
      public:
        Lease() = default;
        Lease(Lease&& other) noexcept
            : connection(std::move(other.connection)),
              pool_(std::exchange(other.pool_, nullptr)),
              total_(std::move(other.total_)),
              per_host_(std::move(other.per_host_)) {}
        Lease& operator=(Lease other) noexcept {
            std::swap(connection, other.connection);
            std::swap(pool_, other.pool_);
            std::swap(total_, other.total_);
            std::swap(per_host_, other.per_host_);
            return *this;
        }
        ~Lease();
        std::unique_ptr<Connection> connection;  // an idle one handed out, or none: connect

      private:
        friend class ConnectionPool;
        ConnectionPool* pool_ = nullptr;  // counts the leases in use
        std::optional<Semaphore::Permit> total_;
        std::optional<Semaphore::Permit> per_host_;
    };

    Coro<Lease> acquire(std::string key);
    // The connection finished an exchange cleanly: idle until its origin's next request.
    void put_back(std::unique_ptr<Connection> connection);
    // Closes the idle connections; those put back later are closed too.
    void close() noexcept;

    std::size_t in_use() const noexcept { return in_use_; }
    std::size_t idle() const noexcept;

  private:
    Semaphore* per_host_limit(const std::string& key);
    std::unique_ptr<Connection> take_idle(const std::string& key);
    void sweep();

    std::size_t limit_per_host_;
    std::chrono::milliseconds keepalive_;
    std::unique_ptr<Semaphore> total_limit_;
    std::unordered_map<std::string, std::unique_ptr<Semaphore>> per_host_limits_;
    std::unordered_map<std::string, std::vector<std::unique_ptr<Connection>>> idle_;
    std::size_t in_use_ = 0;
    bool closed_ = false;
    std::optional<TimerHandle> sweeper_;
};

}  // namespace asyncio::http::detail
