#include "capture/frame_facts.h"

namespace tlsdiag::capture {

bool FrameFacts::has_hello() const {
    for (const TlsMessage& m : messages)
        if (m.is_hello()) return true;
    return false;
}

}  // namespace tlsdiag::capture
