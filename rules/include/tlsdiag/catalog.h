// The rule catalog: the one table of every rule id with its metadata. The
// plugin registers expert infos from it, the docs and tests are checked
// against it, and the engine runs the checks it names.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tlsdiag/finding.h"

namespace tlsdiag {

class Connection;
class Event;
struct CaptureEnd;
struct Settings;

// Mirrors Wireshark's expert severities and groups without including epan;
// plugin/ maps them to PI_* values.
enum class Severity { Note, Warning, Error };
enum class Group { Security, Sequence, ResponseCode, Protocol, Undecoded };

const char* severity_name(Severity s);  // "note" / "warning" / "error"

struct RuleInfo;

// A check looks at the connection right after `latest` was added and appends
// findings of `rule`, the catalog entry it runs for (so no check spells its
// own id). The engine drops a finding whose rule already fired on the
// connection, so a check may report the same problem on every call.
using CheckFn = void (*)(const RuleInfo& rule, const Connection& conn, const Event& latest,
                         const Settings& settings, Findings& out);

// A check run once at the end of the capture (RuleInfo::at_end): `end` says
// when the capture ended and the connection's last frame.
using EndCheckFn = void (*)(const RuleInfo& rule, const Connection& conn, const CaptureEnd& end,
                            const Settings& settings, Findings& out);

// Kinds of event (Event::Kind), one bit each (wakes() in model.h).
using EventKinds = uint16_t;

constexpr uint8_t transport_bit(Transport t) {
    return static_cast<uint8_t>(1u << static_cast<unsigned>(t));
}

struct RuleInfo {
    std::string id;     // "ats.tls_version": the interface, never renamed
    std::string title;  // short noun phrase for lists and the expert dialog
    Severity severity;
    Group group;
    std::string fix;  // what to change, one or two sentences
    std::vector<std::string> references;
    CheckFn check;  // the check run for this rule (alert.* share one)
    // The events after which the check can report this id: the engine runs
    // it after no other (an encrypted record wakes no rule at all).
    EventKinds wakes_on;
    // A rule about the capture rather than a connection (capture.*): the
    // plugin reports it while it reads frames; it has no check.
    bool about_capture = false;

    // alert.*: the alert description this rule stands for (-1: alert.unknown).
    int alert_code = -1;
    // Also run once when the capture was read to its end (what never came).
    EndCheckFn at_end = nullptr;
    // The transports it judges, one bit each (transport_bit()); set in one
    // place, catalog.cpp.
    uint8_t transports = 0;
    bool runs_on(Transport t) const { return transports & transport_bit(t); }

    std::string family() const { return id.substr(0, id.find('.')); }
};

// A family of rules (the part of the id before the dot), which the user can
// switch off as a whole.
struct RuleFamily {
    std::string name;   // "ats"
    std::string title;  // "App Transport Security rules (ats.*)"
    bool can_disable;   // capture.* findings say what was not read: always on
};

// Every rule, in a stable order (families in catalog order, alerts by code).
const std::vector<RuleInfo>& catalog();
const RuleInfo* find_rule(const std::string& id);
// Every family of catalog(), once, in the order of Wireshark's preferences.
const std::vector<RuleFamily>& rule_families();
// "ats" -> "Security", ...: Wireshark's name for an expert group.
const char* group_name(Group g);

// The alert.* rule for an alert description (alert.unknown for an unassigned one).
const RuleInfo& alert_rule(uint8_t description);
// The alert.* rule of a server's warning unrecognized_name after which the
// handshake went on (a warning: the client may still fail on the default
// certificate); it stands for no alert code of its own.
constexpr const char* kUnrecognizedNameWarning = "alert.unrecognized_name_warning";
// The capture rule that the reading core reports itself (it is no check).
const RuleInfo& tcp_not_read_rule();
const RuleInfo& clock_implausible_rule();

}  // namespace tlsdiag
