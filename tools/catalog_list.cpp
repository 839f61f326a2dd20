// Prints the rule catalog as TSV (id, severity, group, title, fix), so that docs,
// tests and scripts can check themselves against the code.
#include <cstdio>

#include "tlsdiag/catalog.h"

namespace {
const char* group_name(tlsdiag::Group g) {
    switch (g) {
    case tlsdiag::Group::Security: return "security";
    case tlsdiag::Group::Sequence: return "sequence";
    case tlsdiag::Group::ResponseCode: return "response";
    case tlsdiag::Group::Protocol: return "protocol";
    }
    return "";
}
}  // namespace

int main() {
    std::printf("id\tseverity\tgroup\ttitle\tfix\n");
    for (const tlsdiag::RuleInfo& r : tlsdiag::catalog())
        std::printf("%s\t%s\t%s\t%s\t%s\n", r.id.c_str(), tlsdiag::severity_name(r.severity),
                    group_name(r.group), r.title.c_str(), r.fix.c_str());
    return 0;
}
