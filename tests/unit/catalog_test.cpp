// The catalog is the interface: these tests hold the tables, the rule files,
// their unit tests and their docs to it.
#include "tlsdiag/catalog.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tlsdiag/tables.h"

namespace tlsdiag::test {

namespace {

const std::string kSourceDir = TLSDIAG_SOURCE_DIR;

std::string read_text(const std::string& relative) {
    std::ifstream in(kSourceDir + "/" + relative);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

bool exists(const std::string& relative) {
    return std::ifstream(kSourceDir + "/" + relative).good();
}

bool is_alert(const RuleInfo& r) {
    return r.family() == "alert";
}

// "ats.tls_version" -> "ats_tls_version"
std::string file_stem(const std::string& id) {
    std::string stem = id;
    stem[stem.find('.')] = '_';
    return stem;
}

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> cells;
    std::istringstream in(line);
    for (std::string cell; std::getline(in, cell, '\t');) cells.push_back(cell);
    return cells;
}

// Codes of rules/data/cipher_suites.tsv rows whose `column` says "yes".
std::set<uint16_t> tsv_codes_marked(const std::string& column) {
    std::istringstream tsv(read_text("rules/data/cipher_suites.tsv"));
    std::string line;
    std::getline(tsv, line);
    const std::vector<std::string> header = split_tabs(line);
    const size_t wanted = std::find(header.begin(), header.end(), column) - header.begin();
    std::set<uint16_t> codes;
    while (std::getline(tsv, line)) {
        const std::vector<std::string> row = split_tabs(line);
        if (wanted < row.size() && row[wanted] == "yes")
            codes.insert(static_cast<uint16_t>(std::stoul(row[0], nullptr, 16)));
    }
    return codes;
}

std::set<uint16_t> table_codes(bool CipherSuiteInfo::*flag) {
    std::set<uint16_t> codes;
    for (const CipherSuiteInfo* s = cipher_suites_begin(); s != cipher_suites_end(); ++s)
        if (s->*flag) codes.insert(s->code);
    return codes;
}

}  // namespace

TEST(Catalog, IdsAreUniqueAndFamilyDotSnakeName) {
    const std::regex form("[a-z0-9]+\\.[a-z0-9]+(_[a-z0-9]+)*");
    std::set<std::string> seen;
    for (const RuleInfo& r : catalog()) {
        EXPECT_TRUE(std::regex_match(r.id, form)) << r.id;
        EXPECT_TRUE(seen.insert(r.id).second) << "duplicate " << r.id;
    }
}

TEST(Catalog, EveryFamilyIsListedOnceAndHasRules) {
    std::set<std::string> of_rules, listed;
    for (const RuleInfo& r : catalog()) of_rules.insert(r.family());
    for (const RuleFamily& f : rule_families()) {
        EXPECT_TRUE(listed.insert(f.name).second) << "duplicate family " << f.name;
        EXPECT_NE(f.title.find("(" + f.name + ".*)"), std::string::npos) << f.title;
    }
    EXPECT_EQ(of_rules, listed);
}

TEST(Catalog, OnlyCaptureRulesCannotBeSwitchedOff) {
    for (const RuleFamily& f : rule_families()) {
        bool about_capture = false;
        for (const RuleInfo& r : catalog())
            if (r.family() == f.name) about_capture = r.about_capture;
        EXPECT_EQ(f.can_disable, !about_capture) << f.name;
    }
}

TEST(Catalog, EachAlertRuleStandsForItsAlert) {
    for (const RuleInfo& r : catalog()) {
        if (r.alert_code < 0) continue;
        const RuleInfo& back = alert_rule(static_cast<uint8_t>(r.alert_code));
        EXPECT_EQ(&back, &r) << r.id;
        EXPECT_EQ(r.id, "alert." + alert_name(static_cast<uint8_t>(r.alert_code))) << r.id;
    }
    EXPECT_EQ(alert_rule(255).id, "alert.unknown");  // unassigned
    EXPECT_EQ(tcp_not_read_rule().id, "capture.tcp_not_read");
}

// tools/new-rule leaves "FILL IN" wherever a new rule needs words or code.
TEST(RuleFiles, NoBlankOfToolsNewRuleIsLeft) {
    const std::string blank = "FILL IN";
    for (const RuleInfo& r : catalog()) {
        EXPECT_EQ((r.title + r.fix).find(blank), std::string::npos) << r.id;
        for (const std::string& ref : r.references)
            EXPECT_EQ(ref.find(blank), std::string::npos) << r.id;
        if (is_alert(r)) continue;
        const std::string stem = file_stem(r.id);
        for (const std::string& file :
             {"rules/" + stem + ".cpp", "tests/unit/" + stem + "_test.cpp",
              "docs/rules/" + r.id + ".md"})
            EXPECT_EQ(read_text(file).find(blank), std::string::npos) << file;
    }
    EXPECT_EQ(read_text("testdata/manifest.json").find(blank), std::string::npos);
}

TEST(RuleFiles, ReadmeNamesTheFamiliesThatCanBeSwitchedOff) {
    std::string names;
    for (const RuleFamily& f : rule_families())
        if (f.can_disable) names += (names.empty() ? "`" : ", `") + f.name + "`";
    EXPECT_NE(read_text("docs/rules/README.md").find(names + "."), std::string::npos) << names;
}

TEST(Catalog, EveryEntryHasTitleFixReferenceAndCheck) {
    for (const RuleInfo& r : catalog()) {
        EXPECT_FALSE(r.title.empty()) << r.id;
        EXPECT_FALSE(r.fix.empty()) << r.id;
        EXPECT_FALSE(r.references.empty()) << r.id;
        // A connection rule has its check (on events, at the end, or both); a
        // capture rule is the plugin's to report.
        EXPECT_EQ(r.check != nullptr || r.at_end != nullptr, !r.about_capture) << r.id;
        EXPECT_EQ(r.about_capture, r.family() == "capture") << r.id;
    }
}

TEST(Catalog, FindRuleFindsEveryIdAndNothingElse) {
    for (const RuleInfo& r : catalog()) EXPECT_EQ(find_rule(r.id), &r);
    EXPECT_EQ(find_rule("ats.no_such_rule"), nullptr);
}

TEST(Catalog, EveryErrorAlertHasAnEntrySharingOneCheck) {
    const RuleInfo* unknown = find_rule("alert.unknown");
    ASSERT_NE(unknown, nullptr);
    for (const AlertInfo* a = alerts_begin(); a != alerts_end(); ++a) {
        const RuleInfo* r = find_rule(std::string("alert.") + a->name);
        if (is_closure_alert(a->code)) {
            EXPECT_EQ(r, nullptr) << a->name << " closes a connection, it is no finding";
            continue;
        }
        ASSERT_NE(r, nullptr) << a->name;
        EXPECT_EQ(r->check, unknown->check) << a->name;
    }
}

TEST(CipherSuiteTable, SortedByCodeWithUniqueCodes) {
    ASSERT_NE(cipher_suites_begin(), cipher_suites_end());
    for (const CipherSuiteInfo* s = cipher_suites_begin() + 1; s != cipher_suites_end(); ++s)
        EXPECT_LT((s - 1)->code, s->code) << s->name;
    for (const CipherSuiteInfo* s = cipher_suites_begin(); s != cipher_suites_end(); ++s)
        EXPECT_EQ(find_cipher_suite(s->code), s) << s->name;
}

TEST(CipherSuiteTable, AtsListIsApplesDocumentedElevenPlusTls13) {
    EXPECT_EQ(table_codes(&CipherSuiteInfo::ats_allowed),
              (std::set<uint16_t>{0xc02c, 0xc02b, 0xc024, 0xc00a, 0xc023, 0xc009, 0xc030, 0xc02f,
                                  0xc028, 0xc027, 0xc013, 0x1301, 0x1302, 0x1303}));
}

// RFC 7540 Appendix A names 276 codes; one is TLS_EMPTY_RENEGOTIATION_INFO_SCSV,
// a signal that no server can choose, so the generated table leaves it out.
TEST(CipherSuiteTable, Rfc7540AppendixAHas276Codes) {
    std::set<uint16_t> appendix_a = tsv_codes_marked("http2_blacklisted");
    EXPECT_EQ(appendix_a.size(), 276u);
    EXPECT_EQ(appendix_a.count(0x00ff), 1u);
    EXPECT_EQ(find_cipher_suite(0x00ff), nullptr);
    appendix_a.erase(0x00ff);
    EXPECT_EQ(table_codes(&CipherSuiteInfo::http2_blacklisted), appendix_a);
}

TEST(RuleFiles, EachRuleHasSourceUnitTestAndDoc) {
    for (const RuleInfo& r : catalog()) {
        const std::string stem = is_alert(r) ? "alert_fatal" : file_stem(r.id);
        const std::string doc = is_alert(r) ? "alert" : r.id;
        EXPECT_TRUE(exists("rules/" + stem + ".cpp")) << r.id;
        EXPECT_TRUE(exists("tests/unit/" + stem + "_test.cpp")) << r.id;
        EXPECT_TRUE(exists("docs/rules/" + doc + ".md")) << r.id;
    }
}

TEST(RuleFiles, EachDocHasTheFixedSections) {
    for (const RuleInfo& r : catalog()) {
        if (is_alert(r) && r.id != "alert.unknown") continue;  // one alert.md for the family
        const std::string text = read_text("docs/rules/" + (is_alert(r) ? "alert" : r.id) + ".md");
        for (const char* section :
             {"## What it detects", "## Evidence in the summary", "## What the client reports",
              "## How to fix", "## Options", "## References", "## When it stays silent"})
            EXPECT_NE(text.find(section), std::string::npos) << r.id << " lacks " << section;
    }
}

TEST(RuleFiles, ReadmeListsEveryRuleAsInTheCatalog) {
    const std::string readme = read_text("docs/rules/README.md");
    for (const RuleInfo& r : catalog()) {
        const std::string row = "| `" + r.id + "` | " + severity_name(r.severity) + " | " +
                                group_name(r.group) + " | " + r.title + " |";
        EXPECT_NE(readme.find(row), std::string::npos) << "README lacks the row: " << row;
    }
}

}  // namespace tlsdiag::test
