// Rooms and their broadcast, behind one small interface, so that a later backend can carry
// the messages between several server processes (each would publish to its peers and
// deliver what they publish to its own members).
//
//   join(room, member)      puts the member in the room (made on first join); returns the
//                           room's name as first spelled (rooms are found without regard to
//                           case);
//   leave(room, member)     takes it out (a room left empty is gone);
//   publish(room, line, except)  delivers one line, CRLF included, to every member but
//                           `except`; members get it through Member::deliver, which must not
//                           join or leave rooms (a member that cannot keep up marks itself
//                           gone and leaves later, from its own task);
//   members(room)           the members' nicknames, sorted without regard to case;
//   list()                  every room with its member count, sorted the same way.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace chat {

class Member {
  public:
    virtual ~Member() = default;
    virtual const std::string& nick() const noexcept = 0;
    virtual void deliver(std::string_view line) = 0;
};

struct RoomCount {
    std::string name;
    std::size_t members = 0;
};

class Rooms {
  public:
    virtual ~Rooms() = default;
    virtual std::string join(std::string_view room, Member& member) = 0;
    virtual void leave(std::string_view room, Member& member) = 0;
    virtual void publish(std::string_view room, std::string_view line,
                         const Member* except = nullptr) = 0;
    virtual std::vector<std::string> members(std::string_view room) const = 0;
    virtual std::vector<RoomCount> list() const = 0;
};

// Every room in this process: publish() is a loop over the room's members.
class LocalRooms final : public Rooms {
  public:
    std::string join(std::string_view room, Member& member) override;
    void leave(std::string_view room, Member& member) override;
    void publish(std::string_view room, std::string_view line, const Member* except) override;
    std::vector<std::string> members(std::string_view room) const override;
    std::vector<RoomCount> list() const override;

  private:
    struct Room {
        std::string name;
        std::vector<Member*> members;  // unordered: leaving swaps the last one in
    };
    std::map<std::string, Room> rooms_;  // by folded name, so list() comes sorted
};

}  // namespace chat
