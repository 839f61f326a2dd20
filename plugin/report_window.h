// Tools > TLS Diagnosis in Wireshark: the report of the open capture in a
// text window, through the GUI mini-API Lua's register_menu and TextWindow
// use (epan/funnel.h). tshark registers the menu too and never shows it.
#pragma once

namespace tlsdiag::plugin {

// Called where the plugin registers its tap listeners: Wireshark reads the
// registered menus right after those.
void register_report_window();

}  // namespace tlsdiag::plugin
