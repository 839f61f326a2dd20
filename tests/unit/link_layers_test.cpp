// capture/link_layers.cpp: the TCP segment of a frame, found by stepping over
// the header of every layer Wireshark found before it.
#include "capture/link_layers.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tlsdiag::test {

using capture::FrameBytes;
using capture::Layer;
using capture::LinkRead;
using capture::TcpSegment;
using Bytes = std::vector<uint8_t>;
using Status = LinkRead::Status;

namespace {

void put16(Bytes& b, unsigned v) {
    b.push_back(static_cast<uint8_t>(v >> 8));
    b.push_back(static_cast<uint8_t>(v));
}
void put16le(Bytes& b, unsigned v) {
    b.push_back(static_cast<uint8_t>(v));
    b.push_back(static_cast<uint8_t>(v >> 8));
}
void put32(Bytes& b, uint32_t v) {
    put16(b, v >> 16);
    put16(b, v & 0xffff);
}
Bytes operator+(Bytes a, const Bytes& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

const Bytes kPayload = {0x16, 0x03, 0x01, 0x00, 0x02, 0x01, 0x00};

Bytes tcp(const Bytes& payload = kPayload, uint8_t flags = 0x18) {
    Bytes b;
    put16(b, 50000);
    put16(b, 443);
    put32(b, 1000);
    put32(b, 2000);
    b.push_back(5 << 4);
    b.push_back(flags);
    put16(b, 65535);
    put32(b, 0);
    return b + payload;
}

Bytes ipv4(const Bytes& payload, uint8_t protocol = 6, uint16_t fragment = 0) {
    Bytes b = {0x45, 0};
    put16(b, static_cast<unsigned>(20 + payload.size()));
    put16(b, 1);
    put16(b, fragment);
    b.insert(b.end(), {64, protocol, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2});
    return b + payload;
}

Bytes ipv6(const Bytes& payload, uint8_t next = 6) {
    Bytes b = {0x60, 0, 0, 0};
    put16(b, static_cast<unsigned>(payload.size()));
    b.push_back(next);
    b.push_back(64);
    for (int i = 0; i < 16; ++i) b.push_back(i == 15 ? 1 : (i == 0 ? 0xfd : 0));
    for (int i = 0; i < 16; ++i) b.push_back(i == 15 ? 2 : (i == 0 ? 0xfd : 0));
    return b + payload;
}

Bytes ethernet(const Bytes& payload, unsigned type = 0x0800) {
    Bytes b(12, 0x02);
    put16(b, type);
    return b + payload;
}

Bytes udp(const Bytes& payload, unsigned port) {
    Bytes b;
    put16(b, 40000);
    put16(b, port);
    put16(b, static_cast<unsigned>(8 + payload.size()));
    put16(b, 0);
    return b + payload;
}

struct Found {
    Status status;
    size_t layer;
    bool cut;
    TcpSegment seg;
    std::string addresses;
};

Found find(const Bytes& frame, const std::vector<Layer>& layers, size_t captured = SIZE_MAX) {
    Found f;
    const FrameBytes bytes{frame.data(), std::min(captured, frame.size()), frame.size()};
    const LinkRead r = capture::find_tcp_segment(bytes, layers.data(), layers.size(), &f.seg);
    f.status = r.status;
    f.layer = r.layer;
    f.cut = r.cut;
    if (r.ip_src)
        f.addresses = std::to_string(r.ip_src[r.ip_address_length - 1]) + ">" +
                      std::to_string(r.ip_dst[r.ip_address_length - 1]);
    return f;
}

void expect_segment(const Found& f, const Bytes& payload = kPayload) {
    ASSERT_EQ(f.status, Status::Segment);
    EXPECT_EQ(f.seg.src_port, 50000);
    EXPECT_EQ(f.seg.dst_port, 443);
    EXPECT_EQ(f.seg.seq, 1000u);
    EXPECT_EQ(f.seg.ack, 2000u);
    EXPECT_TRUE(f.seg.has_ack);
    ASSERT_EQ(f.seg.len, payload.size());
    ASSERT_EQ(f.seg.captured, payload.size());
    EXPECT_EQ(Bytes(f.seg.payload, f.seg.payload + f.seg.captured), payload);
}

constexpr Layer None = Layer::None, Eth = Layer::Ethernet, Ip = Layer::Ipv4, Ip6 = Layer::Ipv6,
                Tcp = Layer::Tcp, Udp = Layer::Udp;

TEST(LinkLayers, EthernetIpv4Tcp) {
    const Bytes frame = ethernet(ipv4(tcp()));
    const Found f = find(frame, {None, Eth, None, Ip, Tcp});
    expect_segment(f);
    EXPECT_EQ(f.addresses, "1>2");
    // The same without the walk.
    TcpSegment seg;
    LinkRead r;
    ASSERT_TRUE(
        capture::find_tcp_over_ethernet_ipv4({frame.data(), frame.size(), frame.size()}, &seg, &r));
    EXPECT_EQ(seg.len, kPayload.size());
}

TEST(LinkLayers, PaddingAfterTheIpPacketIsNotPayload) {
    Bytes frame = ethernet(ipv4(tcp({})));
    frame.resize(60, 0);  // Ethernet's minimum frame
    const Found f = find(frame, {Eth, Ip, Tcp});
    ASSERT_EQ(f.status, Status::Segment);
    EXPECT_EQ(f.seg.len, 0u);
}

TEST(LinkLayers, VlanQinqAndMpls) {
    Bytes tags = {0, 5};
    put16(tags, 0x8100);
    Bytes inner = {0, 7};
    put16(inner, 0x0800);
    expect_segment(find(ethernet(tags + inner + ipv4(tcp()), 0x88a8),
                        {Eth, Layer::Vlan, Layer::Vlan, Ip, Tcp}));
    const Bytes labels = {0x00, 0x01, 0x00, 0x40,
                          0x00, 0x02, 0x01, 0x40};  // two labels, the second the bottom
    expect_segment(find(ethernet(labels + ipv4(tcp()), 0x8847), {Eth, Layer::Mpls, Ip, Tcp}));
    // Wireshark 4.4 and 4.6 name no IP layer after MPLS: "eth:ethertype:mpls:tcp".
    expect_segment(find(ethernet(labels + ipv4(tcp()), 0x8847), {Eth, Layer::Mpls, Tcp}));
    expect_segment(find(ethernet(labels + ipv6(tcp()), 0x8847), {Eth, Layer::Mpls, Tcp}));
    EXPECT_EQ(
        find(ethernet(labels + Bytes{0x00} + ipv4(tcp()), 0x8847), {Eth, Layer::Mpls, Tcp}).status,
        Status::Unreadable);
    const Bytes control_word = {0, 0, 0, 0};
    expect_segment(find(ethernet(labels + control_word + ethernet(ipv4(tcp())), 0x8847),
                        {Eth, Layer::Mpls, Layer::PwEthControlWord, Eth, Ip, Tcp}));
}

TEST(LinkLayers, PppoeAndPpp) {
    const Bytes ip = ipv4(tcp());
    Bytes pppoe = {0x11, 0x00, 0x12, 0x34};
    put16(pppoe, static_cast<unsigned>(2 + ip.size()));
    const Bytes ppp = {0x00, 0x21};
    expect_segment(
        find(ethernet(pppoe + ppp + ip, 0x8864), {Eth, Layer::PppoeSession, Layer::Ppp, Ip, Tcp}));
    // PPP in HDLC-like framing, with a compressed protocol field.
    const Bytes hdlc = {0xff, 0x03, 0x21};
    expect_segment(find(hdlc + ip, {Layer::Ppp, Ip, Tcp}));
}

TEST(LinkLayers, GreWithKeyAndSequenceAndErspan) {
    Bytes gre = {0x30, 0x00};  // key and sequence number present
    put16(gre, 0x0800);
    put32(gre, 42);
    put32(gre, 7);
    expect_segment(find(ethernet(ipv4(gre + ipv4(tcp()), 47)), {Eth, Ip, Layer::Gre, Ip, Tcp}));
    Bytes erspan_gre = {0x10, 0x00};
    put16(erspan_gre, 0x88be);
    put32(erspan_gre, 1);
    const Bytes erspan2 = {0x10, 0x01, 0x00, 0x05, 0, 0, 0, 0};
    expect_segment(find(ethernet(ipv4(erspan_gre + erspan2 + ethernet(ipv4(tcp())), 47)),
                        {Eth, Ip, Layer::Gre, Layer::Erspan, Eth, Ip, Tcp}));
}

TEST(LinkLayers, VxlanGeneveAndGtpU) {
    const Bytes vxlan = {0x08, 0, 0, 0, 0, 0, 42, 0};
    expect_segment(find(ethernet(ipv4(udp(vxlan + ethernet(ipv4(tcp())), 4789), 17)),
                        {Eth, Ip, Udp, Layer::Vxlan, Eth, Ip, Tcp}));
    Bytes geneve = {0x02, 0x00};  // 2 words of options
    put16(geneve, 0x6558);
    put32(geneve, 42 << 8);
    geneve.insert(geneve.end(), {0x01, 0x02, 0x03, 0x01, 0xaa, 0xbb, 0xcc, 0xdd});
    expect_segment(find(ethernet(ipv4(udp(geneve + ethernet(ipv4(tcp())), 6081), 17)),
                        {Eth, Ip, Udp, Layer::Geneve, Eth, Ip, Tcp}));
    const Bytes inner = ipv4(tcp());
    Bytes gtp = {0x34, 0xff};  // version 1, extension header present, G-PDU
    put16(gtp, static_cast<unsigned>(4 + 4 + inner.size()));
    put32(gtp, 0x1234);
    gtp.insert(gtp.end(), {0, 0, 0, 0x85});  // sequence, N-PDU, next: PDU session container
    gtp.insert(gtp.end(), {0x01, 0x10, 0x09, 0x00});  // 4 bytes, then no more
    expect_segment(
        find(ethernet(ipv4(udp(gtp + inner, 2152), 17)), {Eth, Ip, Udp, Layer::GtpU, Ip, Tcp}));
}

TEST(LinkLayers, IpInIpSixInFourAndIpv6ExtensionHeaders) {
    const Found ipip = find(ethernet(ipv4(ipv4(tcp()), 4)), {Eth, Ip, Ip, Tcp});
    expect_segment(ipip);
    const Bytes hop_by_hop = {6, 0, 1, 4, 0, 0, 0, 0};  // next TCP, 8 bytes
    const Found six = find(ethernet(ipv4(ipv6(hop_by_hop + tcp(), 0), 41)),
                           {Eth, Ip, Ip6, Layer::Ipv6Extension, Tcp});
    expect_segment(six);
    EXPECT_EQ(six.addresses, "1>2");  // the innermost IP header's
}

TEST(LinkLayers, CookedLoopbackPktapAndNflog) {
    const Bytes ip = ipv4(tcp());
    expect_segment(find(Bytes(16, 0) + ip, {Layer::Sll, Ip, Tcp}));
    expect_segment(find(Bytes(20, 0) + ip, {Layer::Sll2, Ip, Tcp}));
    expect_segment(find(Bytes{2, 0, 0, 0} + ip, {Layer::Null, Ip, Tcp}));
    Bytes pktap;
    put16le(pktap, 156);
    put16le(pktap, 0);
    pktap.resize(156, 0);
    expect_segment(find(pktap + ethernet(ip), {Layer::Pktap, None, Eth, Ip, Tcp}));
    Bytes nflog = {2, 0, 0, 5};
    put16le(nflog, 8);  // a prefix TLV of 8 bytes
    put16le(nflog, 10);
    nflog.insert(nflog.end(), {'t', 'e', 's', 't'});
    put16le(nflog, static_cast<unsigned>(4 + ip.size()));
    put16le(nflog, 9);  // NFULA_PAYLOAD
    expect_segment(find(nflog + ip, {Layer::Nflog, Ip, Tcp}));
}

TEST(LinkLayers, RadiotapWlanAndLlc) {
    Bytes radiotap = {0, 0};
    put16le(radiotap, 8);
    put32(radiotap, 0);
    Bytes wlan = {0x88, 0x01};  // QoS data, to the AP
    wlan.resize(26, 0);
    const Bytes snap = {0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00};
    expect_segment(find(radiotap + wlan + snap + ipv4(tcp()),
                        {Layer::Radiotap, None, Layer::Wlan, Layer::Llc, Ip, Tcp}));
    Bytes protected_frame = wlan;
    protected_frame[1] |= 0x40;
    EXPECT_EQ(find(radiotap + protected_frame + snap + ipv4(tcp()),
                   {Layer::Radiotap, Layer::Wlan, Layer::Llc, Ip, Tcp})
                  .status,
              Status::Unreadable);
}

TEST(LinkLayers, ATcpHeaderQuotedInAnIcmpErrorIsNoSegment) {
    const Bytes icmp = {3, 3, 0, 0, 0, 0, 0, 0};
    EXPECT_EQ(
        find(ethernet(ipv4(icmp + ipv4(tcp()), 1)), {Eth, Ip, Layer::IcmpError, Ip, Tcp}).status,
        Status::QuotedInError);
}

TEST(LinkLayers, AFragmentsTcpIsInWiresharksReassembly) {
    const Found f = find(ethernet(ipv4(tcp(), 6, 0x0010)), {Eth, Ip, Tcp});  // offset 128
    EXPECT_EQ(f.status, Status::ReassembledIp);
    EXPECT_EQ(f.addresses, "1>2");
    const Bytes reassembled = tcp();
    TcpSegment seg;
    ASSERT_TRUE(capture::read_tcp_header(
        {reassembled.data(), reassembled.size(), reassembled.size()}, &seg));
    EXPECT_EQ(seg.len, kPayload.size());
    const Bytes fragment_header = {6, 0, 0, 1, 0, 0, 0, 9};  // more fragments
    EXPECT_EQ(find(ethernet(ipv6(fragment_header + tcp(), 44), 0x86dd),
                   {Eth, Ip6, Layer::Ipv6Fragment, Tcp})
                  .status,
              Status::ReassembledIp);
}

TEST(LinkLayers, AnUnknownLayerOrACutHeaderStopsTheWalkThere) {
    const Bytes frame = ethernet(ipv4(udp(Bytes(8, 0) + ipv4(tcp()), 4341), 17));
    const Found unknown = find(frame, {Eth, Ip, Udp, Layer::Unknown, Ip, Tcp});
    EXPECT_EQ(unknown.status, Status::Unreadable);
    EXPECT_EQ(unknown.layer, 3u);
    const Found cut = find(ethernet(ipv4(tcp())), {Eth, Ip, Tcp}, 30);  // the capture kept 30 bytes
    EXPECT_EQ(cut.status, Status::Unreadable);
    EXPECT_EQ(cut.layer, 1u);
    EXPECT_TRUE(cut.cut);
    EXPECT_FALSE(unknown.cut);
    const Found cut_tcp = find(ethernet(ipv4(tcp())), {Eth, Ip, Tcp}, 40);
    EXPECT_EQ(cut_tcp.layer, 2u);
    EXPECT_TRUE(cut_tcp.cut);
    EXPECT_EQ(find(ethernet(ipv4(tcp())), {Eth, Ip}).status, Status::NoTcp);
}

TEST(LinkLayers, ASnapLengthKeepsPartOfThePayload) {
    const Bytes frame = ethernet(ipv4(tcp()));
    const Found f = find(frame, {Eth, Ip, Tcp}, frame.size() - 3);
    ASSERT_EQ(f.status, Status::Segment);
    EXPECT_EQ(f.seg.len, kPayload.size());
    EXPECT_EQ(f.seg.captured, kPayload.size() - 3);
}

TEST(LinkLayers, EveryNameMapsToALayer) {
    for (const char* name :
         {"eth",   "vlan",         "ieee8021ad", "mpls",   "pppoes", "ppp",
          "gre",   "erspan",       "vxlan",      "geneve", "gtp",    "ip",
          "ipv6",  "ipv6.hopopts", "sll",        "null",   "pktap",  "pcap_pktdata",
          "nflog", "radiotap",     "wlan",       "llc",    "tcp",    "icmp"}) {
        bool found = false;
        for (const auto& [n, layer] : capture::layer_names())
            found = found || std::string(n) == name;
        EXPECT_TRUE(found) << name;
    }
}

}  // namespace
}  // namespace tlsdiag::test
