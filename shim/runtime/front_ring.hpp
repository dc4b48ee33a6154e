// shim/runtime/front_ring.hpp: the frontend's side of a shared ring (abi/ring.h; Xen's
// io/ring.h FRONT_RING macros), written once over a request and a response layout, so the
// same code serves blkif's x86_32 and x86_64 entries. The backend is untrusted: it owns only
// rsp_prod and req_event; a rsp_prod that claims more responses than requests outstanding is a
// named fault, never followed, and each response is copied out of shared memory once.
#pragma once

#include "shim/lib/text.hpp"

#include <abi/ring.h>
#include <xshim.h>

#include <stddef.h>
#include <stdint.h>

namespace xshim {

// Entries of a ring of `bytes` with entries of `entry` bytes: what fits after the 64-byte header,
// rounded down to a power of two (io/ring.h's __CONST_RING_SIZE). 0 when not one fits.
constexpr uint32_t ring_entries(uint64_t bytes, uint64_t entry) {
    if (entry == 0 || bytes < sizeof(xshim_sring_header) + entry)
        return 0;
    const uint64_t n = (bytes - sizeof(xshim_sring_header)) / entry;
    uint32_t p = 1;
    while (uint64_t{p} * 2 <= n && p < 0x80000000u)
        p *= 2;
    return p;
}

template <typename Req, typename Rsp> class FrontRing {
  public:
    static constexpr size_t kEntry = sizeof(Req) > sizeof(Rsp) ? sizeof(Req) : sizeof(Rsp);

    // SHARED_RING_INIT + FRONT_RING_INIT over `bytes` of page memory the frontend owns (and
    // grants), with every index at start (0 for a new ring; the indexes are free-running, so any
    // start works the same). XSHIM_S_OK, or XSHIM_S_EINVAL when not one entry fits.
    int init(void *pages, uint64_t bytes, uint32_t start = 0) {
        size_ = ring_entries(bytes, kEntry);
        if (pages == nullptr || size_ == 0)
            return XSHIM_S_EINVAL;
        sring_ = static_cast<xshim_sring_header *>(pages);
        zero_bytes(sring_, sizeof *sring_);
        sring_->req_prod = sring_->rsp_prod = start;
        sring_->req_event = sring_->rsp_event = start + 1;
        req_prod_pvt_ = rsp_cons_ = start;
        return XSHIM_S_OK;
    }

    uint32_t size() const { return size_; }
    uint32_t req_prod_pvt() const { return req_prod_pvt_; }
    uint32_t rsp_cons() const { return rsp_cons_; }

    // Slots free for new requests: the ring is full when every entry holds a request whose
    // response has not been consumed (RING_FULL).
    uint32_t free_requests() const { return size_ - (req_prod_pvt_ - rsp_cons_); }

    // The next request slot (RING_GET_REQUEST at req_prod_pvt), or nullptr when full. The
    // caller fills it, then commit() makes it part of the next push().
    Req *next_request() {
        if (free_requests() == 0)
            return nullptr;
        return reinterpret_cast<Req *>(entry(req_prod_pvt_));
    }
    void commit() { ++req_prod_pvt_; }

    // RING_PUSH_REQUESTS_AND_CHECK_NOTIFY: publish, and say whether the backend asked to be
    // notified of a request in the span just published.
    bool push() {
        const uint32_t old_prod = __atomic_load_n(&sring_->req_prod, __ATOMIC_RELAXED);
        const uint32_t new_prod = req_prod_pvt_;
        __atomic_store_n(&sring_->req_prod, new_prod, __ATOMIC_RELEASE);
        __atomic_thread_fence(__ATOMIC_SEQ_CST); // the backend's req_event after our req_prod
        const uint32_t event = __atomic_load_n(&sring_->req_event, __ATOMIC_RELAXED);
        return static_cast<uint32_t>(new_prod - event) < static_cast<uint32_t>(new_prod - old_prod);
    }

    // Take the next response into *out: 1 taken, 0 none yet, XSHIM_S_RANGE when the backend's
    // rsp_prod claims responses to requests never pushed (the ring is not ours to trust).
    int take_response(Rsp *out) {
        const uint32_t prod = __atomic_load_n(&sring_->rsp_prod, __ATOMIC_ACQUIRE);
        if (prod == rsp_cons_)
            return 0; // nothing new (and nothing a backend could have overstated)
        if (static_cast<uint32_t>(prod - rsp_cons_) >
            static_cast<uint32_t>(req_prod_pvt_ - rsp_cons_))
            return XSHIM_S_RANGE;
        // One copy out of shared memory (io/ring.h's RING_COPY_RESPONSE): a plain struct copy,
        // which the compiler inlines as word moves; the caller reads only *out afterwards.
        *out = *reinterpret_cast<const Rsp *>(entry(rsp_cons_));
        ++rsp_cons_;
        return 1;
    }

    // RING_FINAL_CHECK_FOR_RESPONSES: before waiting, ask to be notified of the next response,
    // then look once more (a response may have landed in between). 1 when there is work,
    // 0 when the caller may wait, XSHIM_S_RANGE as take_response.
    int final_check() {
        int pending = unconsumed();
        if (pending != 0)
            return pending;
        __atomic_store_n(&sring_->rsp_event, rsp_cons_ + 1, __ATOMIC_RELAXED);
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        return unconsumed();
    }

  private:
    int unconsumed() const {
        const uint32_t prod = __atomic_load_n(&sring_->rsp_prod, __ATOMIC_ACQUIRE);
        if (prod == rsp_cons_)
            return 0;
        if (static_cast<uint32_t>(prod - rsp_cons_) >
            static_cast<uint32_t>(req_prod_pvt_ - rsp_cons_))
            return XSHIM_S_RANGE;
        return 1;
    }
    unsigned char *entry(uint32_t idx) const {
        return reinterpret_cast<unsigned char *>(sring_ + 1) + size_t{idx & (size_ - 1)} * kEntry;
    }

    xshim_sring_header *sring_ = nullptr;
    uint32_t size_ = 0;
    uint32_t req_prod_pvt_ = 0;
    uint32_t rsp_cons_ = 0;
};

} // namespace xshim
