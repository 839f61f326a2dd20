/* The C++ side's entry points, called from plugin.c. */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

void tlsdiag_register_proto(void);
void tlsdiag_register_handoff(void);
void tlsdiag_register_tap_listeners(void);

#ifdef __cplusplus
}
#endif
