#include "report_window.h"

#include <epan/funnel.h>
#include <epan/tap.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "capture_name.h"
#include "open_capture.h"
#include "report_view.h"
#include "tap.h"
#include "ws_compat.h"

namespace tlsdiag::plugin {

namespace {

const char kTitle[] = "TLS Diagnosis";

// One open report window; also the tap listener's data.
struct ReportWindow {
    unsigned id = 0;
    funnel_text_window_t* tw = nullptr;
    std::string filter;  // the report's display filter, "" for every connection
    ReportFormat format = ReportFormat::Text;
    std::set<uint32_t> streams;  // connections with a frame that passed the filter
    bool listening = false;
    bool drawn = false;
    // What the last pass found, kept: the capture's state changes under it.
    std::string text, json, frames_filter, connections_filter;
    std::string status;  // a line above the report about the last button's outcome
};

// By id, for dialogs that may answer after their window closed.
std::map<unsigned, ReportWindow*> g_windows;
unsigned g_next_id = 1;

const funnel_ops_t* gui() {
    return funnel_get_funnel_ops();
}

void show(ReportWindow* w) {
    const std::string& report = w->format == ReportFormat::Json ? w->json : w->text;
    const std::string shown = w->status.empty() ? report : w->status + "\n\n" + report;
    gui()->set_text(w->tw, shown.c_str());
}

void say(ReportWindow* w, const std::string& status) {
    w->status = status;
    show(w);
}

void reset(void* data) {
    static_cast<ReportWindow*>(data)->streams.clear();
}

tap_packet_status on_frame(void* data, packet_info*, epan_dissect_t*, const void* frame,
                           tap_flags_t) {
    static_cast<ReportWindow*>(data)->streams.insert(static_cast<const TapFrame*>(frame)->stream);
    return TAP_PACKET_DONT_REDRAW;  // drawn once, at the end of the pass
}

// After every pass over the capture, ours or another window's, and once by
// the GUI's tap update timer after each registration. Leaves the status line:
// it answers the last button, which a later draw does not undo.
void draw(void* data) {
    auto* w = static_cast<ReportWindow*>(data);
    ReportInput input = report_input(w->streams);
    // The file open now, which File > Open may have changed since -r.
    const std::string path = open_capture_path(capture_file_path());
    input.capture.name = path.substr(path.find_last_of('/') + 1);
    w->text = report_window_text(input.capture, input.conns, ReportFormat::Text, w->filter);
    w->json = report_window_text(input.capture, input.conns, ReportFormat::Json, w->filter);
    w->frames_filter = report_frames_filter(input.conns, input.capture.settings);
    w->connections_filter = report_connections_filter(input.conns);
    w->drawn = true;
    show(w);
}

// Starts listening with `filter`; keeps the previous filter when it is not valid.
bool listen(ReportWindow* w, const std::string& filter) {
    if (w->listening) remove_tap_listener(w);
    w->listening = false;
    GString* error = register_tap_listener("tlsdiag", w, filter.empty() ? nullptr : filter.c_str(),
                                           TL_REQUIRES_NOTHING, reset, on_frame, draw, nullptr);
    if (error) {
        const std::string message =
            "The display filter \"" + filter + "\" is not valid: " + error->str;
        g_string_free(error, TRUE);
        if (filter != w->filter) listen(w, w->filter);
        say(w, message);
        return false;
    }
    w->listening = true;
    w->filter = filter;
    return true;
}

void read_capture(ReportWindow* w) {
    w->drawn = false;
    w->status.clear();
    gui()->retap_packets(gui()->ops_id);
    if (!w->drawn) {
        w->text = w->json = w->frames_filter = w->connections_filter = "";
        say(w, "No capture file is open: open one, then press Refresh.");
    }
}

void closed(void* data) {
    auto* w = static_cast<ReportWindow*>(data);
    if (w->listening) remove_tap_listener(w);
    g_windows.erase(w->id);
    delete w;
}

ReportWindow* window_of(void* id) {
    auto it = g_windows.find(*static_cast<unsigned*>(id));
    return it == g_windows.end() ? nullptr : it->second;
}

void free_id(void* id) {
    delete static_cast<unsigned*>(id);
}

// The one answer of a one-field dialog, freed as the dialog's caller must.
std::string take_answer(char** input) {
    std::string answer = input && input[0] ? input[0] : "";
    if (input) {
        for (char** p = input; *p; ++p) g_free(*p);
        g_free(input);
    }
    return answer;
}

void ask(ReportWindow* w, const char* title, const char* field, const std::string& value,
         funnel_dlg_cb_t answered) {
    const char* names[] = {field, nullptr};
    const char* values[] = {value.c_str(), nullptr};
    gui()->new_dialog(gui()->ops_id, title, names, values, answered, new unsigned(w->id), free_id);
}

void filter_answered(char** input, void* id) {
    const std::string filter = take_answer(input);
    if (ReportWindow* w = window_of(id))
        if (listen(w, filter)) read_capture(w);
}

void save_answered(char** input, void* id) {
    const std::string path = take_answer(input);
    ReportWindow* w = window_of(id);
    if (!w || path.empty()) return;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << w->json;
    out.close();
    if (out) say(w, "Saved the JSON report to " + path);
    else say(w, "Could not write " + path + ": " + std::strerror(errno));
}

using Button = tlsdiag_funnel_bool (*)(funnel_text_window_t*, void*);

tlsdiag_funnel_bool on_refresh(funnel_text_window_t*, void* data) {
    read_capture(static_cast<ReportWindow*>(data));
    return true;
}

tlsdiag_funnel_bool on_filter(funnel_text_window_t*, void* data) {
    auto* w = static_cast<ReportWindow*>(data);
    // Offer the main window's display filter when the report has none yet.
    const char* main_filter = gui()->get_filter ? gui()->get_filter(gui()->ops_id) : nullptr;
    const std::string value = !w->filter.empty() ? w->filter : main_filter ? main_filter : "";
    ask(w, "TLS Diagnosis: connections with a frame matching",
        "Display filter (empty: every connection)", value, filter_answered);
    return true;
}

void apply(ReportWindow* w, const std::string& filter, const char* none) {
    if (filter.empty()) return say(w, none);
    gui()->set_filter(gui()->ops_id, filter.c_str());
    gui()->apply_filter(gui()->ops_id);
}

tlsdiag_funnel_bool on_frames(funnel_text_window_t*, void* data) {
    auto* w = static_cast<ReportWindow*>(data);
    apply(w, w->frames_filter, "The report names no frame.");
    return true;
}

tlsdiag_funnel_bool on_connections(funnel_text_window_t*, void* data) {
    auto* w = static_cast<ReportWindow*>(data);
    apply(w, w->connections_filter, "The report lists no connection.");
    return true;
}

tlsdiag_funnel_bool on_copy(funnel_text_window_t*, void* data) {
    auto* w = static_cast<ReportWindow*>(data);
    const std::string& report = w->format == ReportFormat::Json ? w->json : w->text;
    GString* text = g_string_new(report.c_str());
    gui()->copy_to_clipboard(text);
    g_string_free(text, TRUE);
    return true;
}

tlsdiag_funnel_bool on_format(funnel_text_window_t*, void* data) {
    auto* w = static_cast<ReportWindow*>(data);
    w->format = w->format == ReportFormat::Text ? ReportFormat::Json : ReportFormat::Text;
    w->status.clear();
    show(w);
    return true;
}

tlsdiag_funnel_bool on_save(funnel_text_window_t*, void* data) {
    auto* w = static_cast<ReportWindow*>(data);
    const char* home = g_get_home_dir();
    ask(w, "TLS Diagnosis: save the JSON report", "File",
        json_path_next_to(open_capture_path(capture_file_path()), home ? home : ""), save_answered);
    return true;
}

void add_button(ReportWindow* w, const char* label, Button func) {
    // The window frees the button with free_fcn when it closes (where the
    // version does); the data is the window, freed by its close callback.
    funnel_bt_t* bt = g_new0(funnel_bt_t, 1);
    bt->tw = w->tw;
    bt->func = func;
    bt->data = w;
    bt->free_fcn = g_free;
    gui()->add_button(w->tw, bt, label);
}

void open_window(void*) {
    const funnel_ops_t* ops = gui();
    if (!ops || !ops->new_text_window) return;  // no GUI
    auto* w = new ReportWindow;
    w->id = g_next_id++;
    w->tw = ops->new_text_window(ops->ops_id, kTitle);
    g_windows[w->id] = w;
    ops->set_close_cb(w->tw, closed, w);
    add_button(w, "Refresh", on_refresh);
    add_button(w, "Filter\u2026", on_filter);
    add_button(w, "Show its frames", on_frames);
    add_button(w, "Show its connections", on_connections);
    add_button(w, "Copy", on_copy);
    add_button(w, "Text / JSON", on_format);
    add_button(w, "Save JSON\u2026", on_save);
    if (listen(w, "")) read_capture(w);
}

}  // namespace

void register_report_window() {
    funnel_register_menu(kTitle, REGISTER_TOOLS_GROUP_UNSORTED, open_window, nullptr, nullptr,
                         false);
}

}  // namespace tlsdiag::plugin
