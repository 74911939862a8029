#include "rooms.hpp"

#include <algorithm>

#include "text.hpp"

namespace chat {

std::string LocalRooms::join(std::string_view room, Member& member) {
    auto [it, made] = rooms_.try_emplace(fold(room));
    if (made) it->second.name = std::string(room);
    it->second.members.push_back(&member);
    return it->second.name;
}

void LocalRooms::leave(std::string_view room, Member& member) {
    auto it = rooms_.find(fold(room));
    if (it == rooms_.end()) return;
    std::vector<Member*>& members = it->second.members;
    // From the back: the members who leave first are usually the last who came.
    auto found = std::find(members.rbegin(), members.rend(), &member);
    if (found != members.rend()) {
        *found = members.back();
        members.pop_back();
    }
    if (members.empty()) rooms_.erase(it);
}

void LocalRooms::publish(std::string_view room, std::string_view line, const Member* except) {
    auto it = rooms_.find(fold(room));
    if (it == rooms_.end()) return;
    for (Member* member : it->second.members) {
        if (member != except) member->deliver(line);
    }
}

std::vector<std::string> LocalRooms::members(std::string_view room) const {
    std::vector<std::string> nicks;
    auto it = rooms_.find(fold(room));
    if (it == rooms_.end()) return nicks;
    for (const Member* member : it->second.members) nicks.push_back(member->nick());
    std::sort(nicks.begin(), nicks.end(),
              [](const std::string& a, const std::string& b) { return fold(a) < fold(b); });
    return nicks;
}

std::vector<RoomCount> LocalRooms::list() const {
    std::vector<RoomCount> counts;
    for (const auto& [key, room] : rooms_) counts.push_back({room.name, room.members.size()});
    return counts;
}

}  // namespace chat
