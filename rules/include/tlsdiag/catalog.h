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
struct Settings;

// Mirrors Wireshark's expert severities and groups without including epan;
// plugin/ maps them to PI_* values.
enum class Severity { Note, Warning, Error };
enum class Group { Security, Sequence, ResponseCode, Protocol, Undecoded };

const char* severity_name(Severity s);  // "note" / "warning" / "error"

// A check looks at the connection right after `latest` was added and appends
// findings. The engine drops a finding whose rule already fired on the
// connection, so a check may report the same problem on every call.
using CheckFn = void (*)(const Connection& conn, const Event& latest,
                         const Settings& settings, Findings& out);

// Kinds of event (Event::Kind), one bit each (wakes() in model.h).
using EventKinds = uint16_t;

struct RuleInfo {
    std::string id;      // "ats.tls_version": the interface, never renamed
    std::string title;   // short noun phrase for lists and the expert dialog
    Severity severity;
    Group group;
    std::string fix;     // what to change, one or two sentences
    std::vector<std::string> references;
    CheckFn check;       // the check that emits this id (shared by a family)
    // The events after which the check can report this id: the engine runs
    // it after no other (an encrypted record wakes no rule at all).
    EventKinds wakes_on;
    // A rule about the capture rather than a connection (capture.*): the
    // plugin reports it while it reads frames; it has no check.
    bool about_capture = false;

    std::string family() const { return id.substr(0, id.find('.')); }
};

// Every rule, in a stable order (families in catalog order, alerts by code).
const std::vector<RuleInfo>& catalog();
const RuleInfo* find_rule(const std::string& id);

}  // namespace tlsdiag
