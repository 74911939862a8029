#include "asyncio/http/errors.hpp"

namespace asyncio::http {

InvalidURL::InvalidURL(std::string url_text, const std::string& reason, std::size_t at)
    : Error("invalid URL '" + url_text + "': " + reason + " at position " + std::to_string(at)),
      url(std::move(url_text)),
      position(at) {}

HTTPStatusError::HTTPStatusError(int status_code, std::string reason_phrase, std::string url_text)
    : Error(std::to_string(status_code) + " " + reason_phrase + " for " + url_text),
      status(status_code),
      reason(std::move(reason_phrase)),
      url(std::move(url_text)) {}

}  // namespace asyncio::http
