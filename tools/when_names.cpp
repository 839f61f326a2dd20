// Prints the names the `when` column of rules/data/likely_causes.tsv and
// client_reports.tsv may use, one a line, so that the build can check the
// tables against the code (tools/gen_tables.py --when).
#include <cstdio>

#include "when.h"

int main() {
    for (const tlsdiag::report::WhenCondition& w : tlsdiag::report::when_conditions())
        std::printf("%s\n", w.name);
    return 0;
}
