// Prints the rule catalog as TSV (id, severity, group, title, fix), so that docs,
// tests and scripts can check themselves against the code.
#include <cstdio>

#include "tlsdiag/catalog.h"

int main() {
    std::printf("id\tseverity\tgroup\ttitle\tfix\n");
    for (const tlsdiag::RuleInfo& r : tlsdiag::catalog())
        std::printf("%s\t%s\t%s\t%s\t%s\n", r.id.c_str(), tlsdiag::severity_name(r.severity),
                    tlsdiag::group_name(r.group), r.title.c_str(), r.fix.c_str());
    return 0;
}
