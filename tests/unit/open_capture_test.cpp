// Finding the capture Wireshark has open among the process's open files
// (plugin/open_capture.h): files of this test process stand for Wireshark's.
#include "open_capture.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace tlsdiag::test {

namespace {

// A file in a fresh directory holding `head`, kept open until destroyed.
struct OpenFile {
    std::string dir, path;
    FILE* f = nullptr;
    OpenFile(const std::string& name, const std::string& head) {
        char tmpl[] = "/tmp/tlsdiag-open-capture.XXXXXX";
        dir = mkdtemp(tmpl);
        path = dir + "/" + name;
        f = std::fopen(path.c_str(), "w+b");
        std::fwrite(head.data(), 1, head.size(), f);
        std::fflush(f);
    }
    ~OpenFile() {
        std::fclose(f);
        unlink(path.c_str());
        rmdir(dir.c_str());
    }
};

const std::string kPcapng("\x0a\x0d\x0d\x0a\x1c\x00\x00\x00", 8);
const std::string kPcap("\xd4\xc3\xb2\xa1\x02\x00\x04\x00", 8);

bool starts(const std::string& head) {
    return plugin::starts_like_capture(reinterpret_cast<const unsigned char*>(head.data()),
                                       head.size());
}

}  // namespace

TEST(OpenCapture, MagicNumbersOfPcapAndPcapng) {
    EXPECT_TRUE(starts(kPcapng));
    EXPECT_TRUE(starts(kPcap));
    EXPECT_TRUE(starts(std::string("\xa1\xb2\xc3\xd4", 4)));
    EXPECT_TRUE(starts(std::string("\x4d\x3c\xb2\xa1", 4)));
    EXPECT_TRUE(starts(std::string("\xa1\xb2\x3c\x4d", 4)));
    EXPECT_FALSE(starts(std::string("\x0a\x0d\x0d", 3)));
    EXPECT_FALSE(starts("tlsdiag report"));
    EXPECT_FALSE(starts(""));
}

TEST(OpenCapture, NoOpenCaptureIsEmpty) {
    OpenFile text("notes.txt", "tlsdiag report");
    EXPECT_EQ(plugin::open_capture_path(""), "");
}

TEST(OpenCapture, TheOneOpenPcapngOrPcap) {
    OpenFile text("notes.txt", "tlsdiag report");
    {
        OpenFile capture("x.pcapng", kPcapng);
        EXPECT_EQ(plugin::open_capture_path(""), capture.path);
        EXPECT_EQ(plugin::open_capture_path("/no/such/file.pcap"), capture.path);
    }
    OpenFile capture("y.cap", kPcap);
    EXPECT_EQ(plugin::open_capture_path(""), capture.path);
}

TEST(OpenCapture, OpenedTwiceCountsOnce) {
    OpenFile capture("x.pcapng", kPcapng);
    FILE* again = std::fopen(capture.path.c_str(), "rb");
    ASSERT_NE(again, nullptr);
    EXPECT_EQ(plugin::open_capture_path(""), capture.path);
    std::fclose(again);
}

TEST(OpenCapture, TheGivenFileInAnyFormatWhenOpen) {
    OpenFile snoop("z.snoop", "snoop\0\0\0");
    EXPECT_EQ(plugin::open_capture_path(""), "");
    EXPECT_EQ(plugin::open_capture_path(snoop.path), snoop.path);
}

TEST(OpenCapture, TwoOpenCapturesAreAmbiguous) {
    OpenFile a("a.pcapng", kPcapng), b("b.pcap", kPcap);
    EXPECT_EQ(plugin::open_capture_path(""), "");
}

}  // namespace tlsdiag::test
